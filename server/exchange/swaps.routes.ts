import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { NotFoundError, ValidationError } from '../http/errors';
import { formFields } from '../http/forms';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { flash } from '../http/session-middleware';
import { ownStaffId, requireId } from '../people/people-access';
import { tryForm } from '../people/people-fields.schemas';
import { parseIdText } from '../lib/schemas';
import { OfferQuery, ShiftOfferForm, SwapDecisionForm } from './exchange.schemas';
import {
  answerRequest,
  cancelRequest,
  decideRequest,
  getMyRequests,
  getSwapApprovals,
} from './swap-decisions.service';
import { getOfferForm, makeRequest } from './swaps.service';

export function swapsRoutes({ db, sessions }: AppDeps): RouteDef[] {
  async function renderOfferForm(
    res: Response,
    user: CurrentUser,
    assignmentId: number | null,
    values: Record<string, string>,
    errors: Record<string, string>,
  ) {
    const form = await getOfferForm(db, user, ownStaffId(user), assignmentId);
    res.render('exchange/offer-form', { title: 'Swap or give away a shift', ...form, values, errors });
  }

  async function renderApprovals(
    res: Response,
    user: CurrentUser,
    failed: { id: number; error: string } | null,
  ) {
    res.render('exchange/approvals', {
      title: 'Swap requests',
      failed,
      ...(await getSwapApprovals(db, user)),
    });
  }

  /** GET /my/swaps/new — pick one of my shifts (`?shift=`), then give it away, swap it or drop it to the open pool */
  async function getSwapNew(req: Request, res: Response, user: CurrentUser) {
    const { shift } = OfferQuery.parse(req.query);
    if (shift === null) throw new NotFoundError();
    await renderOfferForm(res, user, shift ?? null, { action: 'give' }, {});
  }

  /** POST /my/swaps — makes the request (checked against every rule now) */
  async function postSwapRequest(req: Request, res: Response, user: CurrentUser) {
    const staffId = ownStaffId(user);
    const values = formFields(req.body);
    const parsed = tryForm(ShiftOfferForm, values);
    const assignmentId = parseIdText(values.assignmentId);
    if (assignmentId === null) throw new NotFoundError();
    if (!parsed.ok) return renderOfferForm(res.status(400), user, assignmentId, values, parsed.errors);
    try {
      const result = await makeRequest(db, user, staffId, assignmentId, parsed.data);
      await flash(req, sessions, { kind: 'success', message: result.message });
      res.redirect(303, result.openShiftId === null ? '/my/swaps' : '/my/open-shifts');
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return renderOfferForm(res.status(400), user, assignmentId, values, err.fieldErrors);
    }
  }

  /** GET /my/swaps — requests to me waiting for my answer, and the ones I made */
  async function getMySwaps(req: Request, res: Response, user: CurrentUser) {
    res.render('exchange/my-requests', {
      title: 'My swap requests',
      ...(await getMyRequests(db, user, ownStaffId(user))),
    });
  }

  async function answer(req: Request, res: Response, user: CurrentUser, accept: boolean) {
    const { message, status } = await answerRequest(
      db,
      user,
      ownStaffId(user),
      requireId(req.params.id),
      accept,
    );
    await flash(req, sessions, { kind: status === 'CANCELLED' ? 'error' : 'success', message });
    res.redirect(303, '/my/swaps');
  }

  /** POST /my/swaps/:id/accept — accepts a colleague's request (checked again now) */
  async function postSwapAccept(req: Request, res: Response, user: CurrentUser) {
    await answer(req, res, user, true);
  }

  /** POST /my/swaps/:id/decline — declines a colleague's request */
  async function postSwapDecline(req: Request, res: Response, user: CurrentUser) {
    await answer(req, res, user, false);
  }

  /** POST /my/swaps/:id/cancel — withdraws my own pending request */
  async function postSwapCancel(req: Request, res: Response, user: CurrentUser) {
    await cancelRequest(db, user, ownStaffId(user), requireId(req.params.id));
    await flash(req, sessions, { kind: 'success', message: 'Request withdrawn.' });
    res.redirect(303, '/my/swaps');
  }

  /** GET /approvals/swaps — swaps and give-aways both colleagues agreed to, for the manager */
  async function getSwapApprovalsPage(req: Request, res: Response, user: CurrentUser) {
    await renderApprovals(res, user, null);
  }

  async function decide(req: Request, res: Response, user: CurrentUser, approve: boolean) {
    const id = requireId(req.params.id);
    const parsed = tryForm(SwapDecisionForm, formFields(req.body));
    if (!parsed.ok)
      return renderApprovals(res.status(400), user, { id, error: Object.values(parsed.errors)[0]! });
    try {
      const { message } = await decideRequest(db, user, id, approve, parsed.data.note);
      await flash(req, sessions, { kind: 'success', message });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return renderApprovals(res.status(400), user, {
        id,
        error: Object.values(err.fieldErrors)[0] ?? err.message,
      });
    }
    res.redirect(303, '/approvals/swaps');
  }

  /** POST /approvals/swaps/:id/approve — approves (checked again, then published as a new version) */
  async function postSwapApprove(req: Request, res: Response, user: CurrentUser) {
    await decide(req, res, user, true);
  }

  /** POST /approvals/swaps/:id/deny — denies with a note */
  async function postSwapDeny(req: Request, res: Response, user: CurrentUser) {
    await decide(req, res, user, false);
  }

  return [
    { method: 'get', path: '/my/swaps', access: 'STAFF', handler: getMySwaps },
    { method: 'get', path: '/my/swaps/new', access: 'STAFF', handler: getSwapNew },
    { method: 'post', path: '/my/swaps', access: 'STAFF', handler: postSwapRequest },
    { method: 'post', path: '/my/swaps/:id/accept', access: 'STAFF', handler: postSwapAccept },
    { method: 'post', path: '/my/swaps/:id/decline', access: 'STAFF', handler: postSwapDecline },
    { method: 'post', path: '/my/swaps/:id/cancel', access: 'STAFF', handler: postSwapCancel },
    { method: 'get', path: '/approvals/swaps', access: 'MANAGER', handler: getSwapApprovalsPage },
    { method: 'post', path: '/approvals/swaps/:id/approve', access: 'MANAGER', handler: postSwapApprove },
    { method: 'post', path: '/approvals/swaps/:id/deny', access: 'MANAGER', handler: postSwapDeny },
  ];
}

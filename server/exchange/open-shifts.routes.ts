import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors';
import { formFields, parseForm } from '../http/forms';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { flash } from '../http/session-middleware';
import { ownStaffId, requireId } from '../people/people-access';
import { proposeCallOutRepair } from '../scheduling/call-out-repair.service';
import { AssignmentParams, CallOutOfferForm, PickForm, PostGapForm } from './exchange.schemas';
import {
  ClaimRefusedError,
  getOpenShiftForManager,
  getOpenShiftsPage,
  offerCallOut,
  postGap,
} from './open-shifts.service';
import {
  cancelOpenShift,
  claimOpenShift,
  declineOffer,
  getMyOpenShifts,
  minutesLeft,
  pickClaimant,
} from './open-shift-claims.service';

export function openShiftsRoutes({ db, sessions }: AppDeps): RouteDef[] {
  async function renderManagerPage(
    res: Response,
    user: CurrentUser,
    failed: { key: string; error: string } | null,
  ) {
    res.render('exchange/open-shifts', {
      title: 'Open shifts',
      failed,
      ...(await getOpenShiftsPage(db, user)),
    });
  }

  async function renderMine(res: Response, user: CurrentUser, refusal: string | null) {
    const data = await getMyOpenShifts(db, user, ownStaffId(user));
    res.render('exchange/my-open-shifts', { title: 'Open shifts for me', refusal, minutesLeft, ...data });
  }

  async function renderOne(res: Response, user: CurrentUser, id: number, error: string | null) {
    const open = await getOpenShiftForManager(db, user, id);
    res.render('exchange/open-shift', { title: 'Open shift', open, error, minutesLeft });
  }

  /** GET /open-shifts — gaps of the published weeks ahead to post, and the open shifts with their offers */
  async function getOpenShifts(req: Request, res: Response, user: CurrentUser) {
    await renderManagerPage(res, user, null);
  }

  /** POST /open-shifts — posts a gap as an open shift, offered to everyone who could take it */
  async function postOpenShift(req: Request, res: Response, user: CurrentUser) {
    const fields = formFields(req.body);
    const key = `${fields.scheduleId}|${fields.shiftDate}|${fields.templateId}|${fields.positionId}`;
    try {
      const form = parseForm(PostGapForm, fields);
      const { offered } = await postGap(db, user, form);
      await flash(req, sessions, {
        kind: 'success',
        message: `Posted: offered to ${offered === 1 ? '1 person' : `${offered} people`} who could take it without breaking a rule.`,
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return renderManagerPage(res.status(400), user, {
        key,
        error: Object.values(err.fieldErrors)[0] ?? err.message,
      });
    }
    res.redirect(303, '/open-shifts');
  }

  /** GET /open-shifts/:id — one open shift: who it is offered to, who claimed it */
  async function getOpenShift(req: Request, res: Response, user: CurrentUser) {
    await renderOne(res, user, requireId(req.params.id), null);
  }

  /** POST /open-shifts/:id/pick — gives the shift to one of its claimants */
  async function postOpenShiftPick(req: Request, res: Response, user: CurrentUser) {
    const id = requireId(req.params.id);
    try {
      const form = parseForm(PickForm, formFields(req.body));
      const { message } = await pickClaimant(db, user, id, form.staffId);
      await flash(req, sessions, { kind: 'success', message });
    } catch (err) {
      if (err instanceof ValidationError)
        return renderOne(res.status(400), user, id, Object.values(err.fieldErrors)[0] ?? err.message);
      if (err instanceof ClaimRefusedError || err instanceof ConflictError)
        return renderOne(res.status(409), user, id, err.message);
      throw err;
    }
    res.redirect(303, `/open-shifts/${id}`);
  }

  /** POST /open-shifts/:id/cancel — withdraws an open shift; every offer closes */
  async function postOpenShiftCancel(req: Request, res: Response, user: CurrentUser) {
    const id = requireId(req.params.id);
    await cancelOpenShift(db, user, id, null);
    await flash(req, sessions, { kind: 'success', message: 'Open shift withdrawn; its offers are closed.' });
    res.redirect(303, '/open-shifts');
  }

  /** GET /my/open-shifts — open shifts offered to me, with a claim button each */
  async function getMyOpenShiftsPage(req: Request, res: Response, user: CurrentUser) {
    await renderMine(res, user, null);
  }

  /** POST /my/open-shifts/:id/claim — claims an open shift (checked again now) */
  async function postOpenShiftClaim(req: Request, res: Response, user: CurrentUser) {
    const staffId = ownStaffId(user);
    const id = requireId(req.params.id);
    try {
      const { message } = await claimOpenShift(db, user, staffId, id);
      await flash(req, sessions, { kind: 'success', message });
    } catch (err) {
      if (err instanceof ClaimRefusedError || err instanceof ConflictError)
        return renderMine(res.status(409), user, err.message);
      throw err;
    }
    res.redirect(303, '/my/open-shifts');
  }

  /** POST /my/open-shifts/:id/decline — turns an offer down (a one-at-a-time offer moves on) */
  async function postOpenShiftDecline(req: Request, res: Response, user: CurrentUser) {
    const staffId = ownStaffId(user);
    await declineOffer(db, user, staffId, requireId(req.params.id));
    await flash(req, sessions, { kind: 'success', message: 'Offer declined.' });
    res.redirect(303, '/my/open-shifts');
  }

  /** POST /my/open-shifts/:id/withdraw — takes my dropped shift back out of the open pool */
  async function postOpenShiftWithdraw(req: Request, res: Response, user: CurrentUser) {
    const staffId = ownStaffId(user);
    await cancelOpenShift(db, user, requireId(req.params.id), staffId);
    await flash(req, sessions, {
      kind: 'success',
      message: 'Your shift is out of the open pool; it stays yours.',
    });
    res.redirect(303, '/my/open-shifts');
  }

  /** POST /schedules/:id/callout/:assignmentId/offer — records the call-out and offers the shift to the ranked candidates */
  async function postCallOutOffer(req: Request, res: Response, user: CurrentUser) {
    const parsed = AssignmentParams.safeParse(req.params);
    if (!parsed.success) throw new NotFoundError();
    const { id, assignmentId } = parsed.data;
    const fields = formFields(req.body);
    try {
      const form = parseForm(CallOutOfferForm, fields);
      const result = await offerCallOut(db, user, id, assignmentId, form);
      await flash(req, sessions, {
        kind: 'success',
        message: `Call-out recorded; version ${result.version} is published with the shift open. Offered ${
          form.offerMode === 'ALL'
            ? `to ${result.offered === 1 ? '1 person' : `${result.offered} people`} at once`
            : `to ${result.offered === 1 ? '1 person' : `${result.offered} people`} one at a time, ${form.offerMinutes} minutes each`
        }.`,
      });
      res.redirect(303, `/open-shifts/${result.id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const proposal = await proposeCallOutRepair(db, user, id, assignmentId);
      const errors: Record<string, string> = {};
      for (const [k, v] of Object.entries(err.fieldErrors)) errors[k === 'reason' ? 'offerReason' : k] = v;
      res.status(400).render('schedules/callout', {
        title: `Call-out: ${proposal.person}`,
        ...proposal,
        errors,
        values: { ...fields, offerReason: fields.reason ?? '' },
      });
    }
  }

  return [
    { method: 'get', path: '/open-shifts', access: 'MANAGER', handler: getOpenShifts },
    { method: 'post', path: '/open-shifts', access: 'MANAGER', handler: postOpenShift },
    { method: 'get', path: '/open-shifts/:id', access: 'MANAGER', handler: getOpenShift },
    { method: 'post', path: '/open-shifts/:id/pick', access: 'MANAGER', handler: postOpenShiftPick },
    { method: 'post', path: '/open-shifts/:id/cancel', access: 'MANAGER', handler: postOpenShiftCancel },
    { method: 'get', path: '/my/open-shifts', access: 'STAFF', handler: getMyOpenShiftsPage },
    { method: 'post', path: '/my/open-shifts/:id/claim', access: 'STAFF', handler: postOpenShiftClaim },
    { method: 'post', path: '/my/open-shifts/:id/decline', access: 'STAFF', handler: postOpenShiftDecline },
    { method: 'post', path: '/my/open-shifts/:id/withdraw', access: 'STAFF', handler: postOpenShiftWithdraw },
    {
      method: 'post',
      path: '/schedules/:id/callout/:assignmentId/offer',
      access: 'MANAGER',
      handler: postCallOutOffer,
    },
  ];
}

import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { ValidationError } from '../http/errors';
import { formFields } from '../http/forms';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { flash } from '../http/session-middleware';
import { tryForm } from '../people/people-fields.schemas';
import { TimeOffDecisionForm, TimeOffForm, TimeOffPagesQuery } from './time-off.schemas';
import { ownStaffId, requireId } from '../people/people-access';
import {
  approveTimeOff,
  cancelTimeOff,
  denyTimeOff,
  getMyTimeOff,
  getReviewPage,
  requestTimeOff,
} from './time-off.service';
import {
  approveUnavailability,
  confirmTimeOffApproval,
  confirmUnavailabilityApproval,
  denyUnavailability,
  listUnavailabilityRequests,
} from './unavailability-requests.service';

export function timeOffRoutes({ db, sessions }: AppDeps): RouteDef[] {
  async function renderMine(
    req: Request,
    res: Response,
    user: CurrentUser,
    values: Record<string, string>,
    errors: Record<string, string>,
  ) {
    res.render('time-off/mine', {
      title: 'My time off',
      values,
      errors,
      ...(await getMyTimeOff(db, user, ownStaffId(user), TimeOffPagesQuery.parse(req.query).page)),
    });
  }

  async function renderReview(
    req: Request,
    res: Response,
    user: CurrentUser,
    failed: {
      kind: 'time-off' | 'unavailability';
      id: number;
      values: Record<string, string>;
      errors: Record<string, string>;
    } | null,
  ) {
    res.render('time-off/review', {
      title: 'Time-off requests',
      failed,
      ...(await getReviewPage(db, user, TimeOffPagesQuery.parse(req.query))),
      unavailability: await listUnavailabilityRequests(db, user),
    });
  }

  /** GET /time-off — my requests and the request form */
  async function getMyTimeOffPage(req: Request, res: Response, user: CurrentUser) {
    await renderMine(req, res, user, {}, {});
  }

  /** POST /time-off — requests time off */
  async function postTimeOffRequest(req: Request, res: Response, user: CurrentUser) {
    const staffId = ownStaffId(user);
    const values = formFields(req.body);
    const parsed = tryForm(TimeOffForm, values);
    if (!parsed.ok) return renderMine(req, res.status(400), user, values, parsed.errors);
    try {
      await requestTimeOff(db, user, staffId, parsed.data);
    } catch (err) {
      if (err instanceof ValidationError)
        return renderMine(req, res.status(400), user, values, err.fieldErrors);
      throw err;
    }
    await flash(req, sessions, {
      kind: 'success',
      message: 'Time off requested; your manager will review it.',
    });
    res.redirect(303, '/time-off');
  }

  /** POST /time-off/:id/cancel — withdraws my own request */
  async function postTimeOffCancel(req: Request, res: Response, user: CurrentUser) {
    await cancelTimeOff(db, user, requireId(req.params.id));
    await flash(req, sessions, { kind: 'success', message: 'Request cancelled.' });
    res.redirect(303, '/time-off');
  }

  /** GET /approvals/time-off — pending requests with their clashes, for the manager */
  async function getTimeOffReview(req: Request, res: Response, user: CurrentUser) {
    await renderReview(req, res, user, null);
  }

  async function decide(req: Request, res: Response, user: CurrentUser, approve: boolean) {
    const id = requireId(req.params.id);
    const values = formFields(req.body);
    const parsed = tryForm(TimeOffDecisionForm, values);
    const kind = 'time-off';
    if (!parsed.ok)
      return renderReview(req, res.status(400), user, { kind, id, values, errors: parsed.errors });
    try {
      const r = approve
        ? await approveTimeOff(db, user, id, parsed.data)
        : await denyTimeOff(db, user, id, parsed.data);
      await flash(req, sessions, {
        kind: 'success',
        message: `${approve ? 'Approved' : 'Denied'} time off for ${r.staff.firstName} ${r.staff.lastName}, ${r.startDate} – ${r.endDate}.`,
      });
    } catch (err) {
      if (err instanceof ValidationError)
        return renderReview(req, res.status(400), user, { kind, id, values, errors: err.fieldErrors });
      throw err;
    }
    // An approval shows what it broke in published weeks, each with its repair.
    res.redirect(303, approve ? `/approvals/time-off/${id}/approved` : '/approvals/time-off');
  }

  async function decideUnavailability(req: Request, res: Response, user: CurrentUser, approve: boolean) {
    const id = requireId(req.params.id);
    const values = formFields(req.body);
    const parsed = tryForm(TimeOffDecisionForm, values);
    const kind = 'unavailability';
    if (!parsed.ok)
      return renderReview(req, res.status(400), user, { kind, id, values, errors: parsed.errors });
    try {
      const r = approve
        ? await approveUnavailability(db, user, id, parsed.data)
        : await denyUnavailability(db, user, id, parsed.data);
      await flash(req, sessions, {
        kind: 'success',
        message: approve
          ? `Approved: ${r.staff.firstName} ${r.staff.lastName} is unavailable on ${r.date}.`
          : `Denied: ${r.staff.firstName} ${r.staff.lastName} stays available on ${r.date}.`,
      });
    } catch (err) {
      if (err instanceof ValidationError)
        return renderReview(req, res.status(400), user, { kind, id, values, errors: err.fieldErrors });
      throw err;
    }
    res.redirect(303, approve ? `/approvals/unavailability/${id}/approved` : '/approvals/time-off');
  }

  /** POST /availability/exceptions/:id/approve — approves a staff member's unavailability request */
  async function postUnavailabilityApprove(req: Request, res: Response, user: CurrentUser) {
    await decideUnavailability(req, res, user, true);
  }

  /** POST /availability/exceptions/:id/deny — denies an unavailability request with a note */
  async function postUnavailabilityDeny(req: Request, res: Response, user: CurrentUser) {
    await decideUnavailability(req, res, user, false);
  }

  /** GET /approvals/time-off/:id/approved — what an approved time off broke, with a repair link per shift */
  async function getTimeOffApproved(req: Request, res: Response, user: CurrentUser) {
    const confirmation = await confirmTimeOffApproval(db, user, requireId(req.params.id));
    res.render('time-off/approved', { title: confirmation.heading, ...confirmation });
  }

  /** GET /approvals/unavailability/:id/approved — what an approved unavailability broke, with a repair link per shift */
  async function getUnavailabilityApproved(req: Request, res: Response, user: CurrentUser) {
    const confirmation = await confirmUnavailabilityApproval(db, user, requireId(req.params.id));
    res.render('time-off/approved', { title: confirmation.heading, ...confirmation });
  }

  /** POST /time-off/:id/approve — approves a pending request */
  async function postTimeOffApprove(req: Request, res: Response, user: CurrentUser) {
    await decide(req, res, user, true);
  }

  /** POST /time-off/:id/deny — denies a pending request with a note */
  async function postTimeOffDeny(req: Request, res: Response, user: CurrentUser) {
    await decide(req, res, user, false);
  }

  return [
    { method: 'get', path: '/time-off', access: 'STAFF', handler: getMyTimeOffPage },
    { method: 'post', path: '/time-off', access: 'STAFF', handler: postTimeOffRequest },
    { method: 'get', path: '/approvals/time-off', access: 'MANAGER', handler: getTimeOffReview },
    { method: 'post', path: '/time-off/:id/cancel', access: 'STAFF', handler: postTimeOffCancel },
    { method: 'post', path: '/time-off/:id/approve', access: 'MANAGER', handler: postTimeOffApprove },
    { method: 'post', path: '/time-off/:id/deny', access: 'MANAGER', handler: postTimeOffDeny },
    {
      method: 'get',
      path: '/approvals/time-off/:id/approved',
      access: 'MANAGER',
      handler: getTimeOffApproved,
    },
    {
      method: 'post',
      path: '/availability/exceptions/:id/approve',
      access: 'MANAGER',
      handler: postUnavailabilityApprove,
    },
    {
      method: 'post',
      path: '/availability/exceptions/:id/deny',
      access: 'MANAGER',
      handler: postUnavailabilityDeny,
    },
    {
      method: 'get',
      path: '/approvals/unavailability/:id/approved',
      access: 'MANAGER',
      handler: getUnavailabilityApproved,
    },
  ];
}

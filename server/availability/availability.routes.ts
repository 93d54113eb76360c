import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { ValidationError } from '../http/errors';
import { formFields } from '../http/forms';
import type { CurrentUser } from '../http/request-context';
import type { RouteDef } from '../http/routes';
import { flash } from '../http/session-middleware';
import { AvailabilityExceptionForm, AvailabilityRuleForm } from './availability.schemas';
import { tryForm } from '../people/people-fields.schemas';
import {
  addException,
  addRule,
  availabilityMessages,
  deleteException,
  deleteRule,
  getAvailabilityPage,
} from './availability-editor.service';
import { ownStaffId, requireId } from '../people/people-access';

/** Where a person's availability page lives for this user: their own page or the manager's view. */
function pageUrl(user: CurrentUser, staffId: number): string {
  return user.staffId === staffId ? '/availability' : `/staff/${staffId}/availability`;
}

export function availabilityRoutes({ db, sessions }: AppDeps): RouteDef[] {
  interface FormState {
    ruleValues?: Record<string, string>;
    ruleErrors?: Record<string, string>;
    exceptionValues?: Record<string, string>;
    exceptionErrors?: Record<string, string>;
  }

  async function renderPage(
    req: Request,
    res: Response,
    user: CurrentUser,
    staffId: number,
    state: FormState = {},
  ) {
    const page = await getAvailabilityPage(db, user, staffId);
    const own = user.staffId === staffId;
    res.render('availability/edit', {
      title: own ? 'My availability' : `Availability · ${page.staffName}`,
      own,
      baseUrl: own ? '/availability' : `/staff/${staffId}/availability`,
      ruleValues: { kind: 'AVAILABLE', weekday: '1' },
      ruleErrors: {},
      exceptionValues: { kind: 'UNAVAILABLE' },
      exceptionErrors: {},
      ...page,
      ...state,
    });
  }

  async function saveRule(req: Request, res: Response, user: CurrentUser, staffId: number) {
    const values = formFields(req.body);
    const parsed = tryForm(AvailabilityRuleForm, values);
    if (!parsed.ok)
      return renderPage(req, res.status(400), user, staffId, {
        ruleValues: values,
        ruleErrors: parsed.errors,
      });
    try {
      await addRule(db, user, staffId, parsed.data);
    } catch (err) {
      if (err instanceof ValidationError)
        return renderPage(req, res.status(400), user, staffId, {
          ruleValues: values,
          ruleErrors: err.fieldErrors,
        });
      throw err;
    }
    await flash(req, sessions, { kind: 'success', message: 'Weekly window added.' });
    res.redirect(303, pageUrl(user, staffId));
  }

  async function saveException(req: Request, res: Response, user: CurrentUser, staffId: number) {
    const values = formFields(req.body);
    const parsed = tryForm(AvailabilityExceptionForm, values);
    if (!parsed.ok)
      return renderPage(req, res.status(400), user, staffId, {
        exceptionValues: values,
        exceptionErrors: parsed.errors,
      });
    let added;
    try {
      added = await addException(db, user, staffId, parsed.data);
    } catch (err) {
      if (err instanceof ValidationError)
        return renderPage(req, res.status(400), user, staffId, {
          exceptionValues: values,
          exceptionErrors: err.fieldErrors,
        });
      throw err;
    }
    await flash(req, sessions, {
      kind: added.pending ? 'info' : 'success',
      message: added.pending ? availabilityMessages.pendingRequest : 'Exception added.',
    });
    res.redirect(303, pageUrl(user, staffId));
  }

  /** GET /availability — my weekly pattern, exceptions and how they meet the coming week's shifts */
  async function getMyAvailability(req: Request, res: Response, user: CurrentUser) {
    await renderPage(req, res, user, ownStaffId(user));
  }

  /** POST /availability/rules — adds a window to my weekly pattern */
  async function postMyRule(req: Request, res: Response, user: CurrentUser) {
    await saveRule(req, res, user, ownStaffId(user));
  }

  /** POST /availability/exceptions — adds a dated exception for me */
  async function postMyException(req: Request, res: Response, user: CurrentUser) {
    await saveException(req, res, user, ownStaffId(user));
  }

  /** GET /staff/:id/availability — a manager edits someone's availability */
  async function getStaffAvailability(req: Request, res: Response, user: CurrentUser) {
    await renderPage(req, res, user, requireId(req.params.id));
  }

  /** POST /staff/:id/availability/rules — a manager adds a weekly window */
  async function postStaffRule(req: Request, res: Response, user: CurrentUser) {
    await saveRule(req, res, user, requireId(req.params.id));
  }

  /** POST /staff/:id/availability/exceptions — a manager adds an exception */
  async function postStaffException(req: Request, res: Response, user: CurrentUser) {
    await saveException(req, res, user, requireId(req.params.id));
  }

  /** POST /availability/rules/:id/delete — removes a weekly window (own, or any as manager) */
  async function postRuleDelete(req: Request, res: Response, user: CurrentUser) {
    const staffId = await deleteRule(db, user, requireId(req.params.id));
    await flash(req, sessions, { kind: 'success', message: 'Weekly window removed.' });
    res.redirect(303, pageUrl(user, staffId));
  }

  /** POST /availability/exceptions/:id/delete — removes an exception (own, or any as manager) */
  async function postExceptionDelete(req: Request, res: Response, user: CurrentUser) {
    const staffId = await deleteException(db, user, requireId(req.params.id));
    await flash(req, sessions, { kind: 'success', message: 'Exception removed.' });
    res.redirect(303, pageUrl(user, staffId));
  }

  return [
    { method: 'get', path: '/availability', access: 'STAFF', handler: getMyAvailability },
    { method: 'post', path: '/availability/rules', access: 'STAFF', handler: postMyRule },
    { method: 'post', path: '/availability/exceptions', access: 'STAFF', handler: postMyException },
    { method: 'post', path: '/availability/rules/:id/delete', access: 'STAFF', handler: postRuleDelete },
    {
      method: 'post',
      path: '/availability/exceptions/:id/delete',
      access: 'STAFF',
      handler: postExceptionDelete,
    },
    { method: 'get', path: '/staff/:id/availability', access: 'MANAGER', handler: getStaffAvailability },
    { method: 'post', path: '/staff/:id/availability/rules', access: 'MANAGER', handler: postStaffRule },
    {
      method: 'post',
      path: '/staff/:id/availability/exceptions',
      access: 'MANAGER',
      handler: postStaffException,
    },
  ];
}

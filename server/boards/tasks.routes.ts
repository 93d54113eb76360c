// One card: its page (fields, next steps, comments, history) and every change to it — move,
// assign, edit, comment. A refused change re-renders the card with the reason; a stale form
// (the card changed meanwhile) shows the card's new state with 409.
import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { NotFoundError, ValidationError } from '../http/errors';
import { formFields, parseForm } from '../http/forms';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { flash, safeNext } from '../http/session-middleware';
import {
  AssignForm,
  BillingIssueForm,
  CommentForm,
  DailyTaskEditForm,
  IdParam,
  MoveForm,
  OTHER_REJECT_CODE,
  RETURN_REASONS,
  VendorReturnForm,
  VersionForm,
} from './boards.schemas';
import { rejectCodeOptions } from './reject-codes';
import { centsToInput, formatNdc } from './ndc';
import { assignTask, boardOfTask, commentOnTask, editTask, moveTask } from './tasks.service';
import { getCardDetail, type CardDetail } from './card-detail.service';
import { StaleCardError } from './cards';
import { statusLabel } from './rules';

type Values = Record<string, string>;
type Errors = Record<string, string>;

export function taskRoutes({ db, sessions }: AppDeps): RouteDef[] {
  function taskId(req: Request): number {
    const parsed = IdParam.safeParse(req.params);
    if (!parsed.success) throw new NotFoundError('We could not find that card.');
    return parsed.data.id;
  }

  /** JavaScript on the board posts JSON and wants JSON back; forms want pages. */
  function wantsJson(req: Request): boolean {
    return req.is('application/json') === 'application/json' || req.accepts(['html', 'json']) === 'json';
  }

  /** The edit form's values as the card holds them now. */
  function editValuesOf(detail: CardDetail): Values {
    const t = detail.task;
    const values: Values = {
      title: t.title,
      description: t.description ?? '',
      priority: t.priority,
      assigneeId: t.assignee ? String(t.assignee.id) : '',
      dueDate: detail.dueDate ?? '',
    };
    const vr = t.vendorReturn;
    if (vr) {
      Object.assign(values, {
        vendor: vr.vendor,
        drugName: vr.drugName,
        ndc: formatNdc(vr.ndc),
        lot: vr.lot,
        expiryDate: vr.expiryDate,
        quantity: String(vr.quantity),
        reason: vr.reason,
        raNumber: vr.raNumber ?? '',
        expectedCredit: centsToInput(vr.expectedCreditCents),
        receivedCredit: centsToInput(vr.receivedCreditCents),
        zeroCreditReason: vr.zeroCreditReason ?? '',
        shippedOn: vr.shippedOn ?? '',
        trackingNumber: vr.trackingNumber ?? '',
        scheduleII: vr.scheduleII ? 'on' : '',
        deaForm222Number: vr.deaForm222Number ?? '',
      });
    }
    const bi = t.billingIssue;
    if (bi) {
      const known = rejectCodeOptions.some((o) => o.code === bi.rejectCode);
      Object.assign(values, {
        rxNumber: bi.rxNumber,
        dateOfService: bi.dateOfService,
        payerName: bi.payerName,
        bin: bi.bin,
        pcn: bi.pcn ?? '',
        rejectCode: known ? bi.rejectCode : OTHER_REJECT_CODE,
        rejectCodeOther: known ? '' : bi.rejectCode,
        amount: centsToInput(bi.amountCents),
        notes: bi.notes ?? '',
        outcome: bi.outcome ?? '',
      });
    }
    return values;
  }

  interface CardPageState {
    errors?: Errors;
    formError?: string | null;
    /** Which form the errors belong to: a move target, 'edit', 'assign' or 'comment'. */
    errorForm?: string | null;
    values?: Values;
    conflict?: string | null;
  }

  async function renderCard(
    req: Request,
    res: Response,
    user: CurrentUser,
    id: number,
    state: CardPageState = {},
  ) {
    const detail = await getCardDetail(db, user, id);
    const current = editValuesOf(detail);
    res.render('tasks/show', {
      title: detail.task.title,
      ...detail,
      editValues: state.errorForm === 'edit' ? { ...current, ...state.values } : current,
      moveValues: state.errorForm && state.errorForm !== 'edit' ? (state.values ?? {}) : {},
      errors: state.errors ?? {},
      formError: state.formError ?? null,
      errorForm: state.errorForm ?? null,
      conflict: state.conflict ?? null,
      reasons: RETURN_REASONS,
      rejectCodes: rejectCodeOptions,
      otherRejectCode: OTHER_REJECT_CODE,
    });
  }

  /** The card changed under the user: show its new state (409), never overwrite it. */
  async function renderConflict(req: Request, res: Response, user: CurrentUser, err: StaleCardError) {
    if (wantsJson(req)) {
      const detail = await getCardDetail(db, user, err.taskId);
      return res.status(409).json({
        error: err.message,
        card: {
          id: detail.task.id,
          status: detail.task.status,
          statusLabel: detail.statusLabel,
          version: detail.task.version,
        },
        url: `/tasks/${err.taskId}`,
      });
    }
    res.status(409);
    return renderCard(req, res, user, err.taskId, { conflict: err.message });
  }

  function backTo(fields: Values, fallback: string): string {
    return fields.back ? safeNext(fields.back) : fallback;
  }

  /**
   * A refused change re-renders the card: 409 with its new state when it changed meanwhile, 400
   * with the errors next to the form that was sent.
   */
  async function renderRefusal(
    req: Request,
    res: Response,
    user: CurrentUser,
    id: number,
    err: unknown,
    errorForm: string,
    fields: Values,
  ) {
    if (err instanceof StaleCardError) return renderConflict(req, res, user, err);
    if (err instanceof ValidationError) {
      res.status(400);
      return renderCard(req, res, user, id, {
        errors: err.fieldErrors,
        formError: err.message,
        errorForm,
        values: fields,
      });
    }
    throw err;
  }

  // -------------------------------------------------------------------------------------------
  // One card
  // -------------------------------------------------------------------------------------------

  /** GET /tasks/:id — a card with its fields, moves, comments and history (staff: their own) */
  async function getTask(req: Request, res: Response, user: CurrentUser) {
    await renderCard(req, res, user, taskId(req));
  }

  /** JSON bodies may carry numbers (the version); forms only ever send text. */
  function bodyFields(req: Request): Values {
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null) return {};
    const asText = Object.fromEntries(
      Object.entries(body).map(([k, v]) => [k, typeof v === 'number' && Number.isFinite(v) ? String(v) : v]),
    );
    return formFields(asText);
  }

  /** POST /tasks/:id/move — moves a card to another status (form or JSON from the board script) */
  async function postTaskMove(req: Request, res: Response, user: CurrentUser) {
    const id = taskId(req);
    const fields = bodyFields(req);
    try {
      const result = await moveTask(db, user, id, parseForm(MoveForm, fields), req.ip ?? '');
      const message = `Moved “${result.title}” to ${statusLabel(result.board, result.to)}.`;
      if (wantsJson(req)) return res.json({ ok: true, message, status: result.to });
      await flash(req, sessions, { kind: 'success', message });
      res.redirect(303, backTo(fields, `/tasks/${id}`));
    } catch (err) {
      if (err instanceof StaleCardError) return renderConflict(req, res, user, err);
      if (err instanceof ValidationError) {
        if (wantsJson(req)) {
          return res
            .status(400)
            .json({ error: err.message, fieldErrors: err.fieldErrors, url: `/tasks/${id}` });
        }
        res.status(400);
        return renderCard(req, res, user, id, {
          errors: err.fieldErrors,
          formError: err.fieldErrors.to ?? err.message,
          errorForm: fields.to ?? 'move',
          values: fields,
        });
      }
      throw err;
    }
  }

  /** POST /tasks/:id/assign — gives a card to someone (daily tasks: only people on shift when it is due) */
  async function postTaskAssign(req: Request, res: Response, user: CurrentUser) {
    const id = taskId(req);
    const fields = formFields(req.body);
    try {
      const form = parseForm(AssignForm, fields);
      const result = await assignTask(db, user, id, form.version, form.assigneeId);
      let message = result.assigneeName
        ? `Assigned “${result.title}” to ${result.assigneeName}.`
        : `“${result.title}” is unassigned.`;
      if (result.busy) {
        message += ` Heads up: ${result.assigneeName} now has ${result.load} open tasks for the day; consider someone with fewer.`;
      }
      await flash(req, sessions, { kind: result.busy ? 'info' : 'success', message });
      res.redirect(303, backTo(fields, `/tasks/${id}`));
    } catch (err) {
      return renderRefusal(req, res, user, id, err, 'assign', fields);
    }
  }

  /** POST /tasks/:id/edit — saves a card's fields (leads and managers) */
  async function postTaskEdit(req: Request, res: Response, user: CurrentUser) {
    const id = taskId(req);
    const fields = formFields(req.body);
    const board = await boardOfTask(db, id);
    try {
      const errors: Errors = {};
      let version = 0;
      try {
        version = parseForm(VersionForm, fields).version;
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        Object.assign(errors, err.fieldErrors);
      }
      const schema =
        board === 'VENDOR_RETURN'
          ? VendorReturnForm
          : board === 'BILLING_ISSUE'
            ? BillingIssueForm
            : DailyTaskEditForm;
      let form;
      try {
        form = parseForm(schema, fields);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        Object.assign(errors, err.fieldErrors);
      }
      if (Object.keys(errors).length > 0 || !form) throw new ValidationError(errors);
      await editTask(db, user, id, version, form);
      await flash(req, sessions, { kind: 'success', message: 'Card saved.' });
      res.redirect(303, `/tasks/${id}`);
    } catch (err) {
      return renderRefusal(req, res, user, id, err, 'edit', fields);
    }
  }

  /** POST /tasks/:id/comments — adds a comment (staff: on their own cards) */
  async function postTaskComment(req: Request, res: Response, user: CurrentUser) {
    const id = taskId(req);
    const fields = formFields(req.body);
    try {
      const form = parseForm(CommentForm, fields);
      await commentOnTask(db, user, id, form.body);
      await flash(req, sessions, { kind: 'success', message: 'Comment added.' });
      res.redirect(303, `/tasks/${id}#comments`);
    } catch (err) {
      return renderRefusal(req, res, user, id, err, 'comment', fields);
    }
  }

  return [
    { method: 'get', path: '/tasks/:id', access: 'STAFF', handler: getTask },
    { method: 'post', path: '/tasks/:id/move', access: 'STAFF', handler: postTaskMove },
    { method: 'post', path: '/tasks/:id/comments', access: 'STAFF', handler: postTaskComment },
    { method: 'post', path: '/tasks/:id/assign', access: 'LEAD', handler: postTaskAssign },
    { method: 'post', path: '/tasks/:id/edit', access: 'LEAD', handler: postTaskEdit },
  ];
}

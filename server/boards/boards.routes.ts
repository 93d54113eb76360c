import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import type { Board } from '../../generated/prisma/enums';
import { NotFoundError, ValidationError } from '../http/errors';
import { formFields, parseForm } from '../http/forms';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { flash, safeNext } from '../http/session-middleware';
import {
  AssignForm,
  BillingIssueForm,
  BoardQuery,
  CommentForm,
  DailyTaskEditForm,
  DailyTaskTemplateForm,
  IdParam,
  MoveForm,
  OTHER_REJECT_CODE,
  RETURN_REASONS,
  VendorReturnForm,
  VersionForm,
} from './boards.schemas';
import { getBillingSummary, getBoard, getVendorCreditSummary, rejectCodeOptions } from './boards.service';
import { createTemplate, getTemplate, listTemplates, updateTemplate } from './daily-tasks.service';
import { centsToInput, formatNdc } from './ndc';
import { addDays, getSiteForUser } from '../sites/sites.service';
import {
  StaleCardError,
  assignTask,
  boardOfTask,
  commentOnTask,
  createBillingIssue,
  createVendorReturn,
  editTask,
  getCardDetail,
  listSiteStaff,
  moveTask,
  type CardDetail,
} from './tasks.service';
import { statusLabel } from '../../prisma/catalogue';

type Values = Record<string, string>;
type Errors = Record<string, string>;

export function boardsRoutes({ db, sessions }: AppDeps): RouteDef[] {
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

  // -------------------------------------------------------------------------------------------
  // Boards
  // -------------------------------------------------------------------------------------------

  async function renderBoard(req: Request, res: Response, user: CurrentUser, board: Board) {
    const query = BoardQuery.parse(req.query);
    const page = await getBoard(db, user, board, query);
    const date = page.date ?? page.today;
    res.render('boards/board', {
      title: page.boardTitle,
      ...page,
      backUrl: req.originalUrl,
      prevDate: addDays(date, -1),
      nextDate: addDays(date, 1),
    });
  }

  /** GET /boards/vendor-returns — vendor-return board (columns or list) */
  async function getVendorReturnBoard(req: Request, res: Response, user: CurrentUser) {
    await renderBoard(req, res, user, 'VENDOR_RETURN');
  }

  /** GET /boards/billing-issues — billing-issue board */
  async function getBillingIssueBoard(req: Request, res: Response, user: CurrentUser) {
    await renderBoard(req, res, user, 'BILLING_ISSUE');
  }

  /** GET /boards/daily — a day's daily tasks (today by default), generated from the templates */
  async function getDailyBoard(req: Request, res: Response, user: CurrentUser) {
    await renderBoard(req, res, user, 'DAILY');
  }

  /** GET /boards/vendor-returns/summary — credit outstanding by vendor and age */
  async function getVendorReturnSummary(req: Request, res: Response, user: CurrentUser) {
    const summary = await getVendorCreditSummary(db, user);
    res.render('boards/summary', {
      title: 'Vendor credit outstanding',
      ...summary,
      keyLabel: 'Vendor',
      intro:
        'Expected credit of open returns, aged from the day each return shipped (or was opened, before shipping).',
      boardPath: '/boards/vendor-returns',
      boardTitle: 'Vendor returns',
    });
  }

  /** GET /boards/billing-issues/summary — open amount by reject code and age */
  async function getBillingIssueSummary(req: Request, res: Response, user: CurrentUser) {
    const summary = await getBillingSummary(db, user);
    res.render('boards/summary', {
      title: 'Open claims by reject code',
      ...summary,
      keyLabel: 'Reject code',
      intro: 'Amount at stake on open billing issues, aged from the date of service.',
      boardPath: '/boards/billing-issues',
      boardTitle: 'Billing issues',
    });
  }

  // -------------------------------------------------------------------------------------------
  // New cards
  // -------------------------------------------------------------------------------------------

  async function renderNew(
    req: Request,
    res: Response,
    user: CurrentUser,
    board: 'VENDOR_RETURN' | 'BILLING_ISSUE',
    values: Values,
    errors: Errors,
  ) {
    const staff = await listSiteStaff(db, user);
    res.render(board === 'VENDOR_RETURN' ? 'boards/vendor-return-new' : 'boards/billing-issue-new', {
      title: board === 'VENDOR_RETURN' ? 'New vendor return' : 'New billing issue',
      values,
      errors,
      staff,
      reasons: RETURN_REASONS,
      rejectCodes: rejectCodeOptions,
      otherRejectCode: OTHER_REJECT_CODE,
    });
  }

  /** GET /boards/vendor-returns/new — form for a new vendor return */
  async function getVendorReturnNew(req: Request, res: Response, user: CurrentUser) {
    await renderNew(req, res, user, 'VENDOR_RETURN', { priority: 'NORMAL' }, {});
  }

  /** POST /boards/vendor-returns — creates a vendor return */
  async function postVendorReturnCreate(req: Request, res: Response, user: CurrentUser) {
    const fields = formFields(req.body);
    try {
      const id = await createVendorReturn(db, user, parseForm(VendorReturnForm, fields));
      await flash(req, sessions, { kind: 'success', message: 'Vendor return added to the board.' });
      res.redirect(303, `/tasks/${id}`);
    } catch (err) {
      if (err instanceof ValidationError)
        return renderNew(req, res.status(400), user, 'VENDOR_RETURN', fields, err.fieldErrors);
      throw err;
    }
  }

  /** GET /boards/billing-issues/new — form for a new billing issue */
  async function getBillingIssueNew(req: Request, res: Response, user: CurrentUser) {
    await renderNew(req, res, user, 'BILLING_ISSUE', { priority: 'NORMAL' }, {});
  }

  /** POST /boards/billing-issues — creates a billing issue */
  async function postBillingIssueCreate(req: Request, res: Response, user: CurrentUser) {
    const fields = formFields(req.body);
    try {
      const id = await createBillingIssue(db, user, parseForm(BillingIssueForm, fields));
      await flash(req, sessions, { kind: 'success', message: 'Billing issue added to the board.' });
      res.redirect(303, `/tasks/${id}`);
    } catch (err) {
      if (err instanceof ValidationError)
        return renderNew(req, res.status(400), user, 'BILLING_ISSUE', fields, err.fieldErrors);
      throw err;
    }
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
      if (err instanceof StaleCardError) return renderConflict(req, res, user, err);
      if (err instanceof ValidationError) {
        res.status(400);
        return renderCard(req, res, user, id, {
          errors: err.fieldErrors,
          formError: err.message,
          errorForm: 'assign',
          values: fields,
        });
      }
      throw err;
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
      if (err instanceof StaleCardError) return renderConflict(req, res, user, err);
      if (err instanceof ValidationError) {
        res.status(400);
        return renderCard(req, res, user, id, {
          errors: err.fieldErrors,
          formError: err.message,
          errorForm: 'edit',
          values: fields,
        });
      }
      throw err;
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
      if (err instanceof ValidationError) {
        res.status(400);
        return renderCard(req, res, user, id, {
          errors: err.fieldErrors,
          formError: err.message,
          errorForm: 'comment',
          values: fields,
        });
      }
      throw err;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Daily task templates
  // -------------------------------------------------------------------------------------------

  /** Checkbox groups arrive as arrays; the schema reads them as one comma-separated value. */
  function templateFields(req: Request): Values {
    const fields = formFields(req.body);
    const raw: unknown = (req.body as Record<string, unknown> | undefined)?.weekdays;
    fields.weekdays = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String).join(',');
    return fields;
  }

  function templateValues(t: {
    title: string;
    description: string | null;
    recurrence: string;
    weekdays: string | null;
    dayOfMonth: number | null;
    dueMinute: number;
    priority: string;
    active: boolean;
  }): Values {
    return {
      title: t.title,
      description: t.description ?? '',
      recurrence: t.recurrence,
      weekdays: t.weekdays ?? '',
      dayOfMonth: t.dayOfMonth === null ? '' : String(t.dayOfMonth),
      dueTime: `${String(Math.floor(t.dueMinute / 60)).padStart(2, '0')}:${String(t.dueMinute % 60).padStart(2, '0')}`,
      priority: t.priority,
      active: t.active ? 'on' : '',
    };
  }

  /** GET /boards/daily/templates — the recurring daily tasks */
  async function getDailyTemplates(req: Request, res: Response, user: CurrentUser) {
    const site = await getSiteForUser(db, user);
    res.render('boards/templates', {
      title: 'Daily task templates',
      site,
      templates: await listTemplates(db, site),
    });
  }

  function renderTemplateForm(res: Response, templateId: number | null, values: Values, errors: Errors) {
    res.render('boards/template-form', {
      title: templateId === null ? 'New daily task template' : 'Edit daily task template',
      templateId,
      values,
      errors,
    });
  }

  /** GET /boards/daily/templates/new — form for a new recurring daily task */
  async function getDailyTemplateNew(_req: Request, res: Response) {
    renderTemplateForm(
      res,
      null,
      { recurrence: 'DAILY', dueTime: '09:00', priority: 'NORMAL', active: 'on' },
      {},
    );
  }

  /** POST /boards/daily/templates — creates a recurring daily task */
  async function postDailyTemplateCreate(req: Request, res: Response, user: CurrentUser) {
    const fields = templateFields(req);
    try {
      const form = parseForm(DailyTaskTemplateForm, fields);
      await createTemplate(db, await getSiteForUser(db, user), form);
      await flash(req, sessions, {
        kind: 'success',
        message: `“${form.title}” will appear on the daily board from its next day.`,
      });
      res.redirect(303, '/boards/daily/templates');
    } catch (err) {
      if (err instanceof ValidationError)
        return renderTemplateForm(res.status(400), null, fields, err.fieldErrors);
      throw err;
    }
  }

  function templateId(req: Request): number {
    const parsed = IdParam.safeParse(req.params);
    if (!parsed.success) throw new NotFoundError('We could not find that daily task template.');
    return parsed.data.id;
  }

  /** GET /boards/daily/templates/:id — edit a recurring daily task */
  async function getDailyTemplateEdit(req: Request, res: Response, user: CurrentUser) {
    const id = templateId(req);
    const t = await getTemplate(db, await getSiteForUser(db, user), id);
    renderTemplateForm(res, id, templateValues(t), {});
  }

  /** POST /boards/daily/templates/:id — saves a recurring daily task */
  async function postDailyTemplateUpdate(req: Request, res: Response, user: CurrentUser) {
    const id = templateId(req);
    const site = await getSiteForUser(db, user);
    await getTemplate(db, site, id);
    const fields = templateFields(req);
    try {
      const form = parseForm(DailyTaskTemplateForm, fields);
      await updateTemplate(db, site, id, form);
      await flash(req, sessions, {
        kind: 'success',
        message: `Saved “${form.title}”. Cards already made keep their values.`,
      });
      res.redirect(303, '/boards/daily/templates');
    } catch (err) {
      if (err instanceof ValidationError)
        return renderTemplateForm(res.status(400), id, fields, err.fieldErrors);
      throw err;
    }
  }

  return [
    {
      method: 'get',
      path: '/boards/vendor-returns',
      access: 'LEAD',
      handler: getVendorReturnBoard,
      cache: true,
    },
    { method: 'get', path: '/boards/vendor-returns/new', access: 'LEAD', handler: getVendorReturnNew },
    { method: 'post', path: '/boards/vendor-returns', access: 'LEAD', handler: postVendorReturnCreate },
    {
      method: 'get',
      path: '/boards/vendor-returns/summary',
      access: 'LEAD',
      handler: getVendorReturnSummary,
    },
    {
      method: 'get',
      path: '/boards/billing-issues',
      access: 'LEAD',
      handler: getBillingIssueBoard,
      cache: true,
    },
    { method: 'get', path: '/boards/billing-issues/new', access: 'LEAD', handler: getBillingIssueNew },
    { method: 'post', path: '/boards/billing-issues', access: 'LEAD', handler: postBillingIssueCreate },
    {
      method: 'get',
      path: '/boards/billing-issues/summary',
      access: 'LEAD',
      handler: getBillingIssueSummary,
    },
    { method: 'get', path: '/boards/daily', access: 'LEAD', handler: getDailyBoard, cache: true },
    { method: 'get', path: '/boards/daily/templates', access: 'LEAD', handler: getDailyTemplates },
    { method: 'get', path: '/boards/daily/templates/new', access: 'LEAD', handler: getDailyTemplateNew },
    { method: 'post', path: '/boards/daily/templates', access: 'LEAD', handler: postDailyTemplateCreate },
    { method: 'get', path: '/boards/daily/templates/:id', access: 'LEAD', handler: getDailyTemplateEdit },
    { method: 'post', path: '/boards/daily/templates/:id', access: 'LEAD', handler: postDailyTemplateUpdate },
    { method: 'get', path: '/tasks/:id', access: 'STAFF', handler: getTask },
    { method: 'post', path: '/tasks/:id/move', access: 'STAFF', handler: postTaskMove },
    { method: 'post', path: '/tasks/:id/comments', access: 'STAFF', handler: postTaskComment },
    { method: 'post', path: '/tasks/:id/assign', access: 'LEAD', handler: postTaskAssign },
    { method: 'post', path: '/tasks/:id/edit', access: 'LEAD', handler: postTaskEdit },
  ];
}

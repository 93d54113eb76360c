// The task boards: the three boards, the ageing summaries, the forms for new vendor returns and
// billing issues, and the daily-task templates. One card's page and its changes: tasks.routes.ts.
import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import type { Board } from '../../generated/prisma/enums';
import { NotFoundError, ValidationError } from '../http/errors';
import { formFields, parseForm } from '../http/forms';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { flash } from '../http/session-middleware';
import {
  BillingIssueForm,
  BoardQuery,
  DailyTaskTemplateForm,
  IdParam,
  OTHER_REJECT_CODE,
  RETURN_REASONS,
  VendorReturnForm,
} from './boards.schemas';
import { getBoard } from './boards.service';
import { getBillingSummary, getVendorCreditSummary } from './board-summaries.service';
import { rejectCodeOptions } from './reject-codes';
import { createTemplate, getTemplate, listTemplates, updateTemplate } from './daily-tasks.service';
import { addDays, getSiteForUser } from '../sites/sites.service';
import { createBillingIssue, createVendorReturn, listSiteStaff } from './tasks.service';

type Values = Record<string, string>;
type Errors = Record<string, string>;

export function boardsRoutes({ db, sessions }: AppDeps): RouteDef[] {
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

  /** What differs between the boards that take new cards from a form. */
  const NEW_CARD = {
    VENDOR_RETURN: {
      view: 'boards/vendor-return-new',
      title: 'New vendor return',
      added: 'Vendor return added to the board.',
      create: (user: CurrentUser, fields: Values) =>
        createVendorReturn(db, user, parseForm(VendorReturnForm, fields)),
    },
    BILLING_ISSUE: {
      view: 'boards/billing-issue-new',
      title: 'New billing issue',
      added: 'Billing issue added to the board.',
      create: (user: CurrentUser, fields: Values) =>
        createBillingIssue(db, user, parseForm(BillingIssueForm, fields)),
    },
  } as const;
  type FormBoard = keyof typeof NEW_CARD;

  async function renderNew(
    res: Response,
    user: CurrentUser,
    board: FormBoard,
    values: Values,
    errors: Errors,
  ) {
    const staff = await listSiteStaff(db, user);
    res.render(NEW_CARD[board].view, {
      title: NEW_CARD[board].title,
      values,
      errors,
      staff,
      reasons: RETURN_REASONS,
      rejectCodes: rejectCodeOptions,
      otherRejectCode: OTHER_REJECT_CODE,
    });
  }

  /** GET /boards/vendor-returns/new and /boards/billing-issues/new — form for a new card on that board */
  function getCardNew(board: FormBoard) {
    return async (_req: Request, res: Response, user: CurrentUser) => {
      await renderNew(res, user, board, { priority: 'NORMAL' }, {});
    };
  }

  /** POST /boards/vendor-returns and /boards/billing-issues — creates a card on that board */
  function postCardCreate(board: FormBoard) {
    return async (req: Request, res: Response, user: CurrentUser) => {
      const fields = formFields(req.body);
      try {
        const id = await NEW_CARD[board].create(user, fields);
        await flash(req, sessions, { kind: 'success', message: NEW_CARD[board].added });
        res.redirect(303, `/tasks/${id}`);
      } catch (err) {
        if (err instanceof ValidationError)
          return renderNew(res.status(400), user, board, fields, err.fieldErrors);
        throw err;
      }
    };
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

  /** POST /boards/daily/templates and /boards/daily/templates/:id — creates or saves a recurring daily task */
  async function postDailyTemplateSave(req: Request, res: Response, user: CurrentUser) {
    const id = req.params.id === undefined ? null : templateId(req);
    const site = await getSiteForUser(db, user);
    if (id !== null) await getTemplate(db, site, id);
    const fields = templateFields(req);
    try {
      const form = parseForm(DailyTaskTemplateForm, fields);
      if (id === null) await createTemplate(db, site, form);
      else await updateTemplate(db, site, id, form);
      await flash(req, sessions, {
        kind: 'success',
        message:
          id === null
            ? `“${form.title}” will appear on the daily board from its next day.`
            : `Saved “${form.title}”. Cards already made keep their values.`,
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
    {
      method: 'get',
      path: '/boards/vendor-returns/new',
      access: 'LEAD',
      handler: getCardNew('VENDOR_RETURN'),
    },
    {
      method: 'post',
      path: '/boards/vendor-returns',
      access: 'LEAD',
      handler: postCardCreate('VENDOR_RETURN'),
    },
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
    {
      method: 'get',
      path: '/boards/billing-issues/new',
      access: 'LEAD',
      handler: getCardNew('BILLING_ISSUE'),
    },
    {
      method: 'post',
      path: '/boards/billing-issues',
      access: 'LEAD',
      handler: postCardCreate('BILLING_ISSUE'),
    },
    {
      method: 'get',
      path: '/boards/billing-issues/summary',
      access: 'LEAD',
      handler: getBillingIssueSummary,
    },
    { method: 'get', path: '/boards/daily', access: 'LEAD', handler: getDailyBoard, cache: true },
    { method: 'get', path: '/boards/daily/templates', access: 'LEAD', handler: getDailyTemplates },
    { method: 'get', path: '/boards/daily/templates/new', access: 'LEAD', handler: getDailyTemplateNew },
    { method: 'post', path: '/boards/daily/templates', access: 'LEAD', handler: postDailyTemplateSave },
    { method: 'get', path: '/boards/daily/templates/:id', access: 'LEAD', handler: getDailyTemplateEdit },
    { method: 'post', path: '/boards/daily/templates/:id', access: 'LEAD', handler: postDailyTemplateSave },
  ];
}

// The payer settings of the billing board: each payer's return-to-stock days (calendar or
// business), which start a clock on every billing issue with that payer's BIN and PCN.
import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { NotFoundError, ValidationError } from '../http/errors';
import { formFields, parseForm } from '../http/forms';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { flash } from '../http/session-middleware';
import { IdParam } from './boards.schemas';
import { MAX_RETURN_TO_STOCK_DAYS, PayerForm } from './payers.schemas';
import { deletePayer, getPayer, listSitePayers, savePayer, type PayerRow } from './payers.service';

type Values = Record<string, string>;
type Errors = Record<string, string>;

const PAYERS_PATH = '/boards/billing-issues/payers';

export function payersRoutes({ db, sessions }: AppDeps): RouteDef[] {
  function payerId(req: Request): number {
    const parsed = IdParam.safeParse(req.params);
    if (!parsed.success) throw new NotFoundError('We could not find that payer.');
    return parsed.data.id;
  }

  function valuesOf(p: PayerRow): Values {
    return {
      name: p.name,
      bin: p.bin,
      pcn: p.pcn,
      returnToStockDays: String(p.returnToStockDays),
      dayKind: p.businessDays ? 'BUSINESS' : 'CALENDAR',
    };
  }

  async function renderList(res: Response, user: CurrentUser, values: Values, errors: Errors) {
    res.render('boards/payers', {
      title: 'Payers: return-to-stock days',
      payers: await listSitePayers(db, user),
      values,
      errors,
      maxDays: MAX_RETURN_TO_STOCK_DAYS,
    });
  }

  function renderEdit(res: Response, id: number, values: Values, errors: Errors) {
    res.render('boards/payer-form', {
      title: `Edit ${values.name || 'payer'}`,
      payerId: id,
      values,
      errors,
      maxDays: MAX_RETURN_TO_STOCK_DAYS,
    });
  }

  /** GET /boards/billing-issues/payers — every payer's return-to-stock days, and a form to add one */
  async function getPayers(_req: Request, res: Response, user: CurrentUser) {
    await renderList(res, user, { dayKind: 'CALENDAR' }, {});
  }

  /** POST /boards/billing-issues/payers — adds a payer's return-to-stock days */
  async function postPayerCreate(req: Request, res: Response, user: CurrentUser) {
    const fields = formFields(req.body);
    try {
      const form = parseForm(PayerForm, fields);
      await savePayer(db, user, null, form);
      await flash(req, sessions, {
        kind: 'success',
        message: `Billing issues with BIN ${form.bin} now show a return-to-stock clock.`,
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return renderList(res.status(400), user, fields, err.fieldErrors);
    }
    res.redirect(303, PAYERS_PATH);
  }

  /** GET /boards/billing-issues/payers/:id — edit one payer's return-to-stock days */
  async function getPayerEdit(req: Request, res: Response, user: CurrentUser) {
    const id = payerId(req);
    renderEdit(res, id, valuesOf(await getPayer(db, user, id)), {});
  }

  /** POST /boards/billing-issues/payers/:id — saves one payer's return-to-stock days */
  async function postPayerUpdate(req: Request, res: Response, user: CurrentUser) {
    const id = payerId(req);
    await getPayer(db, user, id);
    const fields = formFields(req.body);
    try {
      const form = parseForm(PayerForm, fields);
      await savePayer(db, user, id, form);
      await flash(req, sessions, { kind: 'success', message: `Saved ${form.name}.` });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return renderEdit(res.status(400), id, fields, err.fieldErrors);
    }
    res.redirect(303, PAYERS_PATH);
  }

  /** POST /boards/billing-issues/payers/:id/delete — removes a payer's rule (its cards lose the clock) */
  async function postPayerDelete(req: Request, res: Response, user: CurrentUser) {
    const name = await deletePayer(db, user, payerId(req));
    await flash(req, sessions, {
      kind: 'success',
      message: `Removed ${name}: its cards no longer show a return-to-stock clock.`,
    });
    res.redirect(303, PAYERS_PATH);
  }

  return [
    { method: 'get', path: PAYERS_PATH, access: 'MANAGER', handler: getPayers },
    { method: 'post', path: PAYERS_PATH, access: 'MANAGER', handler: postPayerCreate },
    { method: 'get', path: `${PAYERS_PATH}/:id`, access: 'MANAGER', handler: getPayerEdit },
    { method: 'post', path: `${PAYERS_PATH}/:id`, access: 'MANAGER', handler: postPayerUpdate },
    { method: 'post', path: `${PAYERS_PATH}/:id/delete`, access: 'MANAGER', handler: postPayerDelete },
  ];
}

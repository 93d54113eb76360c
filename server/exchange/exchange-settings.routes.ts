import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { ValidationError } from '../http/errors';
import { formFields, parseForm } from '../http/forms';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { flash } from '../http/session-middleware';
import { ExchangeSettingsForm } from './exchange.schemas';
import { getExchangeSettings, updateExchangeSettings } from './exchange-settings.service';

export function exchangeSettingsRoutes({ db, sessions }: AppDeps): RouteDef[] {
  /** GET /exchange-settings — who gets an open shift, and how swaps are approved */
  async function getExchangeSettingsPage(_req: Request, res: Response, user: CurrentUser) {
    const site = await getExchangeSettings(db, user);
    res.render('exchange/settings', {
      title: 'Open shifts and swaps',
      site,
      errors: {},
      values: { claimPolicy: site.claimPolicy, swapApproval: site.swapApproval },
    });
  }

  /** POST /exchange-settings — saves them; a missing choice re-renders the form with 400 */
  async function postExchangeSettings(req: Request, res: Response, user: CurrentUser) {
    const fields = formFields(req.body);
    try {
      await updateExchangeSettings(db, user, parseForm(ExchangeSettingsForm, fields));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const site = await getExchangeSettings(db, user);
      return res.status(400).render('exchange/settings', {
        title: 'Open shifts and swaps',
        site,
        errors: err.fieldErrors,
        values: fields,
      });
    }
    await flash(req, sessions, { kind: 'success', message: 'Open-shift and swap settings saved.' });
    res.redirect(303, '/exchange-settings');
  }

  return [
    { method: 'get', path: '/exchange-settings', access: 'MANAGER', handler: getExchangeSettingsPage },
    { method: 'post', path: '/exchange-settings', access: 'MANAGER', handler: postExchangeSettings },
  ];
}

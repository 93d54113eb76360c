import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { ValidationError } from '../http/errors';
import { formFields, parseForm } from '../http/forms';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { flash } from '../http/session-middleware';
import { SiteSettingsForm } from './site-settings.schemas';
import { getSiteSettings, updateSiteSettings } from './sites.service';

export function siteSettingsRoutes({ db, sessions }: AppDeps): RouteDef[] {
  /** GET /site-settings — the notice window and its cost, the open-shift claim policy, swap approval */
  async function getSiteSettingsPage(req: Request, res: Response, user: CurrentUser) {
    const site = await getSiteSettings(db, user);
    res.render('site-settings/form', {
      title: 'Site settings',
      site,
      errors: {},
      values: {
        noticeWindowDays: site.noticeWindowDays,
        weightNoticeChange: site.weightNoticeChange,
        claimPolicy: site.claimPolicy,
        swapApproval: site.swapApproval,
      },
    });
  }

  /** POST /site-settings — saves them; bad input re-renders the form with 400 */
  async function postSiteSettings(req: Request, res: Response, user: CurrentUser) {
    const fields = formFields(req.body);
    try {
      const form = parseForm(SiteSettingsForm, fields);
      await updateSiteSettings(db, user, form);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const site = await getSiteSettings(db, user);
      return res.status(400).render('site-settings/form', {
        title: 'Site settings',
        site,
        errors: err.fieldErrors,
        values: fields,
      });
    }
    await flash(req, sessions, { kind: 'success', message: 'Site settings saved.' });
    res.redirect(303, '/site-settings');
  }

  return [
    { method: 'get', path: '/site-settings', access: 'MANAGER', handler: getSiteSettingsPage },
    { method: 'post', path: '/site-settings', access: 'MANAGER', handler: postSiteSettings },
  ];
}

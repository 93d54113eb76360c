import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { NotFoundError, ValidationError } from '../http/errors';
import { formFields, parseForm } from '../http/forms';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { flash } from '../http/session-middleware';
import { parseIdText } from '../lib/schemas';
import { ratioRuleWords } from './ratio-pack';
import { SITE_SETTINGS, US_STATES, defaultTextOf, formValueOf } from './site-rules';
import { NewSiteForm, SiteSettingsForm } from './site-settings.schemas';
import {
  createSite,
  getSiteSettings,
  getSiteSettingsById,
  listSites,
  updateSiteSettings,
  type SiteSettingsRow,
} from './sites.service';

/** The form's values as stored (hours for minute settings, 'on' for a ticked box). */
function storedFormValues(site: SiteSettingsRow): Record<string, string> {
  return Object.fromEntries(SITE_SETTINGS.map((s) => [s.column, formValueOf(s, site[s.column])]));
}

function siteIdOf(req: Request): number {
  const id = parseIdText(req.params.id);
  if (id === null) throw new NotFoundError('That site does not exist.');
  return id;
}

export function siteSettingsRoutes({ db, sessions }: AppDeps): RouteDef[] {
  function renderSettings(
    res: Response,
    status: number,
    site: SiteSettingsRow,
    action: string,
    values: Record<string, string>,
    errors: Record<string, string>,
  ) {
    res.status(status).render('site-settings/form', {
      title: 'Site settings',
      site,
      ratioRule: ratioRuleWords(site),
      action,
      settings: SITE_SETTINGS.map((s) => ({ ...s, defaultText: defaultTextOf(s) })),
      values,
      errors,
    });
  }

  /** Saves the posted settings of one site, or re-renders them with 400 and each bad field marked. */
  async function saveSettings(
    req: Request,
    res: Response,
    user: CurrentUser,
    site: SiteSettingsRow,
    action: string,
  ) {
    const fields = formFields(req.body);
    try {
      const form = parseForm(SiteSettingsForm, fields);
      await updateSiteSettings(db, user, site.id, form);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return renderSettings(res, 400, site, action, fields, err.fieldErrors);
    }
    await flash(req, sessions, { kind: 'success', message: `Settings of ${site.name} saved.` });
    res.redirect(303, action);
  }

  /** GET /site-settings — the rules and weights of the manager's own site */
  async function getSiteSettingsPage(_req: Request, res: Response, user: CurrentUser) {
    const site = await getSiteSettings(db, user);
    renderSettings(res, 200, site, '/site-settings', storedFormValues(site), {});
  }

  /** POST /site-settings — saves them; bad input re-renders the form with 400 */
  async function postSiteSettings(req: Request, res: Response, user: CurrentUser) {
    const site = await getSiteSettings(db, user);
    await saveSettings(req, res, user, site, '/site-settings');
  }

  /** GET /sites/:id/settings — the rules and weights of any site */
  async function getSiteSettingsByIdPage(req: Request, res: Response) {
    const site = await getSiteSettingsById(db, siteIdOf(req));
    renderSettings(res, 200, site, `/sites/${site.id}/settings`, storedFormValues(site), {});
  }

  /** POST /sites/:id/settings — saves them; bad input re-renders the form with 400 */
  async function postSiteSettingsById(req: Request, res: Response, user: CurrentUser) {
    const site = await getSiteSettingsById(db, siteIdOf(req));
    await saveSettings(req, res, user, site, `/sites/${site.id}/settings`);
  }

  /** GET /sites — every site with its zone, state and staff count */
  async function getSites(_req: Request, res: Response) {
    res.render('site-settings/sites', { title: 'Sites', sites: await listSites(db) });
  }

  /** GET /sites/new — the add-a-site form */
  function getNewSite(_req: Request, res: Response) {
    res.render('site-settings/new', { title: 'Add a site', states: US_STATES, values: {}, errors: {} });
  }

  /** POST /sites — adds the site with the default rules, then opens its settings */
  async function postSite(req: Request, res: Response, user: CurrentUser) {
    const fields = formFields(req.body);
    let site: { id: number; name: string };
    try {
      site = await createSite(db, user, parseForm(NewSiteForm, fields));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return res.status(400).render('site-settings/new', {
        title: 'Add a site',
        states: US_STATES,
        values: fields,
        errors: err.fieldErrors,
      });
    }
    await flash(req, sessions, {
      kind: 'success',
      message: `${site.name} added with the default rules; check them below.`,
    });
    res.redirect(303, `/sites/${site.id}/settings`);
  }

  return [
    { method: 'get', path: '/site-settings', access: 'MANAGER', handler: getSiteSettingsPage },
    { method: 'post', path: '/site-settings', access: 'MANAGER', handler: postSiteSettings },
    { method: 'get', path: '/sites', access: 'MANAGER', handler: getSites },
    { method: 'get', path: '/sites/new', access: 'MANAGER', handler: getNewSite },
    { method: 'post', path: '/sites', access: 'MANAGER', handler: postSite },
    { method: 'get', path: '/sites/:id/settings', access: 'MANAGER', handler: getSiteSettingsByIdPage },
    { method: 'post', path: '/sites/:id/settings', access: 'MANAGER', handler: postSiteSettingsById },
  ];
}

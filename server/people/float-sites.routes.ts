// The sites a staff member works at: their home site and the sites they float to.
import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { ValidationError } from '../http/errors';
import { formFields } from '../http/forms';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { flash } from '../http/session-middleware';
import { requireId } from './people-access';
import { floatSiteIdsFrom } from './float-sites.schemas';
import { getFloatSites, setFloatSites } from './float-sites.service';

export function floatSitesRoutes({ db, sessions }: AppDeps): RouteDef[] {
  /** GET /staff/:id/sites — the sites a person floats to, as checkboxes */
  async function getFloatSitesPage(req: Request, res: Response, user: CurrentUser) {
    const page = await getFloatSites(db, user, requireId(req.params.id));
    res.render('staff/sites', { title: 'Sites they work at', ...page, errors: {} });
  }

  /** POST /staff/:id/sites — saves the sites a person floats to */
  async function postFloatSites(req: Request, res: Response, user: CurrentUser) {
    const staffId = requireId(req.params.id);
    const siteIds = floatSiteIdsFrom(formFields(req.body));
    try {
      await setFloatSites(db, user, staffId, siteIds);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const page = await getFloatSites(db, user, staffId, siteIds);
      return res
        .status(400)
        .render('staff/sites', { title: 'Sites they work at', ...page, errors: err.fieldErrors });
    }
    await flash(req, sessions, { kind: 'success', message: 'The sites they work at were saved.' });
    res.redirect(303, `/staff/${staffId}#sites`);
  }

  return [
    { method: 'get', path: '/staff/:id/sites', access: 'MANAGER', handler: getFloatSitesPage },
    { method: 'post', path: '/staff/:id/sites', access: 'MANAGER', handler: postFloatSites },
  ];
}

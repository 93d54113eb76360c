import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { NotFoundError } from '../http/errors';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { flash, keepOnce, takeOnce } from '../http/session-middleware';
import { StaffIdParam } from './calendar.schemas';
import {
  buildFeed,
  calendarMessages,
  getCalendarPage,
  getFeedStatus,
  resetFeedToken,
  revokeFeedToken,
} from './calendar.service';
import { getSiteForUser } from '../sites/sites.service';

/** The app's own origin as the browser reached it (behind a proxy, from X-Forwarded-* when trusted). */
function originOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

export function calendarRoutes({ db, sessions }: AppDeps): RouteDef[] {
  /** GET /calendar/:token.ics — the private iCalendar feed; the token is the credential */
  async function getCalendarFeed(req: Request, res: Response) {
    const token = typeof req.params.token === 'string' ? req.params.token : '';
    const body = await buildFeed(db, token);
    res.set('Content-Type', 'text/calendar; charset=utf-8');
    res.set('Content-Disposition', 'inline; filename="shifts.ics"');
    // Calendar apps poll; a new version must show up on their next poll, and no shared cache may keep it.
    res.set('Cache-Control', 'private, no-cache');
    res.set('X-Robots-Tag', 'noindex');
    res.send(body);
  }

  /** GET /my/calendar — the person's subscription link, with the reset button */
  async function getMyCalendar(req: Request, res: Response, user: CurrentUser) {
    const made = await takeOnce(req, sessions, 'calendarToken');
    const page = await getCalendarPage(db, user.id, originOf(req), made ?? null);
    res.render('calendar/mine', { title: 'My calendar', ...page });
  }

  /** POST /my/calendar/reset — issues a new link; the old one stops working */
  async function postMyCalendarReset(req: Request, res: Response, user: CurrentUser) {
    const { replaced, token } = await resetFeedToken(db, user.id, req.ip ?? '');
    // Only the hash is stored: the next page shows the address this once.
    await keepOnce(req, sessions, { calendarToken: token });
    await flash(req, sessions, {
      kind: 'success',
      message: replaced ? calendarMessages.reset : calendarMessages.created,
    });
    res.redirect(303, '/my/calendar');
  }

  /** GET /calendar/feeds — who has a working calendar link, with a revoke button each (manager) */
  async function getCalendarFeeds(req: Request, res: Response, user: CurrentUser) {
    const site = await getSiteForUser(db, user);
    res.render('calendar/feeds', { title: 'Calendar links', site, people: await getFeedStatus(db, site.id) });
  }

  /** POST /calendar/feeds/:staffId/revoke — turns off a person's calendar link (manager, audit-logged) */
  async function postCalendarFeedRevoke(req: Request, res: Response, user: CurrentUser) {
    const parsed = StaffIdParam.safeParse(req.params);
    if (!parsed.success) throw new NotFoundError();
    const site = await getSiteForUser(db, user);
    const result = await revokeFeedToken(db, user.id, parsed.data.staffId, site.id, req.ip ?? '');
    await flash(req, sessions, {
      kind: result.revoked ? 'success' : 'info',
      message: result.revoked
        ? calendarMessages.revoked(result.name)
        : calendarMessages.noneToRevoke(result.name),
    });
    res.redirect(303, '/calendar/feeds');
  }

  return [
    { method: 'get', path: '/calendar/:token.ics', access: 'public', handler: getCalendarFeed },
    { method: 'get', path: '/my/calendar', access: 'STAFF', handler: getMyCalendar },
    { method: 'post', path: '/my/calendar/reset', access: 'STAFF', handler: postMyCalendarReset },
    { method: 'get', path: '/calendar/feeds', access: 'MANAGER', handler: getCalendarFeeds },
    {
      method: 'post',
      path: '/calendar/feeds/:staffId/revoke',
      access: 'MANAGER',
      handler: postCalendarFeedRevoke,
    },
  ];
}

import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { formFields, parseForm } from '../http/forms';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { flash } from '../http/session-middleware';
import { WeekQuery } from '../shifts/my-shifts.schemas';
import { TeamVisibilityForm } from './team.schemas';
import { getTeamSchedule, setTeamVisibility, teamMessages } from './team.service';

export function teamRoutes({ db, sessions }: AppDeps): RouteDef[] {
  /** GET /team-schedule — the published week of the user's site, read-only (staff only if shared) */
  async function getTeamSchedulePage(req: Request, res: Response, user: CurrentUser) {
    const { week } = WeekQuery.parse(req.query);
    const team = await getTeamSchedule(db, user, week);
    res.render('team/index', { title: 'Team schedule', ...team, canManage: user.role === 'MANAGER' });
  }

  /** POST /team-schedule/visibility — a manager shares the team schedule with staff or stops sharing it */
  async function postTeamScheduleVisibility(req: Request, res: Response, user: CurrentUser) {
    const form = parseForm(TeamVisibilityForm, formFields(req.body));
    await setTeamVisibility(db, user, form.visible, req.ip ?? '');
    await flash(req, sessions, {
      kind: 'success',
      message: form.visible ? teamMessages.shown : teamMessages.hiddenNow,
    });
    res.redirect(303, '/team-schedule');
  }

  return [
    { method: 'get', path: '/team-schedule', access: 'STAFF', handler: getTeamSchedulePage, cache: true },
    {
      method: 'post',
      path: '/team-schedule/visibility',
      access: 'MANAGER',
      handler: postTeamScheduleVisibility,
    },
  ];
}

import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { WeekQuery } from './my-shifts.schemas';
import { getMyShifts } from './my-shifts.service';

export function myShiftsRoutes({ db }: AppDeps): RouteDef[] {
  /** GET /my/shifts — the signed-in person's published shifts: a week view and the upcoming list */
  async function getMyShiftsPage(req: Request, res: Response, user: CurrentUser) {
    const { week } = WeekQuery.parse(req.query);
    const data = await getMyShifts(db, user, week === undefined ? {} : { week });
    res.render('my-shifts/index', { title: 'My shifts', my: data });
  }

  return [{ method: 'get', path: '/my/shifts', access: 'STAFF', handler: getMyShiftsPage, cache: true }];
}

import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { getLeadToday, getManagerDashboard, getStaffHome } from './home.service';

export function homeRoutes({ db }: AppDeps): RouteDef[] {
  /** GET / — the home page of the user's app role: dashboard, today, or my shifts */
  async function getHome(req: Request, res: Response, user: CurrentUser) {
    if (user.role === 'MANAGER') {
      return res.render('home/manager', { title: 'Dashboard', ...(await getManagerDashboard(db, user)) });
    }
    if (user.role === 'LEAD') {
      return res.render('home/lead', { title: 'Today', ...(await getLeadToday(db, user)) });
    }
    res.render('home/staff', { title: 'My shifts', ...(await getStaffHome(db, user)) });
  }

  return [{ method: 'get', path: '/', access: 'STAFF', handler: getHome, cache: true }];
}

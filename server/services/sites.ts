import { DateTime } from 'luxon';
import type { Db } from '../db';
import { NotFoundError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';

export interface SiteSummary {
  id: number;
  name: string;
  timeZone: string;
  usState: string;
}

/** The site a user works at; a manager without a staff record sees the first site. */
export async function getSiteForUser(db: Db, user: CurrentUser): Promise<SiteSummary> {
  const select = { id: true, name: true, timeZone: true, usState: true } as const;
  const site =
    user.siteId !== null
      ? await db.site.findUnique({ where: { id: user.siteId }, select })
      : await db.site.findFirst({ orderBy: { id: 'asc' }, select });
  if (!site) throw new NotFoundError('No pharmacy site has been set up yet.');
  return site;
}

/** Today's date (YYYY-MM-DD) where the site is, which is not the server's date near midnight. */
export function todayAt(timeZone: string, now: Date = new Date()): string {
  return DateTime.fromJSDate(now, { zone: timeZone }).toISODate() ?? '';
}

export function addDays(isoDate: string, days: number): string {
  return DateTime.fromISO(isoDate).plus({ days }).toISODate() ?? isoDate;
}

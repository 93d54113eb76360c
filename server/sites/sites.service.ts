import { DateTime } from 'luxon';
import type { Db } from '../db/client';
import { NotFoundError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import { recordAudit } from '../account/auth.service';
import * as repo from './sites.repository';

export interface SiteSummary {
  id: number;
  name: string;
  timeZone: string;
  usState: string;
}

/** The site a user works at; a manager without a staff record sees the first site. */
export async function getSiteForUser(db: Db, user: CurrentUser): Promise<SiteSummary> {
  const site =
    user.siteId !== null ? await repo.findSiteSummary(db, user.siteId) : await repo.findFirstSite(db);
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

export interface SiteSettings extends SiteSummary {
  noticeWindowDays: number;
  weightNoticeChange: number;
  weightStability: number;
}

/** The settings of the user's site (a manager without a staff record: the first site). */
export async function getSiteSettings(db: Db, user: CurrentUser): Promise<SiteSettings> {
  const site = await getSiteForUser(db, user);
  return repo.findSiteSettings(db, site.id);
}

/** Saves the notice window of the user's site, with an audit entry of the old and new values. */
export async function updateSiteSettings(
  db: Db,
  user: CurrentUser,
  values: { noticeWindowDays: number; weightNoticeChange: number },
): Promise<SiteSettings> {
  const before = await getSiteSettings(db, user);
  return db.$transaction(async (tx) => {
    const after = await repo.saveSiteSettings(tx, before.id, values);
    await recordAudit(tx, {
      actorId: user.id,
      action: 'site.settings',
      entity: 'Site',
      entityId: before.id,
      detail: `notice window ${before.noticeWindowDays} → ${after.noticeWindowDays} days; cost per change inside it ${before.weightNoticeChange} → ${after.weightNoticeChange}`,
    });
    return after;
  });
}

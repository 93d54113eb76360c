import { DateTime } from 'luxon';
import type { Db } from '../db/client';
import { NotFoundError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import { recordAudit } from '../account/auth.service';
import { describeChanges, type SiteSettingValues } from './site-rules';
import type { NewSiteValues } from './site-settings.schemas';
import * as repo from './sites.repository';
import type { SiteSettingsRow } from './sites.repository';

export type { SiteSettingsRow } from './sites.repository';

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

/**
 * The sites a user may see: a manager attached to a site (through their staff record) that site
 * only, an administrator without one every site (as on the schedules list).
 */
export function sitesVisibleTo(db: Db, user: CurrentUser): Promise<SiteSummary[]> {
  return repo.listSiteSummaries(db, user.siteId);
}

/** Today's date (YYYY-MM-DD) where the site is, which is not the server's date near midnight. */
export function todayAt(timeZone: string, now: Date = new Date()): string {
  return DateTime.fromJSDate(now, { zone: timeZone }).toISODate() ?? '';
}

export function addDays(isoDate: string, days: number): string {
  return DateTime.fromISO(isoDate).plus({ days }).toISODate() ?? isoDate;
}

/** The settings of the user's site (a manager without a staff record: the first site). */
export async function getSiteSettings(db: Db, user: CurrentUser): Promise<SiteSettingsRow> {
  const site = await getSiteForUser(db, user);
  return getSiteSettingsById(db, site.id);
}

/** The settings of one site; a site that does not exist is a 404. */
export async function getSiteSettingsById(db: Db, siteId: number): Promise<SiteSettingsRow> {
  const site = await repo.findSiteSettings(db, siteId);
  if (!site) throw new NotFoundError('That site does not exist.');
  return site;
}

/** Saves a site's rules and weights, with an audit entry naming each value that changed. */
export async function updateSiteSettings(
  db: Db,
  user: CurrentUser,
  siteId: number,
  values: SiteSettingValues,
): Promise<SiteSettingsRow> {
  return db.$transaction(async (tx) => {
    const before = await repo.findSiteSettings(tx, siteId);
    if (!before) throw new NotFoundError('That site does not exist.');
    const after = await repo.updateSiteSettingsRow(tx, siteId, values);
    const detail = describeChanges(before, after);
    if (detail !== '') {
      await recordAudit(tx, {
        actorId: user.id,
        action: 'site.settings',
        entity: 'Site',
        entityId: siteId,
        detail,
        siteId,
      });
    }
    return after;
  });
}

/** Every site, for the sites page. */
export function listSites(db: Db) {
  return repo.listSitesWithCounts(db);
}

/** Adds a site with the default rules and weights, audited. */
export async function createSite(
  db: Db,
  user: CurrentUser,
  values: NewSiteValues,
): Promise<{ id: number; name: string }> {
  return db.$transaction(async (tx) => {
    const site = await repo.insertSite(tx, values);
    await recordAudit(tx, {
      actorId: user.id,
      action: 'site.create',
      entity: 'Site',
      entityId: site.id,
      detail: `${values.name} (${values.usState}, ${values.timeZone})`,
      siteId: site.id,
    });
    return site;
  });
}

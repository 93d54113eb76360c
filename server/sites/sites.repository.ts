// Prisma access for pharmacy sites: who works where, their rules and weights, and adding one.
import type { Db, Tx } from '../db/client';
import type { SiteSettingValues } from './site-rules';

type SiteSummaryRow = { id: number; name: string; timeZone: string; usState: string };

const summarySelect = { id: true, name: true, timeZone: true, usState: true } as const;

export function findSiteSummary(db: Db, id: number): Promise<SiteSummaryRow | null> {
  return db.site.findUnique({ where: { id }, select: summarySelect });
}

/** Every site, or only the one given, oldest first. */
export function listSiteSummaries(db: Db, onlyId: number | null): Promise<SiteSummaryRow[]> {
  return db.site.findMany({
    where: onlyId === null ? {} : { id: onlyId },
    orderBy: { id: 'asc' },
    select: summarySelect,
  });
}

/** The first site set up, which a manager without a staff record works at. */
export function findFirstSite(db: Db): Promise<SiteSummaryRow | null> {
  return db.site.findFirst({ orderBy: { id: 'asc' }, select: summarySelect });
}

/** A site with every setting the settings page edits. */
export const siteSettingsSelect = {
  id: true,
  name: true,
  timeZone: true,
  usState: true,
  setting: true,
  techRatio: true,
  minRestMinutes: true,
  maxConsecutiveDays: true,
  overtimeThresholdMinutes: true,
  noticeWindowDays: true,
  weightCoverageGap: true,
  weightUnderMinHours: true,
  weightTargetDeviation: true,
  weightUndesiredShift: true,
  weightNonPreferredShift: true,
  weightWeekendFairness: true,
  weightLabourCost: true,
  weightStability: true,
  weightNoticeChange: true,
  teamScheduleVisible: true,
} as const;

export function findSiteSettings(db: Db | Tx, siteId: number) {
  return db.site.findUnique({ where: { id: siteId }, select: siteSettingsSelect });
}
export type SiteSettingsRow = NonNullable<Awaited<ReturnType<typeof findSiteSettings>>>;

export function updateSiteSettingsRow(tx: Db | Tx, siteId: number, values: SiteSettingValues) {
  return tx.site.update({ where: { id: siteId }, data: values, select: siteSettingsSelect });
}

/** Every site by name, with how many active staff work there. */
export function listSitesWithCounts(db: Db) {
  return db.site.findMany({
    select: {
      id: true,
      name: true,
      timeZone: true,
      usState: true,
      _count: { select: { staff: { where: { active: true } } } },
    },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
}

/** A new site with the schema's default rules and weights. */
export function insertSite(tx: Db | Tx, values: { name: string; timeZone: string; usState: string }) {
  return tx.site.create({ data: values, select: { id: true, name: true } });
}

/** The first active manager: who plans the demo site's first week. */
export async function findFirstActiveManagerId(db: Db): Promise<number | null> {
  const manager = await db.user.findFirst({
    where: { role: 'MANAGER', active: true },
    orderBy: { id: 'asc' },
    select: { id: true },
  });
  return manager?.id ?? null;
}

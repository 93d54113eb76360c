// Prisma access for sites: their rules and weights, and adding one.
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../db/client';
import type { SiteSettingValues } from './site-rules';

type Tx = Db | Prisma.TransactionClient;

/** A site with every setting the settings page edits. */
export const siteSettingsSelect = {
  id: true,
  name: true,
  timeZone: true,
  usState: true,
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

export function findSiteSettings(db: Tx, siteId: number) {
  return db.site.findUnique({ where: { id: siteId }, select: siteSettingsSelect });
}
export type SiteSettingsRow = NonNullable<Awaited<ReturnType<typeof findSiteSettings>>>;

export function updateSiteSettingsRow(tx: Tx, siteId: number, values: SiteSettingValues) {
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
export function insertSite(tx: Tx, values: { name: string; timeZone: string; usState: string }) {
  return tx.site.create({ data: values, select: { id: true, name: true } });
}

// Prisma access for pharmacy sites: who works where and the site's settings.
import type { Db, Tx } from '../db/client';

// Rows are plain objects; sites.service names their shapes (SiteSummary, SiteSettings).
type SiteSummaryRow = { id: number; name: string; timeZone: string; usState: string };
type SiteSettingsRow = SiteSummaryRow & {
  noticeWindowDays: number;
  weightNoticeChange: number;
  weightStability: number;
};

const summarySelect = { id: true, name: true, timeZone: true, usState: true } as const;

const settingsSelect = {
  ...summarySelect,
  noticeWindowDays: true,
  weightNoticeChange: true,
  weightStability: true,
} as const;

export function findSiteSummary(db: Db, id: number): Promise<SiteSummaryRow | null> {
  return db.site.findUnique({ where: { id }, select: summarySelect });
}

/** The first site set up, which a manager without a staff record works at. */
export function findFirstSite(db: Db): Promise<SiteSummaryRow | null> {
  return db.site.findFirst({ orderBy: { id: 'asc' }, select: summarySelect });
}

export function findSiteSettings(db: Db, id: number): Promise<SiteSettingsRow> {
  return db.site.findUniqueOrThrow({ where: { id }, select: settingsSelect });
}

export function saveSiteSettings(
  tx: Db | Tx,
  id: number,
  values: { noticeWindowDays: number; weightNoticeChange: number },
): Promise<SiteSettingsRow> {
  return tx.site.update({ where: { id }, data: values, select: settingsSelect });
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

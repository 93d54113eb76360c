// Prisma calls for the team schedule page.
import type { Db } from '../db/client';

export { findPublishedSlotsOfSite, type SlotRow } from './publish.repository';

export async function readTeamScheduleVisible(db: Db, siteId: number): Promise<boolean> {
  const site = await db.site.findUnique({ where: { id: siteId }, select: { teamScheduleVisible: true } });
  return site?.teamScheduleVisible ?? false;
}

export async function setTeamScheduleVisible(db: Db, siteId: number, visible: boolean): Promise<void> {
  await db.site.update({ where: { id: siteId }, data: { teamScheduleVisible: visible } });
}

/** The published versions covering a week (usually one), for the page's "version N" note. */
export async function findPublishedVersionsForWeek(
  db: Db,
  siteId: number,
  from: string,
  to: string,
): Promise<{ version: number; publishedAt: Date | null }[]> {
  return db.schedule.findMany({
    where: { siteId, status: 'PUBLISHED', periodEnd: { gte: from }, periodStart: { lte: to } },
    select: { version: true, publishedAt: true },
    orderBy: { periodStart: 'asc' },
  });
}

// Prisma calls for the team schedule page.
import type { Db } from '../db/client';

export async function readTeamScheduleVisible(db: Db, siteId: number): Promise<boolean> {
  const site = await db.site.findUnique({ where: { id: siteId }, select: { teamScheduleVisible: true } });
  return site?.teamScheduleVisible ?? false;
}

export async function setTeamScheduleVisible(db: Db, siteId: number, visible: boolean): Promise<void> {
  await db.site.update({ where: { id: siteId }, data: { teamScheduleVisible: visible } });
}

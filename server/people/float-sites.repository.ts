// Prisma access for the sites a staff member floats to (StaffSite).
import type { Db, Tx } from '../db/client';

export interface SiteChoice {
  id: number;
  name: string;
  usState: string;
  district: string | null;
}

/** Every site, first made first: the choices of a person's float sites. */
export async function listSiteChoices(db: Db): Promise<SiteChoice[]> {
  return db.site.findMany({
    select: { id: true, name: true, usState: true, district: true },
    orderBy: { id: 'asc' },
  });
}

/** The ids of the sites a person floats to. */
export async function listFloatSiteIds(db: Db | Tx, staffId: number): Promise<number[]> {
  const rows = await db.staffSite.findMany({
    where: { staffId },
    select: { siteId: true },
    orderBy: { siteId: 'asc' },
  });
  return rows.map((r) => r.siteId);
}

/** Replaces a person's float sites. */
export async function replaceFloatSites(tx: Tx, staffId: number, siteIds: number[]): Promise<void> {
  await tx.staffSite.deleteMany({ where: { staffId } });
  if (siteIds.length > 0)
    await tx.staffSite.createMany({ data: siteIds.map((siteId) => ({ staffId, siteId })) });
}

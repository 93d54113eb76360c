// Prisma access for the home pages: the counts on the manager's dashboard and the staff member's
// credential alerts. Reads only; each area's own pages write these tables.
import type { Db } from '../db/client';

export function countActiveStaff(db: Db, siteId: number): Promise<number> {
  return db.staff.count({ where: { siteId, active: true } });
}

export function countPendingTimeOff(db: Db, siteId: number): Promise<number> {
  return db.timeOffRequest.count({ where: { status: 'PENDING', staff: { siteId } } });
}

/** Requests to be unavailable on a day with a published shift (exceptions waiting for a decision). */
export function countPendingUnavailability(db: Db, siteId: number): Promise<number> {
  return db.availabilityException.count({ where: { status: 'PENDING', staff: { siteId } } });
}

/** Open tasks per board. */
export async function countOpenTasksByBoard(
  db: Db,
  siteId: number,
): Promise<{ board: string; count: number }[]> {
  const groups = await db.task.groupBy({
    by: ['board'],
    where: { siteId, closedAt: null },
    _count: { _all: true },
  });
  return groups.map((t) => ({ board: t.board, count: t._count._all }));
}

/** A person's credentials expiring on or before a date (expired ones included), soonest first. */
export async function listCredentialsExpiringBy(
  db: Db,
  staffId: number,
  lastDate: string,
): Promise<{ credential: string; expiresOn: string | null }[]> {
  const rows = await db.credential.findMany({
    where: { staffId, expiresOn: { lte: lastDate } },
    select: { expiresOn: true, credentialType: { select: { name: true } } },
    orderBy: { expiresOn: 'asc' },
  });
  return rows.map((c) => ({ credential: c.credentialType.name, expiresOn: c.expiresOn }));
}

// Prisma access for server-side sessions.
import type { Db } from '../db/client';

export async function createSession(
  db: Db,
  row: { id: string; userId: number; csrfToken: string; expiresAt: Date; lastSeenAt: Date },
): Promise<void> {
  await db.session.create({ data: row, select: { id: true } });
}

/** A session with the signed-in user it belongs to. */
export function findSessionWithUser(db: Db, id: string) {
  return db.session.findUnique({
    where: { id },
    select: {
      id: true,
      csrfToken: true,
      data: true,
      expiresAt: true,
      lastSeenAt: true,
      user: {
        select: {
          id: true,
          email: true,
          role: true,
          active: true,
          mustChangePassword: true,
          staff: { select: { id: true, siteId: true, firstName: true, lastName: true } },
        },
      },
    },
  });
}

export async function updateSessionExpiry(
  db: Db,
  id: string,
  times: { lastSeenAt: Date; expiresAt: Date },
): Promise<void> {
  await db.session.update({ where: { id }, data: times, select: { id: true } });
}

export async function updateSessionData(db: Db, id: string, data: string): Promise<void> {
  await db.session.updateMany({ where: { id }, data: { data } });
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.session.deleteMany({ where: { id } });
}

export async function deleteSessionsOfUser(db: Db, userId: number): Promise<void> {
  await db.session.deleteMany({ where: { userId } });
}

/** Deletes sessions expired by `now`; returns how many. */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}

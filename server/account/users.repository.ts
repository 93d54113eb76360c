// Prisma access for user accounts: sign-in lookups, passwords and the last sign-in time.
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../db/client';

/** The account with this email, with what a sign-in checks. */
export function findUserForSignIn(db: Db, email: string) {
  return db.user.findUnique({
    where: { email },
    select: { id: true, role: true, active: true, passwordHash: true },
  });
}

/** The site of the account with this email (null when there is no such account or no staff record). */
export async function findSiteIdOfEmail(db: Db, email: string): Promise<number | null> {
  const user = await db.user.findUnique({
    where: { email },
    select: { staff: { select: { siteId: true } } },
  });
  return user?.staff?.siteId ?? null;
}

/** The site of the user's staff record, if any. */
export async function findSiteIdOfUser(
  db: Db | Prisma.TransactionClient,
  userId: number,
): Promise<number | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { staff: { select: { siteId: true } } },
  });
  return user?.staff?.siteId ?? null;
}

export async function findPasswordHash(db: Db, userId: number): Promise<string> {
  const row = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  return row.passwordHash;
}

/** Sets a new password and ends every other session of the user, in one transaction. */
export async function replacePassword(
  db: Db,
  userId: number,
  keepSessionId: string,
  passwordHash: string,
): Promise<void> {
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { passwordHash, mustChangePassword: false } }),
    db.session.deleteMany({ where: { userId, id: { not: keepSessionId } } }),
  ]);
}

export async function updateLastSignIn(db: Db, userId: number, at: Date): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { lastSignInAt: at }, select: { id: true } });
}

/** The demo pharmacy's active sign-ins (emails under the demo domain), for the start-up message. */
export function findDemoSignIns(db: Db, domain: string) {
  return db.user.findMany({
    where: { email: { endsWith: `@${domain}` }, active: true },
    select: { email: true, role: true },
    orderBy: { email: 'asc' },
  });
}

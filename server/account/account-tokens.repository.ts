// Prisma calls of invitations and password resets: single-use tokens stored as their SHA-256.
import type { Prisma } from '../../generated/prisma/client';
import type { AccountTokenPurpose } from '../../generated/prisma/enums';
import type { Db } from '../db/client';

type DbOrTx = Db | Prisma.TransactionClient;

/** Stores a new token and spends the person's earlier unused ones of the same purpose. */
export async function replaceAccountToken(
  tx: DbOrTx,
  userId: number,
  purpose: AccountTokenPurpose,
  tokenHash: string,
  expiresAt: Date,
  now: Date,
): Promise<void> {
  await tx.accountToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } });
  await tx.accountToken.create({ data: { userId, purpose, tokenHash, expiresAt }, select: { id: true } });
}

export interface TokenRow {
  id: number;
  userId: number;
  purpose: AccountTokenPurpose;
  expiresAt: Date;
  usedAt: Date | null;
  email: string;
  active: boolean;
}

export async function findAccountToken(db: DbOrTx, tokenHash: string): Promise<TokenRow | null> {
  const row = await db.accountToken.findUnique({
    where: { tokenHash },
    select: {
      id: true,
      userId: true,
      purpose: true,
      expiresAt: true,
      usedAt: true,
      user: { select: { email: true, active: true } },
    },
  });
  return row
    ? {
        id: row.id,
        userId: row.userId,
        purpose: row.purpose,
        expiresAt: row.expiresAt,
        usedAt: row.usedAt,
        email: row.user.email,
        active: row.user.active,
      }
    : null;
}

/** Spends a token that is still unused and unexpired; false when someone spent it first. */
export async function spendAccountToken(tx: DbOrTx, id: number, now: Date): Promise<boolean> {
  const { count } = await tx.accountToken.updateMany({
    where: { id, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  return count === 1;
}

/** Sets the password, clears the one-time-password flag and ends every session of the person. */
export async function setPasswordAndEndSessions(
  tx: DbOrTx,
  userId: number,
  passwordHash: string,
): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { passwordHash, mustChangePassword: false } });
  await tx.session.deleteMany({ where: { userId } });
}

export async function findActiveUserByEmail(
  db: DbOrTx,
  email: string,
): Promise<{ id: number; name: string | null } | null> {
  const row = await db.user.findFirst({
    where: { email, active: true },
    select: { id: true, staff: { select: { firstName: true, lastName: true } } },
  });
  return row ? { id: row.id, name: row.staff ? `${row.staff.firstName} ${row.staff.lastName}` : null } : null;
}

/** The account of a staff member just created in the same transaction. */
export async function findUserIdOfStaff(tx: DbOrTx, staffId: number): Promise<number> {
  return (await tx.user.findUniqueOrThrow({ where: { staffId }, select: { id: true } })).id;
}

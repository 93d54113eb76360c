// Prisma access for the sign-in limit counters (SignInLimit rows, one per key).
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../db/client';

type Tx = Prisma.TransactionClient;

export interface SignInLimitCounts {
  failures: number;
  windowStart: Date;
  lockedUntil: Date | null;
}

export function findSignInLimits(tx: Tx, keys: string[]) {
  return tx.signInLimit.findMany({
    where: { key: { in: keys } },
    select: { key: true, failures: true, windowStart: true, lockedUntil: true, updatedAt: true },
  });
}

export async function countRefusals(tx: Tx, keys: string[]): Promise<void> {
  await tx.signInLimit.updateMany({ where: { key: { in: keys } }, data: { refused: { increment: 1 } } });
}

/** Writes a key's counts; `resetRefused` starts its refusal count again (a fresh window). */
export async function saveSignInLimit(
  tx: Tx,
  key: string,
  counts: SignInLimitCounts,
  resetRefused: boolean,
): Promise<void> {
  const data = { ...counts, ...(resetRefused ? { refused: 0 } : {}) };
  await tx.signInLimit.upsert({
    where: { key },
    create: { key, ...data },
    update: data,
    select: { key: true },
  });
}

export async function deleteSignInLimits(tx: Tx, keys: string[]): Promise<void> {
  await tx.signInLimit.deleteMany({ where: { key: { in: keys } } });
}

export async function findFailures(tx: Tx, key: string): Promise<number | null> {
  const row = await tx.signInLimit.findUnique({ where: { key }, select: { failures: true } });
  return row?.failures ?? null;
}

export async function updateFailures(tx: Tx, key: string, failures: number, unlock: boolean): Promise<void> {
  await tx.signInLimit.update({
    where: { key },
    data: { failures, ...(unlock ? { lockedUntil: null } : {}) },
    select: { key: true },
  });
}

export async function deleteSignInLimitsUpdatedBefore(db: Db, before: Date): Promise<void> {
  await db.signInLimit.deleteMany({ where: { updatedAt: { lt: before } } });
}

import type { Db } from './client';
import { providerOf } from './client';

/** A Prisma client or an interactive transaction (locks only mean something inside one). */
type Tx = Pick<Db, 'user' | 'schedule' | '$executeRaw'>;

/**
 * Serialises the transactions that change one site's schedule for one week: publish, a new version
 * from the published one, saving a solve, call-out repair and edits. Call it first in the
 * transaction; it waits for any other such transaction of the same site-week to commit, so version
 * numbers read-then-written and "the published one" are never decided on a stale read.
 * PostgreSQL runs transactions concurrently (READ COMMITTED): an advisory transaction lock, keyed by
 * (site id, days since 1970 of the week's first day), released at commit or rollback.
 * SQLite: nothing to do — the driver adapter runs one transaction at a time per process, and a
 * second process's write waits for the file's write lock (busy timeout), then fails rather than
 * interleaving; several processes writing one SQLite file is not a supported set-up.
 */
export async function withWeekLock(tx: Tx, siteId: number, weekStart: string): Promise<void> {
  if (providerOf(tx) !== 'postgresql') return;
  const day = Math.floor(Date.parse(`${weekStart}T00:00:00Z`) / 86_400_000);
  if (!Number.isFinite(day)) throw new Error(`withWeekLock: not a date: ${weekStart}`);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${siteId}::int, ${day}::int)`;
}

/** withWeekLock for the site-week of a schedule (none when it does not exist: the caller's 404 follows). */
export async function withScheduleWeekLock(tx: Tx, scheduleId: number): Promise<void> {
  if (providerOf(tx) !== 'postgresql') return;
  const week = await tx.schedule.findUnique({
    where: { id: scheduleId },
    select: { siteId: true, periodStart: true },
  });
  if (week) await withWeekLock(tx, week.siteId, week.periodStart);
}

/**
 * Serialises transactions on named keys (sign-in limit rows, the solve queue) on PostgreSQL, in a
 * fixed order so two transactions wanting overlapping keys cannot deadlock. A no-op on SQLite
 * (one transaction at a time, as above).
 */
export async function withKeyLocks(tx: Tx, keys: string[]): Promise<void> {
  if (providerOf(tx) !== 'postgresql') return;
  for (const key of [...new Set(keys)].sort()) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
  }
}

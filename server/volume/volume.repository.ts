// Every Prisma call of the volume area: prescription counts, forecast adjustments and the
// productivity standards of a site's positions.
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../db/client';

type Tx = Prisma.TransactionClient;

export interface CountRow {
  date: string;
  hour: number | null;
  queue: string;
  count: number;
}

/**
 * Writes counts so that importing the same rows again changes nothing: each site-day(-hour)(-queue)
 * keeps only the count imported last.
 */
export async function replaceCounts(tx: Tx, siteId: number, rows: readonly CountRow[]): Promise<void> {
  for (const row of rows)
    await tx.volumeCount.deleteMany({ where: { siteId, date: row.date, hour: row.hour, queue: row.queue } });
  await tx.volumeCount.createMany({ data: rows.map((r) => ({ siteId, ...r })) });
}

/** Counts of the site between two dates (inclusive), oldest first. */
export async function findCounts(db: Db | Tx, siteId: number, from: string, to: string): Promise<CountRow[]> {
  return db.volumeCount.findMany({
    where: { siteId, date: { gte: from, lte: to } },
    select: { date: true, hour: true, queue: true, count: true },
    orderBy: [{ date: 'asc' }, { hour: 'asc' }, { queue: 'asc' }],
  });
}

/** First and last day with a count, or null for a site without history. */
export async function countSpan(
  db: Db,
  siteId: number,
): Promise<{ first: string; last: string; rows: number } | null> {
  const result = await db.volumeCount.aggregate({
    where: { siteId },
    _min: { date: true },
    _max: { date: true },
    _count: { _all: true },
  });
  if (!result._min.date || !result._max.date) return null;
  return { first: result._min.date, last: result._max.date, rows: result._count._all };
}

export interface AdjustmentRow {
  date: string;
  multiplier: number;
  note: string;
}

export async function findAdjustments(
  db: Db,
  siteId: number,
  from: string,
  to: string,
): Promise<AdjustmentRow[]> {
  return db.volumeAdjustment.findMany({
    where: { siteId, date: { gte: from, lte: to } },
    select: { date: true, multiplier: true, note: true },
    orderBy: { date: 'asc' },
  });
}

/** Sets (or, with multiplier 1, removes) a day's adjustment. */
export async function saveAdjustment(tx: Tx, siteId: number, row: AdjustmentRow): Promise<void> {
  if (row.multiplier === 1) {
    await tx.volumeAdjustment.deleteMany({ where: { siteId, date: row.date } });
    return;
  }
  await tx.volumeAdjustment.upsert({
    where: { siteId_date: { siteId, date: row.date } },
    create: { siteId, ...row },
    update: { multiplier: row.multiplier, note: row.note },
  });
}

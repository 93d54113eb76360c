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
  // One delete per imported day (not per row): a year of hourly counts is 365 statements, not 4,800.
  const byDate = new Map<string, { hour: number | null; queue: string }[]>();
  for (const r of rows) byDate.set(r.date, [...(byDate.get(r.date) ?? []), { hour: r.hour, queue: r.queue }]);
  for (const [date, keys] of byDate) await tx.volumeCount.deleteMany({ where: { siteId, date, OR: keys } });
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
  db: Db | Tx,
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

export interface StandardRow {
  positionId: number;
  /** The queue whose volume the rate counts; '' for all prescriptions. */
  queue: string;
  rxPerLabourHour: number | null;
  minimumWhenOpen: number;
  /** JSON: [{ startHour, hours, name }] */
  fixedTasks: string;
}

export async function findStandards(db: Db | Tx, siteId: number): Promise<StandardRow[]> {
  return db.productivityStandard.findMany({
    where: { siteId },
    select: { positionId: true, queue: true, rxPerLabourHour: true, minimumWhenOpen: true, fixedTasks: true },
  });
}

/** The queues the site's counts were imported with (IV, NEW, …), by name. */
export async function findQueues(db: Db | Tx, siteId: number): Promise<string[]> {
  const rows = await db.volumeCount.findMany({
    where: { siteId, queue: { not: '' } },
    select: { queue: true },
    distinct: ['queue'],
    orderBy: { queue: 'asc' },
  });
  return rows.map((r) => r.queue);
}

/** Replaces the site's standards with `rows` (a position left out has none). */
export async function replaceStandards(tx: Tx, siteId: number, rows: readonly StandardRow[]): Promise<void> {
  await tx.productivityStandard.deleteMany({ where: { siteId } });
  if (rows.length > 0)
    await tx.productivityStandard.createMany({ data: rows.map((r) => ({ siteId, ...r })) });
}

export interface TemplateCoverageRow {
  id: number;
  name: string;
  weekdays: string;
  startMinute: number;
  endMinute: number;
  breakMinutes: number;
  coverage: { positionId: number; min: number; max: number | null }[];
}

/** The site's active templates with their coverage, for the staffing suggestion. */
export async function findActiveTemplates(db: Db | Tx, siteId: number): Promise<TemplateCoverageRow[]> {
  return db.shiftTemplate.findMany({
    where: { siteId, active: true },
    select: {
      id: true,
      name: true,
      weekdays: true,
      startMinute: true,
      endMinute: true,
      breakMinutes: true,
      coverage: { select: { positionId: true, min: true, max: true } },
    },
    orderBy: [{ startMinute: 'asc' }, { name: 'asc' }],
  });
}

export async function findPositions(db: Db | Tx): Promise<{ id: number; code: string; name: string }[]> {
  return db.position.findMany({
    select: { id: true, code: true, name: true },
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
  });
}

/** Sets a template's minimum for a position, raising a lower maximum to it. */
export async function setCoverageMin(
  tx: Tx,
  templateId: number,
  positionId: number,
  min: number,
): Promise<void> {
  const current = await tx.coverageRequirement.findUnique({
    where: { templateId_positionId: { templateId, positionId } },
    select: { max: true },
  });
  if (!current) {
    if (min > 0) await tx.coverageRequirement.create({ data: { templateId, positionId, min, max: min } });
    return;
  }
  await tx.coverageRequirement.update({
    where: { templateId_positionId: { templateId, positionId } },
    data: { min, ...(current.max !== null && current.max < min ? { max: min } : {}) },
  });
}

const budgetSelect = {
  budgetHours: true,
  budgetCents: true,
  budgetLabourPercent: true,
  revenuePerRxCents: true,
  budgetHard: true,
  weightOverBudget: true,
} as const;

export async function findBudgetSettings(db: Db | Tx, siteId: number) {
  return db.site.findUniqueOrThrow({ where: { id: siteId }, select: budgetSelect });
}

export async function saveBudgetSettings(
  tx: Tx,
  siteId: number,
  data: {
    budgetHours: number | null;
    budgetCents: number | null;
    budgetLabourPercent: number | null;
    revenuePerRxCents: number | null;
    budgetHard: boolean;
    weightOverBudget: number;
  },
): Promise<void> {
  await tx.site.update({ where: { id: siteId }, data, select: { id: true } });
}

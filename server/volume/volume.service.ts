// The volume area's decisions: importing and entering prescription counts, the history a manager
// looks at, and the forecast of a week with its error on the weeks before.
import { DateTime } from 'luxon';
import type { Db } from '../db/client';
import type { CurrentUser } from '../http/request-context';
import { recordAudit } from '../account/auth.service';
import { addDays, getSiteForUser, todayAt, type SiteSummary } from '../sites/sites.service';
import { backtest, forecastWeek, pointsFrom, type ForecastError, type WeekForecast } from './forecast';
import * as repo from './volume.repository';
import { parseVolumeCsv, type VolumeRowError } from './volume-csv';

export type ImportOutcome =
  | { ok: true; rows: number; days: number; first: string; last: string }
  | { ok: false; errors: VolumeRowError[] };

/** Imports every row of a volume CSV or none; importing the same file twice changes nothing. */
export async function importVolume(db: Db, user: CurrentUser, text: string): Promise<ImportOutcome> {
  const site = await getSiteForUser(db, user);
  const parsed = parseVolumeCsv(text, site.name);
  if (!parsed.ok) return parsed;
  const dates = [...new Set(parsed.rows.map((r) => r.date))].sort();
  await db.$transaction(async (tx) => {
    await repo.replaceCounts(
      tx,
      site.id,
      parsed.rows.map(({ date, hour, queue, count }) => ({ date, hour, queue, count })),
    );
    await recordAudit(tx, {
      actorId: user.id,
      action: 'volume.import',
      entity: 'Site',
      entityId: site.id,
      detail: `${parsed.rows.length} counts for ${dates.length} days, ${dates[0]} to ${dates.at(-1)}`,
      siteId: site.id,
    });
  });
  return { ok: true, rows: parsed.rows.length, days: dates.length, first: dates[0]!, last: dates.at(-1)! };
}

/** Enters (or corrects) one day's total by hand. */
export async function enterDayCount(
  db: Db,
  user: CurrentUser,
  entry: { date: string; count: number },
): Promise<void> {
  const site = await getSiteForUser(db, user);
  await db.$transaction(async (tx) => {
    await repo.replaceCounts(tx, site.id, [{ date: entry.date, hour: null, queue: '', count: entry.count }]);
    await recordAudit(tx, {
      actorId: user.id,
      action: 'volume.enter',
      entity: 'Site',
      entityId: site.id,
      detail: `${entry.date}: ${entry.count} prescriptions`,
      siteId: site.id,
    });
  });
}

/** Monday of the week `date` falls in. */
export function weekOf(date: string): string {
  const day = DateTime.fromISO(date, { zone: 'utc' });
  return day.minus({ days: day.weekday - 1 }).toISODate()!;
}

export interface VolumeHistory {
  site: SiteSummary;
  span: { first: string; last: string; rows: number } | null;
  /** Prescriptions per week for the last 52 weeks up to this week, oldest first. */
  weeks: { weekStart: string; total: number }[];
  /** Average prescriptions per hour of day (24 values) per weekday (Monday first), last 12 weeks. */
  hourly: number[][] | null;
}

const WEEKS_SHOWN = 52;
const HOURLY_WEEKS = 12;

export async function volumeHistory(db: Db, user: CurrentUser, now = new Date()): Promise<VolumeHistory> {
  const site = await getSiteForUser(db, user);
  const thisWeek = weekOf(todayAt(site.timeZone, now));
  const from = addDays(thisWeek, -7 * (WEEKS_SHOWN - 1));
  const points = pointsFrom(await repo.findCounts(db, site.id, from, addDays(thisWeek, 6)));
  const span = await repo.countSpan(db, site.id);
  const dayTotals = new Map<string, number>();
  const wholeDays = new Set(points.filter((p) => p.hour === null).map((p) => p.date));
  for (const p of points) {
    if (p.hour !== null && wholeDays.has(p.date)) continue;
    dayTotals.set(p.date, (dayTotals.get(p.date) ?? 0) + p.count);
  }
  const weeks = Array.from({ length: WEEKS_SHOWN }, (_, i) => {
    const weekStart = addDays(from, 7 * i);
    let total = 0;
    for (let d = 0; d < 7; d++) total += dayTotals.get(addDays(weekStart, d)) ?? 0;
    return { weekStart, total };
  });
  const hourlyFrom = addDays(thisWeek, -7 * HOURLY_WEEKS);
  const sums = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const daysSeen = Array.from({ length: 7 }, () => new Set<string>());
  let anyHourly = false;
  for (const p of points) {
    if (p.hour === null || p.date < hourlyFrom || p.date >= thisWeek) continue;
    const weekday = DateTime.fromISO(p.date, { zone: 'utc' }).weekday - 1;
    sums[weekday]![p.hour]! += p.count;
    daysSeen[weekday]!.add(p.date);
    anyHourly = true;
  }
  const hourly = anyHourly
    ? sums.map((hours, d) => hours.map((h) => h / Math.max(1, daysSeen[d]!.size)))
    : null;
  return { site, span, weeks, hourly };
}

export interface ForecastPage {
  site: SiteSummary;
  forecast: WeekForecast;
  /** The forecast's error on each of the four weeks before (each forecast from the history before it). */
  errors: ForecastError[];
  /** Actual daily totals of the four weeks before, Monday first, for the comparison table. */
  recent: { weekStart: string; days: number[]; total: number }[];
  adjustments: repo.AdjustmentRow[];
}

const HISTORY_WEEKS = 12;
const BACKTEST_WEEKS = 4;

export async function weekForecast(db: Db, user: CurrentUser, weekStart: string): Promise<ForecastPage> {
  const site = await getSiteForUser(db, user);
  const from = addDays(weekStart, -7 * (HISTORY_WEEKS + BACKTEST_WEEKS));
  const points = pointsFrom(await repo.findCounts(db, site.id, from, addDays(weekStart, -1)));
  const adjustmentRows = await repo.findAdjustments(db, site.id, from, addDays(weekStart, 6));
  const adjustments = Object.fromEntries(adjustmentRows.map((a) => [a.date, a.multiplier]));
  const options = { weeksOfHistory: HISTORY_WEEKS, adjustments };
  const forecast = forecastWeek(points, weekStart, options);
  const errors = backtest(points, weekStart, BACKTEST_WEEKS, options);
  const daily = new Map<string, number>();
  const wholeDays = new Set(points.filter((p) => p.hour === null).map((p) => p.date));
  for (const p of points) {
    if (p.hour !== null && wholeDays.has(p.date)) continue;
    daily.set(p.date, (daily.get(p.date) ?? 0) + p.count);
  }
  const recent = Array.from({ length: BACKTEST_WEEKS }, (_, i) => {
    const start = addDays(weekStart, -7 * (BACKTEST_WEEKS - i));
    const days = Array.from({ length: 7 }, (_, d) => daily.get(addDays(start, d)) ?? 0);
    return { weekStart: start, days, total: days.reduce((a, b) => a + b, 0) };
  });
  return {
    site,
    forecast,
    errors,
    recent,
    adjustments: adjustmentRows.filter((a) => a.date >= weekStart && a.date <= addDays(weekStart, 6)),
  };
}

/** Sets a day's forecast multiplier (1 removes it). */
export async function adjustDay(
  db: Db,
  user: CurrentUser,
  entry: { date: string; multiplier: number; note: string },
): Promise<void> {
  const site = await getSiteForUser(db, user);
  await db.$transaction(async (tx) => {
    await repo.saveAdjustment(tx, site.id, entry);
    await recordAudit(tx, {
      actorId: user.id,
      action: 'volume.adjust',
      entity: 'Site',
      entityId: site.id,
      detail: `${entry.date}: ×${entry.multiplier}${entry.note ? ` (${entry.note})` : ''}`,
      siteId: site.id,
    });
  });
}

// A site's week in prescriptions, as every page that sets labour against volume reads it: the
// forecast from the twelve weeks before (with the manager's adjustments), the counts imported for
// the week's own days, the forecast's error on them, and the week's labour budget.
import type { Db, Tx } from '../db/client';
import { addDays } from '../sites/sites.service';
import { weekBudget, type WeekBudget } from './budget';
import { forecastWeek, type WeekForecast } from './forecast';
import * as repo from './volume.repository';
import { pointsFrom } from './forecast';

/** Weeks of history a forecast is made from. */
export const HISTORY_WEEKS = 12;

/** The forecast of the week from counts and adjustments already read (rows may reach into the week: they are left out). */
export function forecastFromRows(
  rows: readonly repo.CountRow[],
  adjustments: readonly repo.AdjustmentRow[],
  weekStart: string,
  queue: string | null = null,
): WeekForecast {
  return forecastWeek(pointsFrom(rows, queue), weekStart, {
    weeksOfHistory: HISTORY_WEEKS,
    adjustments: Object.fromEntries(adjustments.map((a) => [a.date, a.multiplier])),
  });
}

/** The site's forecast of the week (all prescriptions). */
export async function siteWeekForecast(
  db: Db | Tx,
  siteId: number,
  weekStart: string,
): Promise<WeekForecast> {
  const [rows, adjustments] = await Promise.all([
    repo.findCounts(db, siteId, addDays(weekStart, -7 * HISTORY_WEEKS), addDays(weekStart, -1)),
    repo.findAdjustments(db, siteId, weekStart, addDays(weekStart, 6)),
  ]);
  return forecastFromRows(rows, adjustments, weekStart);
}

export interface WeekVolume {
  forecast: WeekForecast;
  /** Prescriptions imported for the week's days so far; null before any day of it has counts. */
  actualPrescriptions: number | null;
  /** Counts are imported up to the week's last day or later: the week is past and its actual is whole. */
  complete: boolean;
  /** Mean error per day of the forecast on the week's days with prescriptions (0.05 = 5 %); null without. */
  forecastError: number | null;
  /** Days that error is the mean of. */
  forecastErrorDays: number;
  budget: WeekBudget;
}

export async function weekVolume(db: Db, siteId: number, weekStart: string): Promise<WeekVolume> {
  const weekEnd = addDays(weekStart, 6);
  const [rows, adjustments, budgetRow, span] = await Promise.all([
    repo.findCounts(db, siteId, addDays(weekStart, -7 * HISTORY_WEEKS), weekEnd),
    repo.findAdjustments(db, siteId, weekStart, weekEnd),
    repo.findBudgetSettings(db, siteId),
    repo.countSpan(db, siteId),
  ]);
  const forecast = forecastFromRows(rows, adjustments, weekStart);
  // Actual prescriptions of the week's days that have counts, and the forecast's error on them.
  const actualByDate = new Map<string, number>();
  const points = pointsFrom(rows.filter((r) => r.date >= weekStart));
  const wholeDays = new Set(points.filter((p) => p.hour === null).map((p) => p.date));
  for (const p of points) {
    if (p.hour !== null && wholeDays.has(p.date)) continue;
    actualByDate.set(p.date, (actualByDate.get(p.date) ?? 0) + p.count);
  }
  const actualDays = forecast.days.filter((d) => actualByDate.has(d.date));
  const misses = actualDays
    .filter((d) => actualByDate.get(d.date)! > 0)
    .map((d) => Math.abs(d.total - actualByDate.get(d.date)!) / actualByDate.get(d.date)!);
  return {
    forecast,
    actualPrescriptions:
      actualDays.length === 0 ? null : actualDays.reduce((a, d) => a + actualByDate.get(d.date)!, 0),
    complete: span !== null && span.last >= weekEnd,
    forecastError: misses.length === 0 ? null : misses.reduce((a, b) => a + b, 0) / misses.length,
    forecastErrorDays: misses.length,
    budget: weekBudget(budgetRow, forecast.total),
  };
}

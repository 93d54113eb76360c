// The week's prescription volume forecast from the site's history: a weekly total on a straight-line
// trend through recent weeks, split over the weekdays by their share of past weeks, then over the
// hours of each weekday by its hourly profile, times the manager's adjustments for known events.
// Pure functions over plain rows, so the unit tests can feed series with a known pattern.
import { DateTime } from 'luxon';

/** One imported count: a whole day (`hour` null) or one hour of it (0–23), in the site's zone. */
export interface VolumePoint {
  date: string;
  hour: number | null;
  count: number;
}

export interface DayForecast {
  date: string;
  /** Forecast prescriptions for the day, adjustments applied. */
  total: number;
  /** The day split by hour of day (24 values) when the history has hourly counts; otherwise null. */
  hours: number[] | null;
  /** The manager's multiplier for this day (1 = none). */
  adjustment: number;
}

export interface WeekForecast {
  weekStart: string;
  days: DayForecast[];
  total: number;
  /** Complete weeks of history the forecast was made from. */
  weeksUsed: number;
  /** Change of the weekly total per week on the fitted trend (0 when too few weeks to fit one). */
  trendPerWeek: number;
}

export interface ForecastOptions {
  /** Weeks of history before the forecast week that the trend and the shares are taken from. Default 12. */
  weeksOfHistory?: number;
  /** Multiplier per date for known events: { '2027-01-18': 0.4 } for a holiday, 1.2 for a flu clinic. */
  adjustments?: Record<string, number>;
}

/** An imported row: a count of one queue ('' for all prescriptions) on a day or in an hour. */
export interface QueueCount {
  date: string;
  hour: number | null;
  queue: string;
  count: number;
}

/**
 * The counts a forecast reads. For all prescriptions (`queue` null): per date and hour, the
 * all-queue row where one was imported, otherwise the sum of the queues' rows. For one queue (such
 * as IV admixtures): that queue's rows only.
 */
export function pointsFrom(rows: readonly QueueCount[], queue: string | null = null): VolumePoint[] {
  if (queue !== null)
    return rows.filter((r) => r.queue === queue).map(({ date, hour, count }) => ({ date, hour, count }));
  const totals = new Map<string, VolumePoint>();
  const queueSums = new Map<string, VolumePoint>();
  for (const row of rows) {
    const key = `${row.date}|${row.hour ?? ''}`;
    const target = row.queue === '' ? totals : queueSums;
    const point = target.get(key) ?? { date: row.date, hour: row.hour, count: 0 };
    point.count += row.count;
    target.set(key, point);
  }
  for (const [key, point] of queueSums) if (!totals.has(key)) totals.set(key, point);
  return [...totals.values()];
}

/** Fewer complete weeks than this and the forecast is the mean of the weeks, with no trend. */
const MIN_WEEKS_FOR_TREND = 4;
const DEFAULT_WEEKS = 12;

/** 0 = Monday … 6 = Sunday. */
function weekdayIndex(date: string): number {
  return DateTime.fromISO(date, { zone: 'utc' }).weekday - 1;
}

function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate()!;
}

/** Daily totals by date: the whole-day row where one was imported, otherwise the sum of the hours. */
export function dailyTotals(history: readonly VolumePoint[]): Map<string, number> {
  const wholeDay = new Map<string, number>();
  const hourSums = new Map<string, number>();
  for (const point of history) {
    const target = point.hour === null ? wholeDay : hourSums;
    target.set(point.date, (target.get(point.date) ?? 0) + point.count);
  }
  const totals = new Map(hourSums);
  for (const [date, count] of wholeDay) totals.set(date, count);
  return totals;
}

/** Least-squares line through the points; slope 0 for a single x. */
function fitLine(points: readonly { x: number; y: number }[]): { intercept: number; slope: number } {
  const n = points.length;
  const meanX = points.reduce((a, p) => a + p.x, 0) / n;
  const meanY = points.reduce((a, p) => a + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const { x, y } of points) {
    sxy += (x - meanX) * (y - meanY);
    sxx += (x - meanX) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { intercept: meanY - slope * meanX, slope };
}

/**
 * Forecast of the week starting `weekStart` (a Monday) from the history before it. Only whole weeks
 * between the first and the last imported day count; a day without a row among them counts as
 * closed (0).
 */
export function forecastWeek(
  history: readonly VolumePoint[],
  weekStart: string,
  options: ForecastOptions = {},
): WeekForecast {
  const totals = dailyTotals(history.filter((p) => p.date < weekStart));
  const known = [...totals.keys()].sort();
  const firstDate = known[0];
  const lastDate = known.at(-1);
  const wanted = options.weeksOfHistory ?? DEFAULT_WEEKS;
  // The last weekday the pharmacy fills prescriptions on (Saturday where it closes on Sundays): a
  // week counts once the history reaches it, so a week still under way is not read as a quiet one.
  const openDays = new Set([...totals].filter(([, n]) => n > 0).map(([d]) => weekdayIndex(d)));
  const lastOpen = Math.max(0, ...openDays);
  // Complete weeks, oldest first, between the first and the last imported day; x is the week's
  // distance from the forecast week (−1 for the week before).
  const weeks: { x: number; days: number[] }[] = [];
  for (let back = wanted; back >= 1; back--) {
    const start = addDays(weekStart, -7 * back);
    if (firstDate === undefined || lastDate === undefined) break;
    if (start < firstDate || addDays(start, lastOpen) > lastDate) continue;
    weeks.push({ x: -back, days: Array.from({ length: 7 }, (_, d) => totals.get(addDays(start, d)) ?? 0) });
  }
  const weekTotals = weeks.map((w) => w.days.reduce((a, b) => a + b, 0));
  let total = 0;
  let trendPerWeek = 0;
  if (weeks.length >= MIN_WEEKS_FOR_TREND) {
    const line = fitLine(weeks.map((w, i) => ({ x: w.x, y: weekTotals[i]! })));
    trendPerWeek = line.slope;
    total = Math.max(0, line.intercept);
  } else if (weeks.length > 0) {
    total = weekTotals.reduce((a, b) => a + b, 0) / weeks.length;
  }
  const allWeeks = weekTotals.reduce((a, b) => a + b, 0);
  const shares = Array.from({ length: 7 }, (_, d) =>
    allWeeks === 0 ? 0 : weeks.reduce((sum, w) => sum + w.days[d]!, 0) / allWeeks,
  );
  const profiles = hourProfiles(
    history.filter((p) => p.date < weekStart && p.date >= addDays(weekStart, -7 * wanted)),
  );
  const days = shares.map((share, d): DayForecast => {
    const date = addDays(weekStart, d);
    const adjustment = options.adjustments?.[date] ?? 1;
    const dayTotal = total * share * adjustment;
    const profile = profiles[d] ?? profiles[7] ?? null;
    return { date, total: dayTotal, hours: profile && profile.map((p) => p * dayTotal), adjustment };
  });
  return {
    weekStart,
    days,
    total: days.reduce((a, day) => a + day.total, 0),
    weeksUsed: weeks.length,
    trendPerWeek,
  };
}

/**
 * Share of a day's volume in each hour, per weekday (0 = Monday … 6 = Sunday) and for all weekdays
 * together (index 7), from the hourly rows; null where there are none.
 */
function hourProfiles(history: readonly VolumePoint[]): (number[] | null)[] {
  const sums = Array.from({ length: 8 }, () => new Array<number>(24).fill(0));
  for (const point of history) {
    if (point.hour === null) continue;
    const weekday = weekdayIndex(point.date);
    sums[weekday]![point.hour]! += point.count;
    sums[7]![point.hour]! += point.count;
  }
  return sums.map((hours) => {
    const sum = hours.reduce((a, b) => a + b, 0);
    return sum === 0 ? null : hours.map((h) => h / sum);
  });
}

export interface ForecastError {
  weekStart: string;
  /** Mean absolute percentage error of the daily totals, over the days with prescriptions (0.08 = 8 %). */
  mape: number;
}

/**
 * How far off the forecast was on each of the `weeks` complete weeks before `weekStart`, each
 * forecast only from the history before it: the figure a manager judges the forecast by.
 */
export function backtest(
  history: readonly VolumePoint[],
  weekStart: string,
  weeks = 4,
  options: ForecastOptions = {},
): ForecastError[] {
  const totals = dailyTotals(history);
  const errors: ForecastError[] = [];
  for (let back = weeks; back >= 1; back--) {
    const start = addDays(weekStart, -7 * back);
    const forecast = forecastWeek(history, start, options);
    if (forecast.weeksUsed === 0) continue;
    const misses = forecast.days
      .map((day) => ({ actual: totals.get(day.date) ?? 0, forecast: day.total }))
      .filter((d) => d.actual > 0)
      .map((d) => Math.abs(d.forecast - d.actual) / d.actual);
    if (misses.length === 0) continue;
    errors.push({ weekStart: start, mape: misses.reduce((a, b) => a + b, 0) / misses.length });
  }
  return errors;
}

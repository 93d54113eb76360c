import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { backtest, dailyTotals, forecastWeek, type VolumePoint } from '../../../server/volume/forecast';
import { mulberry32 } from '../../../solver/runtime/random';

// A pharmacy week: Monday peak, Saturday half a weekday, closed on Sunday.
const WEEKDAY_SHARE = [0.2, 0.18, 0.17, 0.17, 0.18, 0.1, 0];
const FIRST_MONDAY = '2026-01-05';
const FORECAST_MONDAY = '2026-04-06'; // 13 weeks after the first
const BASE_WEEK = 1400;
const TREND_PER_WEEK = 20;

function day(date: string, offset: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days: offset }).toISODate()!;
}

/** Daily counts for `weeks` weeks from FIRST_MONDAY: week w totals BASE_WEEK + w × TREND_PER_WEEK, times noise. */
function series(weeks: number, noise = 0, seed = 7): VolumePoint[] {
  const random = mulberry32(seed);
  const points: VolumePoint[] = [];
  for (let w = 0; w < weeks; w++) {
    for (let d = 0; d < 7; d++) {
      if (WEEKDAY_SHARE[d] === 0) continue;
      const exact = (BASE_WEEK + w * TREND_PER_WEEK) * WEEKDAY_SHARE[d]!;
      points.push({
        date: day(FIRST_MONDAY, w * 7 + d),
        hour: null,
        count: exact * (1 + noise * (random() * 2 - 1)),
      });
    }
  }
  return points;
}

describe('forecastWeek', () => {
  it('recovers a weekly pattern and a straight trend exactly from a clean series', () => {
    const forecast = forecastWeek(series(13), FORECAST_MONDAY);
    expect(forecast.weeksUsed).toBe(12);
    expect(forecast.trendPerWeek).toBeCloseTo(TREND_PER_WEEK, 6);
    expect(forecast.total).toBeCloseTo(BASE_WEEK + 13 * TREND_PER_WEEK, 6);
    forecast.days.forEach((d, i) =>
      expect(d.total).toBeCloseTo((BASE_WEEK + 13 * TREND_PER_WEEK) * WEEKDAY_SHARE[i]!, 6),
    );
    expect(forecast.days.map((d) => d.date)).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((i) => day(FORECAST_MONDAY, i)),
    );
  });

  it('stays within 5 % of the true week and 1.5 points of each weekday share with ±10 % daily noise', () => {
    const forecast = forecastWeek(series(13, 0.1), FORECAST_MONDAY);
    const truth = BASE_WEEK + 13 * TREND_PER_WEEK;
    expect(Math.abs(forecast.total - truth) / truth).toBeLessThan(0.05);
    forecast.days.forEach((d, i) =>
      expect(Math.abs(d.total / forecast.total - WEEKDAY_SHARE[i]!)).toBeLessThan(0.015),
    );
  });

  it('takes the mean of the weeks, with no trend, from fewer than four weeks', () => {
    const forecast = forecastWeek(series(3), day(FIRST_MONDAY, 21));
    expect(forecast.weeksUsed).toBe(3);
    expect(forecast.trendPerWeek).toBe(0);
    expect(forecast.total).toBeCloseTo(BASE_WEEK + TREND_PER_WEEK, 6); // mean of 1400, 1420, 1440
  });

  it('forecasts nothing, rather than failing, for a site without history', () => {
    const forecast = forecastWeek([], FORECAST_MONDAY);
    expect(forecast.total).toBe(0);
    expect(forecast.days.every((d) => d.total === 0 && d.hours === null)).toBe(true);
  });

  it('applies a manager adjustment to its day only', () => {
    const holiday = day(FORECAST_MONDAY, 0);
    const plain = forecastWeek(series(13), FORECAST_MONDAY);
    const adjusted = forecastWeek(series(13), FORECAST_MONDAY, { adjustments: { [holiday]: 0.4 } });
    expect(adjusted.days[0]!.total).toBeCloseTo(plain.days[0]!.total * 0.4, 6);
    expect(adjusted.days[0]!.adjustment).toBe(0.4);
    expect(adjusted.days[1]!.total).toBeCloseTo(plain.days[1]!.total, 6);
  });

  it('splits each day over its hours by the hourly history of that weekday', () => {
    // Mondays: a third of the volume at 09:00, two thirds at 17:00; other days flat 09–17.
    const points: VolumePoint[] = [];
    for (let w = 0; w < 4; w++) {
      points.push(
        { date: day(FIRST_MONDAY, w * 7), hour: 9, count: 100 },
        { date: day(FIRST_MONDAY, w * 7), hour: 17, count: 200 },
      );
      for (let h = 9; h < 17; h++) points.push({ date: day(FIRST_MONDAY, w * 7 + 1), hour: h, count: 30 });
    }
    const forecast = forecastWeek(points, day(FIRST_MONDAY, 28));
    const monday = forecast.days[0]!;
    expect(monday.total).toBeCloseTo(300, 6);
    expect(monday.hours![9]).toBeCloseTo(100, 6);
    expect(monday.hours![17]).toBeCloseTo(200, 6);
    expect(forecast.days[1]!.hours![12]).toBeCloseTo(30, 6);
  });
});

describe('dailyTotals', () => {
  it('takes an imported whole-day count over the sum of that day’s hours', () => {
    const totals = dailyTotals([
      { date: '2026-03-02', hour: 9, count: 10 },
      { date: '2026-03-02', hour: 10, count: 15 },
      { date: '2026-03-03', hour: 9, count: 4 },
      { date: '2026-03-03', hour: null, count: 50 },
    ]);
    expect(totals.get('2026-03-02')).toBe(25);
    expect(totals.get('2026-03-03')).toBe(50);
  });
});

describe('backtest', () => {
  it('reports no error on a clean trend and a small one under noise, one figure per past week', () => {
    const clean = backtest(series(17), day(FIRST_MONDAY, 17 * 7));
    expect(clean.map((e) => e.weekStart)).toEqual([13, 14, 15, 16].map((w) => day(FIRST_MONDAY, w * 7)));
    clean.forEach((e) => expect(e.mape).toBeLessThan(1e-9));
    const noisy = backtest(series(17, 0.1), day(FIRST_MONDAY, 17 * 7));
    noisy.forEach((e) => {
      expect(e.mape).toBeGreaterThan(0.01);
      expect(e.mape).toBeLessThan(0.1);
    });
  });
});

describe('forecastWeek with a week still under way', () => {
  it('leaves out the weeks the history does not reach to their end, instead of reading them as quiet', () => {
    // 13 full weeks, then Monday to Wednesday of the 14th: forecasting the 15th week.
    const partial = series(14).filter((p) => p.date <= day(FIRST_MONDAY, 13 * 7 + 2));
    const forecast = forecastWeek(partial, day(FIRST_MONDAY, 14 * 7));
    expect(forecast.weeksUsed).toBe(11); // the 12 weeks before, less the 14th, which is incomplete
    expect(forecast.trendPerWeek).toBeCloseTo(TREND_PER_WEEK, 6);
    expect(forecast.total).toBeCloseTo(BASE_WEEK + 14 * TREND_PER_WEEK, 6);
  });
});

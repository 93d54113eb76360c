import { describe, expect, it } from 'vitest';
import {
  fixedTaskHours,
  hoursCovered,
  requiredHeadcount,
  suggestHeadcounts,
} from '../../../server/volume/staffing';
import { forecastWeek, pointsFrom } from '../../../server/volume/forecast';

const OPEN_9_TO_21 = Array.from({ length: 24 }, (_, h) => h >= 9 && h < 21);
const flat = (n: number) => new Array<number>(24).fill(n);

describe('requiredHeadcount', () => {
  it('rounds work up to whole people, with a small slack, and keeps the minimum while open', () => {
    const volume = flat(0);
    volume[9] = 30; // exactly 2 people at 15 an hour
    volume[10] = 31; // 2.07 → 3
    volume[11] = 30.5; // 2.03 → 2 (within the slack)
    volume[12] = 5; // 0.33 → 1, and the minimum is 1 anyway
    const need = requiredHeadcount(volume, OPEN_9_TO_21, {
      rxPerLabourHour: 15,
      minimumWhenOpen: 1,
      fixedTasks: [],
    });
    expect(need.slice(9, 14)).toEqual([2, 3, 2, 1, 1]);
    expect(need[8]).toBe(0);
    expect(need[21]).toBe(0);
  });

  it('adds fixed tasks on top of the volume, in the hours they take', () => {
    const need = requiredHeadcount(flat(15), OPEN_9_TO_21, {
      rxPerLabourHour: 15,
      minimumWhenOpen: 0,
      fixedTasks: [{ startHour: 10, hours: 2.5 }],
    });
    expect(need.slice(9, 14)).toEqual([1, 2, 2, 2, 1]);
  });

  it('needs the minimum and nothing more of a position volume does not drive', () => {
    const need = requiredHeadcount(flat(500), OPEN_9_TO_21, {
      rxPerLabourHour: null,
      minimumWhenOpen: 1,
      fixedTasks: [],
    });
    expect(need.filter((n) => n > 0)).toEqual(new Array(12).fill(1));
  });
});

describe('fixedTaskHours', () => {
  it('spreads a task over consecutive hours and stops at midnight', () => {
    const hours = fixedTaskHours([{ startHour: 22, hours: 3 }]);
    expect(hours[22]).toBe(1);
    expect(hours[23]).toBe(1);
    expect(hours.reduce((a, b) => a + b, 0)).toBe(2);
  });
});

describe('hoursCovered', () => {
  it('counts hours a shift covers at least half of, up to midnight for one that crosses it', () => {
    expect(
      hoursCovered({ id: 1, startMinute: 9 * 60 + 30, endMinute: 13 * 60 + 15, breakMinutes: 0 }),
    ).toEqual([9, 10, 11, 12]);
    expect(hoursCovered({ id: 2, startMinute: 22 * 60, endMinute: 6 * 60, breakMinutes: 0 })).toEqual([
      22, 23,
    ]);
  });
});

describe('suggestHeadcounts', () => {
  const OPENING = { id: 1, startMinute: 9 * 60, endMinute: 15 * 60, breakMinutes: 0 };
  const CLOSING = { id: 2, startMinute: 15 * 60, endMinute: 21 * 60, breakMinutes: 0 };
  const FULL_DAY = { id: 3, startMinute: 9 * 60, endMinute: 21 * 60, breakMinutes: 60 };

  it('meets every hour’s need and names the hours no shift covers', () => {
    const need = flat(0);
    for (let h = 9; h < 15; h++) need[h] = 2;
    for (let h = 15; h < 21; h++) need[h] = 1;
    need[22] = 1;
    const { headcount, uncovered } = suggestHeadcounts(need, [OPENING, CLOSING]);
    expect(Object.fromEntries(headcount)).toEqual({ 1: 2, 2: 1 });
    expect(uncovered).toEqual([{ hour: 22, short: 1 }]);
  });

  it('prefers one long shift to two halves when it meets the same need with fewer paid hours', () => {
    const need = flat(0);
    for (let h = 9; h < 21; h++) need[h] = 1;
    const { headcount, uncovered } = suggestHeadcounts(need, [OPENING, CLOSING, FULL_DAY]);
    expect(Object.fromEntries(headcount)).toEqual({ 1: 0, 2: 0, 3: 1 });
    expect(uncovered).toEqual([]);
  });

  it('suggests nobody when nothing is needed', () => {
    const { headcount } = suggestHeadcounts(flat(0), [OPENING, CLOSING]);
    expect([...headcount.values()]).toEqual([0, 0]);
  });
});

describe('a standard of one queue', () => {
  // Four weeks, Monday to Friday, 10:00–13:00: 100 prescriptions an hour in all, of which 12 are IV
  // admixtures (the all-queue row is the total; the IV row is part of it).
  const MONDAYS = ['2026-02-02', '2026-02-09', '2026-02-16', '2026-02-23'];
  const rows = MONDAYS.flatMap((monday) =>
    [0, 1, 2, 3, 4].flatMap((d) => {
      const date = new Date(Date.parse(`${monday}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
      return [10, 11, 12].flatMap((hour) => [
        { date, hour, queue: '', count: 100 },
        { date, hour, queue: 'IV', count: 12 },
      ]);
    }),
  );
  const OPEN_10_TO_13 = Array.from({ length: 24 }, (_, h) => h >= 10 && h < 13);

  it('takes the queue’s own counts, while all prescriptions stay the all-queue total', () => {
    expect(forecastWeek(pointsFrom(rows), '2026-03-02').total).toBeCloseTo(5 * 3 * 100, 6);
    expect(forecastWeek(pointsFrom(rows, 'IV'), '2026-03-02').total).toBeCloseTo(5 * 3 * 12, 6);
    expect(pointsFrom(rows, 'NEW')).toEqual([]);
  });

  it('gives the IV position its headcount from the IV forecast, not from the total', () => {
    const monday = forecastWeek(pointsFrom(rows, 'IV'), '2026-03-02').days[0]!;
    // 12 admixtures an hour at 5 per IV-technician hour: 2.4 people → 3.
    const need = requiredHeadcount(monday.hours!, OPEN_10_TO_13, {
      rxPerLabourHour: 5,
      minimumWhenOpen: 0,
      fixedTasks: [],
    });
    expect(need.slice(9, 14)).toEqual([0, 3, 3, 3, 0]);
    // The same rate against all prescriptions would ask for 20 people an hour.
    const total = forecastWeek(pointsFrom(rows), '2026-03-02').days[0]!;
    expect(
      requiredHeadcount(total.hours!, OPEN_10_TO_13, {
        rxPerLabourHour: 5,
        minimumWhenOpen: 0,
        fixedTasks: [],
      })[10],
    ).toBe(20);
  });
});

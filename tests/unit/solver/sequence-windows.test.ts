// The window inequalities of the sequence rules ("at most c days worked in any L days"): every
// sequence of days that keeps the rules, found by enumerating them all, meets every bound.
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../solver/core/model';
import { mostDaysInWindow } from '../../../solver/core/rules/consecutive-days';
import { makeInput, person, TECHNICIAN, dayAndEvening, demand } from './helpers';

type DayState = 'off' | 'on' | 'open';

/** Whether `worked` keeps the rules as verifySchedule reads them: runs inside the horizon only. */
function keepsRules(worked: boolean[], maxRun: number, minRun: number, minOff: number): boolean {
  const days = worked.length;
  let from = 0;
  for (let d = 1; d <= days; d++) {
    if (d < days && worked[d] === worked[from]) continue;
    const length = d - from;
    const inside = from > 0 && d < days;
    if (worked[from] && length > maxRun) return false;
    if (worked[from] && inside && length < minRun) return false;
    if (!worked[from] && inside && length < minOff) return false;
    from = d;
  }
  return true;
}

function everySequence(days: number, forcedOff: Set<number>): boolean[][] {
  const out: boolean[][] = [];
  for (let mask = 0; mask < 1 << days; mask++) {
    const worked = Array.from({ length: days }, (_, d) => (mask & (1 << d)) !== 0);
    if (worked.some((w, d) => w && forcedOff.has(d))) continue;
    out.push(worked);
  }
  return out;
}

describe('most days worked in a window', () => {
  it('is 5 in any 7 days with at most 5 in a row and at least 2 days off (6 with no minimum off)', () => {
    const open = (n: number): DayState[] => Array.from({ length: n }, () => 'open');
    expect(mostDaysInWindow(open(7), 5, 2, 2)).toBe(5);
    expect(mostDaysInWindow(open(8), 5, 2, 2)).toBe(6);
    expect(mostDaysInWindow(open(7), 5, 0, 0)).toBe(6);
  });

  it.each([
    { maxRun: 3, minRun: 2, minOff: 2, off: [] as number[] },
    { maxRun: 4, minRun: 1, minOff: 3, off: [5] },
    { maxRun: 2, minRun: 2, minOff: 1, off: [0, 7] },
    { maxRun: 5, minRun: 2, minOff: 2, off: [3, 4] },
  ])(
    'bounds every valid 12-day sequence in every window (max $maxRun, min $minRun on, min $minOff off, off on $off)',
    ({ maxRun, minRun, minOff, off }) => {
      const DAYS = 12;
      const forcedOff = new Set(off);
      const valid = everySequence(DAYS, forcedOff).filter((w) => keepsRules(w, maxRun, minRun, minOff));
      expect(valid.length).toBeGreaterThan(0);
      for (let length = 1; length <= DAYS; length++) {
        for (let from = 0; from + length <= DAYS; from++) {
          const states: DayState[] = Array.from({ length }, (_, i) =>
            forcedOff.has(from + i) ? 'off' : 'open',
          );
          const most = mostDaysInWindow(states, maxRun, minRun, minOff);
          const reached = Math.max(...valid.map((w) => w.slice(from, from + length).filter(Boolean).length));
          expect(reached).toBeLessThanOrEqual(most);
        }
      }
    },
  );
});

describe('window rows in the model', () => {
  it('are added with a minimum of days off and not without one', () => {
    const week = (minOff: number | undefined) =>
      makeInput({
        shifts: dayAndEvening(14),
        staff: [
          {
            ...person('Ana', [TECHNICIAN]),
            maxConsecutiveDays: 5,
            minConsecutiveDays: 2,
            ...(minOff !== undefined ? { minConsecutiveDaysOff: minOff } : {}),
          },
        ],
        demands: Array.from({ length: 14 }, (_, d) => demand(`D${d}`, TECHNICIAN, 1)),
      });
    const windows = (minOff: number | undefined) =>
      buildModel(week(minOff)).lp.rows.filter((r) => r.name.startsWith('window:'));
    expect(windows(undefined)).toEqual([]);
    const rows = windows(2);
    // Windows of 7 and 8 days in a fortnight: 8 + 7 of them, each tighter than 5 in a row alone.
    expect(rows).toHaveLength(8 + 7);
    expect(rows.find((r) => r.name === 'window:Ana:0:7')?.rhs).toBe(5);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { curtoisToScheduleInput, resultToCurtoisRoster } from '../../../bench/curtois/adapter';
import type { CurtoisInstance, CurtoisRoster } from '../../../bench/curtois/parse';
import { scoreCurtois } from '../../../bench/curtois/score';
import { solveSchedule, verifySchedule } from '../../../solver';

/** Two shapes small enough to enumerate every roster: 2 staff × 7 days × 1 shift, 2 × 4 × 2. */
const SHAPES = [
  { days: 7, shifts: ['D'] },
  { days: 4, shifts: ['E', 'L'] },
] as const;
const STAFF = ['A', 'B'];

const instanceArb: fc.Arbitrary<CurtoisInstance> = fc.constantFrom(...SHAPES).chain(({ days, shifts }) => {
  const staffArb = fc.record({
    maxOfFirstShift: fc.integer({ min: 1, max: days }),
    maxShifts: fc.integer({ min: 2, max: days }),
    minShifts: fc.integer({ min: 0, max: 3 }),
    maxConsecutive: fc.integer({ min: 2, max: 5 }),
    minConsecutive: fc.integer({ min: 1, max: 3 }),
    minDaysOff: fc.integer({ min: 1, max: 2 }),
    maxWeekends: fc.integer({ min: 0, max: 1 }),
    dayOff: fc.option(fc.integer({ min: 0, max: days - 1 }), { nil: undefined }),
  });
  const requestArb = fc.record({
    staff: fc.constantFrom(...STAFF),
    day: fc.integer({ min: 0, max: days - 1 }),
    shift: fc.constantFrom(...shifts),
    weight: fc.integer({ min: 1, max: 3 }),
  });
  const coverArb = fc.array(
    fc.record({
      requirement: fc.integer({ min: 0, max: 2 }),
      under: fc.constantFrom(1, 100),
      over: fc.integer({ min: 0, max: 2 }),
    }),
    { minLength: days * shifts.length, maxLength: days * shifts.length },
  );
  return fc
    .record({
      staff: fc.tuple(staffArb, staffArb),
      onRequests: fc.array(requestArb, { maxLength: 3 }),
      offRequests: fc.array(requestArb, { maxLength: 3 }),
      cover: coverArb,
      successionForbidden: fc.boolean(),
    })
    .map((r): CurtoisInstance => ({
      horizonDays: days,
      shifts: shifts.map((id, i) => ({
        id,
        minutes: 480,
        // With two shifts, the second may not be followed by the first on the next day.
        cannotFollow: i === 1 && r.successionForbidden ? [shifts[0]] : [],
      })),
      staff: r.staff.map((s, i) => ({
        id: STAFF[i] ?? 'X',
        maxShifts: Object.fromEntries(shifts.map((id, k) => [id, k === 0 ? s.maxOfFirstShift : days])),
        maxTotalMinutes: s.maxShifts * 480,
        minTotalMinutes: Math.min(s.minShifts, s.maxShifts) * 480,
        maxConsecutiveShifts: s.maxConsecutive,
        minConsecutiveShifts: s.minConsecutive,
        minConsecutiveDaysOff: s.minDaysOff,
        maxWeekends: s.maxWeekends,
      })),
      daysOff: Object.fromEntries(
        r.staff.flatMap((s, i) => (s.dayOff === undefined ? [] : [[STAFF[i] ?? 'X', [s.dayOff]]])),
      ),
      onRequests: r.onRequests,
      offRequests: r.offRequests,
      cover: r.cover.map((c, k) => ({
        day: Math.floor(k / shifts.length),
        shift: shifts[k % shifts.length] ?? 'D',
        requirement: c.requirement,
        underWeight: c.under,
        overWeight: c.over,
      })),
    }));
});

/** The best objective over every roster that breaks no hard rule, or null when none exists. */
function bruteForceOptimum(instance: CurtoisInstance): number | null {
  const cells = STAFF.flatMap((staff) =>
    Array.from({ length: instance.horizonDays }, (_, day) => ({ staff, day })),
  );
  const choices = [null, ...instance.shifts.map((s) => s.id)];
  let best: number | null = null;
  const total = choices.length ** cells.length;
  for (let code = 0; code < total; code += 1) {
    const roster: CurtoisRoster = { assignments: [] };
    let rest = code;
    for (const cell of cells) {
      const shift = choices[rest % choices.length];
      rest = Math.floor(rest / choices.length);
      if (shift) roster.assignments.push({ ...cell, shift });
    }
    const score = scoreCurtois(instance, roster);
    if (score.violations.length === 0 && (best === null || score.objective < best)) best = score.objective;
  }
  return best;
}

describe('Curtois adapter + solver against brute force under the independent scorer', () => {
  it('finds the optimum of every tiny instance, and the scorer agrees on its roster', async () => {
    await fc.assert(
      fc.asyncProperty(instanceArb, async (instance) => {
        const optimum = bruteForceOptimum(instance);
        const input = curtoisToScheduleInput(instance);
        const result = await solveSchedule(input, { engine: 'highs', inThread: true, timeLimitMs: 20_000 });
        if (optimum === null) {
          expect(result.status).toBe('infeasible');
          return;
        }
        expect(result.status).toBe('optimal');
        expect(verifySchedule(input, result.assignments)).toEqual([]);
        const score = scoreCurtois(instance, resultToCurtoisRoster(input, result));
        expect(score.violations).toEqual([]);
        expect(score.objective).toBe(optimum);
        expect(Math.round(result.objective)).toBe(optimum);
      }),
      { numRuns: 30, seed: 20261126 },
    );
  }, 120_000);
});

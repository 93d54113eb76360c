// Property tests: random small instances. Every schedule either engine returns passes the independent
// checker, both engines prove the same optimum, and every gap is explained by a broken hard rule.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainGaps, solveSchedule } from '../../../solver';
import { verifySchedule } from '../../../solver/core/verify';
import type { RatioPack } from '../../../solver/core/ratio-packs';
import type { Assignment, Demand, ScheduleInput, ShiftInstance, Staff } from '../../../solver/core/types';
import { HOUR, PHARMACIST, POSITIONS, TECHNICIAN, shift } from './helpers';

/** A Friday, so that a few days include a weekend. */
const FRIDAY_DATE = '2026-03-06';
const STATUSES = ['available', 'available', 'available', 'preferred', 'undesired', 'unavailable'] as const;

const staffArb = fc.record({
  positions: fc.constantFrom([PHARMACIST], [TECHNICIAN], [TECHNICIAN], [PHARMACIST, TECHNICIAN]),
  statuses: fc.array(fc.constantFrom(...STATUSES), { minLength: 12, maxLength: 12 }),
  maxMinutesPerWeek: fc.constantFrom(undefined, 16 * HOUR, 24 * HOUR),
  maxConsecutiveDays: fc.constantFrom(undefined, 2),
  minConsecutiveDays: fc.constantFrom(undefined, 2),
  minConsecutiveDaysOff: fc.constantFrom(undefined, 2),
  maxWeekends: fc.constantFrom(undefined, 0, 1),
  maxEvenings: fc.constantFrom(undefined, 1),
  targetMinutes: fc.constantFrom(undefined, 16 * HOUR),
  minMinutesPerWeek: fc.constantFrom(undefined, 8 * HOUR),
  hourlyCost: fc.constantFrom(undefined, 25),
  offRequestDay: fc.constantFrom(undefined, 0, 1),
});

const instanceArb = fc.record({
  days: fc.integer({ min: 2, max: 4 }),
  withMid: fc.boolean(),
  staff: fc.array(staffArb, { minLength: 2, maxLength: 5 }),
  demands: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 24, maxLength: 24 }),
  ratio: fc.constantFrom(null, 2),
  previousEvery: fc.constantFrom(0, 2, 3),
  fairness: fc.constantFrom(0, 4),
});

type InstanceParams = typeof instanceArb extends fc.Arbitrary<infer T> ? T : never;

function buildInstance(p: InstanceParams): ScheduleInput {
  const shifts: ShiftInstance[] = [];
  for (let d = 0; d < p.days; d++) {
    shifts.push(shift(`D${d}`, d, 7, 15, 'D'), shift(`E${d}`, d, 15, 23, 'E'));
    if (p.withMid) shifts.push(shift(`M${d}`, d, 11, 19, 'M'));
  }
  const staff: Staff[] = p.staff.map((s, i) => {
    const availability: NonNullable<Staff['availability']> = {};
    shifts.forEach((sh, k) => {
      const status = s.statuses[k % s.statuses.length] ?? 'available';
      if (status !== 'available')
        availability[sh.id] = { status, ...(status === 'unavailable' ? { reason: 'time off' } : {}) };
    });
    const person: Staff = { id: `S${i}`, name: `Staff ${i}`, positions: [...s.positions], availability };
    if (s.maxMinutesPerWeek !== undefined) person.maxMinutesPerWeek = s.maxMinutesPerWeek;
    if (s.maxConsecutiveDays !== undefined) person.maxConsecutiveDays = s.maxConsecutiveDays;
    if (s.minConsecutiveDays !== undefined) person.minConsecutiveDays = s.minConsecutiveDays;
    if (s.minConsecutiveDaysOff !== undefined) person.minConsecutiveDaysOff = s.minConsecutiveDaysOff;
    if (s.maxWeekends !== undefined) person.maxWeekends = s.maxWeekends;
    if (s.maxEvenings !== undefined) person.maxShiftsPerType = { E: s.maxEvenings };
    if (s.targetMinutes !== undefined) person.targetMinutes = s.targetMinutes;
    if (s.minMinutesPerWeek !== undefined) person.minMinutesPerWeek = s.minMinutesPerWeek;
    if (s.hourlyCost !== undefined) person.hourlyCost = s.hourlyCost;
    if (s.offRequestDay !== undefined) person.requests = [{ kind: 'off', day: s.offRequestDay, weight: 3 }];
    return person;
  });
  const demands: Demand[] = [];
  shifts.forEach((sh, k) => {
    demands.push({ shift: sh.id, position: PHARMACIST, min: p.demands[(2 * k) % 24] ?? 0 });
    demands.push({ shift: sh.id, position: TECHNICIAN, min: p.demands[(2 * k + 1) % 24] ?? 0 });
  });
  const previous: Assignment[] = [];
  if (p.previousEvery > 0) {
    staff.forEach((person, i) => {
      const sh = shifts[(i * p.previousEvery) % shifts.length];
      const position = person.positions[0];
      if (sh && position) previous.push({ staff: person.id, shift: sh.id, position });
    });
  }
  return {
    horizon: { startDate: FRIDAY_DATE, days: p.days },
    shifts,
    positions: POSITIONS,
    demands,
    staff,
    rules: { technicianRatio: p.ratio, maxConsecutiveDays: 6, nightShiftTypes: ['E'] },
    weights: { fairness: p.fairness },
    ...(previous.length > 0 ? { previous } : {}),
  };
}

describe('solver properties on random small instances', () => {
  it('both engines prove the same optimum, the checker accepts it, and every gap is explained', async () => {
    await fc.assert(
      fc.asyncProperty(instanceArb, async (params) => {
        const input = buildInstance(params);
        const jslp = await solveSchedule(input, { engine: 'jslp', inThread: true, timeLimitMs: 20_000 });
        const highs = await solveSchedule(input, { engine: 'highs', inThread: true, timeLimitMs: 20_000 });
        for (const r of [jslp, highs]) {
          expect(r.status).toBe('optimal');
          expect(verifySchedule(input, r.assignments)).toEqual([]);
        }
        expect(jslp.objective).toBeCloseTo(highs.objective, 5);

        const explanations = explainGaps(input, highs);
        expect(explanations.map((e) => [e.shift, e.position])).toEqual(
          highs.gaps.map((g) => [g.shift, g.position]),
        );
        for (const e of explanations) {
          // At a proven optimum nobody could have been added without breaking a hard rule: a missing
          // person costs 1000, more than any other term of these instances.
          expect(e.candidates.filter((c) => c.code === 'FREE')).toEqual([]);
          expect(e.candidates.every((c) => c.violations.length > 0)).toBe(true);
        }
      }),
      { numRuns: 40, seed: 20261126 },
    );
  });
});

/** Small numbers so that each pack binds on these small instances; each shape and branch of the rows. */
const PACKS: RatioPack[] = [
  {
    name: 'Certified',
    shape: { kind: 'certified', technicians: 1, withCertified: 2 },
    interns: 'technician',
    pharmacistOnBreakCounts: true,
  },
  {
    name: 'Formula',
    shape: { kind: 'first-and-each', first: 1, each: 2 },
    interns: 'technician',
    pharmacistOnBreakCounts: true,
  },
  {
    name: 'Generous first',
    shape: { kind: 'first-and-each', first: 2, each: 1 },
    interns: 'technician',
    pharmacistOnBreakCounts: true,
  },
];

describe('ratio packs on random small instances', () => {
  it('both engines prove the same optimum under each pack shape, the checker accepts it, and every gap is explained', async () => {
    const packArb = fc.record({
      instance: instanceArb,
      pack: fc.constantFrom(...PACKS),
      certified: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
    });
    await fc.assert(
      fc.asyncProperty(packArb, async ({ instance, pack, certified }) => {
        const base = buildInstance({ ...instance, withMid: true });
        const input: ScheduleInput = {
          ...base,
          staff: base.staff.map((person, i) => ({ ...person, certified: certified[i] ?? false })),
          rules: { ...base.rules, ratioPack: pack },
        };
        const jslp = await solveSchedule(input, { engine: 'jslp', inThread: true, timeLimitMs: 20_000 });
        const highs = await solveSchedule(input, { engine: 'highs', inThread: true, timeLimitMs: 20_000 });
        for (const r of [jslp, highs]) {
          expect(r.status).toBe('optimal');
          expect(verifySchedule(input, r.assignments)).toEqual([]);
        }
        expect(jslp.objective).toBeCloseTo(highs.objective, 5);
        for (const e of explainGaps(input, highs)) {
          expect(e.candidates.filter((c) => c.code === 'FREE')).toEqual([]);
        }
      }),
      { numRuns: 25, seed: 20261204 },
    );
  });
});

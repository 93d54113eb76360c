// Property: on random demo-like pharmacy weeks (the benchmark generator: demo positions, credentials
// by shift, availability, the technician ratio) with a random partly-filled schedule, and with the
// data changed after the schedule was made (someone becomes unavailable for a shift they hold), every
// suggested fix, applied, is accepted by verifySchedule — no hard-rule violation the schedule did not
// already have, and never a clean week made dirty — fills one more place on its gap and opens no
// other gap. A gap without a fix says so.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generatePharmacyInstance } from '../../../bench/generate-pharmacy';
import { createRandom } from '../../../bench/random';
import { explainGaps, summarizeSchedule, verifySchedule } from '../../../solver';
import type { Assignment, GapFix, ScheduleInput } from '../../../solver/core/types';

const keyOf = (a: Assignment): string => `${a.staff}|${a.shift}|${a.position}`;

/** Fills each demand (up to its maximum) to a random share, adding only people verifySchedule accepts. */
function randomSchedule(input: ScheduleInput, seed: number, fill: number): Assignment[] {
  const random = createRandom(seed);
  const assignments: Assignment[] = [];
  for (const d of input.demands) {
    for (let n = 0; n < (d.max ?? d.min); n++) {
      if (!random.chance(fill)) continue;
      for (let attempt = 0; attempt < 4; attempt++) {
        const person = random.pick(input.staff);
        const add = { staff: person.id, shift: d.shift, position: d.position };
        if (assignments.some((a) => a.staff === add.staff && a.shift === add.shift)) continue;
        const ok = (person.qualifiedByShift?.[d.shift] ?? person.positions).includes(d.position);
        if (!ok || verifySchedule(input, [...assignments, add]).length > 0) continue;
        assignments.push(add);
        break;
      }
    }
  }
  return assignments;
}

/** The data moves on after the schedule was made: some people become unavailable for a shift they hold. */
function changeData(input: ScheduleInput, assignments: Assignment[], seed: number): ScheduleInput {
  const random = createRandom(seed + 17);
  const hit = assignments.filter(() => random.chance(0.05));
  return {
    ...input,
    staff: input.staff.map((p) => {
      const mine = hit.filter((a) => a.staff === p.id);
      if (mine.length === 0) return p;
      const availability = { ...p.availability };
      for (const a of mine) availability[a.shift] = { status: 'unavailable', reason: 'approved time off' };
      return { ...p, availability };
    }),
  };
}

function apply(assignments: Assignment[], fix: GapFix): Assignment[] {
  const gone = new Set(fix.removes.map(keyOf));
  return [...assignments.filter((a) => !gone.has(keyOf(a))), ...fix.adds];
}

describe('suggested fixes', () => {
  it('are always accepted by verifySchedule when applied, and fill the gap without opening another', () => {
    const seen = { add: 0, move: 0, chain: 0, none: 0 };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 14, max: 30 }),
        fc.constantFrom(0.5, 0.7, 0.9),
        (seed, staff, fill) => {
          const base = generatePharmacyInstance({ staff, days: 7 }, seed);
          const assignments = randomSchedule(base, seed, fill);
          const input = changeData(base, assignments, seed);
          const baseline = verifySchedule(input, assignments).map((v) => v.message);
          const { gaps } = summarizeSchedule(input, assignments);
          const missing = new Map(gaps.map((g) => [`${g.shift}|${g.position}`, g.missing]));
          for (const e of explainGaps(
            input,
            { assignments, gaps, status: 'optimal' },
            { changedSinceSolve: true },
          )) {
            if (!e.fix) {
              seen.none += 1;
              if (e.candidates.length > 0) expect(e.noFix?.because).toMatch(/^(nearest|elsewhere|several)$/);
              continue;
            }
            seen[e.fix.removes.length === 0 ? 'add' : e.fix.adds.length === 1 ? 'move' : 'chain'] += 1;
            const after = apply(assignments, e.fix);
            const fresh = verifySchedule(input, after).filter((v) => !baseline.includes(v.message));
            expect(fresh).toEqual([]);
            if (baseline.length === 0) expect(verifySchedule(input, after)).toEqual([]);
            const afterGaps = new Map(
              summarizeSchedule(input, after).gaps.map((g) => [`${g.shift}|${g.position}`, g.missing]),
            );
            const key = `${e.shift}|${e.position}`;
            expect(afterGaps.get(key) ?? 0).toBe((missing.get(key) ?? 0) - 1);
            for (const [k, m] of afterGaps) expect(m).toBeLessThanOrEqual(missing.get(k) ?? 0);
          }
        },
      ),
      { numRuns: 25, seed: 20261204 },
    );
    // The runs exercised every kind of fix, and gaps without one.
    expect(Object.values(seen).every((n) => n > 0)).toBe(true);
  });
});

// One test per rule of the model: the solver's schedule keeps each hard rule, and each soft term
// costs exactly its documented weight. Both engines run every case (on this thread: small models).
import { describe, expect, it } from 'vitest';
import { solveSchedule } from '../../../solver';
import { verifySchedule } from '../../../solver/core/verify';
import type { EngineName, ScheduleInput, SolveResult } from '../../../solver/core/types';
import { HOUR, PHARMACIST, TECHNICIAN, dayAndEvening, demand, makeInput, person, shift } from './helpers';

const ENGINES: EngineName[] = ['jslp', 'highs'];
const UNDER_COVER = 1000;

async function solve(input: ScheduleInput, engine: EngineName): Promise<SolveResult> {
  const result = await solveSchedule(input, { engine, inThread: true, timeLimitMs: 20_000 });
  expect(verifySchedule(input, result.assignments)).toEqual([]);
  return result;
}

describe.each(ENGINES)('solveSchedule with %s', (engine) => {
  it('reports a coverage gap at the under-cover weight when nobody else is qualified', async () => {
    const input = makeInput({
      shifts: dayAndEvening(1),
      staff: [person('Ana', [TECHNICIAN])],
      demands: [demand('D0', TECHNICIAN, 2)],
    });
    const r = await solve(input, engine);
    expect(r.status).toBe('optimal');
    expect(r.gaps).toEqual([{ shift: 'D0', position: TECHNICIAN, required: 2, assigned: 1, missing: 1 }]);
    expect(r.objectiveTerms.underCover).toBe(UNDER_COVER);
    expect(r.objective).toBe(UNDER_COVER);
  });

  it('keeps locked assignments and charges over-cover per person above the minimum', async () => {
    const OVER_WEIGHT = 3;
    const input = makeInput({
      shifts: dayAndEvening(1),
      staff: [person('Ana', [TECHNICIAN]), person('Ben', [TECHNICIAN])],
      demands: [demand('D0', TECHNICIAN, 1, { overWeight: OVER_WEIGHT })],
      locked: [
        { staff: 'Ana', shift: 'D0', position: TECHNICIAN },
        { staff: 'Ben', shift: 'D0', position: TECHNICIAN },
      ],
    });
    const r = await solve(input, engine);
    expect(r.assignments).toHaveLength(2);
    expect(r.objectiveTerms.overCover).toBe(OVER_WEIGHT);
  });

  it('charges each hour short of a soft weekly minimum', async () => {
    const input = makeInput({
      shifts: dayAndEvening(1),
      staff: [person('Ana', [TECHNICIAN], { minMinutesPerWeek: 16 * HOUR })],
      demands: [demand('D0', TECHNICIAN, 1)],
      weights: { laborCost: 0, underMinMinutes: 20 },
    });
    const r = await solve(input, engine);
    expect(r.assignments).toHaveLength(1);
    expect(r.objectiveTerms.underMinMinutes).toBe(8 * 20);
  });

  it('balances hours against the target: 2 shifts (1 h off target) beat 3 shifts (7 h off)', async () => {
    const input = makeInput({
      shifts: dayAndEvening(3),
      staff: [person('Ana', [TECHNICIAN], { targetMinutes: 17 * HOUR })],
      demands: [0, 1, 2].map((d) => demand(`D${d}`, TECHNICIAN, 1, { underWeight: 1 })),
      weights: { laborCost: 0, targetDeviation: 2 },
    });
    const r = await solve(input, engine);
    expect(r.assignments).toHaveLength(2);
    expect(r.objectiveTerms).toMatchObject({ targetDeviation: 2, underCover: 1 });
    expect(r.objective).toBe(3);
  });

  it('charges undesired shifts and rewards preferred ones', async () => {
    const UNDESIRED = 7;
    const input = makeInput({
      shifts: dayAndEvening(1),
      staff: [
        person('Ana', [TECHNICIAN], { availability: { D0: { status: 'undesired', weight: UNDESIRED } } }),
        person('Ben', [PHARMACIST], { availability: { E0: { status: 'preferred' } } }),
      ],
      demands: [demand('D0', TECHNICIAN, 1), demand('E0', PHARMACIST, 1)],
    });
    const r = await solve(input, engine);
    expect(r.objectiveTerms.undesired).toBe(UNDESIRED);
    expect(r.objectiveTerms.preferred).toBe(-2);
  });

  it('charges a day-off request worked and an on request not met', async () => {
    const OFF = 5;
    const ON = 4;
    const input = makeInput({
      shifts: dayAndEvening(2),
      staff: [
        person('Ana', [TECHNICIAN], {
          requests: [
            { kind: 'off', day: 0, weight: OFF },
            { kind: 'on', day: 1, type: 'E', weight: ON },
          ],
        }),
      ],
      demands: [demand('D0', TECHNICIAN, 1), demand('D1', TECHNICIAN, 1, { underWeight: 1 })],
      rules: { minRestMinutes: 0, maxConsecutiveDays: null },
    });
    const r = await solve(input, engine);
    // D0 is worked (gap 1000 > 5); on day 1 only D1 is demanded, so the E request cannot be met.
    expect(r.objectiveTerms.requests).toBe(OFF + ON);
  });

  it('charges labour cost with the overtime premium above 40 h', async () => {
    const RATE = 30;
    const input = makeInput({
      shifts: dayAndEvening(6),
      staff: [person('Ana', [TECHNICIAN], { hourlyCost: RATE })],
      demands: [0, 1, 2, 3, 4, 5].map((d) => demand(`D${d}`, TECHNICIAN, 1)),
      weights: { laborCost: 0.01 },
    });
    const r = await solve(input, engine);
    expect(r.assignments).toHaveLength(6);
    expect(r.objectiveTerms.laborCost).toBeCloseTo(48 * RATE * 0.01 + 8 * RATE * 0.5 * 0.01, 9);
  });

  it('charges each change against the previous schedule', async () => {
    const input = makeInput({
      shifts: dayAndEvening(1),
      staff: [
        person('Ana', [TECHNICIAN], {
          availability: { D0: { status: 'unavailable', reason: 'called out sick' } },
        }),
        person('Ben', [TECHNICIAN]),
        person('Cy', [TECHNICIAN]),
      ],
      demands: [demand('D0', TECHNICIAN, 1), demand('E0', TECHNICIAN, 1)],
      previous: [
        { staff: 'Ana', shift: 'D0', position: TECHNICIAN },
        { staff: 'Cy', shift: 'E0', position: TECHNICIAN },
      ],
    });
    const r = await solve(input, engine);
    expect(r.objectiveTerms.change).toBe(2 * 50);
    expect(r.assignments).toContainEqual({ staff: 'Cy', shift: 'E0', position: TECHNICIAN });
  });

  it('never breaks the technician ratio to cover a demand', async () => {
    const techs = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'];
    const input = makeInput({
      shifts: dayAndEvening(1),
      staff: [person('Rx', [PHARMACIST]), ...techs.map((t) => person(t, [TECHNICIAN]))],
      demands: [demand('D0', PHARMACIST, 1), demand('D0', TECHNICIAN, 6)],
      rules: { technicianRatio: 4, maxConsecutiveDays: null },
    });
    const r = await solve(input, engine);
    expect(r.gaps).toEqual([{ shift: 'D0', position: TECHNICIAN, required: 6, assigned: 4, missing: 2 }]);
  });

  it('keeps minimum rest: one person cannot cover an evening and the next day shift', async () => {
    const input = makeInput({
      shifts: dayAndEvening(2),
      staff: [person('Ana', [TECHNICIAN])],
      demands: [demand('E0', TECHNICIAN, 1), demand('D1', TECHNICIAN, 1)],
    });
    const r = await solve(input, engine);
    expect(r.assignments).toHaveLength(1);
    expect(r.objectiveTerms.underCover).toBe(UNDER_COVER);
  });

  it('respects max shifts per type, max weekends and max consecutive days together', async () => {
    const input = makeInput({
      shifts: dayAndEvening(14),
      staff: [
        person('Ana', [TECHNICIAN], { maxShiftsPerType: { D: 9 }, maxWeekends: 1, maxConsecutiveDays: 4 }),
      ],
      demands: Array.from({ length: 14 }, (_, d) => demand(`D${d}`, TECHNICIAN, 1)),
    });
    const r = await solve(input, engine);
    // Runs of at most 4 over 14 days allow 11 shifts; the type cap allows 9; one weekend of the two.
    expect(r.assignments).toHaveLength(9);
  });

  it('respects minimum consecutive days and days off inside the horizon', async () => {
    const input = makeInput({
      shifts: dayAndEvening(7),
      staff: [person('Ana', [TECHNICIAN], { minConsecutiveDays: 3, minConsecutiveDaysOff: 2 })],
      demands: [1, 3, 5].map((d) => demand(`D${d}`, TECHNICIAN, 1)),
    });
    const r = await solve(input, engine);
    expect(r.status).toBe('optimal');
    expect(verifySchedule(input, r.assignments)).toEqual([]);
  });

  it('says no assignment is possible when hard minimum hours cannot be met', async () => {
    const input = makeInput({
      shifts: dayAndEvening(1),
      staff: [person('Ana', [TECHNICIAN], { minMinutesTotal: 16 * HOUR, minMinutesHard: true })],
      demands: [demand('D0', TECHNICIAN, 1)],
    });
    const r = await solveSchedule(input, { engine: 'highs', inThread: true });
    expect(r.status).toBe('infeasible');
  });
});

describe('solveSchedule', () => {
  it('says no assignment is possible when two locked assignments break the rest rule', async () => {
    const input = makeInput({
      shifts: dayAndEvening(2),
      staff: [person('Ana', [TECHNICIAN])],
      locked: [
        { staff: 'Ana', shift: 'E0', position: TECHNICIAN },
        { staff: 'Ana', shift: 'D1', position: TECHNICIAN },
      ],
    });
    const r = await solveSchedule(input, { inThread: true });
    expect(r.status).toBe('infeasible');
    expect(r.violations.map((v) => v.rule)).toEqual(['MIN_REST']);
  });

  it('is optimal at once when nobody can take any required position', async () => {
    const input = makeInput({ shifts: dayAndEvening(1), staff: [], demands: [demand('D0', TECHNICIAN, 1)] });
    const r = await solveSchedule(input, { engine: 'highs' });
    expect(r.status).toBe('optimal');
    expect(r.gaps).toEqual([{ shift: 'D0', position: TECHNICIAN, required: 1, assigned: 0, missing: 1 }]);
  });

  it('handles overnight shifts that cross midnight', async () => {
    const input = makeInput({
      shifts: [shift('N0', 0, 22, 30, 'N'), shift('D1', 1, 7, 15, 'D')],
      staff: [person('Ana', [TECHNICIAN])],
      demands: [demand('N0', TECHNICIAN, 1), demand('D1', TECHNICIAN, 1)],
      rules: { minRestMinutes: 0, maxConsecutiveDays: null },
    });
    const r = await solveSchedule(input, { inThread: true });
    // 22:00–06:00 overlaps nothing but ends one hour before 07:00: with no rest rule both are worked.
    expect(r.assignments).toHaveLength(2);
    expect(r.minutes[0]?.total).toBe(16 * HOUR);
  });
});

describe('fairness of weekend and night shifts', () => {
  it('charges each weekend shift above the fair share, so weekends are shared', async () => {
    const FAIRNESS = 3;
    // Saturday 2026-03-07 and Sunday 2026-03-08 are days 5 and 6 from Monday 2026-03-02.
    const shifts = [shift('SAT', 5, 7, 15), shift('SUN', 6, 7, 15)];
    const input = makeInput({
      horizon: { startDate: '2026-03-02', days: 7 },
      shifts,
      staff: [
        person('Ana', [TECHNICIAN], {
          availability: { SAT: { status: 'preferred' }, SUN: { status: 'preferred' } },
        }),
        person('Ben', [TECHNICIAN]),
      ],
      demands: [demand('SAT', TECHNICIAN, 1), demand('SUN', TECHNICIAN, 1)],
      weights: { laborCost: 0, fairness: FAIRNESS, preferred: 2 },
    });
    for (const engine of ENGINES) {
      const r = await solve(input, engine);
      // Fair share: 2 weekend shifts ÷ 2 people = 1. Ana working both would earn 2 × 2 but cost 3.
      expect(r.objectiveTerms.fairness).toBe(0);
      expect(r.assignments.map((a) => a.staff).sort()).toEqual(['Ana', 'Ben']);
    }
  });
});

// Frozen shifts (started shifts: nobody added or removed) and per-shift change costs (the notice window).
import { afterAll, describe, expect, it } from 'vitest';
import { closeWorkers, solveSchedule, verifySchedule } from '../../../solver';
import { TECHNICIAN, demand, makeInput, person, shift } from './helpers';

afterAll(async () => {
  await closeWorkers();
});

const MONDAY = shift('MON', 0, 7, 15);
const TUESDAY = shift('TUE', 1, 7, 15);
const FRIDAY = shift('FRI', 4, 7, 15);

describe('frozen shifts', () => {
  it('keeps exactly the locked people on a frozen shift and fills a gap elsewhere instead', async () => {
    const input = makeInput({
      shifts: [MONDAY, TUESDAY],
      staff: [person('ana', [TECHNICIAN]), person('ben', [TECHNICIAN])],
      demands: [demand('MON', TECHNICIAN, 2), demand('TUE', TECHNICIAN, 1, { max: 1 })],
      locked: [{ staff: 'ana', shift: 'MON', position: TECHNICIAN }],
      frozenShifts: ['MON'],
    });
    const r = await solveSchedule(input, { engine: 'highs', inThread: true });
    expect(r.status).toBe('optimal');
    // Monday stays one short: the gap of a worked shift is history, not something to fill.
    expect(r.assignments.filter((a) => a.shift === 'MON')).toEqual([
      { staff: 'ana', shift: 'MON', position: TECHNICIAN },
    ]);
    expect(r.gaps).toEqual([{ shift: 'MON', position: TECHNICIAN, required: 2, assigned: 1, missing: 1 }]);
    expect(r.assignments.filter((a) => a.shift === 'TUE')).toHaveLength(1);
  });

  it('names anyone added to a frozen shift as breaking the rule', () => {
    const input = makeInput({
      shifts: [MONDAY],
      staff: [person('ana', [TECHNICIAN]), person('ben', [TECHNICIAN])],
      demands: [demand('MON', TECHNICIAN, 2)],
      locked: [{ staff: 'ana', shift: 'MON', position: TECHNICIAN }],
      frozenShifts: ['MON'],
    });
    const violations = verifySchedule(input, [
      { staff: 'ana', shift: 'MON', position: TECHNICIAN },
      { staff: 'ben', shift: 'MON', position: TECHNICIAN },
    ]);
    expect(violations).toEqual([
      {
        rule: 'FROZEN',
        message: 'ben cannot be added to Mon 07:00–15:00 as TECHNICIAN: the shift has started.',
        staff: 'ben',
        shifts: ['MON'],
      },
    ]);
  });
});

describe('per-shift change costs', () => {
  it('changes the shift further out when a change inside the notice window costs more', async () => {
    // Ana can work only one of the two shifts now; one of them must change against the previous schedule.
    const input = makeInput({
      shifts: [TUESDAY, FRIDAY],
      staff: [person('ana', [TECHNICIAN], { maxMinutesPerWeek: 8 * 60 }), person('ben', [TECHNICIAN])],
      demands: [demand('TUE', TECHNICIAN, 1), demand('FRI', TECHNICIAN, 1)],
      previous: [
        { staff: 'ana', shift: 'TUE', position: TECHNICIAN },
        { staff: 'ana', shift: 'FRI', position: TECHNICIAN },
      ],
      weights: { underCover: 1000, change: 50 },
      changeCosts: { TUE: 250 },
    });
    const r = await solveSchedule(input, { engine: 'highs', inThread: true });
    expect(r.status).toBe('optimal');
    expect(r.assignments).toContainEqual({ staff: 'ana', shift: 'TUE', position: TECHNICIAN });
    expect(r.assignments).toContainEqual({ staff: 'ben', shift: 'FRI', position: TECHNICIAN });
    expect(r.objectiveTerms.change).toBe(100);
  });
});

// The labour budget rule: a hard cap leaves coverage open rather than plan over it (and says so);
// a soft budget charges each hour over.
import { afterAll, describe, expect, it } from 'vitest';
import { closeWorkers, explainGaps, solveSchedule, summarizeSchedule, verifySchedule } from '../../../solver';
import { TECHNICIAN, demand, makeInput, person, shift } from './helpers';

afterAll(async () => {
  await closeWorkers();
});

// Three 8-hour shifts, one technician each, three technicians at $20 an hour.
const MONDAY = shift('MON', 0, 7, 15);
const TUESDAY = shift('TUE', 1, 7, 15);
const WEDNESDAY = shift('WED', 2, 7, 15);
const STAFF = ['ana', 'ben', 'cy'].map((id) => person(id, [TECHNICIAN], { hourlyCost: 20 }));
const DEMANDS = ['MON', 'TUE', 'WED'].map((s) => demand(s, TECHNICIAN, 1));
const SIXTEEN_HOURS = 16 * 60;

function week(budget: { maxPaidMinutes?: number; maxPay?: number; hard: boolean }) {
  return makeInput({
    shifts: [MONDAY, TUESDAY, WEDNESDAY],
    staff: STAFF,
    demands: DEMANDS,
    rules: { budget },
  });
}

describe('labour budget', () => {
  it('plans no more paid hours than a hard cap, leaving a gap the explanation puts down to the budget', async () => {
    const input = week({ maxPaidMinutes: SIXTEEN_HOURS, hard: true });
    const r = await solveSchedule(input, { engine: 'highs', inThread: true });
    expect(r.status).toBe('optimal');
    expect(r.assignments).toHaveLength(2);
    expect(r.gaps).toHaveLength(1);
    const [gap] = explainGaps(input, r);
    expect(gap!.candidates.length).toBeGreaterThan(0);
    expect(gap!.candidates.every((c) => c.code === 'BUDGET')).toBe(true);
  });

  it('holds a pay cap the same way', async () => {
    const r = await solveSchedule(week({ maxPay: 400, hard: true }), { engine: 'highs', inThread: true });
    expect(r.assignments).toHaveLength(2); // 2 × 8 h × $20 = $320; a third shift would make $480
  });

  it('reports a schedule over a hard cap as breaking the rule', () => {
    const violations = verifySchedule(week({ maxPaidMinutes: SIXTEEN_HOURS, hard: true }), [
      { staff: 'ana', shift: 'MON', position: TECHNICIAN },
      { staff: 'ben', shift: 'TUE', position: TECHNICIAN },
      { staff: 'cy', shift: 'WED', position: TECHNICIAN },
    ]);
    expect(violations).toEqual([
      { rule: 'BUDGET', message: 'The schedule plans 24 h of paid time, over the budget of 16 h.' },
    ]);
  });

  it('covers every shift over a soft budget and charges each hour over it', async () => {
    const input = week({ maxPaidMinutes: SIXTEEN_HOURS, hard: false });
    const r = await solveSchedule(input, { engine: 'highs', inThread: true });
    expect(r.assignments).toHaveLength(3);
    expect(r.gaps).toEqual([]);
    expect(summarizeSchedule(input, r.assignments).objectiveTerms.overBudget).toBe(8 * 40); // 8 hours over at the default 40 an hour
    expect(verifySchedule(input, r.assignments)).toEqual([]);
  });
});

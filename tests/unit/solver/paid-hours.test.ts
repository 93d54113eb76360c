// Paid hours: a shift's length minus its unpaid meal break. The max-hours rule,
// minimum and target hours, labour cost and overtime all count paid minutes, in the model and in
// verifySchedule alike. Both engines run every case (on this thread: small models).
import { describe, expect, it } from 'vitest';
import { solveSchedule } from '../../../solver';
import { summarizeSchedule } from '../../../solver/core/score';
import { verifySchedule } from '../../../solver/core/verify';
import type { EngineName, ShiftInstance } from '../../../solver/core/types';
import { HOUR, TECHNICIAN, demand, makeInput, person, shift } from './helpers';

const ENGINES: EngineName[] = ['jslp', 'highs'];
const BREAK = 30;

/** Six 07:00–15:30 shifts (8.5 h on the clock) with a 30-minute unpaid break: 8 paid hours each. */
function longDays(): ShiftInstance[] {
  return [0, 1, 2, 3, 4, 5].map((d) => ({ ...shift(`D${d}`, d, 7, 15.5), breakMinutes: BREAK }));
}

const a = (staff: string, shiftId: string) => ({ staff, shift: shiftId, position: TECHNICIAN });

describe('verifySchedule counts paid hours', () => {
  it('five 8.5-hour shifts with a 30-minute break are 40 paid hours: at a 40 h cap, not over it', () => {
    const input = makeInput({
      shifts: longDays(),
      staff: [person('Ana', [TECHNICIAN], { maxMinutesPerWeek: 40 * HOUR })],
    });
    const five = [0, 1, 2, 3, 4].map((d) => a('Ana', `D${d}`));
    expect(verifySchedule(input, five)).toEqual([]);
    expect(summarizeSchedule(input, five).minutes[0]).toMatchObject({
      total: 40 * HOUR,
      byWeek: [40 * HOUR],
    });
  });

  it('a sixth shift breaks the cap, by paid hours', () => {
    const input = makeInput({
      shifts: longDays(),
      staff: [person('Ana', [TECHNICIAN], { maxMinutesPerWeek: 40 * HOUR })],
    });
    const six = [0, 1, 2, 3, 4, 5].map((d) => a('Ana', `D${d}`));
    expect(verifySchedule(input, six).map((v) => [v.rule, v.message])).toEqual([
      ['MAX_MINUTES_WEEK', 'Ana would work 48 h in week 1, more than the maximum 40 h.'],
    ]);
  });

  it('hard minimum hours count paid hours too', () => {
    const input = makeInput({
      shifts: longDays(),
      staff: [person('Ana', [TECHNICIAN], { minMinutesTotal: 17 * HOUR, minMinutesHard: true })],
    });
    expect(verifySchedule(input, [a('Ana', 'D0'), a('Ana', 'D1')]).map((v) => v.message)).toEqual([
      'Ana would work 16 h in the period, less than the required 17 h.',
    ]);
  });
});

describe.each(ENGINES)('solveSchedule with %s counts paid hours', (engine) => {
  it('assigns a person up to the cap by paid hours where clock length would stop at four shifts', async () => {
    const input = makeInput({
      shifts: longDays(),
      staff: [person('Ana', [TECHNICIAN], { maxMinutesPerWeek: 40 * HOUR })],
      demands: [0, 1, 2, 3, 4].map((d) => demand(`D${d}`, TECHNICIAN, 1)),
    });
    const r = await solveSchedule(input, { engine, inThread: true, timeLimitMs: 20_000 });
    expect(r.status).toBe('optimal');
    expect(r.gaps).toEqual([]);
    expect(r.assignments).toHaveLength(5);
    expect(verifySchedule(input, r.assignments)).toEqual([]);
    expect(r.minutes[0]?.total).toBe(40 * HOUR);
  });

  it('charges labour cost on paid hours, overtime only above 40 paid hours', async () => {
    const RATE = 30;
    const input = makeInput({
      shifts: longDays(),
      staff: [person('Ana', [TECHNICIAN], { hourlyCost: RATE })],
      demands: [0, 1, 2, 3, 4, 5].map((d) => demand(`D${d}`, TECHNICIAN, 1)),
      weights: { laborCost: 0.01 },
    });
    const r = await solveSchedule(input, { engine, inThread: true, timeLimitMs: 20_000 });
    expect(r.assignments).toHaveLength(6);
    // 48 paid hours: 40 regular, 8 at time and a half (by clock length it would be 51 h, 11 h overtime).
    expect(r.objectiveTerms.laborCost).toBeCloseTo(48 * RATE * 0.01 + 8 * RATE * 0.5 * 0.01, 9);
    expect(r.objective).toBeCloseTo(r.objectiveTerms.laborCost, 9);
  });

  it('measures the distance to target hours in paid hours', async () => {
    const input = makeInput({
      shifts: longDays(),
      staff: [person('Ana', [TECHNICIAN], { targetMinutes: 40 * HOUR })],
      // Nobody is required: only the target decides how many shifts Ana works.
      demands: [0, 1, 2, 3, 4, 5].map((d) => demand(`D${d}`, TECHNICIAN, 0)),
      weights: { laborCost: 0, targetDeviation: 2 },
    });
    const r = await solveSchedule(input, { engine, inThread: true, timeLimitMs: 20_000 });
    // Five shifts hit the 40 h target exactly; by clock length 42.5 h would cost 2.5 h × 2.
    expect(r.assignments).toHaveLength(5);
    expect(r.objectiveTerms.targetDeviation).toBe(0);
  });
});

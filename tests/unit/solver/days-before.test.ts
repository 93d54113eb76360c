// Staff.workedDaysBefore: days worked in a row up to the day before the horizon count towards the
// max-consecutive-days rule in the model, the checker and the gap explanations.
import { describe, expect, it } from 'vitest';
import { explainGaps, solveSchedule } from '../../../solver';
import { verifySchedule } from '../../../solver/core/verify';
import type { EngineName, ScheduleInput } from '../../../solver/core/types';
import { TECHNICIAN, dayAndEvening, demand, makeInput, person } from './helpers';

const MAX_RUN = 6;
const UNDER_COVER = 1000;
const ENGINES: EngineName[] = ['jslp', 'highs'];

/** Ana is the only technician; day shifts of days 0–3 each need one. */
function week(workedDaysBefore: number): ScheduleInput {
  return makeInput({
    shifts: dayAndEvening(4),
    staff: [person('Ana', [TECHNICIAN], { workedDaysBefore })],
    demands: [0, 1, 2, 3].map((d) => demand(`D${d}`, TECHNICIAN, 1)),
    rules: { maxConsecutiveDays: MAX_RUN },
  });
}

describe('workedDaysBefore', () => {
  it('verify: a run on day 0 continues the days worked before the horizon', () => {
    const input = week(5);
    const two = [
      { staff: 'Ana', shift: 'D0', position: TECHNICIAN },
      { staff: 'Ana', shift: 'D1', position: TECHNICIAN },
    ];
    expect(verifySchedule(input, two.slice(0, 1))).toEqual([]);
    expect(verifySchedule(input, two)).toEqual([
      expect.objectContaining({
        rule: 'MAX_CONSECUTIVE_DAYS',
        staff: 'Ana',
        message:
          'Ana works 7 days in a row (the 5 days before, then Mon 2 Mar to Tue 3 Mar); at most 6 allowed.',
      }),
    ]);
    // A run that starts after a day off owes nothing to the days before.
    expect(verifySchedule(input, [two[1] as (typeof two)[number]])).toEqual([]);
  });

  it.each(ENGINES)('%s: with 6 days worked before, day 0 stays off (one gap, on D0)', async (engine) => {
    const input = week(MAX_RUN);
    const r = await solveSchedule(input, { engine, inThread: true });
    expect(r.status).toBe('optimal');
    expect(verifySchedule(input, r.assignments)).toEqual([]);
    expect(r.gaps.map((g) => g.shift)).toEqual(['D0']);
    expect(r.objective).toBe(UNDER_COVER);
  });

  it.each(ENGINES)(
    '%s: with 4 days worked before, one of days 0–2 is off (exactly one gap)',
    async (engine) => {
      const input = week(4);
      const r = await solveSchedule(input, { engine, inThread: true });
      expect(r.status).toBe('optimal');
      expect(verifySchedule(input, r.assignments)).toEqual([]);
      expect(r.gaps).toHaveLength(1);
      expect(['D0', 'D1', 'D2']).toContain(r.gaps[0]?.shift);
      expect(r.objective).toBe(UNDER_COVER);
    },
  );

  it('explainGaps names the consecutive-days limit for the gap on day 0', async () => {
    const input = week(MAX_RUN);
    const r = await solveSchedule(input, { engine: 'highs', inThread: true });
    const [gap] = explainGaps(input, r);
    expect(gap?.shift).toBe('D0');
    expect(gap?.candidates).toEqual([
      expect.objectContaining({
        staff: 'Ana',
        code: 'MAX_CONSECUTIVE_DAYS',
        violations: [
          expect.objectContaining({
            rule: 'MAX_CONSECUTIVE_DAYS',
            message:
              'Ana works 10 days in a row (the 6 days before, then Mon 2 Mar to Thu 5 Mar); at most 6 allowed.',
          }),
        ],
      }),
    ]);
  });
});

// Shift times are minutes from the start of the horizon, computed by the caller with luxon in the
// site's zone, so the night a clock changes has a 7 h or 9 h overnight shift, exactly.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { solveSchedule } from '../../../solver';
import { verifySchedule } from '../../../solver/core/verify';
import type { ScheduleInput, ShiftInstance } from '../../../solver/core/types';
import { HOUR, POSITIONS, TECHNICIAN } from './helpers';

const ZONE = 'America/New_York';
/** US clocks spring forward on Sunday 2026-03-08 and fall back on Sunday 2026-11-01. */
const SPRING_WEEK_MONDAY = '2026-03-02';
const FALL_WEEK_MONDAY = '2026-10-26';
const NIGHT_START_HOUR = 22;
const NIGHT_END_HOUR = 6;

/** Night shifts 22:00–06:00 local time for each day of the week, in minutes from the horizon start. */
function nightWeek(monday: string): ShiftInstance[] {
  const origin = DateTime.fromISO(monday, { zone: ZONE }).startOf('day');
  const minutes = (dt: DateTime): number => Math.round(dt.diff(origin, 'minutes').minutes);
  return Array.from({ length: 7 }, (_, day) => {
    const date = origin.plus({ days: day });
    const start = date.set({ hour: NIGHT_START_HOUR });
    const end = date.plus({ days: 1 }).set({ hour: NIGHT_END_HOUR });
    return {
      id: `N${day}`,
      day,
      start: minutes(start),
      end: minutes(end),
      type: 'N',
      label: `${date.toFormat('ccc')} night`,
    };
  });
}

function weekInput(monday: string, maxMinutesPerWeek: number): ScheduleInput {
  const shifts = nightWeek(monday);
  return {
    horizon: { startDate: monday, days: 7 },
    shifts,
    positions: POSITIONS,
    demands: shifts.map((s) => ({ shift: s.id, position: TECHNICIAN, min: 1 })),
    staff: [{ id: 'Ana', name: 'Ana', positions: [TECHNICIAN], maxMinutesPerWeek }],
    rules: { minRestMinutes: 0, maxConsecutiveDays: null },
    weights: { laborCost: 0 },
  };
}

describe('daylight-saving weeks (America/New_York)', () => {
  it('the spring-forward night is 7 h, so seven nights are 55 h', async () => {
    const input = weekInput(SPRING_WEEK_MONDAY, 55 * HOUR);
    const lengths = input.shifts.map((s) => (s.end - s.start) / HOUR);
    expect(lengths).toEqual([8, 8, 8, 8, 8, 7, 8]);
    const r = await solveSchedule(input, { engine: 'highs', inThread: true });
    expect(r.assignments).toHaveLength(7);
    expect(r.minutes[0]?.total).toBe(55 * HOUR);
    expect(verifySchedule(input, r.assignments)).toEqual([]);
  });

  it('the fall-back night is 9 h: a 56 h cap then fits only six of the seven nights', async () => {
    const input = weekInput(FALL_WEEK_MONDAY, 56 * HOUR);
    const lengths = input.shifts.map((s) => (s.end - s.start) / HOUR);
    expect(lengths).toEqual([8, 8, 8, 8, 8, 9, 8]);
    const r = await solveSchedule(input, { engine: 'highs', inThread: true });
    expect(r.assignments).toHaveLength(6);
    expect(r.gaps).toHaveLength(1);
    expect(
      verifySchedule(input, [
        ...r.assignments,
        ...r.gaps.map((g) => ({ staff: 'Ana', shift: g.shift, position: TECHNICIAN })),
      ]),
    ).toEqual([
      expect.objectContaining({
        rule: 'MAX_MINUTES_WEEK',
        message: 'Ana would work 57 h in week 1, more than the maximum 56 h.',
      }),
    ]);
  });
});

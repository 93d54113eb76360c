// The pharmacist's meal break in the technician ratio: where the state's pack does not count a
// pharmacist on a meal break, the break window placed in the schedule (ShiftInstance.breakStart) is
// time without that pharmacist, in the model rows, in verifySchedule and in the gap explanation;
// where the pack counts them, breaks change nothing.
import { describe, expect, it } from 'vitest';
import { explainGaps, solveSchedule, statePack, type RatioPack } from '../../../solver';
import { breakWindow } from '../../../solver/core/calendar';
import { describePack } from '../../../solver/core/ratio-packs';
import { verifySchedule } from '../../../solver/core/verify';
import type { Assignment, EngineName, ScheduleInput, ShiftInstance } from '../../../solver/core/types';
import { gapWords } from '../../../server/scheduling/gap-words';
import { HOUR, PHARMACIST, TECHNICIAN, demand, makeInput, person, shift } from './helpers';

const ENGINES: EngineName[] = ['jslp', 'highs'];

function pack(state: string): RatioPack {
  const found = statePack(state, 'community');
  if (!found) throw new Error(`no pack for ${state}`);
  return found;
}
/** Minnesota: a pharmacist on a meal break does not count. California: they do. */
const MINNESOTA = pack('MN');
const CALIFORNIA = pack('CA');

/** `shift()` with an unpaid break of `minutes` starting at `atHour` (omitted: the default place). */
function withBreak(s: ShiftInstance, minutes: number, atHour?: number): ShiftInstance {
  return {
    ...s,
    breakMinutes: minutes,
    ...(atHour === undefined ? {} : { breakStart: s.day * 24 * HOUR + atHour * HOUR }),
  };
}

/** The pharmacist's 08:00–16:30 shift, break 12:00–12:30; a technician's 10:00–16:00 shift, no break. */
const RX = withBreak(shift('RX', 0, 8, 16.5), 30, 12);
const MID = shift('MID', 0, 10, 16);
/** A second pharmacist's 11:00–19:30 shift, break 15:00–15:30: staggered with RX. */
const LATE_RX = withBreak(shift('LATE_RX', 0, 11, 19.5), 30, 15);

const a = (staff: string, shiftId: string, position = TECHNICIAN): Assignment => ({
  staff,
  shift: shiftId,
  position,
});

function oneTechnicianDay(ratioPack: RatioPack, extra: Partial<ScheduleInput> = {}): ScheduleInput {
  return makeInput({
    shifts: [RX, MID],
    staff: [person('Rx1', [PHARMACIST]), person('T1', [TECHNICIAN])],
    demands: [demand('RX', PHARMACIST, 1), demand('MID', TECHNICIAN, 1)],
    rules: { maxConsecutiveDays: null, technicianRatio: null, ratioPack },
    ...extra,
  });
}

const messages = (input: ScheduleInput, schedule: Assignment[]): string[] =>
  verifySchedule(input, schedule).map((v) => v.message);

const ALONE_AT_NOON =
  'At Mon 2 Mar 12:00, 1 technician would be on duty with 0 pharmacists (1 on a meal break, who does not count in Minnesota) and no certified technician; Minnesota allows 3 per pharmacist, 4 when one is certified (0 here).';

describe('verifySchedule and the pharmacist’s meal break', () => {
  const schedule = [a('Rx1', 'RX', PHARMACIST), a('T1', 'MID')];

  it('flags a technician working through the only pharmacist’s break where the pack does not count it', () => {
    expect(verifySchedule(oneTechnicianDay(MINNESOTA), schedule)).toEqual([
      { rule: 'RATIO', message: ALONE_AT_NOON, shifts: ['MID', 'RX'] },
    ]);
  });

  it('accepts the same schedule where the pack counts a pharmacist on a break (California)', () => {
    expect(messages(oneTechnicianDay(CALIFORNIA), schedule)).toEqual([]);
  });

  it('accepts it once a second pharmacist, with a break at another time, covers the first one’s break', () => {
    const input = oneTechnicianDay(MINNESOTA, { shifts: [RX, MID, LATE_RX] });
    input.staff.push(person('Rx2', [PHARMACIST]));
    expect(messages(input, [...schedule, a('Rx2', 'LATE_RX', PHARMACIST)])).toEqual([]);
  });

  it('flags two pharmacists whose breaks fall together (the same shift): neither counts then', () => {
    const input = oneTechnicianDay(MINNESOTA);
    input.staff.push(person('Rx2', [PHARMACIST]));
    expect(messages(input, [...schedule, a('Rx2', 'RX', PHARMACIST)])).toEqual([
      'At Mon 2 Mar 12:00, 1 technician would be on duty with 0 pharmacists (2 on a meal break, who do not count in Minnesota) and no certified technician; Minnesota allows 3 per pharmacist, 4 when one is certified (0 here).',
    ]);
  });

  it('a technician on the pharmacist’s own shift takes the same break: nobody is on duty then', () => {
    const input = oneTechnicianDay(MINNESOTA, {
      demands: [demand('RX', PHARMACIST, 1), demand('RX', TECHNICIAN, 1)],
    });
    expect(messages(input, [a('Rx1', 'RX', PHARMACIST), a('T1', 'RX')])).toEqual([]);
  });

  it('places a break with no time set in the middle of the shift, on a quarter hour', () => {
    const noTime = withBreak(shift('RX', 0, 8, 16.5), 30);
    expect(breakWindow(noTime)).toEqual({ start: 12 * HOUR, end: 12.5 * HOUR });
    expect(breakWindow(shift('RX', 0, 8, 16.5))).toBeNull();
    const input = oneTechnicianDay(MINNESOTA, { shifts: [noTime, MID] });
    expect(messages(input, schedule)).toEqual([ALONE_AT_NOON]);
  });
});

describe('the solver and the pharmacist’s meal break', () => {
  async function solve(input: ScheduleInput, engine: EngineName) {
    const result = await solveSchedule(input, { engine, inThread: true, timeLimitMs: 20_000 });
    expect(result.status).toBe('optimal');
    expect(verifySchedule(input, result.assignments)).toEqual([]);
    return result;
  }

  it.each(ENGINES)(
    '%s: leaves the technician off where the only pharmacist’s break does not count, and explains it',
    async (engine) => {
      const input = oneTechnicianDay(MINNESOTA);
      const r = await solve(input, engine);
      expect(r.assignments).toEqual([a('Rx1', 'RX', PHARMACIST)]);
      expect(r.gaps).toEqual([{ shift: 'MID', position: TECHNICIAN, required: 1, assigned: 0, missing: 1 }]);
      const [gap] = explainGaps(input, r);
      expect(gap?.ratioBound).toBe(true);
      expect(gapWords(input, gap!).reasons).toBe(
        `the technician ratio leaves it open: T1 could work it otherwise. ${ALONE_AT_NOON}`,
      );
    },
  );

  it.each(ENGINES)(
    '%s: places the technician where the pack counts a pharmacist on a break',
    async (engine) => {
      const r = await solve(oneTechnicianDay(CALIFORNIA), engine);
      expect(r.gaps).toEqual([]);
      expect(r.assignments).toContainEqual(a('T1', 'MID'));
    },
  );

  it.each(ENGINES)(
    '%s: adds the second pharmacist, whose break is staggered, so the technician can work',
    async (engine) => {
      const input = oneTechnicianDay(MINNESOTA, { shifts: [RX, MID, LATE_RX] });
      input.staff.push(person('Rx2', [PHARMACIST]));
      input.demands.push(demand('LATE_RX', PHARMACIST, 0, { max: 1 }));
      const r = await solve(input, engine);
      expect(r.gaps).toEqual([]);
      expect(r.assignments).toContainEqual(a('T1', 'MID'));
      expect(
        r.assignments
          .filter((x) => x.position === PHARMACIST)
          .map((x) => x.shift)
          .sort(),
      ).toEqual(['LATE_RX', 'RX']);
    },
  );
});

describe('the state packs on breaks', () => {
  it('say in words what a pharmacist’s break does, with nothing left to plan by hand', () => {
    expect(describePack(MINNESOTA)).toContain(
      'A pharmacist on a meal break does not count: while one is on the break the shift template sets, the technicians on duty need another pharmacist.',
    );
    expect(describePack(CALIFORNIA)).toContain(
      'A pharmacist on a meal break still counts while technicians keep working.',
    );
    expect(describePack(MINNESOTA)).not.toContain('by hand');
  });
});

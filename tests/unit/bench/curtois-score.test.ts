import { describe, expect, it } from 'vitest';
import type { CurtoisInstance, CurtoisRoster, CurtoisStaff } from '../../../bench/curtois/parse';
import { scoreCurtois } from '../../../bench/curtois/score';

const MONDAY = 0;
const TUESDAY = 1;
const WEDNESDAY = 2;
const THURSDAY = 3;
const SATURDAY = 5;
const SUNDAY = 6;
const NEXT_SATURDAY = 12;
const NEXT_SUNDAY = 13;
const HORIZON = 14;
const EARLY = 'E';
const LATE = 'L';
const SHIFT_MINUTES = 480;

/** A person bound by no rule unless a test says so. */
function relaxedStaff(id: string, rules: Partial<CurtoisStaff> = {}): CurtoisStaff {
  return {
    id,
    maxShifts: { [EARLY]: HORIZON, [LATE]: HORIZON },
    maxTotalMinutes: HORIZON * SHIFT_MINUTES,
    minTotalMinutes: 0,
    maxConsecutiveShifts: HORIZON,
    minConsecutiveShifts: 1,
    minConsecutiveDaysOff: 1,
    maxWeekends: 2,
    ...rules,
  };
}

function instanceWith(changes: Partial<CurtoisInstance> = {}): CurtoisInstance {
  return {
    horizonDays: HORIZON,
    shifts: [
      { id: EARLY, minutes: SHIFT_MINUTES, cannotFollow: [] },
      { id: LATE, minutes: SHIFT_MINUTES, cannotFollow: [EARLY] },
    ],
    staff: [relaxedStaff('A')],
    daysOff: {},
    onRequests: [],
    offRequests: [],
    cover: [],
    ...changes,
  };
}

function roster(...cells: [string, number, string][]): CurtoisRoster {
  return { assignments: cells.map(([staff, day, shift]) => ({ staff, day, shift })) };
}

/** Days first..last (inclusive) on the early shift for person A. */
function earlyRun(first: number, last: number): [string, number, string][] {
  return Array.from(
    { length: last - first + 1 },
    (_, i) => ['A', first + i, EARLY] as [string, number, string],
  );
}

function rules(instance: CurtoisInstance, r: CurtoisRoster): string[] {
  return scoreCurtois(instance, r).violations.map((v) => v.rule);
}

describe('scoreCurtois hard rules', () => {
  it('accepts an empty roster for a person without limits', () => {
    expect(scoreCurtois(instanceWith(), roster())).toEqual({
      objective: 0,
      onRequests: 0,
      offRequests: 0,
      underCover: 0,
      overCover: 0,
      violations: [],
    });
  });

  it('flags two shifts on one day', () => {
    expect(rules(instanceWith(), roster(['A', MONDAY, EARLY], ['A', MONDAY, LATE]))).toEqual([
      'one-shift-per-day',
    ]);
  });

  it('flags a forbidden succession on the next day only', () => {
    const instance = instanceWith();
    expect(rules(instance, roster(['A', MONDAY, LATE], ['A', TUESDAY, EARLY]))).toEqual([
      'forbidden-succession',
    ]);
    expect(rules(instance, roster(['A', MONDAY, EARLY], ['A', TUESDAY, LATE]))).toEqual([]);
    expect(rules(instance, roster(['A', MONDAY, LATE], ['A', WEDNESDAY, EARLY]))).toEqual([]);
  });

  it('flags more shifts of a type than allowed', () => {
    const instance = instanceWith({ staff: [relaxedStaff('A', { maxShifts: { [EARLY]: 14, [LATE]: 1 } })] });
    expect(rules(instance, roster(['A', MONDAY, LATE], ['A', WEDNESDAY, LATE]))).toEqual([
      'max-shifts-per-type',
    ]);
    expect(rules(instance, roster(['A', MONDAY, LATE]))).toEqual([]);
  });

  it('flags total minutes above the maximum and below the minimum', () => {
    const limits = { maxTotalMinutes: 2 * SHIFT_MINUTES, minTotalMinutes: 2 * SHIFT_MINUTES };
    const instance = instanceWith({ staff: [relaxedStaff('A', limits)] });
    expect(rules(instance, roster(...earlyRun(MONDAY, WEDNESDAY)))).toEqual(['max-total-minutes']);
    expect(rules(instance, roster(['A', MONDAY, EARLY]))).toEqual(['min-total-minutes']);
    expect(rules(instance, roster(...earlyRun(MONDAY, TUESDAY)))).toEqual([]);
  });

  it('flags a run of working days longer than the maximum, including at the horizon edges', () => {
    const instance = instanceWith({ staff: [relaxedStaff('A', { maxConsecutiveShifts: 3 })] });
    expect(rules(instance, roster(...earlyRun(MONDAY, THURSDAY)))).toEqual(['max-consecutive-shifts']);
    expect(rules(instance, roster(...earlyRun(10, 13)))).toEqual(['max-consecutive-shifts']);
    expect(rules(instance, roster(...earlyRun(MONDAY, WEDNESDAY)))).toEqual([]);
  });

  it('flags a short working run only when it starts and ends inside the horizon', () => {
    const instance = instanceWith({ staff: [relaxedStaff('A', { minConsecutiveShifts: 3 })] });
    expect(rules(instance, roster(...earlyRun(4, 5)))).toEqual(['min-consecutive-shifts']);
    expect(rules(instance, roster(...earlyRun(MONDAY, TUESDAY)))).toEqual([]);
    expect(rules(instance, roster(...earlyRun(NEXT_SATURDAY, NEXT_SUNDAY)))).toEqual([]);
    expect(rules(instance, roster(...earlyRun(4, 6)))).toEqual([]);
  });

  it('flags a short stretch of days off only when it starts and ends inside the horizon', () => {
    const instance = instanceWith({ staff: [relaxedStaff('A', { minConsecutiveDaysOff: 2 })] });
    const allBut = (...off: number[]) =>
      roster(...earlyRun(MONDAY, NEXT_SUNDAY).filter(([, day]) => !off.includes(day)));
    expect(rules(instance, allBut(WEDNESDAY))).toEqual(['min-consecutive-days-off']);
    expect(rules(instance, allBut(MONDAY))).toEqual([]);
    expect(rules(instance, allBut(NEXT_SUNDAY))).toEqual([]);
    expect(rules(instance, allBut(WEDNESDAY, THURSDAY))).toEqual([]);
  });

  it('counts a weekend when Saturday or Sunday is worked', () => {
    const instance = instanceWith({ staff: [relaxedStaff('A', { maxWeekends: 1 })] });
    expect(rules(instance, roster(['A', SATURDAY, EARLY], ['A', SUNDAY, EARLY]))).toEqual([]);
    expect(rules(instance, roster(['A', SATURDAY, EARLY], ['A', NEXT_SUNDAY, EARLY]))).toEqual([
      'max-weekends',
    ]);
    expect(rules(instance, roster(['A', SUNDAY, EARLY], ['A', NEXT_SATURDAY, EARLY]))).toEqual([
      'max-weekends',
    ]);
  });

  it('flags work on a day off', () => {
    const instance = instanceWith({ daysOff: { A: [TUESDAY] } });
    const result = scoreCurtois(instance, roster(['A', TUESDAY, LATE]));
    expect(result.violations).toEqual([
      { rule: 'day-off', staff: 'A', day: TUESDAY, message: 'A works on day off 1' },
    ]);
  });

  it('flags assignments to unknown staff, shifts or days', () => {
    const instance = instanceWith();
    expect(rules(instance, roster(['Z', MONDAY, EARLY]))).toEqual(['unknown-reference']);
    expect(rules(instance, roster(['A', MONDAY, 'N']))).toEqual(['unknown-reference']);
    expect(rules(instance, roster(['A', HORIZON, EARLY]))).toEqual(['unknown-reference']);
  });
});

describe('scoreCurtois objective', () => {
  const ON_WEIGHT = 2;
  const OFF_WEIGHT = 3;
  const UNDER_WEIGHT = 100;
  const OVER_WEIGHT = 7;

  it('charges an on-request that is not met, not one that is met', () => {
    const instance = instanceWith({
      onRequests: [{ staff: 'A', day: MONDAY, shift: EARLY, weight: ON_WEIGHT }],
    });
    expect(scoreCurtois(instance, roster()).onRequests).toBe(ON_WEIGHT);
    expect(scoreCurtois(instance, roster(['A', MONDAY, LATE])).objective).toBe(ON_WEIGHT);
    expect(scoreCurtois(instance, roster(['A', MONDAY, EARLY])).objective).toBe(0);
  });

  it('charges an off-request only when that very shift is worked', () => {
    const instance = instanceWith({
      offRequests: [{ staff: 'A', day: MONDAY, shift: LATE, weight: OFF_WEIGHT }],
    });
    expect(scoreCurtois(instance, roster(['A', MONDAY, LATE])).offRequests).toBe(OFF_WEIGHT);
    expect(scoreCurtois(instance, roster(['A', MONDAY, EARLY])).objective).toBe(0);
  });

  it('charges under-cover and over-cover per person times their weights', () => {
    const instance = instanceWith({
      staff: ['A', 'B', 'C'].map((id) => relaxedStaff(id)),
      cover: [
        { day: MONDAY, shift: EARLY, requirement: 3, underWeight: UNDER_WEIGHT, overWeight: OVER_WEIGHT },
        { day: MONDAY, shift: LATE, requirement: 0, underWeight: UNDER_WEIGHT, overWeight: OVER_WEIGHT },
      ],
    });
    const result = scoreCurtois(
      instance,
      roster(['A', MONDAY, EARLY], ['B', MONDAY, LATE], ['C', MONDAY, LATE]),
    );
    expect(result.underCover).toBe(2 * UNDER_WEIGHT);
    expect(result.overCover).toBe(2 * OVER_WEIGHT);
    expect(result.objective).toBe(2 * UNDER_WEIGHT + 2 * OVER_WEIGHT);
  });

  it('adds all four terms into the objective', () => {
    const instance = instanceWith({
      onRequests: [{ staff: 'A', day: TUESDAY, shift: EARLY, weight: ON_WEIGHT }],
      offRequests: [{ staff: 'A', day: MONDAY, shift: EARLY, weight: OFF_WEIGHT }],
      cover: [
        { day: MONDAY, shift: EARLY, requirement: 0, underWeight: UNDER_WEIGHT, overWeight: OVER_WEIGHT },
        { day: MONDAY, shift: LATE, requirement: 1, underWeight: UNDER_WEIGHT, overWeight: OVER_WEIGHT },
      ],
    });
    expect(scoreCurtois(instance, roster(['A', MONDAY, EARLY]))).toMatchObject({
      objective: ON_WEIGHT + OFF_WEIGHT + UNDER_WEIGHT + OVER_WEIGHT,
      violations: [],
    });
  });
});

/**
 * Maps a Curtois–Qu instance onto the solver's input, and a solver result back onto the
 * benchmark's roster form. Every benchmark rule has a counterpart in ScheduleInput:
 *
 * | benchmark                         | ScheduleInput                                           |
 * |-----------------------------------|---------------------------------------------------------|
 * | one shift a day                   | rules.maxShiftsPerDay = 1                               |
 * | shifts that cannot follow         | rules.forbiddenSuccessions (no rest rule: minRest 0)    |
 * | MaxShifts per type                | staff.maxShiftsPerType                                  |
 * | Max/MinTotalMinutes               | staff.maxMinutesTotal / minMinutesTotal, minMinutesHard |
 * | Max/MinConsecutiveShifts          | staff.maxConsecutiveDays / minConsecutiveDays           |
 * | MinConsecutiveDaysOff             | staff.minConsecutiveDaysOff                             |
 * | MaxWeekends (Sat or Sun worked)   | staff.maxWeekends over horizon.weekends                 |
 * | days off                          | availability `unavailable`                              |
 * | on/off requests                   | staff.requests (per shift type, weighted)               |
 * | cover, under/over weights         | one demand per (day, shift) with min = requirement      |
 *
 * Every other soft term (fairness, preferences, labour cost, changes) is weighted 0 so that the
 * solver's objective is the benchmark's objective.
 */
import type { ScheduleInput, ShiftInstance, SolveResult, Staff } from '../../solver/core/types';
import type { CurtoisInstance, CurtoisRoster } from './parse';

/** The one position of a Curtois instance: everybody may fill every shift they are allowed. */
export const CURTOIS_POSITION = 'STAFF';
/** A Monday: the benchmark's day 0. */
const START_DATE = '2024-01-01';
const MINUTES_PER_DAY = 1440;
const SATURDAY = 5;

function shiftId(day: number, type: string): string {
  return `${day}:${type}`;
}

export function curtoisToScheduleInput(instance: CurtoisInstance): ScheduleInput {
  const days = instance.horizonDays;
  const shifts: ShiftInstance[] = [];
  for (let day = 0; day < days; day += 1) {
    for (const s of instance.shifts) {
      // All shifts of a day start at its midnight: they overlap one another (one a day anyway) and,
      // being at most a day long, never the next day's; successions are the benchmark's own rule.
      const start = day * MINUTES_PER_DAY;
      shifts.push({ id: shiftId(day, s.id), day, start, end: start + s.minutes, type: s.id });
    }
  }

  const weekends: number[][] = [];
  for (let saturday = SATURDAY; saturday < days; saturday += 7) {
    weekends.push(saturday + 1 < days ? [saturday, saturday + 1] : [saturday]);
  }

  const staff: Staff[] = instance.staff.map((person) => {
    const availability: NonNullable<Staff['availability']> = {};
    for (const day of instance.daysOff[person.id] ?? []) {
      for (const s of instance.shifts) {
        availability[shiftId(day, s.id)] = { status: 'unavailable', reason: 'day off in the instance' };
      }
    }
    const requests: NonNullable<Staff['requests']> = [
      ...instance.onRequests
        .filter((r) => r.staff === person.id)
        .map((r) => ({ kind: 'on' as const, day: r.day, type: r.shift, weight: r.weight })),
      ...instance.offRequests
        .filter((r) => r.staff === person.id)
        .map((r) => ({ kind: 'off' as const, day: r.day, type: r.shift, weight: r.weight })),
    ];
    return {
      id: person.id,
      name: person.id,
      positions: [CURTOIS_POSITION],
      availability,
      maxMinutesTotal: person.maxTotalMinutes,
      minMinutesTotal: person.minTotalMinutes,
      minMinutesHard: true,
      maxShiftsPerType: { ...person.maxShifts },
      maxConsecutiveDays: person.maxConsecutiveShifts,
      minConsecutiveDays: person.minConsecutiveShifts,
      minConsecutiveDaysOff: person.minConsecutiveDaysOff,
      maxWeekends: person.maxWeekends,
      requests,
    };
  });

  return {
    horizon: { startDate: START_DATE, days, weekends },
    shifts,
    positions: [{ id: CURTOIS_POSITION, name: 'Staff' }],
    demands: instance.cover.map((c) => ({
      shift: shiftId(c.day, c.shift),
      position: CURTOIS_POSITION,
      min: c.requirement,
      underWeight: c.underWeight,
      overWeight: c.overWeight,
    })),
    staff,
    rules: {
      minRestMinutes: 0,
      technicianRatio: null,
      maxShiftsPerDay: 1,
      maxConsecutiveDays: null,
      forbiddenSuccessions: instance.shifts.flatMap((s) => s.cannotFollow.map((to) => ({ from: s.id, to }))),
    },
    weights: {
      underMinMinutes: 0,
      targetDeviation: 0,
      undesired: 0,
      preferred: 0,
      laborCost: 0,
      change: 0,
    },
  };
}

/** The benchmark's roster form of a solver result (shift ids are `day:type`, see above). */
export function resultToCurtoisRoster(
  input: ScheduleInput,
  result: Pick<SolveResult, 'assignments'>,
): CurtoisRoster {
  const shifts = new Map(input.shifts.map((s) => [s.id, s]));
  const assignments = result.assignments.map((a) => {
    const shift = shifts.get(a.shift);
    if (shift === undefined) throw new Error(`result names unknown shift ${a.shift}`);
    return { staff: a.staff, day: shift.day, shift: shift.type };
  });
  assignments.sort(
    (a, b) => a.day - b.day || a.staff.localeCompare(b.staff) || a.shift.localeCompare(b.shift),
  );
  return { assignments };
}

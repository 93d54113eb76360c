/**
 * Independent scorer for Curtois–Qu rosters. It implements the benchmark's published rules
 * directly on the parsed instance and knows nothing about the solver or its model, so a
 * roster's objective is checked by code that shares no logic with the code that produced it.
 */
import type { CurtoisInstance, CurtoisRoster, CurtoisStaff } from './parse';

export type CurtoisHardRule =
  | 'unknown-reference'
  | 'one-shift-per-day'
  | 'forbidden-succession'
  | 'max-shifts-per-type'
  | 'max-total-minutes'
  | 'min-total-minutes'
  | 'max-consecutive-shifts'
  | 'min-consecutive-shifts'
  | 'min-consecutive-days-off'
  | 'max-weekends'
  | 'day-off';

export interface CurtoisViolation {
  rule: CurtoisHardRule;
  staff?: string;
  day?: number;
  message: string;
}

export interface CurtoisScore {
  /** Sum of the four soft terms below. */
  objective: number;
  onRequests: number;
  offRequests: number;
  underCover: number;
  overCover: number;
  /** Empty when the roster satisfies every hard rule. */
  violations: CurtoisViolation[];
}

/** Day index of Saturday in week w (day 0 is a Monday). */
const SATURDAY = 5;
const DAYS_PER_WEEK = 7;

/** Maximal runs of days where `worked[d] === value`, as [first, last] inclusive. */
function runsOf(worked: boolean[], value: boolean): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  worked.forEach((w, d) => {
    if (w === value && start < 0) start = d;
    if (w !== value && start >= 0) {
      runs.push([start, d - 1]);
      start = -1;
    }
  });
  if (start >= 0) runs.push([start, worked.length - 1]);
  return runs;
}

function checkStaff(
  instance: CurtoisInstance,
  person: CurtoisStaff,
  shiftsByDay: string[][],
  violations: CurtoisViolation[],
): void {
  const horizon = instance.horizonDays;
  const lengths = new Map(instance.shifts.map((s) => [s.id, s]));
  const id = person.id;
  const worked = shiftsByDay.map((shifts) => shifts.length > 0);

  shiftsByDay.forEach((shifts, day) => {
    if (shifts.length > 1) {
      violations.push({
        rule: 'one-shift-per-day',
        staff: id,
        day,
        message: `${id} has ${shifts.length} shifts on day ${day}`,
      });
    }
    for (const today of shifts) {
      for (const tomorrow of shiftsByDay[day + 1] ?? []) {
        if (lengths.get(today)?.cannotFollow.includes(tomorrow)) {
          violations.push({
            rule: 'forbidden-succession',
            staff: id,
            day,
            message: `${id} works ${tomorrow} on day ${day + 1} after ${today} on day ${day}`,
          });
        }
      }
    }
  });

  for (const shift of instance.shifts) {
    const count = shiftsByDay.reduce((n, shifts) => n + shifts.filter((s) => s === shift.id).length, 0);
    const max = person.maxShifts[shift.id] ?? Number.POSITIVE_INFINITY;
    if (count > max) {
      violations.push({
        rule: 'max-shifts-per-type',
        staff: id,
        message: `${id} works ${count} ${shift.id} shifts, at most ${max} allowed`,
      });
    }
  }

  const minutes = shiftsByDay.flat().reduce((sum, s) => sum + (lengths.get(s)?.minutes ?? 0), 0);
  if (minutes > person.maxTotalMinutes) {
    violations.push({
      rule: 'max-total-minutes',
      staff: id,
      message: `${id} works ${minutes} minutes, at most ${person.maxTotalMinutes} allowed`,
    });
  }
  if (minutes < person.minTotalMinutes) {
    violations.push({
      rule: 'min-total-minutes',
      staff: id,
      message: `${id} works ${minutes} minutes, at least ${person.minTotalMinutes} required`,
    });
  }

  for (const [first, last] of runsOf(worked, true)) {
    const length = last - first + 1;
    if (length > person.maxConsecutiveShifts) {
      violations.push({
        rule: 'max-consecutive-shifts',
        staff: id,
        day: first,
        message: `${id} works ${length} days in a row from day ${first}, at most ${person.maxConsecutiveShifts}`,
      });
    }
    // The benchmark assumes work continues before and after the horizon, so only runs
    // that start and end inside it can be too short.
    const inside = first > 0 && last < horizon - 1;
    if (inside && length < person.minConsecutiveShifts) {
      violations.push({
        rule: 'min-consecutive-shifts',
        staff: id,
        day: first,
        message: `${id} works only ${length} days in a row from day ${first}, at least ${person.minConsecutiveShifts}`,
      });
    }
  }
  for (const [first, last] of runsOf(worked, false)) {
    const length = last - first + 1;
    const inside = first > 0 && last < horizon - 1;
    if (inside && length < person.minConsecutiveDaysOff) {
      violations.push({
        rule: 'min-consecutive-days-off',
        staff: id,
        day: first,
        message: `${id} has only ${length} days off in a row from day ${first}, at least ${person.minConsecutiveDaysOff}`,
      });
    }
  }

  let weekends = 0;
  for (let saturday = SATURDAY; saturday < horizon; saturday += DAYS_PER_WEEK) {
    if (worked[saturday] === true || worked[saturday + 1] === true) weekends += 1;
  }
  if (weekends > person.maxWeekends) {
    violations.push({
      rule: 'max-weekends',
      staff: id,
      message: `${id} works ${weekends} weekends, at most ${person.maxWeekends}`,
    });
  }

  for (const day of instance.daysOff[id] ?? []) {
    if (worked[day] === true) {
      violations.push({ rule: 'day-off', staff: id, day, message: `${id} works on day off ${day}` });
    }
  }
}

/** Checks every hard rule of the benchmark and computes the objective of a roster. */
export function scoreCurtois(instance: CurtoisInstance, roster: CurtoisRoster): CurtoisScore {
  const violations: CurtoisViolation[] = [];
  const staffIds = new Set(instance.staff.map((s) => s.id));
  const shiftIds = new Set(instance.shifts.map((s) => s.id));
  const byStaff = new Map<string, string[][]>(
    instance.staff.map((s) => [s.id, Array.from({ length: instance.horizonDays }, () => [])]),
  );
  const assigned = new Set<string>();
  const key = (staff: string, day: number, shift: string): string => `${staff}\u0000${day}\u0000${shift}`;
  const coverCount = new Map<string, number>();

  for (const a of roster.assignments) {
    const days = byStaff.get(a.staff);
    const inHorizon = Number.isInteger(a.day) && a.day >= 0 && a.day < instance.horizonDays;
    if (days === undefined || !shiftIds.has(a.shift) || !inHorizon) {
      violations.push({
        rule: 'unknown-reference',
        staff: a.staff,
        day: a.day,
        message: `assignment of ${a.staff} to ${a.shift} on day ${a.day} names an unknown staff, shift or day`,
      });
      continue;
    }
    days[a.day]?.push(a.shift);
    assigned.add(key(a.staff, a.day, a.shift));
    const cell = `${a.day}\u0000${a.shift}`;
    coverCount.set(cell, (coverCount.get(cell) ?? 0) + 1);
  }

  for (const person of instance.staff) {
    checkStaff(instance, person, byStaff.get(person.id) ?? [], violations);
  }

  const onRequests = instance.onRequests
    .filter((r) => staffIds.has(r.staff) && !assigned.has(key(r.staff, r.day, r.shift)))
    .reduce((sum, r) => sum + r.weight, 0);
  const offRequests = instance.offRequests
    .filter((r) => assigned.has(key(r.staff, r.day, r.shift)))
    .reduce((sum, r) => sum + r.weight, 0);
  let underCover = 0;
  let overCover = 0;
  for (const c of instance.cover) {
    const count = coverCount.get(`${c.day}\u0000${c.shift}`) ?? 0;
    underCover += Math.max(0, c.requirement - count) * c.underWeight;
    overCover += Math.max(0, count - c.requirement) * c.overWeight;
  }

  return {
    objective: onRequests + offRequests + underCover + overCover,
    onRequests,
    offRequests,
    underCover,
    overCover,
    violations,
  };
}

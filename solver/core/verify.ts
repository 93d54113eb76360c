// Re-checks any schedule against every hard rule, written independently of model.ts: the solver's
// answers, manual edits and benchmark rosters all pass through here. Each violation names the
// people, shifts and numbers involved.
import { resolveRules, DEFAULT_SITE } from './defaults';
import { dayLabel, formatHours, paidMinutes, shiftLabel, weekCount, weekendsOf, weekOf } from './calendar';
import type { Assignment, ScheduleInput, ShiftInstance, Staff, Violation } from './types';

interface Placed {
  assignment: Assignment;
  shift: ShiftInstance;
}

export function verifySchedule(input: ScheduleInput, assignments: Assignment[]): Violation[] {
  const violations: Violation[] = [];
  const rules = resolveRules(input.rules);
  const shiftById = new Map(input.shifts.map((s) => [s.id, s]));
  const staffById = new Map(input.staff.map((p) => [p.id, p]));
  const positionIds = new Set(input.positions.map((p) => p.id));
  const label = (s: ShiftInstance): string => shiftLabel(input.horizon, s);
  const days = input.horizon.days;

  const byStaff = new Map<string, Placed[]>();
  for (const a of assignments) {
    const shift = shiftById.get(a.shift);
    const person = staffById.get(a.staff);
    if (!shift || !person || !positionIds.has(a.position)) {
      violations.push({
        rule: 'UNKNOWN_REFERENCE',
        message: `Assignment of ${a.staff} to ${a.shift} as ${a.position} refers to an unknown ${!person ? 'staff member' : !shift ? 'shift' : 'position'}.`,
        staff: a.staff,
        shifts: [a.shift],
      });
      continue;
    }
    const list = byStaff.get(a.staff) ?? [];
    list.push({ assignment: a, shift });
    byStaff.set(a.staff, list);
  }

  for (const [staffId, placedUnsorted] of byStaff) {
    const person = staffById.get(staffId) as Staff;
    const name = person.name;
    const placed = [...placedUnsorted].sort(
      (p, q) => p.shift.start - q.shift.start || p.shift.end - q.shift.end,
    );
    const add = (rule: Violation['rule'], message: string, shifts: ShiftInstance[]): void => {
      violations.push({ rule, message, staff: staffId, shifts: shifts.map((s) => s.id) });
    };

    for (const { assignment: a, shift } of placed) {
      const qualified = person.qualifiedByShift?.[shift.id] ?? person.positions;
      if (!qualified.includes(a.position)) {
        const why = person.unqualifiedReasons?.find(
          (r) => r.position === a.position && (r.shift === undefined || r.shift === shift.id),
        );
        add(
          'UNQUALIFIED',
          `${name} is not qualified as ${a.position} on ${label(shift)}${why ? ` (${why.reason})` : ''}.`,
          [shift],
        );
      }
      const entry = person.availability?.[shift.id];
      if (entry?.status === 'unavailable') {
        add(
          'UNAVAILABLE',
          `${name} is unavailable for ${label(shift)}${entry.reason ? ` (${entry.reason})` : ''}.`,
          [shift],
        );
      }
    }

    // One assignment per shift; no overlap; rest; successions; shifts per day.
    for (let i = 0; i < placed.length; i++) {
      const p = placed[i] as Placed;
      for (let j = i + 1; j < placed.length; j++) {
        const q = placed[j] as Placed;
        if (p.shift.id === q.shift.id) {
          add(
            'DUPLICATE',
            `${name} is assigned twice to ${label(p.shift)} (${p.assignment.position}, ${q.assignment.position}).`,
            [p.shift],
          );
          continue;
        }
        if (q.shift.start < p.shift.end) {
          add('OVERLAP', `${name} works ${label(p.shift)} and ${label(q.shift)}, which overlap.`, [
            p.shift,
            q.shift,
          ]);
          continue;
        }
        const rest = q.shift.start - p.shift.end;
        if (rest < rules.minRestMinutes) {
          add(
            'MIN_REST',
            `${name}'s rest after ${label(p.shift)} before ${label(q.shift)} would be ${formatHours(rest)}, the site requires ${formatHours(rules.minRestMinutes)}.`,
            [p.shift, q.shift],
          );
        }
        if (q.shift.day === p.shift.day + 1) {
          const forbidden = [...rules.forbiddenSuccessions, ...(person.forbiddenSuccessions ?? [])];
          if (forbidden.some((f) => f.from === p.shift.type && f.to === q.shift.type)) {
            add(
              'FORBIDDEN_SUCCESSION',
              `${name} works a ${p.shift.type} shift (${label(p.shift)}) followed by a ${q.shift.type} shift the next day (${label(q.shift)}), which is not allowed.`,
              [p.shift, q.shift],
            );
          }
        }
      }
    }
    const perDay = new Map<number, ShiftInstance[]>();
    for (const { shift } of placed) perDay.set(shift.day, [...(perDay.get(shift.day) ?? []), shift]);
    const distinctPerDay = [...perDay.entries()].map(([d, list]): [number, ShiftInstance[]] => [
      d,
      [...new Set(list)],
    ]);
    for (const [d, list] of distinctPerDay) {
      if (list.length > rules.maxShiftsPerDay) {
        add(
          'MAX_SHIFTS_PER_DAY',
          `${name} works ${list.length} shifts on ${dayLabel(input.horizon, d)}; at most ${rules.maxShiftsPerDay} allowed.`,
          list,
        );
      }
    }

    // Minutes per week and per horizon, shifts per type.
    const weeks = weekCount(input.horizon);
    const byWeek = Array.from({ length: weeks }, () => 0);
    let total = 0;
    for (const { shift } of placed) {
      byWeek[weekOf(shift.day)] = (byWeek[weekOf(shift.day)] ?? 0) + paidMinutes(shift);
      total += paidMinutes(shift);
    }
    const shiftsOf = (pred: (s: ShiftInstance) => boolean): ShiftInstance[] =>
      placed.map((p) => p.shift).filter(pred);
    byWeek.forEach((m, wk) => {
      if (person.maxMinutesPerWeek !== undefined && m > person.maxMinutesPerWeek) {
        add(
          'MAX_MINUTES_WEEK',
          `${name} would work ${formatHours(m)} in week ${wk + 1}, more than the maximum ${formatHours(person.maxMinutesPerWeek)}.`,
          shiftsOf((s) => weekOf(s.day) === wk),
        );
      }
      if (person.minMinutesHard && person.minMinutesPerWeek !== undefined && m < person.minMinutesPerWeek) {
        add(
          'MIN_MINUTES_WEEK',
          `${name} would work ${formatHours(m)} in week ${wk + 1}, less than the required ${formatHours(person.minMinutesPerWeek)}.`,
          [],
        );
      }
    });
    if (person.maxMinutesTotal !== undefined && total > person.maxMinutesTotal) {
      add(
        'MAX_MINUTES_TOTAL',
        `${name} would work ${formatHours(total)} in the period, more than the maximum ${formatHours(person.maxMinutesTotal)}.`,
        [],
      );
    }
    for (const [type, max] of Object.entries(person.maxShiftsPerType ?? {})) {
      const ofType = shiftsOf((s) => s.type === type);
      if (ofType.length > max)
        add(
          'MAX_SHIFTS_PER_TYPE',
          `${name} works ${ofType.length} ${type} shifts; at most ${max} allowed.`,
          ofType,
        );
    }

    // Runs of working days and days off.
    const worked = Array.from({ length: days }, (_, d) => perDay.has(d));
    const runs: Array<{ on: boolean; from: number; to: number }> = [];
    for (let d = 0; d < days; d++) {
      const last = runs[runs.length - 1];
      if (last && last.on === worked[d]) last.to = d;
      else runs.push({ on: worked[d] === true, from: d, to: d });
    }
    const maxRun = person.maxConsecutiveDays ?? rules.maxConsecutiveDays;
    const before = Math.max(0, Math.floor(person.workedDaysBefore ?? 0));
    for (const run of runs) {
      // A run of work on day 0 continues the days worked just before the horizon.
      const carried = run.on && run.from === 0 ? before : 0;
      const length = run.to - run.from + 1 + carried;
      const inside = run.from > 0 && run.to < days - 1;
      const span = `${carried > 0 ? `the ${carried} day${carried === 1 ? '' : 's'} before, then ` : ''}${dayLabel(input.horizon, run.from)} to ${dayLabel(input.horizon, run.to)}`;
      if (run.on && maxRun !== null && maxRun !== undefined && length > maxRun) {
        add(
          'MAX_CONSECUTIVE_DAYS',
          `${name} works ${length} days in a row (${span}); at most ${maxRun} allowed.`,
          shiftsOf((s) => s.day >= run.from && s.day <= run.to),
        );
      }
      if (run.on && inside && person.minConsecutiveDays !== undefined && length < person.minConsecutiveDays) {
        add(
          'MIN_CONSECUTIVE_DAYS',
          `${name} works only ${length} day${length === 1 ? '' : 's'} in a row (${span}); at least ${person.minConsecutiveDays} required.`,
          shiftsOf((s) => s.day >= run.from && s.day <= run.to),
        );
      }
      if (
        !run.on &&
        inside &&
        person.minConsecutiveDaysOff !== undefined &&
        length < person.minConsecutiveDaysOff
      ) {
        add(
          'MIN_CONSECUTIVE_DAYS_OFF',
          `${name} has only ${length} day${length === 1 ? '' : 's'} off in a row (${span}); at least ${person.minConsecutiveDaysOff} required.`,
          [],
        );
      }
    }
    if (person.maxWeekends !== undefined) {
      const weekendsWorked = weekendsOf(input.horizon).filter((w) => w.some((d) => worked[d]));
      if (weekendsWorked.length > person.maxWeekends) {
        add(
          'MAX_WEEKENDS',
          `${name} works ${weekendsWorked.length} weekends; at most ${person.maxWeekends} allowed.`,
          shiftsOf((s) => weekendsWorked.some((w) => w.includes(s.day))),
        );
      }
    }
  }

  // Hard minimums also bind people with no assignment at all.
  for (const person of input.staff) {
    if (!person.minMinutesHard || byStaff.has(person.id)) continue;
    if ((person.minMinutesTotal ?? 0) > 0) {
      violations.push({
        rule: 'MIN_MINUTES_TOTAL',
        message: `${person.name} would work 0 h in the period, less than the required ${formatHours(person.minMinutesTotal ?? 0)}.`,
        staff: person.id,
      });
    }
    if ((person.minMinutesPerWeek ?? 0) > 0) {
      violations.push({
        rule: 'MIN_MINUTES_WEEK',
        message: `${person.name} would work 0 h in a week, less than the required ${formatHours(person.minMinutesPerWeek ?? 0)}.`,
        staff: person.id,
      });
    }
  }
  for (const person of input.staff) {
    const placed = byStaff.get(person.id);
    if (!person.minMinutesHard || !placed || person.minMinutesTotal === undefined) continue;
    const total = placed.reduce((sum, p) => sum + paidMinutes(p.shift), 0);
    if (total < person.minMinutesTotal) {
      violations.push({
        rule: 'MIN_MINUTES_TOTAL',
        message: `${person.name} would work ${formatHours(total)} in the period, less than the required ${formatHours(person.minMinutesTotal)}.`,
        staff: person.id,
      });
    }
  }

  violations.push(
    ...checkRatio(input, assignments),
    ...checkCoverCaps(input, assignments),
    ...checkLocks(input, assignments),
    ...checkFrozen(input, assignments),
  );
  return violations;
}

/** Technicians on duty ≤ ratio × pharmacists on duty, at every instant where the set on duty changes. */
function checkRatio(input: ScheduleInput, assignments: Assignment[]): Violation[] {
  const rules = resolveRules(input.rules);
  const roleOf = new Map(input.positions.map((p) => [p.id, p.ratioRole]));
  const shiftById = new Map(input.shifts.map((s) => [s.id, s]));
  const out: Violation[] = [];
  const placed = assignments
    .map((a) => ({ a, s: shiftById.get(a.shift) }))
    .filter((p): p is { a: Assignment; s: ShiftInstance } => p.s !== undefined);
  const sites = [...new Set(placed.map((p) => p.s.site ?? DEFAULT_SITE))].sort();
  for (const site of sites) {
    const ratio = rules.ratioFor(site);
    if (ratio === null) continue;
    const here = placed.filter((p) => (p.s.site ?? DEFAULT_SITE) === site);
    const instants = [...new Set(here.flatMap((p) => [p.s.start, p.s.end]))].sort((x, y) => x - y);
    let reported = '';
    for (const t of instants) {
      const on = here.filter((p) => p.s.start <= t && t < p.s.end);
      const techs = on.filter((p) => roleOf.get(p.a.position) === 'technician').length;
      const pharmacists = on.filter((p) => roleOf.get(p.a.position) === 'pharmacist').length;
      if (techs <= ratio * pharmacists) continue;
      const shifts = [...new Set(on.map((p) => p.s.id))];
      const tag = `${techs}/${pharmacists}/${shifts.join(',')}`;
      if (tag === reported) continue;
      reported = tag;
      const day = Math.floor(t / 1440);
      const clock = `${String(Math.floor((t % 1440) / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
      out.push({
        rule: 'RATIO',
        message: `At ${dayLabel(input.horizon, day)} ${clock}${site === DEFAULT_SITE ? '' : ` at ${site}`}, ${techs} technician${techs === 1 ? '' : 's'} would be on duty with ${pharmacists} pharmacist${pharmacists === 1 ? '' : 's'}; at most ${ratio} per pharmacist allowed.`,
        shifts,
      });
    }
  }
  return out;
}

function checkCoverCaps(input: ScheduleInput, assignments: Assignment[]): Violation[] {
  const shiftById = new Map(input.shifts.map((s) => [s.id, s]));
  const out: Violation[] = [];
  for (const d of input.demands) {
    if (d.max === undefined) continue;
    const n = assignments.filter((a) => a.shift === d.shift && a.position === d.position).length;
    if (n > d.max) {
      const s = shiftById.get(d.shift);
      out.push({
        rule: 'MAX_COVER',
        message: `${s ? shiftLabel(input.horizon, s) : d.shift} has ${n} ${d.position} assigned; at most ${d.max} allowed.`,
        shifts: [d.shift],
      });
    }
  }
  return out;
}

/** Nobody but the locked assignments on a frozen shift (one that has started). */
function checkFrozen(input: ScheduleInput, assignments: Assignment[]): Violation[] {
  const frozen = new Set(input.frozenShifts ?? []);
  if (frozen.size === 0) return [];
  const locked = new Set((input.locked ?? []).map((a) => `${a.staff}\u0000${a.shift}\u0000${a.position}`));
  const staffById = new Map(input.staff.map((p) => [p.id, p]));
  const shiftById = new Map(input.shifts.map((s) => [s.id, s]));
  return assignments
    .filter((a) => frozen.has(a.shift) && !locked.has(`${a.staff}\u0000${a.shift}\u0000${a.position}`))
    .map((a) => {
      const s = shiftById.get(a.shift);
      return {
        rule: 'FROZEN' as const,
        message: `${staffById.get(a.staff)?.name ?? a.staff} cannot be added to ${s ? shiftLabel(input.horizon, s) : a.shift} as ${a.position}: the shift has started.`,
        staff: a.staff,
        shifts: [a.shift],
      };
    });
}

function checkLocks(input: ScheduleInput, assignments: Assignment[]): Violation[] {
  const have = new Set(assignments.map((a) => `${a.staff}\u0000${a.shift}\u0000${a.position}`));
  const staffById = new Map(input.staff.map((p) => [p.id, p]));
  const shiftById = new Map(input.shifts.map((s) => [s.id, s]));
  return (input.locked ?? [])
    .filter((a) => !have.has(`${a.staff}\u0000${a.shift}\u0000${a.position}`))
    .map((a) => {
      const s = shiftById.get(a.shift);
      return {
        rule: 'LOCKED' as const,
        message: `The locked assignment of ${staffById.get(a.staff)?.name ?? a.staff} to ${s ? shiftLabel(input.horizon, s) : a.shift} as ${a.position} is missing.`,
        staff: a.staff,
        shifts: [a.shift],
      };
    });
}

// Rule 5 and the Curtois limits: maximum minutes per week and in the period, hard minimums, and a
// maximum number of shifts of each type (0 means none: no variable at all).
import { formatHours, paidMinutes, weekCount, weekOf } from '../calendar';
import { addTo, emptyExpr } from '../lp';
import type { Violation } from '../types';
import type { Rule } from './rule';

export const hours: Rule = {
  name: 'hours',
  codes: [
    'MAX_MINUTES_WEEK',
    'MAX_MINUTES_TOTAL',
    'MIN_MINUTES_WEEK',
    'MIN_MINUTES_TOTAL',
    'MAX_SHIFTS_PER_TYPE',
  ],
  terms: [],
  admits: (_b, person, shift) => person.maxShiftsPerType?.[shift.type] !== 0,
  constraints(b) {
    const weeks = weekCount(b.input.horizon);
    for (const person of b.input.staff) {
      for (let w = 0; w < weeks; w++) {
        const inWeek = b.input.shifts.filter((s) => weekOf(s.day) === w);
        const minutes = b.shiftsExpr(person.id, inWeek, paidMinutes);
        if (person.maxMinutesPerWeek !== undefined)
          b.addLe(`maxwk:${person.id}:${w}`, minutes, person.maxMinutesPerWeek);
        if (person.minMinutesPerWeek !== undefined && person.minMinutesHard) {
          const neg = emptyExpr();
          addTo(neg, minutes, -1);
          b.addLe(`minwk:${person.id}:${w}`, neg, -person.minMinutesPerWeek);
        }
      }
      const total = b.shiftsExpr(person.id, b.input.shifts, paidMinutes);
      if (person.maxMinutesTotal !== undefined) b.addLe(`maxtot:${person.id}`, total, person.maxMinutesTotal);
      if (person.minMinutesTotal !== undefined && person.minMinutesHard) {
        const neg = emptyExpr();
        addTo(neg, total, -1);
        b.addLe(`mintot:${person.id}`, neg, -person.minMinutesTotal);
      }
      for (const [type, max] of Object.entries(person.maxShiftsPerType ?? {})) {
        const ofType = b.input.shifts.filter((s) => s.type === type);
        b.addLe(`maxtype:${person.id}:${type}`, b.shiftsExpr(person.id, ofType), max);
      }
    }
  },
  checkPerson({ input, person, placed, shiftsOf, add }) {
    const name = person.name;
    const byWeek = Array.from({ length: weekCount(input.horizon) }, () => 0);
    let total = 0;
    for (const { shift } of placed) {
      byWeek[weekOf(shift.day)] = (byWeek[weekOf(shift.day)] ?? 0) + paidMinutes(shift);
      total += paidMinutes(shift);
    }
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
  },
  // Hard minimums also bind people with no assignment at all.
  checkSchedule({ input, placedByStaff }) {
    const violations: Violation[] = [];
    for (const person of input.staff) {
      if (!person.minMinutesHard || placedByStaff.has(person.id)) continue;
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
      const placed = placedByStaff.get(person.id);
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
    return violations;
  },
};

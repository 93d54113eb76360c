// Rule 4 and forbidden successions: no two overlapping shifts, at least the minimum rest between
// shifts, no forbidden succession of shift types on consecutive days.
import { formatHours } from '../calendar';
import type { ModelBuilder } from '../lp';
import type { ShiftInstance, Staff } from '../types';
import type { Rule } from './rule';

/** Whether one person cannot work both shifts: overlap, rest shorter than the minimum, or a forbidden succession. */
function conflictBetween(b: ModelBuilder, person: Staff, a: ShiftInstance, c: ShiftInstance): boolean {
  const [first, second] = a.start <= c.start ? [a, c] : [c, a];
  if (second.start < first.end) return true;
  if (second.start - first.end < b.rules.minRestMinutes) return true;
  if (second.day === first.day + 1) {
    const forbidden = [...b.rules.forbiddenSuccessions, ...(person.forbiddenSuccessions ?? [])];
    if (forbidden.some((f) => f.from === first.type && f.to === second.type)) return true;
  }
  return false;
}

export const rest: Rule = {
  name: 'rest',
  codes: ['OVERLAP', 'MIN_REST', 'FORBIDDEN_SUCCESSION'],
  terms: [],
  /** With one shift a day the conflicts of a shift with the shifts of one later day form a clique, written as one row. */
  constraints(b) {
    for (const person of b.input.staff) {
      const mine = b.input.shifts
        .filter((s) => b.x.get(person.id)?.has(s.id))
        .sort((p, q) => p.start - q.start);
      for (let i = 0; i < mine.length; i++) {
        const a = mine[i] as ShiftInstance;
        const groups = new Map<number, ShiftInstance[]>();
        for (let j = 0; j < mine.length; j++) {
          const c = mine[j] as ShiftInstance;
          if (i === j) continue;
          const sameDayCovered = b.rules.maxShiftsPerDay === 1 && c.day === a.day;
          if (sameDayCovered) continue;
          // Each pair once: from the earlier-starting shift (ties by index).
          if (c.start < a.start || (c.start === a.start && j < i)) continue;
          if (!conflictBetween(b, person, a, c)) continue;
          if (b.rules.maxShiftsPerDay === 1) {
            const g = groups.get(c.day) ?? [];
            g.push(c);
            groups.set(c.day, g);
          } else {
            b.addLe(`cf:${person.id}:${a.id}:${c.id}`, b.shiftsExpr(person.id, [a, c]), 1);
          }
        }
        for (const [day, group] of groups) {
          b.addLe(`cf:${person.id}:${a.id}:d${day}`, b.shiftsExpr(person.id, [a, ...group]), 1);
        }
      }
    }
  },
  checkPair({ rules, person, label, add }, p, q) {
    const name = person.name;
    if (q.shift.start < p.shift.end) {
      add('OVERLAP', `${name} works ${label(p.shift)} and ${label(q.shift)}, which overlap.`, [
        p.shift,
        q.shift,
      ]);
      return true;
    }
    const gap = q.shift.start - p.shift.end;
    if (gap < rules.minRestMinutes) {
      add(
        'MIN_REST',
        `${name}'s rest after ${label(p.shift)} before ${label(q.shift)} would be ${formatHours(gap)}, the site requires ${formatHours(rules.minRestMinutes)}.`,
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
    return false;
  },
};

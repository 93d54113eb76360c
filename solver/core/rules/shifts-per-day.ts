// Rule 3: one position per shift and at most `maxShiftsPerDay` shifts a day. Also defines, for the
// rules on days worked (consecutive days, weekends), the model's "works on day d".
import { dayLabel } from '../calendar';
import { addTo, emptyExpr, type Expr } from '../lp';
import type { ShiftInstance } from '../types';
import type { Rule } from './rule';

export const shiftsPerDay: Rule = {
  name: 'shifts-per-day',
  codes: ['DUPLICATE', 'MAX_SHIFTS_PER_DAY'],
  terms: [],
  constraints(b) {
    const days = b.input.horizon.days;
    const shiftsByDay: ShiftInstance[][] = Array.from({ length: days }, () => []);
    for (const s of b.input.shifts) if (s.day >= 0 && s.day < days) shiftsByDay[s.day]?.push(s);
    for (const person of b.input.staff) {
      const work: Expr[] = [];
      for (let d = 0; d < days; d++) {
        const dayShifts = shiftsByDay[d] ?? [];
        const e = b.shiftsExpr(person.id, dayShifts);
        if (b.rules.maxShiftsPerDay === 1) {
          b.addLe(`day:${person.id}:${d}`, e, 1);
          work.push(e);
          continue;
        }
        b.addLe(`day:${person.id}:${d}`, e, b.rules.maxShiftsPerDay);
        for (const s of dayShifts) b.addLe(`one:${person.id}:${s.id}`, b.shiftsExpr(person.id, [s]), 1);
        if (e.terms.size === 0) {
          work.push({ terms: new Map(), constant: Math.min(1, e.constant) });
          continue;
        }
        // y ≥ each assignment that day, y ≤ their sum: y is 1 exactly when the person works.
        const y = b.addVar(`w:${person.id}:${d}`, 0, 1, true, true);
        for (const s of dayShifts) {
          const one = b.shiftsExpr(person.id, [s]);
          one.terms.set(y, -1);
          b.addLe(`wlo:${person.id}:${s.id}`, one, 0);
        }
        const hi = emptyExpr();
        hi.terms.set(y, 1);
        addTo(hi, e, -1);
        b.addLe(`whi:${person.id}:${d}`, hi, 0);
        work.push({ terms: new Map([[y, 1]]), constant: 0 });
      }
      b.work.set(person.id, work);
    }
  },
  checkPair({ person, label, add }, p, q) {
    if (p.shift.id !== q.shift.id) return false;
    add(
      'DUPLICATE',
      `${person.name} is assigned twice to ${label(p.shift)} (${p.assignment.position}, ${q.assignment.position}).`,
      [p.shift],
    );
    return true;
  },
  checkPerson({ input, rules, person, perDay, add }) {
    for (const [d, list] of perDay) {
      const distinct = [...new Set(list)];
      if (distinct.length > rules.maxShiftsPerDay) {
        add(
          'MAX_SHIFTS_PER_DAY',
          `${person.name} works ${distinct.length} shifts on ${dayLabel(input.horizon, d)}; at most ${rules.maxShiftsPerDay} allowed.`,
          distinct,
        );
      }
    }
  },
};

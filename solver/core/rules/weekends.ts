// At most `maxWeekends` weekends worked (a weekend counts when any of its days is worked).
import { weekendsOf } from '../calendar';
import { addTo, emptyExpr } from '../lp';
import type { Rule } from './rule';

export const weekends: Rule = {
  name: 'weekends',
  codes: ['MAX_WEEKENDS'],
  terms: [],
  /** One 0/1 variable per weekend, at least every day worked in it. */
  constraints(b) {
    const all = weekendsOf(b.input.horizon);
    for (const person of b.input.staff) {
      if (person.maxWeekends === undefined) continue;
      const work = b.work.get(person.id) ?? [];
      const sum = emptyExpr();
      all.forEach((days, i) => {
        const worked = days.map((d) => work[d] ?? emptyExpr());
        if (worked.every((e) => e.terms.size === 0 && e.constant === 0)) return;
        const k = b.addVar(`wkd:${person.id}:${i}`, 0, 1, true, false);
        for (const e of worked) {
          const row = emptyExpr();
          addTo(row, e);
          row.terms.set(k, (row.terms.get(k) ?? 0) - 1);
          b.addLe(`wkd:${person.id}:${i}:${days.join('-')}`, row, 0);
        }
        sum.terms.set(k, 1);
      });
      b.addLe(`maxwkd:${person.id}`, sum, person.maxWeekends);
    }
  },
  checkPerson({ input, person, perDay, shiftsOf, add }) {
    if (person.maxWeekends === undefined) return;
    const days = input.horizon.days;
    const worked = (d: number): boolean => d >= 0 && d < days && perDay.has(d);
    const weekendsWorked = weekendsOf(input.horizon).filter((w) => w.some(worked));
    if (weekendsWorked.length > person.maxWeekends) {
      add(
        'MAX_WEEKENDS',
        `${person.name} works ${weekendsWorked.length} weekends; at most ${person.maxWeekends} allowed.`,
        shiftsOf((s) => weekendsWorked.some((w) => w.includes(s.day))),
      );
    }
  },
};

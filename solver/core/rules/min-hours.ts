// Soft minimum minutes (per week and in the period, unless the minimum is hard: hours.ts): each
// hour short costs `underMinMinutes`.
import { paidMinutes, weekCount, weekOf } from '../calendar';
import { addTo, emptyExpr, type Expr } from '../lp';
import type { Rule } from './rule';

export const minHours: Rule = {
  name: 'min-hours',
  codes: [],
  terms: ['underMinMinutes'],
  /** Rewards minutes covered up to the minimum. */
  objective(b) {
    const perMinute = b.weights.underMinMinutes / 60;
    if (perMinute === 0) return;
    const weeks = weekCount(b.input.horizon);
    const add = (name: string, minutes: Expr, min: number): void => {
      if (min <= 0) return;
      b.objective.constant += perMinute * min;
      const covered = b.addVar(name, -perMinute, min, false, true);
      const row = emptyExpr();
      row.terms.set(covered, 1);
      addTo(row, minutes, -1);
      b.addLe(name, row, 0);
    };
    for (const person of b.input.staff) {
      if (person.minMinutesHard) continue;
      if (person.minMinutesPerWeek !== undefined) {
        for (let w = 0; w < weeks; w++) {
          const inWeek = b.input.shifts.filter((s) => weekOf(s.day) === w);
          add(
            `minwk:${person.id}:${w}`,
            b.shiftsExpr(person.id, inWeek, paidMinutes),
            person.minMinutesPerWeek,
          );
        }
      }
      if (person.minMinutesTotal !== undefined) {
        add(
          `mintot:${person.id}`,
          b.shiftsExpr(person.id, b.input.shifts, paidMinutes),
          person.minMinutesTotal,
        );
      }
    }
  },
  score({ weights: w, people }, terms) {
    for (const { person, byWeek, total } of people) {
      if (person.minMinutesHard) continue;
      if (person.minMinutesPerWeek !== undefined) {
        for (const m of byWeek)
          terms.underMinMinutes += (Math.max(0, person.minMinutesPerWeek - m) / 60) * w.underMinMinutes;
      }
      if (person.minMinutesTotal !== undefined) {
        terms.underMinMinutes += (Math.max(0, person.minMinutesTotal - total) / 60) * w.underMinMinutes;
      }
    }
  },
};

// Target minutes in the period: each hour above or below costs `targetDeviation`.
import { paidMinutes } from '../calendar';
import { addTo, emptyExpr } from '../lp';
import type { Rule } from './rule';

export const targetHours: Rule = {
  name: 'target-hours',
  codes: [],
  terms: ['targetDeviation'],
  /**
   * |minutes − target| as d = e + T − M with e ≥ 0 and 2M − e ≤ 2T; when all the person's shifts have one
   * length L, the secant between ⌊T/L⌋ and ⌈T/L⌉ shifts is added: the convex hull over whole shifts.
   */
  objective(b) {
    const perMinute = b.weights.targetDeviation / 60;
    if (perMinute === 0) return;
    for (const person of b.input.staff) {
      const target = person.targetMinutes;
      if (target === undefined) continue;
      const minutes = b.shiftsExpr(person.id, b.input.shifts, paidMinutes);
      const e = b.addVar(`dev:${person.id}`, perMinute, Infinity, false, false);
      b.objective.constant += perMinute * target;
      addTo(b.objective, minutes, -perMinute);
      const row = emptyExpr();
      addTo(row, minutes, 2);
      row.terms.set(e, -1);
      b.addLe(`dev:${person.id}`, row, 2 * target);
      const lengths = new Set(b.input.shifts.filter((s) => b.x.get(person.id)?.has(s.id)).map(paidMinutes));
      const only = [...lengths][0];
      if (lengths.size === 1 && only !== undefined && only > 0 && target % only !== 0) {
        const k0 = Math.floor(target / only);
        const f0 = target - k0 * only;
        const f1 = (k0 + 1) * only - target;
        const slope = (f1 - f0) / only;
        const intercept = f0 - slope * k0 * only;
        const secant = emptyExpr();
        addTo(secant, minutes, slope + 1);
        secant.terms.set(e, -1);
        b.addLe(`devsec:${person.id}`, secant, target - intercept);
      }
    }
  },
  score({ weights: w, people }, terms) {
    for (const { person, total } of people) {
      if (person.targetMinutes !== undefined)
        terms.targetDeviation += (Math.abs(total - person.targetMinutes) / 60) * w.targetDeviation;
    }
  },
};

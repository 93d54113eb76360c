// Weekend and night fairness: each such shift above a person's fair share costs `weights.fairness`.
import { fairnessGroups } from '../fairness';
import { addTo, emptyExpr } from '../lp';
import type { Rule } from './rule';

export const fairness: Rule = {
  name: 'fairness',
  codes: [],
  terms: ['fairness'],
  objective(b) {
    if (b.weights.fairness === 0) return;
    for (const group of fairnessGroups(b.input)) {
      for (const person of b.input.staff) {
        const worked = b.shiftsExpr(person.id, group.shifts);
        const most = [...worked.terms.values()].reduce((a, c) => a + c, worked.constant);
        if (most <= group.share) continue;
        const above = b.addVar(`fair:${group.name}:${person.id}`, b.weights.fairness, Infinity, false, false);
        const row = emptyExpr();
        addTo(row, worked);
        row.terms.set(above, -1);
        b.addLe(`fair:${group.name}:${person.id}`, row, group.share);
      }
    }
  },
  score({ input, assignments, weights: w }, terms) {
    if (w.fairness === 0) return;
    for (const group of fairnessGroups(input)) {
      const ids = new Set(group.shifts.map((s) => s.id));
      for (const person of input.staff) {
        const worked = assignments.filter((a) => a.staff === person.id && ids.has(a.shift)).length;
        terms.fairness += w.fairness * Math.max(0, worked - group.share);
      }
    }
  },
};

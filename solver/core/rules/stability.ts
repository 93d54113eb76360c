// Stability against `previous` (the published schedule): each assignment added or removed costs
// `changeCosts[shift]` or else `weights.change`.
import type { Assignment } from '../types';
import type { Rule } from './rule';

const key = (a: Assignment): string => `${a.staff}\u0000${a.shift}\u0000${a.position}`;

export const stability: Rule = {
  name: 'stability',
  codes: [],
  terms: ['change'],
  objective(b) {
    const previous = b.input.previous;
    if (!previous) return;
    const costOf = (shift: string): number => b.input.changeCosts?.[shift] ?? b.weights.change;
    const prev = new Set(previous.map(key));
    for (const a of previous) {
      const ref = b.x.get(a.staff)?.get(a.shift)?.get(a.position);
      const wc = costOf(a.shift);
      if (ref === 'fixed' || wc === 0) continue;
      b.objective.constant += wc;
      if (ref !== undefined) b.objective.terms.set(ref, (b.objective.terms.get(ref) ?? 0) - wc);
    }
    for (const { index, assignment: a } of b.assignmentVars) {
      if (prev.has(key(a))) continue;
      const wc = costOf(a.shift);
      if (wc !== 0) b.objective.terms.set(index, (b.objective.terms.get(index) ?? 0) + wc);
    }
    for (const a of b.fixed) if (!prev.has(key(a))) b.objective.constant += costOf(a.shift);
  },
  score({ input, assignments, weights: w }, terms) {
    if (!input.previous) return;
    const costOf = (a: Assignment): number => input.changeCosts?.[a.shift] ?? w.change;
    const now = new Set(assignments.map(key));
    const before = new Set(input.previous.map(key));
    for (const a of assignments) if (!before.has(key(a))) terms.change += costOf(a);
    for (const a of input.previous) if (!now.has(key(a))) terms.change += costOf(a);
  },
};

// Availability preferences (undesired / preferred shifts), on/off requests, labour cost and overtime.
// One module because the model writes them person by person in one pass.
import { paidMinutes, weekCount, weekOf } from '../calendar';
import { addTo, emptyExpr } from '../lp';
import type { Rule } from './rule';

export const preferencesAndCost: Rule = {
  name: 'preferences-and-cost',
  codes: [],
  terms: ['undesired', 'preferred', 'requests', 'laborCost'],
  objective(b) {
    const w = b.weights;
    const weeks = weekCount(b.input.horizon);
    for (const person of b.input.staff) {
      b.costOnShifts(person.id, b.input.shifts, (s) => {
        const entry = person.availability?.[s.id];
        if (entry?.status === 'undesired') return entry.weight ?? w.undesired;
        if (entry?.status === 'preferred') return -(entry.weight ?? w.preferred);
        return 0;
      });
      for (const req of person.requests ?? []) {
        const matching = b.input.shifts.filter(
          (s) => s.day === req.day && (req.type === undefined || s.type === req.type),
        );
        const worked = b.shiftsExpr(person.id, matching);
        if (req.kind === 'off') {
          addTo(b.objective, worked, req.weight);
          continue;
        }
        b.objective.constant += req.weight;
        if (worked.terms.size === 0) {
          if (worked.constant > 0) b.objective.constant -= req.weight;
          continue;
        }
        // Honoured = at least one matching shift worked; a capped 0..1 variable when several could be.
        if (b.rules.maxShiftsPerDay === 1 && worked.constant === 0) {
          addTo(b.objective, worked, -req.weight);
        } else {
          const honoured = b.addVar(
            `req:${person.id}:${req.day}:${req.type ?? '*'}`,
            -req.weight,
            1,
            false,
            true,
          );
          const row = emptyExpr();
          row.terms.set(honoured, 1);
          addTo(row, worked, -1);
          b.addLe(`req:${person.id}:${req.day}:${req.type ?? '*'}`, row, 0);
        }
      }
      const rate = (person.hourlyCost ?? 0) * w.laborCost;
      if (rate === 0) continue;
      b.costOnShifts(person.id, b.input.shifts, (s) => (rate * paidMinutes(s)) / 60);
      const threshold = person.overtimeMinutesPerWeek ?? b.rules.overtimeMinutesPerWeek;
      const premium = (rate * (b.rules.overtimeMultiplier - 1)) / 60;
      if (premium <= 0) continue;
      for (let wk = 0; wk < weeks; wk++) {
        const minutes = b.shiftsExpr(
          person.id,
          b.input.shifts.filter((s) => weekOf(s.day) === wk),
          paidMinutes,
        );
        const most = Math.min(
          [...minutes.terms.values()].reduce((a, c) => a + c, minutes.constant),
          person.maxMinutesPerWeek ?? Infinity,
        );
        if (most <= threshold) continue;
        const ot = b.addVar(`ot:${person.id}:${wk}`, premium, Infinity, false, false);
        const row = emptyExpr();
        addTo(row, minutes);
        row.terms.set(ot, -1);
        b.addLe(`ot:${person.id}:${wk}`, row, threshold);
      }
    }
  },
  score({ weights: w, rules, shiftById, people }, terms) {
    for (const { person, mine, byWeek, total } of people) {
      for (const a of mine) {
        const s = shiftById.get(a.shift);
        if (!s) continue;
        const entry = person.availability?.[s.id];
        if (entry?.status === 'undesired') terms.undesired += entry.weight ?? w.undesired;
        if (entry?.status === 'preferred') terms.preferred -= entry.weight ?? w.preferred;
      }
      for (const req of person.requests ?? []) {
        const worked = mine.filter((a) => {
          const s = shiftById.get(a.shift);
          return s !== undefined && s.day === req.day && (req.type === undefined || s.type === req.type);
        }).length;
        if (req.kind === 'on' && worked === 0) terms.requests += req.weight;
        if (req.kind === 'off') terms.requests += worked * req.weight;
      }
      const rate = (person.hourlyCost ?? 0) * w.laborCost;
      if (rate !== 0) {
        const threshold = person.overtimeMinutesPerWeek ?? rules.overtimeMinutesPerWeek;
        terms.laborCost += (rate * total) / 60;
        for (const m of byWeek) {
          terms.laborCost +=
            (rate * Math.max(0, rules.overtimeMultiplier - 1) * Math.max(0, m - threshold)) / 60;
        }
      }
    }
  },
};

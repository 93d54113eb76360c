// Coverage: each demand wants `min` people (each one short costs `underCover`, each one over costs
// `overCover`) and allows at most `max` (hard).
import { breakWindow, shiftLabel } from '../calendar';
import { addTo, emptyExpr, siteOf, type ModelBuilder } from '../lp';
import { onePharmacistAllows } from '../ratio-packs';
import type { Violation } from '../types';
import type { Rule } from './rule';

/**
 * Valid inequality linking coverage to the ratio: technicians covered on shift s ≤ D × pharmacists on
 * duty at any instant t of s (under every ratio pack 0 pharmacists allow 0 technicians; one allows
 * at least as many as the pack's first pharmacist). Where a pack takes breaks off duty, not at an
 * instant inside s's own break: its technicians are off then and need nobody.
 * Tighter than the ratio row when the demand D is below the ratio, where the LP otherwise lets a
 * fraction of a pharmacist license whole technicians; it closes most of the LP gap on such weeks.
 */
function addRatioCoverageCuts(b: ModelBuilder): void {
  const roleOf = new Map(b.input.positions.map((p) => [p.id, p.ratioRole]));
  const pharmacistRefs = new Map<string, Array<number | 'fixed'>>();
  for (const person of b.input.staff) {
    for (const [shiftId, byPos] of b.x.get(person.id) ?? []) {
      for (const [position, ref] of byPos) {
        if (roleOf.get(position) !== 'pharmacist') continue;
        pharmacistRefs.set(shiftId, [...(pharmacistRefs.get(shiftId) ?? []), ref]);
      }
    }
  }
  for (const demand of b.input.demands) {
    if (roleOf.get(demand.position) !== 'technician') continue;
    const covered = b.covered.get(`${demand.shift}\u0000${demand.position}`);
    const shift = b.shiftById.get(demand.shift);
    if (covered === undefined || !shift) continue;
    const packs = b.rules.ratioPacksFor(siteOf(shift));
    if (packs.length === 0 || demand.min >= Math.min(...packs.map((p) => onePharmacistAllows(p.shape))))
      continue;
    const sameSite = b.input.shifts.filter((s) => siteOf(s) === siteOf(shift));
    const ownBreak = packs.every((p) => p.pharmacistOnBreakCounts) ? null : breakWindow(shift);
    const instants = [...new Set(sameSite.flatMap((s) => [s.start, s.end]))].filter(
      (t) => t >= shift.start && t < shift.end && !(ownBreak && t >= ownBreak.start && t < ownBreak.end),
    );
    for (const t of instants) {
      const row = emptyExpr();
      row.terms.set(covered, 1);
      for (const s of sameSite) {
        if (!(s.start <= t && t < s.end)) continue;
        for (const ref of pharmacistRefs.get(s.id) ?? []) {
          if (ref === 'fixed') row.constant -= demand.min;
          else row.terms.set(ref, (row.terms.get(ref) ?? 0) - demand.min);
        }
      }
      b.addLe(`ratiocov:${demand.shift}:${demand.position}:${t}`, row, 0);
    }
  }
}

export const coverage: Rule = {
  name: 'coverage',
  codes: ['MAX_COVER'],
  terms: ['underCover', 'overCover'],
  /** Rewards each person covered up to `min` (shortfall = min − covered), penalises over `min`, caps at `max`. */
  objective(b) {
    for (const demand of b.input.demands) {
      const sum = emptyExpr();
      for (const person of b.input.staff) {
        const ref = b.x.get(person.id)?.get(demand.shift)?.get(demand.position);
        if (ref === undefined) continue;
        if (ref === 'fixed') sum.constant += 1;
        else sum.terms.set(ref, 1);
      }
      const under = demand.underWeight ?? b.weights.underCover;
      const over = demand.overWeight ?? b.weights.overCover;
      const tag = `${demand.shift}:${demand.position}`;
      if (demand.min > 0 && under !== 0) {
        const reachable = Math.min(demand.min, sum.terms.size + sum.constant);
        b.objective.constant += under * demand.min;
        if (reachable > 0) {
          const covered = b.addVar(`cov:${tag}`, -under, reachable, false, true);
          b.covered.set(`${demand.shift}\u0000${demand.position}`, covered);
          b.countVars.push(covered);
          const row = emptyExpr();
          row.terms.set(covered, 1);
          addTo(row, sum, -1);
          b.addLe(`cov:${tag}`, row, 0);
        }
      }
      if (over !== 0) {
        const overVar = b.addVar(`over:${tag}`, over, Math.max(0, sum.terms.size), false, false);
        b.countVars.push(overVar);
        const row = emptyExpr();
        addTo(row, sum);
        row.terms.set(overVar, -1);
        b.addLe(`over:${tag}`, row, demand.min);
      }
      if (demand.max !== undefined) b.addLe(`max:${tag}`, sum, demand.max);
    }
    addRatioCoverageCuts(b);
  },
  checkSchedule({ input, assignments }) {
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
  },
  score({ input, weights: w, count }, terms) {
    for (const d of input.demands) {
      const assigned = count.get(`${d.shift}\u0000${d.position}`) ?? 0;
      terms.underCover += Math.max(0, d.min - assigned) * (d.underWeight ?? w.underCover);
      terms.overCover += Math.max(0, assigned - d.min) * (d.overWeight ?? w.overCover);
    }
  },
};

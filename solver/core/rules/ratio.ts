// Rule 6: technicians on duty ≤ ratio × pharmacists on duty, at every instant and per site (checked
// where the set of shifts on duty changes). The valid inequality tying it to coverage is in coverage.ts.
import { dayLabel } from '../calendar';
import { DEFAULT_SITE, resolveRules } from '../defaults';
import { emptyExpr, siteOf } from '../lp';
import type { Assignment, ShiftInstance, Violation } from '../types';
import type { Rule } from './rule';

export const ratio: Rule = {
  name: 'ratio',
  codes: ['RATIO'],
  terms: [],
  constraints(b) {
    const roleOf = new Map(b.input.positions.map((p) => [p.id, p.ratioRole]));
    const sites = [...new Set(b.input.shifts.map(siteOf))].sort();
    for (const site of sites) {
      const r = b.rules.ratioFor(site);
      if (r === null) continue;
      const shifts = b.input.shifts.filter((s) => siteOf(s) === site);
      const instants = [...new Set(shifts.flatMap((s) => [s.start, s.end]))].sort((p, q) => p - q);
      const seen = new Set<string>();
      for (const t of instants) {
        const active = shifts.filter((s) => s.start <= t && t < s.end);
        const key = active.map((s) => s.id).join('\u0000');
        if (active.length === 0 || seen.has(key)) continue;
        seen.add(key);
        const e = emptyExpr();
        let hasTech = false;
        for (const person of b.input.staff) {
          for (const s of active) {
            for (const [position, ref] of b.x.get(person.id)?.get(s.id) ?? []) {
              const role = roleOf.get(position);
              const c = role === 'technician' ? 1 : role === 'pharmacist' ? -r : 0;
              if (c === 0) continue;
              if (role === 'technician') hasTech = true;
              if (ref === 'fixed') e.constant += c;
              else e.terms.set(ref, (e.terms.get(ref) ?? 0) + c);
            }
          }
        }
        if (hasTech) b.addLe(`ratio:${site}:${t}`, e, 0);
      }
    }
  },
  checkSchedule({ input, assignments }) {
    const rules = resolveRules(input.rules);
    const roleOf = new Map(input.positions.map((p) => [p.id, p.ratioRole]));
    const shiftById = new Map(input.shifts.map((s) => [s.id, s]));
    const out: Violation[] = [];
    const placed = assignments
      .map((a) => ({ a, s: shiftById.get(a.shift) }))
      .filter((p): p is { a: Assignment; s: ShiftInstance } => p.s !== undefined);
    const sites = [...new Set(placed.map((p) => p.s.site ?? DEFAULT_SITE))].sort();
    for (const site of sites) {
      const r = rules.ratioFor(site);
      if (r === null) continue;
      const here = placed.filter((p) => (p.s.site ?? DEFAULT_SITE) === site);
      const instants = [...new Set(here.flatMap((p) => [p.s.start, p.s.end]))].sort((x, y) => x - y);
      let reported = '';
      for (const t of instants) {
        const on = here.filter((p) => p.s.start <= t && t < p.s.end);
        const techs = on.filter((p) => roleOf.get(p.a.position) === 'technician').length;
        const pharmacists = on.filter((p) => roleOf.get(p.a.position) === 'pharmacist').length;
        if (techs <= r * pharmacists) continue;
        const shifts = [...new Set(on.map((p) => p.s.id))];
        const tag = `${techs}/${pharmacists}/${shifts.join(',')}`;
        if (tag === reported) continue;
        reported = tag;
        const day = Math.floor(t / 1440);
        const clock = `${String(Math.floor((t % 1440) / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
        out.push({
          rule: 'RATIO',
          message: `At ${dayLabel(input.horizon, day)} ${clock}${site === DEFAULT_SITE ? '' : ` at ${site}`}, ${techs} technician${techs === 1 ? '' : 's'} would be on duty with ${pharmacists} pharmacist${pharmacists === 1 ? '' : 's'}; at most ${r} per pharmacist allowed.`,
          shifts,
        });
      }
    }
    return out;
  },
};

// Rule 6: the technician ratio, at every instant and per site (checked where the set of shifts on
// duty changes): technicians on duty ≤ what the pharmacists on duty allow under each ratio pack in
// force at the site (ratio-packs.ts: the state's pack, and the site's own whole-number ratio). Under a
// pack where a pharmacist on a meal break does not count, a shift's break window is time off duty for
// its people, so the break's start and end are instants too. The valid inequality tying it to
// coverage is in coverage.ts.
import { breakWindow, dayLabel } from '../calendar';
import { DEFAULT_SITE, resolveRules } from '../defaults';
import { emptyExpr, siteOf, type Expr, type ModelBuilder } from '../lp';
import { allowedTechnicians, describeShape, type RatioPack } from '../ratio-packs';
import type { Assignment, Position, ShiftInstance, Staff, Violation } from '../types';
import type { Rule } from './rule';

type Role = Position['ratioRole'];

/** Whether a position counts as a technician under the pack. */
function countsAsTechnician(role: Role, pack: RatioPack): boolean {
  return role === 'technician' || (role === 'intern' && pack.interns === 'technician');
}

/** Whether the person holds a certification the pack counts on the shift. */
export function certifiedOn(person: Staff | undefined, shift: string): boolean {
  if (!person) return false;
  return person.certifiedByShift?.[shift] ?? person.certified ?? false;
}

/**
 * Whether the shift's people are on duty at `t` as the pack counts them: from its start to its end,
 * less its meal break where the pack does not count a pharmacist on one. Everyone on a shift takes
 * its break together, so its technicians are off duty then too.
 */
export function onDutyAt(shift: ShiftInstance, t: number, pack: RatioPack): boolean {
  if (!(shift.start <= t && t < shift.end)) return false;
  if (pack.pharmacistOnBreakCounts) return true;
  const pause = breakWindow(shift);
  return pause === null || t < pause.start || t >= pause.end;
}

/** The instants where the set of shifts on duty under the pack can change, in order. */
function instantsOf(shifts: ShiftInstance[], pack: RatioPack): number[] {
  const instants = new Set<number>();
  for (const s of shifts) {
    instants.add(s.start);
    instants.add(s.end);
    const pause = pack.pharmacistOnBreakCounts ? null : breakWindow(s);
    if (pause) {
      instants.add(pause.start);
      instants.add(pause.end);
    }
  }
  return [...instants].sort((p, q) => p - q);
}

function addRef(e: Expr, ref: number | 'fixed', c: number): void {
  if (ref === 'fixed') e.constant += c;
  else e.terms.set(ref, (e.terms.get(ref) ?? 0) + c);
}

/** `a + k·b` as a new expression. */
function combine(a: Expr, b: Expr, k: number): Expr {
  const e = emptyExpr();
  e.constant = a.constant + k * b.constant;
  for (const [v, c] of a.terms) e.terms.set(v, c);
  for (const [v, c] of b.terms) e.terms.set(v, (e.terms.get(v) ?? 0) + k * c);
  return e;
}

interface OnDuty {
  /** Technicians counted by the pack. */
  techs: Expr;
  pharmacists: Expr;
  /** Certified people in technician positions. */
  certified: Expr;
  /** Most pharmacists that can be on duty: one per person (nobody works overlapping shifts). */
  maxPharmacists: number;
  /** Each person's counted technician assignments on duty (0 or 1: nobody works overlapping shifts). */
  techsByPerson: Expr[];
}

/**
 * The pack's rows at one instant. Conditional packs: with y = "a certified technician is on duty"
 * (binary, y ≤ the certified technicians' assignments), technicians ≤ lo·P + e where the extra
 * allowance e ≤ (hi − lo)·P and e ≤ (hi − lo)·maxP·y, so e = (hi − lo)·P exactly when y = 1 and 0
 * otherwise. First-and-each packs: with z = "the first pharmacist's allowance applies" (binary),
 * technicians ≤ each·P + (first − each)·z; when the first pharmacist allows fewer, z must be 1
 * whenever a technician is on (z ≥ each one's assignment); either way z needs a pharmacist (z ≤ P).
 */
function addPackRows(b: ModelBuilder, tag: string, pack: RatioPack, d: OnDuty): void {
  const shape = pack.shape;
  const le = (name: string, e: Expr): void => b.addLe(`${tag}:${name}`, e, 0);
  if (d.maxPharmacists === 0) {
    // Nobody can be a pharmacist here: no technician either, under every pack.
    le('ratio', combine(d.techs, emptyExpr(), 0));
    return;
  }
  if (shape.kind === 'per-pharmacist') {
    le('ratio', combine(d.techs, d.pharmacists, -shape.technicians));
    return;
  }
  if (shape.kind === 'certified') {
    const { technicians: lo, withCertified: hi } = shape;
    if (hi <= lo || (d.certified.terms.size === 0 && d.certified.constant === 0)) {
      le('ratio', combine(d.techs, d.pharmacists, -lo));
      return;
    }
    if (d.certified.constant >= 1) {
      le('ratio', combine(d.techs, d.pharmacists, -hi));
      return;
    }
    const extraMax = (hi - lo) * d.maxPharmacists;
    const y = b.addVar(`${tag}:certified`, 0, 1, true, true);
    const extra = b.addVar(`${tag}:extra`, 0, extraMax, false, true);
    const main = combine(d.techs, d.pharmacists, -lo);
    main.terms.set(extra, -1);
    le('ratio', main);
    const byPharmacists = combine(emptyExpr(), d.pharmacists, -(hi - lo));
    byPharmacists.terms.set(extra, 1);
    le('extra', byPharmacists);
    const byCertified = emptyExpr();
    byCertified.terms.set(extra, 1);
    byCertified.terms.set(y, -extraMax);
    le('extracert', byCertified);
    const needsCertified = combine(emptyExpr(), d.certified, -1);
    needsCertified.terms.set(y, 1);
    le('certified', needsCertified);
    return;
  }
  const { first, each } = shape;
  if (first === each) {
    le('ratio', combine(d.techs, d.pharmacists, -each));
    return;
  }
  if (d.pharmacists.terms.size === 0) {
    // The pharmacists are all fixed: the allowance is a number.
    const e = combine(d.techs, emptyExpr(), 0);
    e.constant -= allowedTechnicians(shape, d.pharmacists.constant, false);
    le('ratio', e);
    return;
  }
  const z = b.addVar(`${tag}:first`, 0, 1, true, true);
  const main = combine(d.techs, d.pharmacists, -each);
  main.terms.set(z, each - first);
  le('ratio', main);
  // z needs a pharmacist on duty (z ≤ P): exact for integers, and in the LP it stops a fraction of a
  // pharmacist from licensing a whole technician.
  const needsPharmacist = combine(emptyExpr(), d.pharmacists, -1);
  needsPharmacist.terms.set(z, 1);
  le('first', needsPharmacist);
  if (first < each) {
    // z is 1 as soon as anyone counted is on duty: one row per person, far tighter in the LP than
    // technicians ≤ M·z.
    d.techsByPerson.forEach((person, i) => {
      const row = combine(person, emptyExpr(), 0);
      row.terms.set(z, -1);
      le(`on${i}`, row);
    });
  }
}

/** "3 technicians and 1 intern" as the pack counts them. */
function countWords(techs: number, interns: number): string {
  const t = `${techs} technician${techs === 1 ? '' : 's'}`;
  return interns === 0 ? t : `${t} and ${interns} intern${interns === 1 ? '' : 's'}`;
}

/** " (1 on a meal break, who does not count in Minnesota)", or nothing when nobody is on a break. */
function breakWords(pack: RatioPack, onBreak: number): string {
  if (onBreak === 0) return '';
  return ` (${onBreak} on a meal break, who ${onBreak === 1 ? 'does' : 'do'} not count in ${pack.name})`;
}

/** The end of the violation sentence: what the pack allows, in its own words. */
function allowanceWords(pack: RatioPack, pharmacists: number, certified: boolean): string {
  const shape = pack.shape;
  if (shape.kind === 'per-pharmacist' && pack.name === 'this site')
    return `; at most ${shape.technicians} per pharmacist allowed.`;
  const certifiedWords =
    shape.kind === 'certified'
      ? certified
        ? ' and a certified technician'
        : ' and no certified technician'
      : '';
  const allowed = allowedTechnicians(shape, pharmacists, certified);
  const rule =
    shape.kind === 'certified'
      ? `${shape.technicians} per pharmacist, ${shape.withCertified} when one is certified`
      : describeShape(shape);
  return `${certifiedWords}; ${pack.name} allows ${rule} (${allowed} here).`;
}

export const ratio: Rule = {
  name: 'ratio',
  codes: ['RATIO'],
  terms: [],
  constraints(b) {
    const roleOf = new Map(b.input.positions.map((p) => [p.id, p.ratioRole]));
    const sites = [...new Set(b.input.shifts.map(siteOf))].sort();
    for (const site of sites) {
      const packs = b.rules.ratioPacksFor(site);
      if (packs.length === 0) continue;
      const shifts = b.input.shifts.filter((s) => siteOf(s) === site);
      packs.forEach((pack, i) => {
        const seen = new Set<string>();
        for (const t of instantsOf(shifts, pack)) {
          const active = shifts.filter((s) => onDutyAt(s, t, pack));
          const key = active.map((s) => s.id).join('\u0000');
          if (active.length === 0 || seen.has(key)) continue;
          seen.add(key);
          const d: OnDuty = {
            techs: emptyExpr(),
            pharmacists: emptyExpr(),
            certified: emptyExpr(),
            maxPharmacists: 0,
            techsByPerson: [],
          };
          for (const person of b.input.staff) {
            let pharmacist = false;
            const mine = emptyExpr();
            for (const s of active) {
              for (const [position, ref] of b.x.get(person.id)?.get(s.id) ?? []) {
                const role = roleOf.get(position);
                if (role === 'pharmacist') {
                  addRef(d.pharmacists, ref, 1);
                  pharmacist = true;
                } else if (countsAsTechnician(role, pack)) {
                  addRef(d.techs, ref, 1);
                  addRef(mine, ref, 1);
                  if (role === 'technician' && certifiedOn(person, s.id)) addRef(d.certified, ref, 1);
                }
              }
            }
            if (pharmacist) d.maxPharmacists += 1;
            if (mine.terms.size > 0 || mine.constant > 0) d.techsByPerson.push(mine);
          }
          if (d.techs.terms.size === 0 && d.techs.constant === 0) continue;
          addPackRows(b, `ratio${i === 0 ? '' : i}:${site}:${t}`, pack, d);
        }
      });
    }
  },
  checkSchedule({ input, assignments }) {
    const rules = resolveRules(input.rules);
    const roleOf = new Map(input.positions.map((p) => [p.id, p.ratioRole]));
    const staffById = new Map(input.staff.map((p) => [p.id, p]));
    const shiftById = new Map(input.shifts.map((s) => [s.id, s]));
    const out: Violation[] = [];
    const placed = assignments
      .map((a) => ({ a, s: shiftById.get(a.shift) }))
      .filter((p): p is { a: Assignment; s: ShiftInstance } => p.s !== undefined);
    const sites = [...new Set(placed.map((p) => p.s.site ?? DEFAULT_SITE))].sort();
    for (const site of sites) {
      const packs = rules.ratioPacksFor(site);
      const here = placed.filter((p) => (p.s.site ?? DEFAULT_SITE) === site);
      const shifts = [...new Set(here.map((p) => p.s))];
      for (const pack of packs) {
        let reported = '';
        for (const t of instantsOf(shifts, pack)) {
          const on = here.filter((p) => onDutyAt(p.s, t, pack));
          const onBreak = here.filter(
            (p) =>
              roleOf.get(p.a.position) === 'pharmacist' &&
              p.s.start <= t &&
              t < p.s.end &&
              !onDutyAt(p.s, t, pack),
          );
          const counted = on.filter((p) => countsAsTechnician(roleOf.get(p.a.position), pack));
          const techs = counted.length;
          const interns = counted.filter((p) => roleOf.get(p.a.position) === 'intern').length;
          const pharmacists = on.filter((p) => roleOf.get(p.a.position) === 'pharmacist').length;
          const certified = counted.some(
            (p) => roleOf.get(p.a.position) === 'technician' && certifiedOn(staffById.get(p.a.staff), p.s.id),
          );
          if (techs <= allowedTechnicians(pack.shape, pharmacists, certified)) continue;
          const involved = [...new Set([...on, ...onBreak].map((p) => p.s.id))];
          const tag = `${techs}/${pharmacists}/${onBreak.length}/${certified}/${involved.join(',')}`;
          if (tag === reported) continue;
          reported = tag;
          const day = Math.floor(t / 1440);
          const clock = `${String(Math.floor((t % 1440) / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
          out.push({
            rule: 'RATIO',
            message: `At ${dayLabel(input.horizon, day)} ${clock}${site === DEFAULT_SITE ? '' : ` at ${site}`}, ${countWords(techs - interns, interns)} would be on duty with ${pharmacists} pharmacist${pharmacists === 1 ? '' : 's'}${breakWords(pack, onBreak.length)}${allowanceWords(pack, pharmacists, certified)}`,
            shifts: involved,
          });
        }
      }
    }
    return out;
  },
};

// Builds one integer linear model from a ScheduleInput: one function per rule.
//
// The formulation is "tight" (measured several times faster than a naive one): variables exist only where a person is qualified
// and available; every soft term is written so that the empty schedule is feasible and every row is
// `sum ≤ rhs` with rhs ≥ 0 (javascript-lp-solver then needs no phase 1); shortfalls are rewarded
// "covered" amounts plus a constant instead of explicit slack rows; absolute deviations use their
// convex hull; integer variables, not binaries. Locked assignments are constants, not variables.
import { resolveRules, resolveWeights, DEFAULT_SITE, type ResolvedRules } from './defaults';
import { paidMinutes, weekCount, weekendsOf, weekOf } from './calendar';
import { fairnessGroups } from './fairness';
import type { Assignment, ScheduleInput, ShiftInstance, Staff, Weights } from './types';

export interface LpVar {
  name: string;
  cost: number;
  /** Upper bound (lower bound is always 0). */
  ub: number;
  int: boolean;
  /** False when other rows already bound the variable (an engine may skip the explicit bound row). */
  ubNeeded: boolean;
}

/** `sum(coef × var) ≤ rhs`. */
export interface LpRow {
  name: string;
  terms: Array<[number, number]>;
  rhs: number;
}

export interface LpModel {
  vars: LpVar[];
  rows: LpRow[];
  /** Added to the engine's objective to give the schedule's objective. */
  constant: number;
}

export interface BuiltModel {
  lp: LpModel;
  /** Assignment decision variables: var index → assignment. */
  assignmentVars: Array<{ index: number; assignment: Assignment }>;
  /** Locked assignments, which are constants of the model. */
  fixed: Assignment[];
  /** Reasons the hard rules cannot all hold, found while building (e.g. two locks that overlap). */
  conflicts: string[];
}

interface Expr {
  terms: Map<number, number>;
  constant: number;
}

function emptyExpr(): Expr {
  return { terms: new Map(), constant: 0 };
}

function addTo(target: Expr, source: Expr, factor = 1): void {
  for (const [v, c] of source.terms) target.terms.set(v, (target.terms.get(v) ?? 0) + c * factor);
  target.constant += source.constant * factor;
}

/** Internal state shared by the rule functions. */
class Builder {
  readonly vars: LpVar[] = [];
  readonly rows: LpRow[] = [];
  readonly objective = emptyExpr();
  readonly conflicts: string[] = [];
  readonly rules: ResolvedRules;
  readonly weights: Required<Weights>;
  readonly shiftById = new Map<string, ShiftInstance>();
  /** staff id → shift id → position → var index or 'fixed'. */
  readonly x = new Map<string, Map<string, Map<string, number | 'fixed'>>>();
  /** staff id → day → expression for "works that day" (0/1). */
  readonly work = new Map<string, Expr[]>();
  readonly assignmentVars: BuiltModel['assignmentVars'] = [];
  readonly fixed: Assignment[] = [];
  /** Coverage counts, integer when the whole objective is (then HiGHS can round its bound). */
  readonly countVars: number[] = [];
  /** Demand key `shift\u0000position` → its "covered" variable. */
  readonly covered = new Map<string, number>();

  constructor(readonly input: ScheduleInput) {
    this.rules = resolveRules(input.rules);
    this.weights = resolveWeights(input.weights);
    for (const s of input.shifts) this.shiftById.set(s.id, s);
  }

  addVar(name: string, cost: number, ub: number, int: boolean, ubNeeded: boolean): number {
    this.vars.push({ name, cost: 0, ub, int, ubNeeded });
    const index = this.vars.length - 1;
    if (cost !== 0) this.objective.terms.set(index, cost);
    return index;
  }

  /** Adds `expr ≤ rhs`, folding constants; records a conflict if it can never hold. */
  addLe(name: string, expr: Expr, rhs: number): void {
    const terms: Array<[number, number]> = [];
    for (const [v, c] of expr.terms) if (Math.abs(c) > 1e-12) terms.push([v, c]);
    let r = rhs - expr.constant;
    // Chvátal–Gomory rounding: with integer variables and coefficients, divide by their gcd and round
    // the right-hand side down (e.g. minutes of 480-minute shifts ≤ 2,600 becomes shifts ≤ 5).
    if (terms.length > 0 && terms.every(([v, c]) => this.vars[v]?.int && Number.isInteger(c))) {
      const g = terms.reduce((acc, [, c]) => gcd(acc, Math.abs(c)), 0);
      if (g > 1) {
        for (const t of terms) t[1] /= g;
        r = Math.floor(r / g + 1e-9);
      } else if (Number.isInteger(Math.round(r * 1e9) / 1e9)) {
        r = Math.floor(r + 1e-9);
      }
    }
    if (terms.length === 0) {
      if (r < -1e-9) this.conflicts.push(name);
      return;
    }
    // A row whose variables can all be 1 (or at their bounds) without exceeding rhs is redundant.
    let maxLhs = 0;
    for (const [v, c] of terms) if (c > 0) maxLhs += c * (this.vars[v]?.ub ?? Infinity);
    if (maxLhs <= r + 1e-9) return;
    this.rows.push({ name, terms, rhs: r });
  }

  /** Expression for the sum over the given shifts (all positions) of one person's assignments, weighted. */
  shiftsExpr(
    staff: string,
    shifts: Iterable<ShiftInstance>,
    coef: (s: ShiftInstance) => number = () => 1,
  ): Expr {
    const e = emptyExpr();
    const byShift = this.x.get(staff);
    if (!byShift) return e;
    for (const s of shifts) {
      const byPos = byShift.get(s.id);
      if (!byPos) continue;
      const c = coef(s);
      for (const ref of byPos.values()) {
        if (ref === 'fixed') e.constant += c;
        else e.terms.set(ref, (e.terms.get(ref) ?? 0) + c);
      }
    }
    return e;
  }

  costOnShifts(staff: string, shifts: Iterable<ShiftInstance>, cost: (s: ShiftInstance) => number): void {
    addTo(this.objective, this.shiftsExpr(staff, shifts, cost));
  }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
const siteOf = (s: ShiftInstance): string => s.site ?? DEFAULT_SITE;

function qualifiedPositions(person: Staff, shiftId: string): string[] {
  return person.qualifiedByShift?.[shiftId] ?? person.positions;
}

/** Rules 1 and 2 (qualified, available) and rule 7 (locked): create assignment variables. */
function addAssignmentVariables(b: Builder): void {
  const demanded = new Set(b.input.demands.map((d) => `${d.shift}\u0000${d.position}`));
  const locked = new Set((b.input.locked ?? []).map((a) => `${a.staff}\u0000${a.shift}\u0000${a.position}`));
  const frozen = new Set(b.input.frozenShifts ?? []);
  for (const person of b.input.staff) {
    const byShift = new Map<string, Map<string, number | 'fixed'>>();
    b.x.set(person.id, byShift);
    for (const shift of b.input.shifts) {
      const byPos = new Map<string, number | 'fixed'>();
      const lockedHere = (b.input.locked ?? []).filter((a) => a.staff === person.id && a.shift === shift.id);
      if (lockedHere.length > 0) {
        for (const a of lockedHere) {
          byPos.set(a.position, 'fixed');
          b.fixed.push({ staff: person.id, shift: shift.id, position: a.position });
        }
      } else if (
        !frozen.has(shift.id) &&
        person.availability?.[shift.id]?.status !== 'unavailable' &&
        person.maxShiftsPerType?.[shift.type] !== 0
      ) {
        for (const position of qualifiedPositions(person, shift.id)) {
          if (!demanded.has(`${shift.id}\u0000${position}`)) continue;
          if (locked.has(`${person.id}\u0000${shift.id}\u0000${position}`)) continue;
          const index = b.addVar(`x:${person.id}:${shift.id}:${position}`, 0, 1, true, false);
          byPos.set(position, index);
          b.assignmentVars.push({ index, assignment: { staff: person.id, shift: shift.id, position } });
        }
      }
      if (byPos.size > 0) byShift.set(shift.id, byPos);
    }
  }
}

/** Rule 3: one position per shift, at most `maxShiftsPerDay` shifts a day; defines "works on day d". */
function addDailyLimits(b: Builder): void {
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
}

/** Whether one person cannot work both shifts: overlap, rest shorter than the minimum, or a forbidden succession. */
function conflictBetween(b: Builder, person: Staff, a: ShiftInstance, c: ShiftInstance): boolean {
  const [first, second] = a.start <= c.start ? [a, c] : [c, a];
  if (second.start < first.end) return true;
  if (second.start - first.end < b.rules.minRestMinutes) return true;
  if (second.day === first.day + 1) {
    const forbidden = [...b.rules.forbiddenSuccessions, ...(person.forbiddenSuccessions ?? [])];
    if (forbidden.some((f) => f.from === first.type && f.to === second.type)) return true;
  }
  return false;
}

/**
 * Rules 3–4 and forbidden successions: no overlap, minimum rest, no forbidden succession. With one
 * shift a day the conflicts of a shift with the shifts of one later day form a clique, written as one row.
 */
function addConflicts(b: Builder): void {
  for (const person of b.input.staff) {
    const mine = b.input.shifts
      .filter((s) => b.x.get(person.id)?.has(s.id))
      .sort((p, q) => p.start - q.start);
    for (let i = 0; i < mine.length; i++) {
      const a = mine[i] as ShiftInstance;
      const groups = new Map<number, ShiftInstance[]>();
      for (let j = 0; j < mine.length; j++) {
        const c = mine[j] as ShiftInstance;
        if (i === j) continue;
        const sameDayCovered = b.rules.maxShiftsPerDay === 1 && c.day === a.day;
        if (sameDayCovered) continue;
        // Each pair once: from the earlier-starting shift (ties by index).
        if (c.start < a.start || (c.start === a.start && j < i)) continue;
        if (!conflictBetween(b, person, a, c)) continue;
        if (b.rules.maxShiftsPerDay === 1) {
          const g = groups.get(c.day) ?? [];
          g.push(c);
          groups.set(c.day, g);
        } else {
          b.addLe(`cf:${person.id}:${a.id}:${c.id}`, b.shiftsExpr(person.id, [a, c]), 1);
        }
      }
      for (const [day, group] of groups) {
        b.addLe(`cf:${person.id}:${a.id}:d${day}`, b.shiftsExpr(person.id, [a, ...group]), 1);
      }
    }
  }
}

/** Rule 5 and Curtois limits: max minutes per week and per horizon, max shifts per type, hard minimums. */
function addMinuteLimits(b: Builder): void {
  const weeks = weekCount(b.input.horizon);
  for (const person of b.input.staff) {
    for (let w = 0; w < weeks; w++) {
      const inWeek = b.input.shifts.filter((s) => weekOf(s.day) === w);
      const minutes = b.shiftsExpr(person.id, inWeek, paidMinutes);
      if (person.maxMinutesPerWeek !== undefined)
        b.addLe(`maxwk:${person.id}:${w}`, minutes, person.maxMinutesPerWeek);
      if (person.minMinutesPerWeek !== undefined && person.minMinutesHard) {
        const neg = emptyExpr();
        addTo(neg, minutes, -1);
        b.addLe(`minwk:${person.id}:${w}`, neg, -person.minMinutesPerWeek);
      }
    }
    const total = b.shiftsExpr(person.id, b.input.shifts, paidMinutes);
    if (person.maxMinutesTotal !== undefined) b.addLe(`maxtot:${person.id}`, total, person.maxMinutesTotal);
    if (person.minMinutesTotal !== undefined && person.minMinutesHard) {
      const neg = emptyExpr();
      addTo(neg, total, -1);
      b.addLe(`mintot:${person.id}`, neg, -person.minMinutesTotal);
    }
    for (const [type, max] of Object.entries(person.maxShiftsPerType ?? {})) {
      const ofType = b.input.shifts.filter((s) => s.type === type);
      b.addLe(`maxtype:${person.id}:${type}`, b.shiftsExpr(person.id, ofType), max);
    }
  }
}

/** Consecutive working days (max via sliding windows, min via run implications) and days off. */
function addRunRules(b: Builder): void {
  const days = b.input.horizon.days;
  for (const person of b.input.staff) {
    const work = b.work.get(person.id) ?? [];
    const w = (d: number): Expr => work[d] ?? emptyExpr();
    const maxRun = person.maxConsecutiveDays ?? b.rules.maxConsecutiveDays;
    if (maxRun !== null && maxRun !== undefined) {
      // Days worked in a row just before day 0 start a run: days 0..k may not all be worked when
      // before + k + 1 > maxRun (with before ≥ maxRun, day 0 itself is off).
      const before = Math.max(0, Math.floor(person.workedDaysBefore ?? 0));
      const k = Math.max(0, maxRun - before);
      if (before > 0 && k < maxRun && k < days) {
        const e = emptyExpr();
        for (let j = 0; j <= k; j++) addTo(e, w(j));
        b.addLe(`maxrunbefore:${person.id}`, e, k);
      }
      for (let d = 0; d + maxRun < days; d++) {
        const e = emptyExpr();
        for (let k = d; k <= d + maxRun; k++) addTo(e, w(k));
        b.addLe(`maxrun:${person.id}:${d}`, e, maxRun);
      }
    }
    // A run of work starting on d (off on d − 1) must last minRun days unless it reaches the horizon end.
    const minRun = person.minConsecutiveDays ?? 0;
    for (let d = 1; d < days; d++) {
      for (let j = 1; j < minRun && d + j < days; j++) {
        const e = emptyExpr();
        addTo(e, w(d));
        addTo(e, w(d - 1), -1);
        addTo(e, w(d + j), -1);
        b.addLe(`minrun:${person.id}:${d}:${j}`, e, 0);
      }
    }
    // A run of days off starting on d (worked d − 1) must last minOff days unless it reaches the end.
    const minOff = person.minConsecutiveDaysOff ?? 0;
    for (let d = 1; d < days; d++) {
      for (let j = 1; j < minOff && d + j < days; j++) {
        const e = emptyExpr();
        addTo(e, w(d - 1));
        addTo(e, w(d), -1);
        addTo(e, w(d + j));
        b.addLe(`minoff:${person.id}:${d}:${j}`, e, 1);
      }
    }
  }
}

/** Max weekends worked: one 0/1 variable per weekend, at least every day worked in it. */
function addWeekendRule(b: Builder): void {
  const weekends = weekendsOf(b.input.horizon);
  for (const person of b.input.staff) {
    if (person.maxWeekends === undefined) continue;
    const work = b.work.get(person.id) ?? [];
    const sum = emptyExpr();
    weekends.forEach((days, i) => {
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
}

/** Rule 6: technicians ≤ ratio × pharmacists at every instant, per site (checked where the set of shifts on duty changes). */
function addRatioRule(b: Builder): void {
  const roleOf = new Map(b.input.positions.map((p) => [p.id, p.ratioRole]));
  const sites = [...new Set(b.input.shifts.map(siteOf))].sort();
  for (const site of sites) {
    const ratio = b.rules.ratioFor(site);
    if (ratio === null) continue;
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
            const c = role === 'technician' ? 1 : role === 'pharmacist' ? -ratio : 0;
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
}

/** Coverage: reward each person covered up to `min` (shortfall = min − covered), penalise over `min`, cap at `max`. */
function addCoverage(b: Builder): void {
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
}

/**
 * Valid inequality linking coverage to the ratio: technicians covered on shift s ≤ D × pharmacists on
 * duty at any instant t of s (0 pharmacists allow 0 technicians; one allows up to min(D, ratio)).
 * Tighter than the ratio row when the demand D is below the ratio, where the LP otherwise lets a
 * fraction of a pharmacist license whole technicians; it closes most of the LP gap on such weeks.
 */
function addRatioCoverageCuts(b: Builder): void {
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
    const ratio = b.rules.ratioFor(siteOf(shift));
    if (ratio === null || demand.min >= ratio) continue;
    const sameSite = b.input.shifts.filter((s) => siteOf(s) === siteOf(shift));
    const instants = [...new Set(sameSite.flatMap((s) => [s.start, s.end]))].filter(
      (t) => t >= shift.start && t < shift.end,
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

/** Soft minimum minutes (per week and per horizon): reward minutes covered up to the minimum. */
function addSoftMinimums(b: Builder): void {
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
}

/**
 * |minutes − target| as d = e + T − M with e ≥ 0 and 2M − e ≤ 2T; when all the person's shifts have one
 * length L, the secant between ⌊T/L⌋ and ⌈T/L⌉ shifts is added: the convex hull over whole shifts.
 */
function addTargetDeviation(b: Builder): void {
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
}

/** Availability preferences, on/off requests, labour cost and overtime. */
function addPreferencesAndCost(b: Builder): void {
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
}

/** Weekend and night fairness: each such shift above the fair share costs `weights.fairness`. */
function addFairness(b: Builder): void {
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
}

/** Stability: each assignment added or removed against `previous` costs `changeCosts[shift]` or else `weights.change`. */
function addStability(b: Builder): void {
  const previous = b.input.previous;
  if (!previous) return;
  const costOf = (shift: string): number => b.input.changeCosts?.[shift] ?? b.weights.change;
  const prev = new Set(previous.map((a) => `${a.staff}\u0000${a.shift}\u0000${a.position}`));
  for (const a of previous) {
    const ref = b.x.get(a.staff)?.get(a.shift)?.get(a.position);
    const wc = costOf(a.shift);
    if (ref === 'fixed' || wc === 0) continue;
    b.objective.constant += wc;
    if (ref !== undefined) b.objective.terms.set(ref, (b.objective.terms.get(ref) ?? 0) - wc);
  }
  for (const { index, assignment: a } of b.assignmentVars) {
    if (prev.has(`${a.staff}\u0000${a.shift}\u0000${a.position}`)) continue;
    const wc = costOf(a.shift);
    if (wc !== 0) b.objective.terms.set(index, (b.objective.terms.get(index) ?? 0) + wc);
  }
  for (const a of b.fixed)
    if (!prev.has(`${a.staff}\u0000${a.shift}\u0000${a.position}`)) b.objective.constant += costOf(a.shift);
}

export function buildModel(input: ScheduleInput): BuiltModel {
  const b = new Builder(input);
  addAssignmentVariables(b);
  addDailyLimits(b);
  addConflicts(b);
  addMinuteLimits(b);
  addRunRules(b);
  addWeekendRule(b);
  addRatioRule(b);
  addCoverage(b);
  addRatioCoverageCuts(b);
  addSoftMinimums(b);
  addTargetDeviation(b);
  addPreferencesAndCost(b);
  addStability(b);
  addFairness(b);
  for (const [v, c] of b.objective.terms) {
    const variable = b.vars[v];
    if (variable) variable.cost = c;
  }
  // With integer costs everywhere the objective of any schedule is an integer, which HiGHS uses to
  // prune (a bound of 606.2 proves 607); coverage counts are integral in every schedule anyway.
  if (b.vars.every((v) => Number.isInteger(v.cost) || (v.int && Math.abs(v.cost) < 1e-12))) {
    for (const v of b.countVars) {
      const variable = b.vars[v];
      if (variable) variable.int = true;
    }
  }
  return {
    lp: { vars: b.vars, rows: b.rows, constant: b.objective.constant },
    assignmentVars: b.assignmentVars,
    fixed: b.fixed,
    conflicts: b.conflicts,
  };
}

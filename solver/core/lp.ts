// The linear model's data and the builder the rule modules write into (rules/*.ts): variables, rows
// `sum ≤ rhs` and the objective, with the row tightening every rule shares.
import { resolveRules, resolveWeights, DEFAULT_SITE, type ResolvedRules } from './defaults';
import type { Assignment, ScheduleInput, ShiftInstance, Weights } from './types';

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

export interface Expr {
  terms: Map<number, number>;
  constant: number;
}

export function emptyExpr(): Expr {
  return { terms: new Map(), constant: 0 };
}

export function addTo(target: Expr, source: Expr, factor = 1): void {
  for (const [v, c] of source.terms) target.terms.set(v, (target.terms.get(v) ?? 0) + c * factor);
  target.constant += source.constant * factor;
}

export const siteOf = (s: ShiftInstance): string => s.site ?? DEFAULT_SITE;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The model under construction, shared by the rule modules. */
export class ModelBuilder {
  readonly vars: LpVar[] = [];
  readonly rows: LpRow[] = [];
  readonly objective = emptyExpr();
  readonly conflicts: string[] = [];
  readonly rules: ResolvedRules;
  readonly weights: Required<Weights>;
  readonly shiftById = new Map<string, ShiftInstance>();
  /** staff id → shift id → position → var index or 'fixed'. */
  readonly x = new Map<string, Map<string, Map<string, number | 'fixed'>>>();
  /** staff id → day → expression for "works that day" (0/1); written by the shifts-per-day rule. */
  readonly work = new Map<string, Expr[]>();
  readonly assignmentVars: Array<{ index: number; assignment: Assignment }> = [];
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

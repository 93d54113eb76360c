// The contract every engine adapter fulfils: take an LpModel, return values for its variables.
import type { LpModel } from '../../core/model';

export interface EngineHooks {
  /** Engine-side time limit, milliseconds (the worker is also terminated from outside). */
  timeLimitMs: number;
  /** Relative MIP gap at which to stop (0 = prove optimal). */
  relativeGap: number;
  /** HiGHS only: run its presolve (default true). Two HiGHS runs with and without it race in `auto`. */
  presolve?: boolean;
  /** Each better integer schedule found, with its engine objective (without the model constant). */
  onIncumbent?: (values: number[], objective: number) => void;
  /** Human progress line. */
  onProgress?: (message: string) => void;
  /** HiGHS only: if this call loads the engine, compile all of it optimised up front (warm-up). */
  compileEagerly?: boolean;
  /**
   * HiGHS only: a better schedule found elsewhere since the last call (another worker's), or null.
   * Asked before the run (as a start) and at HiGHS's user-solution checkpoints during it.
   */
  takeStart?: () => number[] | null;
  /** HiGHS only: the best proven lower bound on the objective (schedule units), as it improves. */
  onBound?: (bound: number) => void;
  /** Polled by engines that can stop cleanly (HiGHS); true = stop now and return the best so far. */
  shouldStop?: () => boolean;
  /** HiGHS only: its `random_seed` (default 0). */
  seed?: number;
  /**
   * HiGHS only: a work limit, the branch-and-bound nodes it may explore. Unlike a time limit it ends
   * the search at the same point on any machine (deterministic mode).
   */
  nodeLimit?: number;
}

export interface EngineRun {
  /** `optimal`: proven within the requested gap; `limit`: stopped by a limit (values may be a best-so-far). */
  status: 'optimal' | 'limit' | 'infeasible' | 'error';
  /** Integral values per variable, or null when the engine has no integer schedule. */
  values: number[] | null;
  /** Engine objective (without the model constant) of `values`. */
  objective: number | null;
  /** Relative gap (0..1) between `objective` and the best bound, when known. */
  gap?: number;
  firstFeasibleMs?: number;
  message: string;
}

/** Integrality tolerance shared by the adapters when they check and round an answer. */
export const INTEGRALITY_TOLERANCE = 1e-6;

/** Rounds integer variables; returns null if any is not integral, out of bounds, or any row is broken. */
export function checkIntegral(lp: LpModel, raw: ArrayLike<number>): number[] | null {
  const values: number[] = [];
  for (let i = 0; i < lp.vars.length; i++) {
    const v = raw[i] ?? 0;
    const variable = lp.vars[i];
    if (variable?.int) {
      const r = Math.round(v);
      if (Math.abs(v - r) > INTEGRALITY_TOLERANCE) return null;
      values.push(r);
    } else values.push(v);
    const value = values[i] ?? 0;
    if (value < -1e-6 || value > (variable?.ub ?? Infinity) + 1e-6) return null;
  }
  for (const row of lp.rows) {
    let lhs = 0;
    for (const [v, c] of row.terms) lhs += c * (values[v] ?? 0);
    if (lhs > row.rhs + 1e-5 * Math.max(1, Math.abs(row.rhs))) return null;
  }
  return values;
}

export function objectiveOf(lp: LpModel, values: number[]): number {
  let total = 0;
  lp.vars.forEach((v, i) => (total += v.cost * (values[i] ?? 0)));
  return total;
}

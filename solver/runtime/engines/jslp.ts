// javascript-lp-solver adapter: the only file that imports the package. A dense-tableau simplex with
// branch and bound, fast on small tight models; it cannot be interrupted inside an LP, so callers
// run it in a worker they can terminate.
import solver from 'javascript-lp-solver';
import type { LpModel } from '../../core/model';
import { checkIntegral, objectiveOf, type EngineHooks, type EngineRun } from './engine';

type JsonModel = Parameters<typeof solver.Solve>[0];

/** Variable `v<i>`, row `r<i>`, explicit bound rows `u<i>` only where no other row bounds the variable. */
export function toJslpModel(lp: LpModel, hooks: EngineHooks): JsonModel {
  const constraints: Record<string, { max: number }> = {};
  const variables: Record<string, Record<string, number>> = {};
  const ints: Record<string, 1> = {};
  // javascript-lp-solver has no variable bounds, only rows; skip the row where a packing row
  // (all coefficients ≥ 0) already bounds the variable, which is the common case for assignments.
  const implied = lp.vars.map(() => Infinity);
  for (const row of lp.rows) {
    if (row.terms.some(([, c]) => c < 0)) continue;
    for (const [v, c] of row.terms) implied[v] = Math.min(implied[v] ?? Infinity, row.rhs / c);
  }
  lp.vars.forEach((v, i) => {
    const coefs: Record<string, number> = { obj: v.cost };
    const needed = v.ubNeeded || (v.int && (implied[i] ?? Infinity) > v.ub + 1e-9);
    if (needed && Number.isFinite(v.ub)) {
      constraints[`u${i}`] = { max: v.ub };
      coefs[`u${i}`] = 1;
    }
    variables[`v${i}`] = coefs;
    if (v.int) ints[`v${i}`] = 1;
  });
  lp.rows.forEach((row, r) => {
    constraints[`r${r}`] = { max: row.rhs };
    for (const [v, c] of row.terms) {
      const coefs = variables[`v${v}`];
      if (coefs) coefs[`r${r}`] = c;
    }
  });
  return {
    optimize: 'obj',
    opType: 'min',
    constraints,
    variables,
    ints,
    options: {
      timeout: hooks.timeLimitMs,
      tolerance: hooks.relativeGap,
      exitOnCycles: true,
    },
  };
}

export function solveWithJslp(lp: LpModel, hooks: EngineHooks): EngineRun {
  const json = toJslpModel(lp, hooks);
  const started = Date.now();
  hooks.onProgress?.(`javascript-lp-solver: ${lp.vars.length} columns, ${lp.rows.length} rows`);
  // Full pricing: the default partial pricing needs ~6× more pivots on these models (measured on the Curtois instances).
  // The Model class is exposed by the package but not typed for this use.
  const api = solver as unknown as {
    Model: new (
      precision: number | undefined,
      name: undefined,
      bc: unknown,
    ) => {
      loadJson(m: JsonModel): { tableau: { pricingBatchSize: number } };
    };
    selectBranchAndCutService(m: JsonModel): unknown;
    Solve(m: unknown): Record<string, number | boolean | undefined>;
  };
  const model = new api.Model(undefined, undefined, api.selectBranchAndCutService(json)).loadJson(json);
  model.tableau.pricingBatchSize = 1_000_000_000;
  const result = api.Solve(model);
  const elapsed = Date.now() - started;
  if (!result.feasible) {
    return {
      status: 'infeasible',
      values: null,
      objective: null,
      message: 'javascript-lp-solver: infeasible',
    };
  }
  const raw = lp.vars.map((_, i) => {
    const v = result[`v${i}`];
    return typeof v === 'number' ? v : 0;
  });
  // A timeout can return fractional values with an objective below the optimum: not a schedule.
  const values = result.isIntegral === true ? checkIntegral(lp, raw) : null;
  const timedOut = elapsed >= hooks.timeLimitMs;
  if (!values) {
    return {
      status: 'limit',
      values: null,
      objective: null,
      message: `javascript-lp-solver: no integer schedule after ${elapsed} ms`,
    };
  }
  const objective = objectiveOf(lp, values);
  hooks.onIncumbent?.(values, objective);
  return {
    status: timedOut ? 'limit' : 'optimal',
    values,
    objective,
    ...(timedOut ? {} : { gap: 0 }),
    message: `javascript-lp-solver: ${timedOut ? 'stopped at its timeout' : 'optimal'} in ${elapsed} ms`,
  };
}

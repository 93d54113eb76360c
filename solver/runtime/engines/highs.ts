// HiGHS adapter (WebAssembly): the only file that imports the package. The model is passed as
// sparse rows through the persistent API, whose callbacks report each improving schedule so that a
// best-so-far exists even if the worker is terminated.
import { setFlagsFromString } from 'node:v8';
import loadHighs, { type Highs } from 'highs';
import type { LpModel } from '../../core/model';
import { checkIntegral, objectiveOf, type EngineHooks, type EngineRun } from './engine';

let loaded: Promise<Highs> | null = null;

/** At most one progress line per this many milliseconds. */
const PROGRESS_EVERY_MS = 1000;
/** HiGHS's own default for `mip_max_nodes`: no node limit. */
const NO_NODE_LIMIT = 2_147_483_647;

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Loads HiGHS once per thread. V8 compiles WebAssembly lazily, function by function on first call,
 * with a baseline compiler first: measured, the first real solve in a thread then takes 2–2.5 s where
 * later ones take 0.3–0.5 s (demo pharmacy week), whatever tiny model was solved before. With `eager`
 * (the server's warm-up) the whole module is compiled optimised up front instead — ≈3 s of CPU in the
 * idle worker at start-up — and the first solve is as fast as the later ones. The flags are
 * process-wide, so they are set only around this module's compilation and restored afterwards.
 */
function getHighs(eager = false): Promise<Highs> {
  if (!loaded) {
    if (eager) {
      setFlagsFromString('--no-wasm-lazy-compilation');
      setFlagsFromString('--no-liftoff');
    }
    loaded = loadHighs().finally(() => {
      if (!eager) return;
      setFlagsFromString('--wasm-lazy-compilation');
      setFlagsFromString('--liftoff');
    });
  }
  return loaded;
}

/** Hands the model to HiGHS as sparse rows `-inf ≤ row ≤ rhs`, all columns in `[0, ub]`. */
export function passLp(highs: Highs, model: ReturnType<Highs['createModel']>, lp: LpModel): void {
  const n = lp.vars.length;
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of lp.rows) {
    const sorted = [...row.terms].sort((a, b) => a[0] - b[0]);
    for (const [v, c] of sorted) {
      indices.push(v);
      values.push(c);
    }
    starts.push(indices.length);
  }
  model.passModel({
    numCols: n,
    numRows: lp.rows.length,
    // The constant makes HiGHS's objective the schedule's, so its gap (and `mip_rel_gap`) is relative
    // to the real objective rather than to the shifted one, which can be 20–40× larger.
    offset: lp.constant,
    colCost: lp.vars.map((v) => v.cost),
    colLower: lp.vars.map(() => 0),
    colUpper: lp.vars.map((v) => (Number.isFinite(v.ub) ? v.ub : highs.infinity)),
    rowLower: lp.rows.map(() => -highs.infinity),
    rowUpper: lp.rows.map((r) => r.rhs),
    matrix: { format: 'csr', numRows: lp.rows.length, numCols: n, starts, indices, values },
    integrality: lp.vars.map((v) => (v.int ? 1 : 0)),
  });
}

export async function solveWithHighs(lp: LpModel, hooks: EngineHooks): Promise<EngineRun> {
  const called = Date.now();
  const highs = await getHighs(hooks.compileEagerly);
  const started = Date.now();
  // Loading the WebAssembly in a fresh worker counts against the limit too.
  const remainingMs = hooks.timeLimitMs - (started - called);
  const model = highs.createModel();
  let firstFeasibleMs: number | undefined;
  let lastProgress = started;
  let best: { values: number[]; objective: number } | null = null;
  let bestBound = -Infinity;
  try {
    passLp(highs, model, lp);
    const start = hooks.takeStart?.();
    if (start) model.setSolution({ colValue: start });
    model.options.set({
      output_flag: false,
      time_limit: Math.max(0.05, remainingMs / 1000),
      mip_rel_gap: hooks.relativeGap,
      random_seed: hooks.seed ?? 0,
      mip_max_nodes: hooks.nodeLimit ?? NO_NODE_LIMIT,
      presolve: hooks.presolve === false ? 'off' : 'choose',
    });
    const cb = highs.constants.callbackType;
    const run = model.run({
      // HiGHS calls its logging callback only when it prints, and it prints nothing here
      // (output_flag off): the bound and the progress line are read at its interrupt checks instead
      // (a dozen a second; measured, they cost nothing noticeable). A bound reported as it rises lets
      // the race end a solve once the LNS's schedule meets it, and the bench draw the bound over time.
      [cb.mipInterrupt]: (event) => {
        if (hooks.shouldStop?.()) event.interrupt();
        const { mip_primal_bound: primal, mip_dual_bound: dual, mip_gap: gap } = event.data;
        if (dual === undefined || !Number.isFinite(dual)) return undefined;
        if (dual > bestBound + 1e-9) {
          bestBound = dual;
          hooks.onBound?.(dual);
        }
        const now = Date.now();
        if (now - lastProgress >= PROGRESS_EVERY_MS && primal !== undefined && Number.isFinite(primal)) {
          lastProgress = now;
          hooks.onProgress?.(
            `HiGHS: best ${round(primal)}, bound ${round(dual)}, gap ${round((gap ?? 0) * 100)} %`,
          );
        }
        return undefined;
      },
      // A better schedule found by another worker (the LNS) is handed to the running search, whose
      // pruning then uses it: the proof of an optimum found elsewhere comes much sooner.
      [cb.mipUserSolution]: (event) => {
        const offered = hooks.takeStart?.();
        if (offered) event.setSolution(offered);
        return undefined;
      },
      [cb.mipImprovingSolution]: (event) => {
        const sol = event.data.mip_solution;
        if (!sol) return undefined;
        const checked = checkIntegral(lp, sol);
        if (!checked) return undefined;
        firstFeasibleMs ??= Date.now() - started;
        const objective = objectiveOf(lp, checked);
        if (best && best.objective <= objective) return undefined;
        best = { values: checked, objective };
        hooks.onIncumbent?.(checked, objective);
        return undefined;
      },
    });
    const status = run.modelStatus;
    const codes = highs.constants.modelStatus;
    const elapsed = Date.now() - started;
    if (status === codes.infeasible) {
      return { status: 'infeasible', values: null, objective: null, message: 'HiGHS: infeasible' };
    }
    const solution = model.getSolution();
    const final = checkIntegral(lp, solution.colValue);
    if (final) {
      const objective = objectiveOf(lp, final);
      if (!best || objective < (best as { objective: number }).objective) best = { values: final, objective };
    }
    const gapInfo = Number(model.info.get('mip_gap'));
    const dualBound = Number(model.info.get('mip_dual_bound'));
    if (Number.isFinite(dualBound)) hooks.onBound?.(dualBound);
    const result = best as { values: number[]; objective: number } | null;
    const optimal = status === codes.optimal && result !== null;
    const extra = firstFeasibleMs !== undefined ? { firstFeasibleMs } : {};
    if (!result) {
      return {
        status: 'limit',
        values: null,
        objective: null,
        message: `HiGHS: no integer schedule after ${elapsed} ms (status ${status})`,
        ...extra,
      };
    }
    return {
      status: optimal ? 'optimal' : 'limit',
      values: result.values,
      objective: result.objective,
      ...(optimal ? { gap: Number.isFinite(gapInfo) ? Math.max(0, gapInfo) : 0 } : {}),
      ...(!optimal && Number.isFinite(gapInfo) ? { gap: Math.max(0, gapInfo) } : {}),
      message: `HiGHS${hooks.presolve === false ? ' (no presolve)' : ''}: ${optimal ? 'optimal' : status === codes.solutionLimit ? `stopped at its work limit (${hooks.nodeLimit} nodes)` : 'stopped at its limit'} in ${elapsed} ms`,
      ...extra,
    };
  } finally {
    model.dispose();
  }
}

/** One sub-MIP of a large-neighbourhood search: some columns fixed, a feasible start, a time limit. */
export interface SubMipRequest {
  /** Column bounds for this solve (fixed columns have lower = upper). */
  lower: number[];
  upper: number[];
  /** A schedule feasible within these bounds (the incumbent); the answer is never worse than it. */
  start: number[];
  timeLimitMs: number;
  /** Branch-and-bound nodes it may explore (deterministic mode); default none. */
  nodeLimit?: number;
  shouldStop?: () => boolean;
}

export interface SubMipAnswer {
  /** `optimal`: the neighbourhood is searched through; `limit`: stopped by the time limit or the flag. */
  status: 'optimal' | 'limit';
  values: number[];
  objective: number;
}

/** A HiGHS model kept loaded across the many sub-MIPs of a large-neighbourhood search. */
export interface SubMipSession {
  solve: (request: SubMipRequest) => SubMipAnswer;
  dispose: () => void;
}

/** HiGHS with `lp` passed to a new model, kept loaded by a session, and the selection of all its columns. */
async function loadModel(lp: LpModel) {
  const highs = await getHighs();
  const model = highs.createModel();
  passLp(highs, model, lp);
  return { highs, model, all: { kind: 'range', from: 0, to: lp.vars.length - 1 } as const };
}

/**
 * Loads the model once; each `solve` changes only column bounds, offers the start as HiGHS's first
 * incumbent (`setSolution`) and runs with presolve, which removes the fixed columns. A start that
 * HiGHS cannot improve on comes back unchanged, so an answer is never worse than its start.
 */
export async function openSubMipSession(lp: LpModel): Promise<SubMipSession> {
  const { highs, model, all } = await loadModel(lp);
  return {
    solve: (request) => {
      model.clearSolver();
      model.changeColsBounds(
        all,
        request.lower,
        request.upper.map((u) => (Number.isFinite(u) ? u : highs.infinity)),
      );
      model.setSolution({ colValue: request.start });
      model.zeroAllClocks();
      const run = runToProof(highs, model, request.timeLimitMs, request.shouldStop, request.nodeLimit);
      const startObjective = objectiveOf(lp, request.start);
      const solution = model.getSolution();
      const checked = checkIntegral(lp, solution.colValue);
      const objective = checked ? objectiveOf(lp, checked) : Infinity;
      const optimal = run.modelStatus === highs.constants.modelStatus.optimal;
      if (!checked || objective > startObjective)
        return { status: optimal ? 'optimal' : 'limit', values: request.start, objective: startObjective };
      return { status: optimal ? 'optimal' : 'limit', values: checked, objective };
    },
    dispose: () => model.dispose(),
  };
}

/**
 * Runs a model already passed to HiGHS to a proof, `timeLimitMs` or `nodeLimit` branch-and-bound
 * nodes, stopping early when `shouldStop` says so.
 */
function runToProof(
  highs: Highs,
  model: ReturnType<Highs['createModel']>,
  timeLimitMs: number,
  shouldStop?: () => boolean,
  nodeLimit?: number,
) {
  model.options.set({
    output_flag: false,
    time_limit: Math.max(0.05, timeLimitMs / 1000),
    mip_rel_gap: 0,
    random_seed: 0,
    mip_max_nodes: nodeLimit ?? NO_NODE_LIMIT,
    presolve: 'choose',
  });
  const cb = highs.constants.callbackType;
  return model.run({
    [cb.mipInterrupt]: (event) => {
      if (shouldStop?.()) event.interrupt();
      return undefined;
    },
  });
}

/**
 * Solves the model with some columns' bounds changed (`lower`/`upper` per column) and no start: the
 * constructive start uses it to give a schedule's auxiliary columns (coverage counts, deviations…)
 * their values with every assignment fixed, or to re-plan the few people it left breaking a rule with
 * everybody else fixed. The best integer solution found within the limit, or null.
 */
export async function solveWithBounds(
  lp: LpModel,
  lower: number[],
  upper: number[],
  timeLimitMs: number,
  shouldStop?: () => boolean,
  nodeLimit?: number,
): Promise<{ values: number[]; objective: number; optimal: boolean } | null> {
  const { status, schedule } = await searchWithBounds(lp, lower, upper, timeLimitMs, shouldStop, nodeLimit);
  return schedule ? { ...schedule, optimal: status === 'optimal' } : null;
}

/**
 * The model with some columns' bounds changed, searched to the end: `infeasible` when no schedule
 * keeps them, `optimal` with the best that does, `limit` (with the best found, if any) when time ran
 * out, `nodeLimit` nodes were explored, or `shouldStop` said so first.
 */
export async function searchWithBounds(
  lp: LpModel,
  lower: number[],
  upper: number[],
  timeLimitMs: number,
  shouldStop?: () => boolean,
  nodeLimit?: number,
): Promise<{
  status: 'infeasible' | 'optimal' | 'limit';
  schedule: { values: number[]; objective: number } | null;
}> {
  const { highs, model, all } = await loadModel(lp);
  try {
    model.changeColsBounds(
      all,
      lower,
      upper.map((u) => (Number.isFinite(u) ? u : highs.infinity)),
    );
    const run = runToProof(highs, model, timeLimitMs, shouldStop, nodeLimit);
    const codes = highs.constants.modelStatus;
    if (run.modelStatus === codes.infeasible) return { status: 'infeasible', schedule: null };
    const checked = checkIntegral(lp, model.getSolution().colValue);
    const schedule = checked ? { values: checked, objective: objectiveOf(lp, checked) } : null;
    return { status: run.modelStatus === codes.optimal && schedule ? 'optimal' : 'limit', schedule };
  } finally {
    model.dispose();
  }
}

/** One person's part of a model, re-solved under changing costs (the pricing of column generation). */
export interface PricingSession {
  /**
   * The schedule of least cost under `costs` (one per column of the part's model), from `start` if
   * given (a feasible schedule of the part); with the proven bound on that cost. Null: no schedule.
   */
  solve: (
    costs: number[],
    start: number[] | null,
    timeLimitMs: number,
    shouldStop?: () => boolean,
    /** Column `index` held at `value` for this solve only (`start` must agree). */
    fix?: { index: number; value: number },
  ) => { values: number[]; cost: number; bound: number } | null;
  dispose: () => void;
}

export async function openPricingSession(lp: LpModel): Promise<PricingSession> {
  const { highs, model, all } = await loadModel(lp);
  return {
    solve: (costs, start, timeLimitMs, shouldStop, fix) => {
      model.clearSolver();
      if (lp.vars.length > 0) model.changeColsCost(all, costs);
      const one = fix ? ({ kind: 'range', from: fix.index, to: fix.index } as const) : null;
      if (one && fix) model.changeColsBounds(one, [fix.value], [fix.value]);
      try {
        if (start) model.setSolution({ colValue: start });
        model.zeroAllClocks();
        const run = runToProof(highs, model, timeLimitMs, shouldStop);
        const codes = highs.constants.modelStatus;
        const status = run.modelStatus;
        // No least cost to report: infeasible, unbounded (a column without bound at a negative cost), failed.
        if (
          status === codes.infeasible ||
          status === codes.unbounded ||
          status === codes.unboundedOrInfeasible ||
          status < codes.empty
        )
          return null;
        const checked = checkIntegral(lp, model.getSolution().colValue);
        if (!checked) return null;
        let cost = 0;
        checked.forEach((x, i) => (cost += (costs[i] ?? 0) * x));
        // HiGHS's own proven bound (an optimum is declared within its small absolute gap of it).
        const dual = Number(model.info.get('mip_dual_bound'));
        const bound = Number.isFinite(dual)
          ? Math.min(dual, cost)
          : status === codes.optimal
            ? cost
            : -Infinity;
        return { values: checked, cost, bound };
      } finally {
        // The column's own bounds back (every column of a part starts at 0), after reading the answer.
        const ub = lp.vars[fix?.index ?? 0]?.ub ?? Infinity;
        if (one) model.changeColsBounds(one, [0], [Number.isFinite(ub) ? ub : highs.infinity]);
      }
    },
    dispose: () => model.dispose(),
  };
}

/** The master problem of column generation: rows `lower ≤ Σ coef × column ≤ upper`, columns added as found. */
export interface MasterSession {
  addColumn: (cost: number, upper: number, entries: Array<[number, number]>) => void;
  /** The linear relaxation: its objective, one dual per row (≤ 0 on a binding `≤` row of a minimum) and the columns' values. */
  solveLinear: () => { objective: number; duals: number[]; values: number[] } | null;
  /** The best integral combination of the columns so far (those in `integral` kept whole), or null. */
  solveIntegral: (
    integral: boolean[],
    upper: number[],
    timeLimitMs: number,
    shouldStop?: () => boolean,
  ) => { values: number[]; objective: number } | null;
  dispose: () => void;
}

export async function openMasterSession(lower: number[], upper: number[]): Promise<MasterSession> {
  const highs = await getHighs();
  const model = highs.createModel();
  const inf = (x: number): number => (Number.isFinite(x) ? x : x > 0 ? highs.infinity : -highs.infinity);
  model.passModel({
    numCols: 0,
    numRows: lower.length,
    colCost: [],
    colLower: [],
    colUpper: [],
    rowLower: lower.map(inf),
    rowUpper: upper.map(inf),
    matrix: { format: 'csc', numRows: lower.length, numCols: 0, starts: [0], indices: [], values: [] },
  });
  model.options.set({ output_flag: false });
  let columns = 0;
  const columnUpper: number[] = [];
  return {
    addColumn: (cost, ub, entries) => {
      const sorted = [...entries].sort((a, b) => a[0] - b[0]);
      model.addCol(cost, 0, inf(ub), { indices: sorted.map((e) => e[0]), values: sorted.map((e) => e[1]) });
      columnUpper.push(ub);
      columns += 1;
    },
    solveLinear: () => {
      const run = model.run();
      if (run.modelStatus !== highs.constants.modelStatus.optimal) return null;
      const solution = model.getSolution();
      return {
        objective: model.getObjectiveValue(),
        duals: Array.from(solution.rowDual),
        values: Array.from(solution.colValue),
      };
    },
    solveIntegral: (integral, ub, timeLimitMs, shouldStop) => {
      const all = { kind: 'range', from: 0, to: columns - 1 } as const;
      try {
        model.changeColsIntegrality(
          all,
          integral.map((i): 0 | 1 => (i ? 1 : 0)),
        );
        model.changeColsBounds(
          all,
          columnUpper.map(() => 0),
          ub.map(inf),
        );
        model.clearSolver();
        model.zeroAllClocks();
        const run = runToProof(highs, model, timeLimitMs, shouldStop);
        const values = Array.from(model.getSolution().colValue);
        const codes = highs.constants.modelStatus;
        if (run.modelStatus === codes.infeasible || values.length !== columns) return null;
        return { values, objective: model.getObjectiveValue() };
      } finally {
        model.clearIntegrality();
        model.changeColsBounds(
          all,
          columnUpper.map(() => 0),
          columnUpper.map(inf),
        );
        model.clearSolver();
      }
    },
    dispose: () => model.dispose(),
  };
}

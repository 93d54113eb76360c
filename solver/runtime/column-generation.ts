// Column generation (Dantzig–Wolfe decomposition by person). The model's rows split into those of one
// person alone (their sequence rules, hours, weekends, rest…) and the rows that link people (coverage,
// ratios, budgets). The master problem chooses, for every person, a mix of whole personal schedules
// ("columns") under the linking rows; each person's pricing problem is their own part of the model,
// solved to optimality by HiGHS under the costs the master's duals give, and returns the personal
// schedule that would lower the master's objective most. Each round yields a Lagrangian lower bound on
// the whole model, valid at once (it does not wait for convergence); at convergence it is the
// Dantzig–Wolfe bound, the best bound any mix of personal schedules can give. Measured on Curtois
// Instance2–4 it equals the optimum (828, 1001, 1716), where HiGHS's own bound on the compact model
// needs a minute or more of branching to reach 1716 on Instance4 (bench/RESULTS.md). At the end the
// master is solved once more with whole columns, which gives a schedule (price-and-branch). When
// `minRounds` rounds at the pace so far would not fit in its time, it ends at once with the bound it has
// and no schedule: it could not converge in time, and the caller has better uses for the time.
//
// The smoothing of the duals (Wentges): the pricing uses a mix of the master's duals and those that
// gave the best bound so far, which steadies the columns found; a round that finds nothing at the mix
// is repeated at the master's own duals, so convergence is still exact.
import type { LpModel } from '../core/model';
import { checkIntegral, objectiveOf } from './engines/engine';
import { openMasterSession, openPricingSession, type PricingSession } from './engines/highs';

/** One person's part of the model. */
export interface Block {
  /** Column indices of the whole model that belong to this person. */
  vars: number[];
  /** Their rows, on local column indices (0 … vars.length − 1); costs as in the whole model. */
  lp: LpModel;
}

export interface Decomposition {
  blocks: Block[];
  /** Indices of the rows that involve more than one person, or columns of nobody's. */
  linking: number[];
  /** Columns that belong to no person (coverage counts…): kept in the master as they are. */
  masterVars: number[];
  /** Per column of the whole model: its coefficients in the linking rows (position in `linking`). */
  linkTerms: Array<Array<[number, number]>>;
}

/**
 * Splits the model by person. `owner[v]` is the person of each assignment column (undefined for the
 * others). A column of no assignment belongs to a person when every row it appears in holds columns of
 * that person only (besides unowned ones), repeated until nothing changes: "works on day d", weekend
 * and hours columns join their person, coverage counts stay in the master. A row whose columns all
 * belong to one person is theirs; every other row links. Null when fewer than two people have columns
 * or nothing links them (then there is nothing to decompose).
 */
export function decompose(lp: LpModel, owner: Array<number | undefined>): Decomposition | null {
  const n = lp.vars.length;
  const own: number[] = Array.from({ length: n }, (_, v) => owner[v] ?? -1);
  const rowsOf: number[][] = Array.from({ length: n }, () => []);
  lp.rows.forEach((row, r) => row.terms.forEach(([v]) => rowsOf[v]?.push(r)));
  for (let changed = true; changed;) {
    changed = false;
    for (let v = 0; v < n; v++) {
      if (own[v] !== -1 || (rowsOf[v]?.length ?? 0) === 0) continue;
      let person = -1;
      let single = true;
      for (const r of rowsOf[v] ?? [])
        for (const [u] of lp.rows[r]?.terms ?? []) {
          const p = own[u] ?? -1;
          if (p === -1) continue;
          if (person === -1) person = p;
          else if (p !== person) single = false;
        }
      if (single && person !== -1) {
        own[v] = person;
        changed = true;
      }
    }
  }
  const rowOwner = lp.rows.map((row) => {
    const first = own[row.terms[0]?.[0] ?? -1] ?? -1;
    return first !== -1 && row.terms.every(([v]) => own[v] === first) ? first : -1;
  });
  const linking = rowOwner.flatMap((p, r) => (p === -1 ? [r] : []));
  const persons = [...new Set(own.filter((p) => p !== -1))].sort((a, b) => a - b);
  if (persons.length < 2 || linking.length === 0) return null;
  const linkTerms: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
  linking.forEach((r, i) => lp.rows[r]?.terms.forEach(([v, c]) => linkTerms[v]?.push([i, c])));
  const blocks = persons.map((p): Block => {
    const vars = own.flatMap((q, v) => (q === p ? [v] : []));
    const local = new Map(vars.map((v, i) => [v, i]));
    const rows = lp.rows
      .filter((_, r) => rowOwner[r] === p)
      .map((row) => ({ ...row, terms: row.terms.map(([v, c]): [number, number] => [local.get(v) ?? 0, c]) }));
    return {
      vars,
      lp: { vars: vars.map((v) => ({ ...(lp.vars[v] as LpModel['vars'][number]) })), rows, constant: 0 },
    };
  });
  return { blocks, linking, masterVars: own.flatMap((p, v) => (p === -1 ? [v] : [])), linkTerms };
}

export interface ColumnGenerationOptions {
  /** Epoch milliseconds: the generation stops here with the bound it has. */
  deadline: number;
  shouldStop: () => boolean;
  /** A schedule of the whole model: its personal schedules are the first columns. */
  start: number[] | null;
  /** Each better lower bound on the whole model's objective (model constant included). */
  onBound?: (bound: number) => void;
  onProgress?: (message: string) => void;
  /** Weight of the best-bound duals in the pricing's mix (0: none). */
  smoothing?: number;
  /**
   * Give up as soon as this many rounds at the pace so far would not fit in the time given: the
   * generation could not converge in it, and the time goes back to the caller. Default: never.
   */
  minRounds?: number;
  /** More first columns: personal schedules found before (`block` indexes `blocks`). */
  columns?: Array<{ block: number; values: number[] }>;
  /**
   * Another pricing for person `p` (their costs, on the block's columns): its schedule is taken as
   * the person's cheapest and HiGHS prices them only when it answers null. Its answers prove no
   * bound, so `bound` is then only indicative (solver/runtime/dive.ts, which claims none).
   */
  price?: (p: number, costs: number[]) => { values: number[]; cost: number; bound: number } | null;
  /**
   * With `price`: once its answers lower the master no more, price every person by HiGHS at the same
   * duals before calling the generation converged (and go on if HiGHS finds a column). Only the
   * Lagrangian bounds of such rounds, where HiGHS priced everyone, are posted to `onBound`: they hold
   * however the other pricing read the rules.
   */
  certify?: boolean;
  /**
   * With `certify`: asked once, when the first round priced by HiGHS has priced a few people, with
   * their mean time in milliseconds. False ends the generation there, converged under the other
   * pricing as without `certify`, and proves nothing (no bound posted, no `proof`).
   */
  certifyIf?: (msPerPerson: number) => boolean;
  /** Solve the master with whole columns at the end (default true). */
  wholeColumns?: boolean;
}

export interface ColumnGenerationResult {
  /** Best lower bound found (model constant included); −Infinity if none. */
  bound: number;
  /** The Dantzig–Wolfe bound was reached: no personal schedule can lower the master any more. */
  converged: boolean;
  /** Given up (`minRounds`): too slow to converge in the time given. */
  gaveUp: boolean;
  /** The best whole-column schedule of the master (engine objective, without the constant). */
  schedule: { values: number[]; objective: number } | null;
  rounds: number;
  columns: number;
  /** The master's last linear relaxation: its objective (model constant included) … */
  master: number;
  /** … and the weight of each column in it (`block` indexes `blocks`). */
  mix: Array<{ block: number; values: number[]; weight: number }>;
  /** The duals of the best proven bound, with each person's proven least cost there (see `Proof`). */
  proof: Proof | null;
}

/**
 * What a proven Lagrangian bound rests on: the linking rows' duals and, per person, HiGHS's proven
 * lower bound on their least cost under the reduced costs those duals give (`margin` already taken
 * off). Any schedule of the whole model then costs at least `bound` plus, for each person, how much
 * their personal schedule costs above `least[p]` at those reduced costs: a person whose schedule with
 * some assignment costs more than the room left above `bound` cannot have it in a better schedule.
 */
export interface Proof {
  bound: number;
  duals: number[];
  least: number[];
}

/** The costs of columns `vars` less what the linking rows' duals `y` give for them. */
export function reducedCostsAt(lp: LpModel, d: Decomposition, y: number[], vars: number[]): number[] {
  return vars.map((v) => {
    let cost = lp.vars[v]?.cost ?? 0;
    for (const [k, c] of d.linkTerms[v] ?? []) cost -= (y[k] ?? 0) * c;
    return cost;
  });
}

/** Cost of a column the master will pay for an artificial "nobody planned" choice. */
const ARTIFICIAL_COST = 1e7;
const SMOOTHING = 0.5;
/** People priced by HiGHS before `certifyIf` is asked. */
const CERTIFY_PROBE = 3;
const REDUCED_COST_TOLERANCE = 1e-6;
/**
 * Relative margin taken off each person's proven least cost: HiGHS proves it within its tolerances
 * (its linear programs to about 1e-7), and a bound a hair too high would round up to a false proof.
 */
const BOUND_MARGIN = 1e-6;

export async function runColumnGeneration(
  lp: LpModel,
  d: Decomposition,
  options: ColumnGenerationOptions,
): Promise<ColumnGenerationResult> {
  const L = d.linking.length;
  const P = d.blocks.length;
  const rhs = d.linking.map((r) => lp.rows[r]?.rhs ?? 0);
  const master = await openMasterSession(
    [...rhs.map(() => -Infinity), ...d.blocks.map(() => 1)],
    [...rhs, ...d.blocks.map(() => 1)],
  );
  // Opened when first needed: with `price`, HiGHS may never price some people.
  const pricing: Array<PricingSession | undefined> = [];
  const session = async (p: number): Promise<PricingSession> =>
    (pricing[p] ??= await openPricingSession((d.blocks[p] as Block).lp));
  try {
    // Master columns: the unowned columns, one artificial per person, then the personal schedules.
    for (const v of d.masterVars)
      master.addColumn(lp.vars[v]?.cost ?? 0, lp.vars[v]?.ub ?? Infinity, d.linkTerms[v] ?? []);
    d.blocks.forEach((_, p) => master.addColumn(ARTIFICIAL_COST, Infinity, [[L + p, 1]]));
    const columns: Array<{ block: number; values: number[] }> = [];
    const seen = d.blocks.map(() => new Set<string>());
    const last: Array<number[] | null> = d.blocks.map(() => null);
    const addColumn = (p: number, values: number[]): void => {
      const key = values.join(',');
      const block = d.blocks[p] as Block;
      if (seen[p]?.has(key)) return;
      seen[p]?.add(key);
      let cost = 0;
      const entries = new Map<number, number>([[L + p, 1]]);
      block.vars.forEach((v, i) => {
        const x = values[i] ?? 0;
        if (x === 0) return;
        cost += (lp.vars[v]?.cost ?? 0) * x;
        for (const [k, c] of d.linkTerms[v] ?? []) entries.set(k, (entries.get(k) ?? 0) + c * x);
      });
      master.addColumn(cost, Infinity, [...entries]);
      columns.push({ block: p, values });
    };
    for (const c of options.columns ?? []) addColumn(c.block, c.values);
    if (options.start) {
      d.blocks.forEach((block, p) => {
        const values = block.vars.map((v) => Math.round(options.start?.[v] ?? 0));
        last[p] = values;
        addColumn(p, values);
      });
    }
    const alpha = options.smoothing ?? SMOOTHING;
    let bound = -Infinity;
    let center: number[] | null = null;
    let mispriced = false;
    // This round every person is priced by HiGHS (`certify`): its bound is proven.
    let certifying = false;
    // Whether `certifyIf` was asked, and its answer.
    let asked = false;
    let abandoned = false;
    // The best bound of rounds where HiGHS priced everyone (every round without `price`).
    let proven = -Infinity;
    let proof: Proof | null = null;
    let converged = false;
    let rounds = 0;
    let gaveUp = false;
    const generationStarted = Date.now();
    let lastMaster = { objective: Infinity, values: [] as number[] };
    const reducedCosts = (y: number[], vars: number[]): number[] => reducedCostsAt(lp, d, y, vars);
    while (!options.shouldStop() && Date.now() < options.deadline) {
      const solved = master.solveLinear();
      if (!solved) break;
      lastMaster = solved;
      rounds += 1;
      // Duals of `≤` rows of a minimum are ≤ 0; a tiny positive one is rounding.
      const out = solved.duals.map((y, i) => (i < L ? Math.min(0, y) : y));
      const mixed: number[] =
        center && !mispriced && alpha > 0
          ? out.map((y, i) => (i < L ? alpha * (center?.[i] ?? 0) + (1 - alpha) * y : y))
          : out;
      // Lagrangian bound at the mixed duals: Σ y·b + the unowned columns at their best + each person's best.
      let lagrangian = lp.constant;
      for (let i = 0; i < L; i++) lagrangian += (mixed[i] ?? 0) * (rhs[i] ?? 0);
      reducedCosts(mixed, d.masterVars).forEach((c, j) => {
        if (c < 0) lagrangian += c * (lp.vars[d.masterVars[j] as number]?.ub ?? Infinity);
      });
      let found = 0;
      const least: number[] = [];
      const roundStarted = Date.now();
      for (let p = 0; p < P && Number.isFinite(lagrangian); p++) {
        if (certifying && !asked && options.certifyIf && p === Math.min(CERTIFY_PROBE, P - 1)) {
          asked = true;
          abandoned = !options.certifyIf((Date.now() - roundStarted) / p);
          if (abandoned) break;
        }
        const block = d.blocks[p] as Block;
        const costs = reducedCosts(mixed, block.vars);
        const answer =
          (certifying ? null : options.price?.(p, costs)) ??
          (await session(p)).solve(
            costs,
            last[p] ?? null,
            Math.max(1, options.deadline - Date.now()),
            options.shouldStop,
          );
        if (!answer || options.shouldStop()) {
          lagrangian = -Infinity;
          break;
        }
        // Less a margin for HiGHS's tolerances, so that rounding a bound up never claims too much.
        least.push(answer.bound - BOUND_MARGIN * Math.max(1, Math.abs(answer.bound)));
        lagrangian += least[p] as number;
        last[p] = answer.values;
        // The column counts if it lowers the master at the master's own duals.
        const outCosts = reducedCosts(out, block.vars);
        let reduced = -(out[L + p] ?? 0);
        answer.values.forEach((x, i) => (reduced += (outCosts[i] ?? 0) * x));
        if (reduced < -REDUCED_COST_TOLERANCE) {
          addColumn(p, answer.values);
          found += 1;
        }
      }
      if (abandoned) {
        converged = !options.shouldStop();
        break;
      }
      if (lagrangian > bound) {
        bound = lagrangian;
        center = mixed;
      }
      if ((!options.price || certifying) && lagrangian > proven) {
        proven = lagrangian;
        proof = { bound: proven, duals: mixed, least };
        options.onBound?.(proven);
      }
      options.onProgress?.(
        `column generation: round ${rounds}, master ${Math.round((solved.objective + lp.constant) * 100) / 100}, bound ${Math.round(bound * 100) / 100}, ${columns.length} columns`,
      );
      const minRounds = options.minRounds;
      // At this pace, `minRounds` rounds would not fit in its time: it cannot converge there.
      if (
        found > 0 &&
        minRounds !== undefined &&
        rounds < minRounds &&
        ((Date.now() - generationStarted) / rounds) * minRounds > options.deadline - generationStarted
      ) {
        gaveUp = true;
        break;
      }
      if (found === 0) {
        // Nothing at the mix: try the master's own duals before calling it converged.
        if (mixed !== out) {
          mispriced = true;
          continue;
        }
        // The other pricing finds nothing: HiGHS prices everyone at the same duals (the master re-solved
        // unchanged gives them again) before this counts as converged.
        if (options.certify && options.price && !certifying) {
          certifying = true;
          continue;
        }
        converged = !options.shouldStop() && Number.isFinite(lagrangian);
        break;
      }
      mispriced = false;
      certifying = false;
    }
    const offset = d.masterVars.length + d.blocks.length;
    const mix = columns.map((c, j) => ({ ...c, weight: lastMaster.values[offset + j] ?? 0 }));
    const schedule =
      options.shouldStop() || gaveUp || options.wholeColumns === false
        ? null
        : wholeColumns(lp, d, master, columns, options);
    return {
      bound,
      converged,
      gaveUp,
      schedule,
      rounds,
      columns: columns.length,
      master: lastMaster.objective + lp.constant,
      mix,
      proof,
    };
  } finally {
    for (const s of pricing) s?.dispose();
    master.dispose();
  }
}

/** The master solved with every person on exactly one of their columns, as a schedule of the whole model. */
function wholeColumns(
  lp: LpModel,
  d: Decomposition,
  master: Awaited<ReturnType<typeof openMasterSession>>,
  columns: Array<{ block: number; values: number[] }>,
  options: ColumnGenerationOptions,
): { values: number[]; objective: number } | null {
  const integral = [
    ...d.masterVars.map((v) => lp.vars[v]?.int === true),
    ...d.blocks.map(() => true),
    ...columns.map(() => true),
  ];
  const upper = [
    ...d.masterVars.map((v) => lp.vars[v]?.ub ?? Infinity),
    ...d.blocks.map(() => 0),
    ...columns.map(() => 1),
  ];
  const answer = master.solveIntegral(
    integral,
    upper,
    Math.max(1, options.deadline - Date.now()),
    options.shouldStop,
  );
  if (!answer) return null;
  const values = lp.vars.map(() => 0);
  d.masterVars.forEach((v, j) => (values[v] = answer.values[j] ?? 0));
  const offset = d.masterVars.length + d.blocks.length;
  columns.forEach((column, j) => {
    if ((answer.values[offset + j] ?? 0) < 0.5) return;
    const block = d.blocks[column.block] as Block;
    block.vars.forEach((v, i) => (values[v] = column.values[i] ?? 0));
  });
  const checked = checkIntegral(lp, values);
  return checked ? { values: checked, objective: objectiveOf(lp, checked) } : null;
}

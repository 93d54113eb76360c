// The public face of the scheduling engine: solveSchedule, verifySchedule, explainGaps.
import { buildModel, type BuiltModel } from '../core/model';
import { runInWorker, type RunningJob } from './pool';
import { runJob, type WorkerJob, type WorkerMessage } from './run-job';
import { createBoard, publishToBoard } from './board';
import { buildLnsStructure, type LnsSchedule, type LnsStructure } from './lns';
import { sequenceSpecs, type SequenceSpec } from './dive';
import { hasIntegralObjective } from './fixing';
import { summarizeSchedule } from '../core/score';
import { verifySchedule } from '../core/verify';
import type {
  Assignment,
  EngineName,
  ScheduleInput,
  SolveOptions,
  SolveResult,
  SolveStatus,
  Violation,
  ViolationRule,
} from '../core/types';
import type { EngineRun } from './engines/engine';

export { verifySchedule } from '../core/verify';
export { explainGaps } from '../core/explain';
export { summarizeSchedule } from '../core/score';
export { warmUpWorkers, workersWarm, closeWorkers, setWorkerNiceness } from './pool';
export type * from '../core/types';

const DEFAULT_TIME_LIMIT_MS = 30_000;
/** The engine stops itself this much before the limit, so its own best-so-far comes back intact. */
const ENGINE_SHARE = 0.9;
/**
 * In `auto` the second runner starts only when the first has had this long without a proof. Measured
 * (bench/NOTES-formulation.md, "auto on two cores"): HiGHS without presolve proves the demo pharmacy
 * week in 0.1–0.35 s of CPU and 30×7 weeks in ≤ 0.11 s, so a second engine started at once only takes
 * a core from it and from the web server; it is kept for the rare model where the first one is slow.
 */
export const SECOND_RUNNER_DELAY_MS = 2000;
/**
 * A model with at least this many rows per column starts with HiGHS with presolve, and the run without
 * presolve waits `SECOND_RUNNER_DELAY_MS` instead: its rows are mostly sequence windows (minimum and
 * maximum runs, days off, weekends), which presolve thins. Measured one run at a time on the idle
 * machine (bench/RESULTS.md): Curtois Instance1–3 (2.2–2.6 rows per column) are proven as fast or faster
 * with presolve (Instance2 0.84 s against 1.72 s), every generated pharmacy size (1.0–1.3 rows per
 * column) 1.3–3.2× slower. Both at once was slower still: two runs on the two cores slow each other.
 */
export const PRESOLVE_FIRST_ROWS_PER_COLUMN = 2;
/**
 * In `auto`, a model not proven after this long gets a large-neighbourhood search (solver/runtime/lns.ts) in
 * place of the HiGHS run without presolve, while HiGHS with presolve keeps working on the bound. Every
 * generated pharmacy model up to 100×28 and Curtois Instance1–4 are proven sooner (bench/RESULTS.md),
 * so the LNS only changes the solves that would otherwise run long.
 */
export const LNS_DELAY_MS = 10_000;
/**
 * Share of the LNS worker's time left after the dive that column generation by person may take first
 * (it ends sooner when it converges): its bound can prove the LNS's schedule optimal where HiGHS's
 * bound is weak.
 */
export const COLUMN_GENERATION_SHARE = 0.25;
/**
 * The column generation gives up as soon as this many rounds at its pace so far would not fit in its
 * share, and the LNS gets the time back: it could not converge there. Measured (bench/RESULTS.md): it
 * converges in 27 rounds of about 0.7 s on Curtois Instance4; on Instance8 its rounds take 2–8 s, and
 * its quarter used to end unconverged with a schedule far worse than the LNS's.
 */
export const COLUMN_GENERATION_MIN_ROUNDS = 20;
/**
 * Share of the LNS worker's time that the dive (solver/runtime/dive.ts) may take first, when every
 * person's rules are of the kinds its pricing knows. Measured alone on the Curtois instances
 * (bench/RESULTS.md): Instance1–4 at their optima in 0.4–1.8 s, Instance5–7 within 0.7 % in 3–11 s,
 * Instance8 at 1304 (best known 1300) in 29 s, where the LNS from HiGHS's schedules ended at 1358–1556.
 */
export const DIVE_SHARE = 0.5;
/** Dives the LNS worker makes at most (each breaks ties its own way: solver/runtime/dive.ts). */
export const DIVE_ATTEMPTS = 3;
/** Seed of the LNS's neighbourhood choice: the same input explores the same neighbourhoods. */
const LNS_SEED = 1;
/** Seed of the constructive start's tie-breaks and moves. */
const CONSTRUCT_SEED = 1;
/**
 * The constructive start's local search stops after this long (or its move budget); HiGHS then completes
 * its schedule within `CONSTRUCT_LIMIT_MS` in all, after which its worker is free for the LNS.
 */
export const CONSTRUCT_SEARCH_MS = 600;
export const CONSTRUCT_LIMIT_MS = 1500;
/** Deterministic mode's default work limits (SolveOptions.deterministic); see runDeterministic. */
export const DETERMINISTIC_NODES = 20_000;
export const DETERMINISTIC_LNS_ITERATIONS = 150;
/** Branch-and-bound nodes of one sub-MIP of the deterministic LNS (doubling as it stalls). */
const DETERMINISTIC_SUB_NODES = 200;
/** An engine that ends this close to its time budget counts as stopped by the clock. */
const CLOCK_SLACK_MS = 50;
/** Local-search moves of the deterministic constructive start. */
const DETERMINISTIC_CONSTRUCT_MOVES = 5000;
/** A runner still waiting is started early only if at least this much of the time limit remains. */
const HANDOVER_MIN_MS = 1000;
/** How long a losing HiGHS run may take to notice it should stop before its worker is terminated. */
const STOP_GRACE_MS = 2000;

let nextJobId = 1;

/**
 * Rules a set of locked assignments may break on its own that more assignments can still satisfy (a
 * pharmacist added for the ratio, shifts added to reach minimum hours or a minimum run length).
 */
const MENDABLE_RULES = new Set<ViolationRule>([
  'RATIO',
  'MIN_MINUTES_WEEK',
  'MIN_MINUTES_TOTAL',
  'MIN_CONSECUTIVE_DAYS',
  'MIN_CONSECUTIVE_DAYS_OFF',
]);

interface Outcome {
  engine: EngineName;
  presolve: boolean;
  lns: boolean;
  construct: boolean;
  prove: boolean;
  run: EngineRun | null;
  incumbent: { values: number[]; objective: number; atMs: number } | null;
  engineMs: number;
  error?: string;
}

/** One engine with its settings, run in its own worker. */
export interface Runner {
  engine: EngineName;
  presolve: boolean;
  /** Start this runner only after the others have run this long without a proof (default 0: at once). */
  delayMs?: number;
  /** A large-neighbourhood search around HiGHS (solver/runtime/lns.ts) from the best schedule found so far. */
  lns?: boolean;
  /** Index of the runner whose worker this one takes over (that runner is stopped first). */
  replaces?: number;
  /** The constructive start (solver/runtime/construct.ts): one schedule early, for the LNS to start from. */
  construct?: boolean;
  /** The dive with its certified bound (solver/runtime/dive.ts): a schedule and a proof, both early. */
  prove?: boolean;
}

/**
 * Which runners a solve starts, decided by measurement on this 2-core machine (generated 12×7 … 60×14
 * weeks, the demo pharmacy week): HiGHS without presolve was the fastest prover on every one of them
 * (2–4× less CPU than with presolve; javascript-lp-solver stalls on the demo week and on one 12×7
 * seed). `auto` runs it alone and starts HiGHS with presolve beside it only after
 * `SECOND_RUNNER_DELAY_MS` without a proof, so a typical week never has two workers fighting the web
 * server for the cores. On a model of sequence windows (`PRESOLVE_FIRST_ROWS_PER_COLUMN`: the Curtois
 * instances) the two swap: presolve first, the run without it after the delay. A model still unproven
 * after `LNS_DELAY_MS` (Curtois Instance5–8) gets the LNS
 * in place of the run without presolve; the run with presolve keeps the bound. Just before, the run
 * without presolve gives its worker to a constructive start (greedy, local search, HiGHS for the rest:
 * solver/runtime/construct.ts; `CONSTRUCT_LIMIT_MS` at most), and the LNS starts in that worker from
 * the better of its schedule and HiGHS's best, after column generation by person for at most
 * `COLUMN_GENERATION_SHARE` of its time (its bound proves Curtois Instance4 in 30 s where HiGHS's took
 * 84 s: docs/decisions/012-column-generation-bound.md), or less when its pace shows it cannot converge
 * (`COLUMN_GENERATION_MIN_ROUNDS`). Run at the start beside HiGHS instead, it made 60×14
 * 17 % slower (both cores busy) for nothing: HiGHS's own first schedule came within milliseconds
 * there; a model proven before `LNS_DELAY_MS - CONSTRUCT_LIMIT_MS` is solved exactly as without it.
 * With `dive` (every person's rules are of the kinds solver/runtime/dive.ts prices: never a pharmacy
 * week, whose rest between shifts it does not know) a prover takes the second core at once: the dive
 * with its first master certified by HiGHS's pricing (run-job.ts, runProveJob), until the second run
 * is due and takes that core over. Its bound is the optimum of Curtois Instance2–4 and its schedule
 * meets it, so they are proven in 0.6–1.6 s against 1.3 / 2.7 / 63 s for plain HiGHS; handed to HiGHS
 * as a start, its schedule of Instance1 has HiGHS prove it in 0.7–0.9 s against 1.4 s (bench/RESULTS.md).
 * `portfolio` still races javascript-lp-solver and HiGHS from the start.
 */
export function chooseRunners(built: BuiltModel, engine: SolveOptions['engine'], dive = false): Runner[] {
  if (engine === 'jslp') return [{ engine: 'jslp', presolve: true }];
  if (engine === 'highs') return [{ engine: 'highs', presolve: true }];
  if (engine === 'portfolio')
    return [
      { engine: 'jslp', presolve: true },
      { engine: 'highs', presolve: true },
    ];
  // The run with presolve goes first on a model of sequence windows, the one without after the delay.
  const presolveFirst = built.lp.rows.length >= PRESOLVE_FIRST_ROWS_PER_COLUMN * built.lp.vars.length;
  // The second run takes over the prover's core (the last runner), if there is one, when it is due.
  const second = { delayMs: SECOND_RUNNER_DELAY_MS, ...(dive ? { replaces: 4 } : {}) };
  return [
    { engine: 'highs', presolve: false, ...(presolveFirst ? second : {}) },
    { engine: 'highs', presolve: true, ...(presolveFirst ? {} : second) },
    // The LNS starts in the constructive start's worker as soon as that one is done.
    { engine: 'highs', presolve: true, delayMs: LNS_DELAY_MS, lns: true, replaces: 3 },
    {
      engine: 'highs',
      presolve: true,
      delayMs: LNS_DELAY_MS - CONSTRUCT_LIMIT_MS,
      construct: true,
      replaces: 0,
    },
    ...(dive ? [{ engine: 'highs' as const, presolve: true, prove: true }] : []),
  ];
}

/** The model as the LNS and the dive see it: each person's rules for the dive, when it knows them all. */
interface DivePlan {
  structure: LnsStructure;
  specs: SequenceSpec[] | null;
}

function divePlan(input: ScheduleInput, built: BuiltModel): DivePlan {
  const structure = buildLnsStructure(input, built);
  return { structure, specs: sequenceSpecs(input, structure) };
}

/** The LNS worker's job: the dive when every person's rules allow it, column generation, then the LNS. */
function lnsJob({ structure, specs }: DivePlan, start: LnsSchedule): NonNullable<WorkerJob['lns']> {
  return {
    structure,
    seed: LNS_SEED,
    start,
    columns: COLUMN_GENERATION_SHARE,
    columnMinRounds: COLUMN_GENERATION_MIN_ROUNDS,
    ...(specs ? { dive: { specs, share: DIVE_SHARE, attempts: DIVE_ATTEMPTS } } : {}),
  };
}

/**
 * The hard rules the locked assignments break on their own that no further assignment can mend
 * (qualification, time off, rest, caps…); a ratio or minimum broken by the locks alone is left to the
 * solver. Non-empty means `solveSchedule` answers `infeasible` with exactly these violations.
 */
export function lockedViolations(input: ScheduleInput): Violation[] {
  return verifySchedule(input, input.locked ?? []).filter((v) => !MENDABLE_RULES.has(v.rule));
}

function decode(built: BuiltModel, values: number[] | null): Assignment[] {
  const out: Assignment[] = [...built.fixed];
  if (!values) return out;
  for (const { index, assignment } of built.assignmentVars)
    if ((values[index] ?? 0) > 0.5) out.push(assignment);
  return out;
}

/** What the race learnt besides each runner's outcome. */
interface RaceResult {
  outcomes: Outcome[];
  /** Best lower bound proven by a full-model run (schedule units), when one reported it. */
  bound?: number;
  /** The best schedule meets the bound (within `relativeGap`): proven by the bound, not by one engine. */
  closedByBound: boolean;
  /** Epoch milliseconds when the best schedule's objective was first reached. */
  bestFoundAt?: number;
  /** Said after the engines' own messages. */
  note?: string;
}

/**
 * Runs the engines; the first proven optimum wins and the others are stopped. With an LNS runner the
 * solve's best schedule is kept on a shared board that every HiGHS run reads as a start and at its
 * user-solution checkpoints, and the solve is over as soon as that schedule meets a full run's bound.
 */
async function race(
  built: BuiltModel,
  input: ScheduleInput,
  plan: DivePlan | null,
  runners: Runner[],
  options: SolveOptions,
  deadline: number,
): Promise<RaceResult> {
  const timeLimitMs = Math.max(1, deadline - Date.now());
  const relativeGap = options.relativeGap ?? 0;
  const outcomes: Outcome[] = runners.map((r) => ({
    engine: r.engine,
    presolve: r.presolve,
    lns: r.lns === true,
    construct: r.construct === true,
    prove: r.prove === true,
    run: null,
    incumbent: null,
    engineMs: 0,
  }));
  const started = Date.now();
  const lnsWanted = !options.inThread && runners.some((r) => r.lns);
  const board = lnsWanted ? createBoard(built.lp.vars.length) : null;
  const integral = hasIntegralObjective(built.lp);
  let closed = false;
  let bestObjective: number | undefined;
  let best: { values: number[]; objective: number } | null = null;
  let bestFoundAt: number | undefined;
  let bound = -Infinity;
  let closedByBound = false;
  // Schedules go on the board only once the LNS runs: a start handed to HiGHS changes its search, and
  // before the LNS the full runs do best undisturbed (Instance3: proven in 14 s instead of 4 s with it).
  let sharing = false;
  // The prover's bound and schedule are meant to be matched with any run's from the start.
  const proving = !options.inThread && runners.some((r) => r.prove);
  // Set once the workers run: stops them all, and starts a runner that waited for a first schedule.
  let stopForProof: () => void = () => undefined;
  let startWaiting: () => void = () => undefined;
  const progress = (engine: EngineName, message: string): void => {
    options.onProgress?.({
      engine,
      phase: 'solving',
      elapsedMs: Date.now() - started,
      message,
      ...(bestObjective !== undefined ? { bestObjective } : {}),
      ...(Number.isFinite(bound) ? { bestBound: Math.round(bound * 100) / 100 } : {}),
    });
  };
  const checkBound = (): void => {
    // Before the LNS runs, the full runs prove their own optimum (and report it as theirs), unless a
    // prover runs beside them.
    if (!(sharing || proving) || !best || !Number.isFinite(bound)) return;
    const objective = best.objective + built.lp.constant;
    const proved = integral ? Math.ceil(bound - 1e-6) : bound;
    const allowed = Math.max(relativeGap * Math.abs(objective), 1e-6 * Math.max(1, Math.abs(objective)));
    if (objective - proved <= allowed) {
      closedByBound = true;
      stopForProof();
    }
  };
  const onMessage = (o: Outcome) => (m: WorkerMessage) => {
    // A stopped HiGHS run may still answer after the race is over; its news is stale by then.
    if (closed) return;
    if (m.type === 'incumbent') {
      if (!o.incumbent || m.objective < o.incumbent.objective)
        o.incumbent = { values: m.values, objective: m.objective, atMs: m.atMs };
      if (!best || m.objective < best.objective - 1e-9) {
        best = { values: m.values, objective: m.objective };
        bestFoundAt = Date.now();
        if (board && (sharing || o.prove)) publishToBoard(board, m.values, m.objective);
      }
      const objective = Math.round((m.objective + built.lp.constant) * 100) / 100;
      if (bestObjective === undefined || objective < bestObjective) bestObjective = objective;
      progress(o.engine, `schedule with objective ${objective}`);
      startWaiting();
      checkBound();
    } else if (m.type === 'bound') {
      // The LNS job's bounds are its column generation's, valid for the whole model like HiGHS's.
      if (m.bound > bound) bound = m.bound;
      checkBound();
    } else if (m.type === 'progress') {
      progress(o.engine, m.message);
    } else if (m.type === 'done') {
      o.run = m.run;
      o.engineMs = m.engineMs;
    } else {
      o.error = m.error;
      o.engineMs = Date.now() - started;
    }
  };
  const jobs = (o: Outcome): WorkerJob => ({
    id: nextJobId++,
    engine: o.engine,
    lp: built.lp,
    // A time budget, not an instant: the worker measures it on its own clock (a test may fake the main thread's).
    engineTimeLimitMs: Math.max(
      1,
      Math.min(
        started + Math.floor(timeLimitMs * ENGINE_SHARE) - Date.now(),
        o.construct ? CONSTRUCT_LIMIT_MS : Infinity,
      ),
    ),
    relativeGap,
    presolve: o.presolve,
    ...(board && o.engine === 'highs' ? { board } : {}),
    ...(o.lns && best && plan ? { lns: lnsJob(plan, best) } : {}),
    ...(o.prove && plan?.specs
      ? { prove: { structure: plan.structure, specs: plan.specs, attempts: DIVE_ATTEMPTS } }
      : {}),
    ...(o.construct
      ? {
          construct: {
            input,
            vars: built.assignmentVars,
            seed: CONSTRUCT_SEED,
            searchMs: CONSTRUCT_SEARCH_MS,
          },
        }
      : {}),
  });

  if (options.inThread) {
    for (const o of outcomes) {
      if (options.signal?.aborted) break;
      if (o.lns || o.construct || o.prove) continue;
      await runJob(jobs(o), onMessage(o));
      if (o.run?.status === 'optimal') break;
    }
    closed = true;
    return { outcomes: outcomes.filter((o) => !o.lns && !o.construct && !o.prove), closedByBound: false };
  }

  const running = new Map<number, RunningJob>();
  await new Promise<void>((resolve) => {
    const timers: NodeJS.Timeout[] = [];
    let open = 0;
    const waiting = new Set<number>();
    const end = (stop: (job: RunningJob, o: Outcome) => void): void => {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      options.signal?.removeEventListener('abort', onAbort);
      running.forEach((job, i) => stop(job, outcomes[i] as Outcome));
      resolve();
    };
    // HiGHS stops cleanly and stays loaded for the next solve; javascript-lp-solver cannot.
    const stopAll = (): void =>
      end((job, o) => (o.engine === 'highs' ? job.stop(STOP_GRACE_MS) : job.kill()));
    const onAbort = (): void => stopAll();
    stopForProof = stopAll;
    const launch = (i: number): void => {
      const o = outcomes[i] as Outcome;
      if (closed || running.has(i)) return;
      if (o.lns && board && best) {
        sharing = true;
        publishToBoard(board, best.values, best.objective);
      }
      const job = runInWorker(jobs(o), onMessage(o));
      running.set(i, job);
      void job.finished.then(() => {
        if (closed) return;
        open -= 1;
        const proven = o.run?.status === 'optimal' || o.run?.status === 'infeasible';
        // An unproven end (an error, or the engine's own limit) hands over to the runners still
        // waiting, if there is time left for them; the constructive start ends so by design, and is
        // only worth its time in place of the run without presolve (so a handover skips it).
        if (!proven && !o.construct && !o.prove && deadline - Date.now() > HANDOVER_MIN_MS)
          runners.forEach((r, k) => {
            if (!r.construct) start(k);
          });
        // The runner waiting for the constructive start's (the prover's) worker takes it now, before its
        // own delay.
        if (o.construct || o.prove)
          runners.forEach((r, k) => {
            if (r.replaces === i) start(k);
          });
        if (proven || open === 0) stopAll();
      });
    };
    const start = (i: number): void => {
      const runner = runners[i] as Runner;
      if (closed || running.has(i) || waiting.has(i)) return;
      // Still waiting for the worker it takes over itself: it starts when that one is launched and done.
      if (runner.replaces !== undefined && waiting.has(runner.replaces)) return;
      // Once the LNS runs (after a handover), a constructive start has nothing left to start; and
      // before any schedule exists it would stop the only search that could find one.
      if (runner.construct && (!best || runners.some((r, k) => r.lns && running.has(k)))) return;
      // The LNS needs a schedule to improve: it waits for the first one any engine finds.
      if (runner.lns && !best) {
        startWaiting = () => {
          startWaiting = () => undefined;
          start(i);
        };
        return;
      }
      open += 1;
      // A constructive start that never started leaves the LNS the worker it would have taken.
      const skipped = (k: number | undefined): boolean =>
        k !== undefined && runners[k]?.construct === true && !running.has(k) && !waiting.has(k);
      const target = skipped(runner.replaces)
        ? runners[runner.replaces as number]?.replaces
        : runner.replaces;
      const replaced = target === undefined ? undefined : running.get(target);
      const replacedOutcome = target === undefined ? undefined : outcomes[target];
      if (!replaced || replacedOutcome?.run || replacedOutcome?.error) {
        launch(i);
        return;
      }
      // Take over the core (and the warm worker) of the run it replaces once that one has stopped.
      waiting.add(i);
      // The constructive start ends within its own short limit with a schedule worth having.
      if (!replacedOutcome?.construct) replaced.stop(STOP_GRACE_MS);
      void replaced.finished.then(() => {
        waiting.delete(i);
        launch(i);
      });
    };
    timers.push(setTimeout(() => end((job) => job.kill()), timeLimitMs));
    if (options.signal?.aborted) {
      stopAll();
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    runners.forEach((r, i) => {
      if (!r.delayMs) start(i);
      else timers.push(setTimeout(() => start(i), r.delayMs));
    });
    checkBound();
  });
  // Runners never started took no time and have nothing to say.
  for (const [i, o] of outcomes.entries())
    if (running.has(i) && !o.run && !o.error) o.engineMs = Date.now() - started;
  return {
    outcomes: outcomes.filter((_, i) => running.has(i)),
    ...(Number.isFinite(bound) ? { bound } : {}),
    closedByBound,
    ...(bestFoundAt !== undefined ? { bestFoundAt } : {}),
  };
}

/**
 * Deterministic mode (SolveOptions.deterministic): the engines of `options.engine` one after another in
 * one worker (`portfolio`: javascript-lp-solver, then HiGHS; the first proof ends it), each to its work
 * limit: HiGHS by nodes with the given seed; in `auto` the first run is without presolve, as in the
 * normal mode, and an unproven one is followed by the constructive start (if it has no schedule), the
 * LNS and a full run with presolve (run-job.ts, runDeterministicJob). javascript-lp-solver has no
 * randomness and no work limit: it is deterministic until its time limit. No schedule is shared while
 * a run works, so nothing depends on when a message arrives.
 */
async function runDeterministic(
  built: BuiltModel,
  input: ScheduleInput,
  options: SolveOptions,
  deadline: number,
): Promise<RaceResult> {
  const det = options.deterministic as NonNullable<SolveOptions['deterministic']>;
  const engines: EngineName[] =
    options.engine === 'jslp' ? ['jslp'] : options.engine === 'portfolio' ? ['jslp', 'highs'] : ['highs'];
  const auto = options.engine === undefined || options.engine === 'auto';
  const started = Date.now();
  const outcomes: Outcome[] = [];
  let bound = -Infinity;
  let bestObjective: number | undefined;
  let bestFoundAt: number | undefined;
  let interrupted = false;
  for (const engine of engines) {
    if (options.signal?.aborted || Date.now() >= deadline) break;
    const o: Outcome = {
      engine,
      presolve: !auto,
      lns: false,
      construct: false,
      prove: false,
      run: null,
      incumbent: null,
      engineMs: 0,
    };
    outcomes.push(o);
    const job: WorkerJob = {
      id: nextJobId++,
      engine,
      lp: built.lp,
      engineTimeLimitMs: Math.max(1, Math.floor((deadline - Date.now()) * ENGINE_SHARE)),
      relativeGap: options.relativeGap ?? 0,
      ...(engine === 'highs'
        ? {
            deterministic: {
              seed: det.seed,
              nodes: det.nodes ?? DETERMINISTIC_NODES,
              presolve: !auto,
              ...(auto
                ? {
                    improve: {
                      structure: buildLnsStructure(input, built),
                      iterations: det.lnsIterations ?? DETERMINISTIC_LNS_ITERATIONS,
                      subNodes: DETERMINISTIC_SUB_NODES,
                      construct: { input, vars: built.assignmentVars, moves: DETERMINISTIC_CONSTRUCT_MOVES },
                    },
                  }
                : {}),
            },
          }
        : {}),
    };
    const onMessage = (m: WorkerMessage): void => {
      if (m.type === 'incumbent') {
        if (!o.incumbent || m.objective < o.incumbent.objective) {
          o.incumbent = { values: m.values, objective: m.objective, atMs: m.atMs };
          const objective = Math.round((m.objective + built.lp.constant) * 100) / 100;
          if (bestObjective === undefined || objective < bestObjective) {
            bestObjective = objective;
            bestFoundAt = Date.now();
          }
        }
      } else if (m.type === 'bound') {
        if (m.bound > bound) bound = m.bound;
      } else if (m.type === 'done') {
        o.run = m.run;
        o.engineMs = m.engineMs;
        return;
      } else if (m.type === 'failed') {
        o.error = m.error;
        o.engineMs = Date.now() - started;
        return;
      }
      options.onProgress?.({
        engine,
        phase: 'solving',
        elapsedMs: Date.now() - started,
        message: m.type === 'progress' ? m.message : `schedule with objective ${bestObjective}`,
        ...(bestObjective !== undefined ? { bestObjective } : {}),
        ...(Number.isFinite(bound) ? { bestBound: Math.round(bound * 100) / 100 } : {}),
      });
    };
    if (options.inThread) await runJob(job, onMessage);
    else {
      const running = runInWorker(job, onMessage);
      const stop = (): void => {
        interrupted = true;
        if (engine === 'highs') running.stop(STOP_GRACE_MS);
        else running.kill();
      };
      const timer = setTimeout(stop, Math.max(1, deadline - Date.now()));
      options.signal?.addEventListener('abort', stop, { once: true });
      await running.finished;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', stop);
    }
    if (!o.run && !o.error) o.engineMs = Date.now() - started;
    // An engine that ran to its time budget was stopped by the clock, not by its work limit.
    if (o.engineMs >= job.engineTimeLimitMs - CLOCK_SLACK_MS) interrupted = true;
    if (o.run?.status === 'optimal' || o.run?.status === 'infeasible') break;
  }
  const limited = interrupted;
  return {
    outcomes,
    ...(Number.isFinite(bound) ? { bound } : {}),
    closedByBound: false,
    ...(bestFoundAt !== undefined ? { bestFoundAt } : {}),
    ...(limited && !options.signal?.aborted
      ? { note: 'the time limit came before the work limit, so this result depends on the machine' }
      : {}),
  };
}

function label(o: Outcome): string {
  if (o.lns) return 'HiGHS LNS';
  if (o.construct) return 'constructive start';
  if (o.prove) return 'the dive';
  return o.engine === 'highs' ? `HiGHS${o.presolve ? '' : ' (no presolve)'}` : 'javascript-lp-solver';
}

/** The best outcome: a proof first, then the lowest objective, then the first engine listed. */
function pick(outcomes: Outcome[]): Outcome | undefined {
  const score = (o: Outcome): number => {
    if (o.run?.status === 'optimal' && o.run.values) return -2e15;
    if (o.run?.status === 'infeasible') return -1e15;
    const obj = o.run?.objective ?? o.incumbent?.objective;
    return obj ?? Infinity;
  };
  return [...outcomes].sort((a, b) => score(a) - score(b))[0];
}

/**
 * Builds the model, solves it off the main thread within `timeLimitMs`, and returns the best schedule
 * found, verified against every hard rule, with coverage, gaps, minutes and the objective by term.
 */
export async function solveSchedule(input: ScheduleInput, options: SolveOptions = {}): Promise<SolveResult> {
  const started = Date.now();
  const deadline = started + (options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS);
  const built = buildModel(input);
  const modelSize = {
    rows: built.lp.rows.length,
    cols: built.lp.vars.length,
    ints: built.lp.vars.filter((v) => v.int).length,
  };
  // Only `auto` runs the LNS and the prover, which need the model by person.
  const plan: DivePlan | null =
    options.engine === undefined || options.engine === 'auto' ? divePlan(input, built) : null;
  const runners = chooseRunners(built, options.engine, (plan?.specs ?? null) !== null);
  const first = (runners[0] as Runner).engine;
  options.onProgress?.({
    engine: first,
    phase: 'building',
    elapsedMs: Date.now() - started,
    message: `model: ${modelSize.cols} columns, ${modelSize.rows} rows`,
  });

  const finish = (
    status: SolveStatus,
    engine: EngineName,
    assignments: Assignment[],
    extra: Partial<SolveResult> & { message: string; solveTimeMs: number },
  ): SolveResult => {
    const summary = summarizeSchedule(input, assignments);
    options.onProgress?.({
      engine,
      phase: 'done',
      elapsedMs: Date.now() - started,
      message: extra.message,
      bestObjective: Math.round(summary.objective * 100) / 100,
    });
    return {
      status,
      assignments,
      ...summary,
      engine,
      modelSize,
      // Only a partial answer can break a rule: no assignment possible, or no schedule found in time
      // when hard minimum hours make even the empty schedule invalid. Engine schedules never do.
      violations:
        status === 'infeasible' || status === 'timed out' || status === 'unverified'
          ? verifySchedule(input, assignments)
          : [],
      wallTimeMs: Date.now() - started,
      ...extra,
    };
  };

  // Locks that break a rule no further assignment can mend (qualification, time off, rest, caps…):
  // no schedule can keep them, so say which instead of letting an engine search for one.
  const lockProblems = lockedViolations(input);
  if (lockProblems.length > 0) {
    return finish('infeasible', first, built.fixed, {
      message: `No assignment possible: locked assignments break hard rules: ${lockProblems.map((v) => v.message).join(' ')}`,
      solveTimeMs: 0,
      violations: lockProblems,
    });
  }

  if (built.conflicts.length > 0) {
    return finish('infeasible', first, built.fixed, {
      message: `No assignment possible: locked assignments break hard rules (${built.conflicts.join(', ')}).`,
      solveTimeMs: 0,
    });
  }

  if (built.lp.vars.length === 0) {
    // Nobody can be placed anywhere (or everything is locked): the schedule is decided already.
    return finish('optimal', first, built.fixed, {
      message: 'Nothing to decide: no person can take any required position beyond the locked assignments.',
      solveTimeMs: 0,
    });
  }

  const raced = options.deterministic
    ? await runDeterministic(built, input, options, deadline)
    : await race(built, input, plan, runners, options, deadline);
  const outcomes = raced.outcomes;
  const cancelled = options.signal?.aborted === true;
  const best = pick(outcomes);
  if (!best) {
    return finish('timed out', first, built.fixed, {
      message: 'Cancelled before any engine started; returning locked assignments only.',
      solveTimeMs: 0,
    });
  }
  const run = best.run;
  const values = run?.values ?? best.incumbent?.values ?? null;
  const winnerProved = run?.status === 'optimal' || run?.status === 'infeasible' || raced.closedByBound;
  // The constructive start is named only when its schedule is the one returned.
  const notes = outcomes
    .filter((o) => !o.construct || o === best)
    .map(
      (o) =>
        o.run?.message ??
        o.error ??
        `${label(o)}: ${raced.closedByBound ? 'stopped when the best schedule met the proven bound' : winnerProved && o !== best ? 'stopped when another engine finished first' : cancelled ? 'cancelled' : 'stopped at the time limit'}`,
    )
    .concat(raced.note ?? [])
    .join('; ');
  const timing = {
    solveTimeMs: best.engineMs,
    ...(raced.bestFoundAt !== undefined ? { bestFoundMs: raced.bestFoundAt - started } : {}),
    ...(raced.bound !== undefined ? { bestBound: Math.round(raced.bound * 100) / 100 } : {}),
    ...(run?.firstFeasibleMs !== undefined
      ? { firstFeasibleMs: run.firstFeasibleMs }
      : best.incumbent
        ? { firstFeasibleMs: best.incumbent.atMs }
        : {}),
  };

  if (run?.status === 'infeasible') {
    return finish('infeasible', best.engine, built.fixed, {
      message: `No assignment possible: the hard rules contradict each other (${notes}).`,
      ...timing,
    });
  }
  const assignments = decode(built, values);
  const violations = verifySchedule(input, assignments);
  if (violations.length > 0) {
    // A model/engine disagreement with the checker: never hand out a schedule that breaks a rule.
    const fallback = built.fixed;
    return finish('unverified', best.engine, fallback, {
      message: `The engine's schedule failed verification (${violations[0]?.message}); only locked assignments are returned.`,
      ...timing,
    });
  }
  const recomputed = summarizeSchedule(input, assignments).objective;
  // With a full run's bound the gap is the schedule's distance to it; otherwise the winner's own.
  const gap =
    raced.bound !== undefined && values
      ? Math.max(0, (recomputed - raced.bound) / Math.max(1, Math.abs(recomputed)))
      : run?.gap;
  const gapPercent = gap !== undefined ? Math.round(gap * 10000) / 100 : undefined;
  const exact =
    raced.closedByBound &&
    (hasIntegralObjective(built.lp)
      ? (gap ?? 0) * Math.max(1, Math.abs(recomputed)) < 1 - 1e-6
      : (gap ?? 0) <= 1e-6);
  let status: SolveStatus =
    run?.status === 'optimal'
      ? (options.relativeGap ?? 0) > 0 && (run.gap ?? 0) > 1e-9
        ? 'feasible'
        : 'optimal'
      : raced.closedByBound
        ? exact
          ? 'optimal'
          : 'feasible'
        : 'timed out';
  // At an optimum the model's objective and the one recomputed from the schedule must agree; a
  // difference means the model and summarizeSchedule disagree about a soft term: claim no proof.
  const modelObjective =
    run?.objective !== null && run?.objective !== undefined ? run.objective + built.lp.constant : null;
  const mismatch =
    status === 'optimal' &&
    modelObjective !== null &&
    Math.abs(modelObjective - recomputed) > 1e-6 * Math.max(1, Math.abs(recomputed));
  if (mismatch) status = 'feasible';
  const cancelNote =
    cancelled && status !== 'optimal' ? 'Cancelled: the best schedule found so far is returned. ' : '';
  return finish(status, best.engine, assignments, {
    message:
      cancelNote +
      (values
        ? mismatch
          ? `${notes}; the model's objective ${modelObjective} differs from the schedule's ${recomputed}, so optimality is not claimed`
          : notes
        : `No schedule found before the ${cancelled ? 'solve was cancelled' : 'time limit'} (${notes}); returning locked assignments only.`),
    ...timing,
    ...(status !== 'optimal' && gapPercent !== undefined ? { gapPercent } : {}),
  });
}

// Runs one engine on one model and reports through `post`: used inside the solve worker, and on the
// calling thread for `inThread` solves. Every better schedule is posted as soon as it is found, because
// the parent may terminate the worker at its wall-clock limit.
import type { LpModel } from '../core/model';
import type { EngineName, ScheduleInput } from '../core/types';
import type { EngineHooks, EngineRun } from './engines/engine';
import { openSubMipSession, solveWithBounds, solveWithHighs } from './engines/highs';
import { solveWithJslp } from './engines/jslp';
import { readBoard, type Board } from './board';
import { runLns, type LnsSchedule, type LnsStructure } from './lns';
import { constructSchedule, type CandidateVar } from './construct';
import { decompose, runColumnGeneration, type Decomposition } from './column-generation';
import { runDive, type SequenceSpec } from './dive';
import { hasIntegralObjective, proveByFixing } from './fixing';
import type { PackedLp } from './lp-transfer';

export interface WorkerJob {
  id: number;
  engine: EngineName;
  lp: LpModel;
  /** Milliseconds the engine may run, counted from when the worker picks the job up. */
  engineTimeLimitMs: number;
  relativeGap: number;
  /** HiGHS presolve on (default) or off. */
  presolve?: boolean;
  /** Warm-up only: compile HiGHS eagerly (see engines/highs.ts). */
  compileEagerly?: boolean;
  /** Shared flag (SharedArrayBuffer): set to 1 by the parent to ask the engine to stop early. */
  stop?: Int32Array;
  /** The solve's best schedule in shared memory, written by the parent: HiGHS takes it as a start. */
  board?: Board;
  /**
   * Run a large-neighbourhood search from `start` instead of solving the whole model (HiGHS only);
   * with `columns`, column generation by person first (solver/runtime/column-generation.ts) for at most
   * that share of the time left: its bound, and its schedule if better than `start`.
   */
  lns?: {
    structure: LnsStructure;
    seed: number;
    start: LnsSchedule;
    columns?: number;
    /** The generation gives up as soon as this many rounds at its pace so far would not fit in its share. */
    columnMinRounds?: number;
    /**
     * Before all that, a dive on the master of personal schedules (solver/runtime/dive.ts) for at most
     * `share` of the time: each person's rules for its dynamic programme.
     */
    dive?: { specs: SequenceSpec[]; share: number; attempts: number };
  };
  /**
   * The dive (solver/runtime/dive.ts) alone instead of solving the model, its first master certified
   * by HiGHS's pricing: its schedule and its bound, which together can prove the optimum long before
   * HiGHS's own search does (see runProveJob).
   */
  prove?: { structure: LnsStructure; specs: SequenceSpec[]; attempts: number };
  /**
   * Build a schedule with the constructive start (solver/runtime/construct.ts) instead of solving the
   * model: its local search gets `searchMs`, HiGHS then completes it (see runConstructJob).
   */
  construct?: { input: ScheduleInput; vars: CandidateVar[]; seed: number; searchMs: number };
  /** Deterministic mode (HiGHS only): the phases of runDeterministicJob, each ending at a work limit. */
  deterministic?: DeterministicJob;
}

export interface DeterministicJob {
  /** HiGHS's `random_seed`, the LNS's and the constructive start's seed. */
  seed: number;
  /** Branch-and-bound nodes of each full HiGHS run. */
  nodes: number;
  /** HiGHS's presolve in the first full run. */
  presolve: boolean;
  /**
   * When the first run ends unproven: the constructive start (only if it found no schedule), the LNS
   * for `iterations` sub-MIPs of at most `subNodes` nodes each, then a second full run with presolve
   * from the best schedule.
   */
  improve?: {
    structure: LnsStructure;
    iterations: number;
    subNodes: number;
    construct: { input: ScheduleInput; vars: CandidateVar[]; moves: number };
  };
}

/** A job as posted to a worker: the model packed into typed arrays (see lp-transfer.ts). */
export type PostedJob = Omit<WorkerJob, 'lp'> & { lp: PackedLp };

const LNS_PROGRESS_EVERY_MS = 1000;
/**
 * Share of the LNS job's time left that each step of the proof by fixing (solver/runtime/fixing.ts) may
 * take for its fixings, and again for HiGHS's search; a step that does not fit gives the time back to
 * the LNS.
 */
const FIXING_STEP_SHARE = 0.25;
/**
 * The dive certifies its master for the fixings only when they look like fitting in this share of the
 * time left, judged by its first people priced by HiGHS (`certifyIf`): the certification alone would
 * cost Curtois Instance8 tens of seconds of its LNS.
 */
const FIXING_FITS_SHARE = 0.5;

export type WorkerMessage =
  | { type: 'progress'; id: number; message: string }
  | { type: 'incumbent'; id: number; values: number[]; objective: number; atMs: number }
  | { type: 'bound'; id: number; bound: number }
  | { type: 'done'; id: number; run: EngineRun; engineMs: number }
  | { type: 'failed'; id: number; error: string };

export async function runJob(job: WorkerJob, post: (m: WorkerMessage) => void): Promise<void> {
  const started = Date.now();
  const deadline = started + job.engineTimeLimitMs;
  let boardSeq = 0;
  let own = Infinity;
  // The board's schedule, when it is new and better than this engine's own best.
  const takeFromBoard = (): LnsSchedule | null => {
    if (!job.board) return null;
    const entry = readBoard(job.board, boardSeq);
    if (!entry) return null;
    boardSeq = entry.seq;
    return entry.objective < own - 1e-9 ? { values: entry.values, objective: entry.objective } : null;
  };
  const hooks = {
    timeLimitMs: Math.max(1, deadline - Date.now()),
    relativeGap: job.relativeGap,
    ...(job.presolve === false ? { presolve: false } : {}),
    ...(job.compileEagerly ? { compileEagerly: true } : {}),
    shouldStop: () => (job.stop ? Atomics.load(job.stop, 0) === 1 : false),
    onIncumbent: (values: number[], objective: number) => {
      own = Math.min(own, objective);
      post({ type: 'incumbent', id: job.id, values, objective, atMs: Date.now() - started });
    },
    onProgress: (message: string) => post({ type: 'progress', id: job.id, message }),
    onBound: (bound: number) => post({ type: 'bound', id: job.id, bound }),
    ...(job.board ? { takeStart: () => takeFromBoard()?.values ?? null } : {}),
  };
  try {
    const run = job.deterministic
      ? await runDeterministicJob(job.lp, job.deterministic, deadline, hooks)
      : job.lns
        ? await runLnsJob(job.lp, job.lns, deadline, hooks, takeFromBoard)
        : job.prove
          ? await runProveJob(job.lp, job.prove, deadline, hooks)
          : job.construct
            ? await runConstructJob(job.lp, job.construct, deadline, hooks)
            : job.engine === 'highs'
              ? await solveWithHighs(job.lp, hooks)
              : solveWithJslp(job.lp, hooks);
    post({ type: 'done', id: job.id, run, engineMs: Date.now() - started });
  } catch (error) {
    post({ type: 'failed', id: job.id, error: error instanceof Error ? error.message : String(error) });
  }
}

/** What the prover and the LNS job report through: schedules, bounds and progress, and when to stop. */
interface SearchHooks {
  shouldStop: () => boolean;
  onIncumbent: (values: number[], objective: number) => void;
  onProgress: (message: string) => void;
  onBound: (bound: number) => void;
}

/** `report` at most once every `LNS_PROGRESS_EVERY_MS` (HiGHS's own progress comes as often). */
function throttled(report: (message: string) => void): (message: string) => void {
  let last = 0;
  return (message) => {
    const now = Date.now();
    if (now - last < LNS_PROGRESS_EVERY_MS) return;
    last = now;
    report(message);
  };
}

/**
 * The dive on its own, with `onBound` certifying its first master (dive.ts): on a model whose master
 * of personal schedules is as tight as the model allows (Curtois Instance2–4), the dive's schedule
 * meets that bound within a second or two, and the race ends on the proof (solve.ts). It claims no
 * optimum itself: the race compares the best schedule with the best bound of any run.
 */
async function runProveJob(
  lp: LpModel,
  prove: NonNullable<WorkerJob['prove']>,
  deadline: number,
  hooks: SearchHooks,
): Promise<EngineRun> {
  const started = Date.now();
  const decomposition = decomposeByPerson(lp, prove.structure);
  let bound = -Infinity;
  const dived = decomposition
    ? await runDive(lp, decomposition, prove.structure, prove.specs, {
        deadline,
        shouldStop: hooks.shouldStop,
        start: null,
        attempts: prove.attempts,
        onProgress: throttled(hooks.onProgress),
        onBound: (b) => {
          bound = b;
          hooks.onBound(b);
        },
      })
    : null;
  const schedule = dived?.schedule ?? null;
  if (schedule) hooks.onIncumbent(schedule.values, schedule.objective);
  const rounded = (x: number): number => Math.round(x * 100) / 100;
  return {
    status: 'limit',
    values: schedule?.values ?? null,
    objective: schedule?.objective ?? null,
    ...(schedule ? { firstFeasibleMs: Date.now() - started } : {}),
    message: `Dive: ${dived ? `${dived.attempts} attempts, ${schedule ? `objective ${rounded(schedule.objective + lp.constant)}` : 'no schedule'}, bound ${Number.isFinite(bound) ? rounded(bound) : 'none'}` : 'no decomposition by person'} in ${Date.now() - started} ms`,
  };
}

async function runLnsJob(
  lp: LpModel,
  lns: NonNullable<WorkerJob['lns']>,
  deadline: number,
  hooks: SearchHooks,
  takeFromBoard: () => LnsSchedule | null,
): Promise<EngineRun> {
  const started = Date.now();
  // One line a second at most, like HiGHS's own progress (sub-MIPs take from 10 ms to seconds).
  const progress = throttled(hooks.onProgress);
  let start = lns.start;
  let generated = '';
  const better = (schedule: LnsSchedule): void => {
    if (schedule.objective >= start.objective - 1e-9) return;
    start = schedule;
    hooks.onIncumbent(start.values, start.objective);
  };
  if (lns.dive) {
    const decomposition = decomposeByPerson(lp, lns.structure);
    // With a whole-number objective the dive's first master is certified, so that its bound can be
    // raised by fixing (solver/runtime/fixing.ts).
    const candidates = new Set(lns.structure.vars.map((v) => v.index));
    const prove = decomposition !== null && hasIntegralObjective(lp);
    const dived = decomposition
      ? await runDive(lp, decomposition, lns.structure, lns.dive.specs, {
          deadline: started + (deadline - started) * lns.dive.share,
          shouldStop: hooks.shouldStop,
          start: start.values,
          attempts: lns.dive.attempts,
          onProgress: progress,
          ...(prove
            ? {
                onBound: hooks.onBound,
                // The fixings price each assignment once: certify only if that looks like fitting.
                certifyIf: (ms: number) =>
                  ms * candidates.size <= (deadline - Date.now()) * FIXING_FITS_SHARE,
              }
            : {}),
        })
      : null;
    if (dived?.schedule) better(dived.schedule);
    generated = dived
      ? `dive: ${dived.attempts} attempts, ${dived.steps} steps, ${dived.rounds} rounds, ${dived.schedule ? `objective ${Math.round((dived.schedule.objective + lp.constant) * 100) / 100}` : 'no schedule'} in ${Date.now() - started} ms; `
      : '';
    if (decomposition && prove && dived?.proof && !hooks.shouldStop()) {
      const fixing = await proveByFixing(lp, decomposition, dived.proof, candidates, {
        deadline,
        shouldStop: hooks.shouldStop,
        best: () => {
          const outside = takeFromBoard();
          if (outside && outside.objective < start.objective) start = outside;
          return start.objective + lp.constant;
        },
        stepLimitMs: (deadline - Date.now()) * FIXING_STEP_SHARE,
        onIncumbent: better,
        onBound: hooks.onBound,
        onProgress: progress,
      });
      generated += `fixing: ${fixing.steps} steps, bound ${fixing.bound}${fixing.proven ? ' (proven)' : ''} in ${Date.now() - started} ms; `;
    }
  }
  if (lns.columns) {
    const columns = await generateColumns(
      lp,
      lns.structure,
      start,
      // A share of the time left after the dive.
      Date.now() + (deadline - Date.now()) * lns.columns,
      lns.columnMinRounds,
      hooks,
    );
    if (columns.schedule && columns.schedule.objective < start.objective - 1e-9) {
      start = columns.schedule;
      hooks.onIncumbent(start.values, start.objective);
    }
    generated += `column generation: ${columns.rounds} rounds, ${columns.columns} columns, bound ${Math.round(columns.bound * 100) / 100}${columns.converged ? ' (converged)' : columns.gaveUp ? ' (given up: too slow to converge)' : ''}; `;
  }
  const session = await openSubMipSession(lp);
  try {
    const result = runLns(lp, lns.structure, start, session.solve, {
      seed: lns.seed,
      deadline,
      shouldStop: hooks.shouldStop,
      takeOutside: takeFromBoard,
      onImproved: (best) => hooks.onIncumbent(best.values, best.objective),
      onProgress: progress,
    });
    return {
      status: 'limit',
      values: result.values,
      objective: result.objective,
      message: `HiGHS LNS: ${generated}${result.iterations} sub-MIPs, ${result.improvements} improvements in ${Date.now() - started} ms`,
    };
  } finally {
    session.dispose();
  }
}

/** The model split by person: each assignment column belongs to its person. */
function decomposeByPerson(lp: LpModel, structure: LnsStructure): Decomposition | null {
  const owner: Array<number | undefined> = [];
  for (const v of structure.vars) owner[v.index] = v.staff;
  return decompose(lp, owner);
}

/**
 * Column generation by person (solver/runtime/column-generation.ts) until `until`: its bounds are
 * posted as they rise (each is valid for the whole model), and its whole-column schedule is returned.
 */
async function generateColumns(
  lp: LpModel,
  structure: LnsStructure,
  start: LnsSchedule,
  until: number,
  minRounds: number | undefined,
  hooks: {
    shouldStop: () => boolean;
    onProgress: (message: string) => void;
    onBound: (bound: number) => void;
  },
): Promise<{
  schedule: LnsSchedule | null;
  bound: number;
  converged: boolean;
  gaveUp: boolean;
  rounds: number;
  columns: number;
}> {
  const decomposition = decomposeByPerson(lp, structure);
  if (!decomposition)
    return { schedule: null, bound: -Infinity, converged: false, gaveUp: false, rounds: 0, columns: 0 };
  return runColumnGeneration(lp, decomposition, {
    deadline: until,
    ...(minRounds !== undefined ? { minRounds } : {}),
    shouldStop: hooks.shouldStop,
    start: start.values,
    onBound: hooks.onBound,
    onProgress: throttled(hooks.onProgress),
  });
}

/**
 * The constructive start, then HiGHS on what is left: with every assignment fixed it only gives the
 * auxiliary columns their values; if the local search left some people breaking a rule of their own,
 * their assignments are freed and re-planned around everybody else's (a sub-MIP of a few people,
 * solved in a fraction of a second). A rule that spans people still broken leaves no schedule.
 */
async function runConstructJob(
  lp: LpModel,
  construct: NonNullable<WorkerJob['construct']> & { maxMoves?: number },
  deadline: number,
  hooks: { shouldStop: () => boolean; onIncumbent: (values: number[], objective: number) => void },
  nodeLimit?: number,
): Promise<EngineRun> {
  const started = Date.now();
  const built = constructSchedule(construct.input, construct.vars, {
    seed: construct.seed,
    deadline: Math.min(deadline, started + construct.searchMs),
    shouldStop: hooks.shouldStop,
    ...(construct.maxMoves !== undefined ? { maxMoves: construct.maxMoves } : {}),
  });
  const searched = Date.now() - started;
  const broken = new Set(built.violations.map((v) => v.staff));
  const summary = `${built.moves} moves, objective ${Math.round(built.objective * 100) / 100}, ${built.violations.length} violations in ${searched} ms`;
  if (broken.has(undefined) || hooks.shouldStop()) {
    return { status: 'limit', values: null, objective: null, message: `Constructive start: ${summary}` };
  }
  const chosen = new Set(built.chosen);
  const lower = lp.vars.map(() => 0);
  const upper = lp.vars.map((v) => v.ub);
  for (const { index, assignment } of construct.vars) {
    if (broken.has(assignment.staff)) continue;
    const value = chosen.has(index) ? 1 : 0;
    lower[index] = value;
    upper[index] = value;
  }
  const completed = await solveWithBounds(
    lp,
    lower,
    upper,
    Math.max(1, deadline - Date.now()),
    hooks.shouldStop,
    nodeLimit,
  );
  const message = `Constructive start: ${summary}${broken.size > 0 ? `, ${broken.size} people re-planned by HiGHS` : ''}`;
  if (!completed)
    return { status: 'limit', values: null, objective: null, message: `${message}; no valid schedule` };
  hooks.onIncumbent(completed.values, completed.objective);
  return {
    status: 'limit',
    values: completed.values,
    objective: completed.objective,
    firstFeasibleMs: Date.now() - started,
    message: `${message} in ${Date.now() - started} ms`,
  };
}

/**
 * Deterministic mode: the normal mode's steps one after another in one worker, each ending at a work
 * limit (nodes, sub-MIPs, moves) instead of a clock, so the same model and seed give the same schedule
 * on any machine and under any load. A full HiGHS run; if it ends unproven, the constructive start (when
 * it found no schedule), the LNS from the best schedule, and a full run with presolve from the LNS's
 * schedule, which proves it or returns the better one. Only the wall-clock limit of the whole solve,
 * if reached first, makes a result depend on the machine (runDeterministic says so).
 */
async function runDeterministicJob(
  lp: LpModel,
  det: DeterministicJob,
  deadline: number,
  hooks: EngineHooks & {
    shouldStop: () => boolean;
    onIncumbent: (values: number[], objective: number) => void;
  },
): Promise<EngineRun> {
  const started = Date.now();
  const remaining = (): number => Math.max(1, deadline - Date.now());
  const full = { ...hooks, seed: det.seed, nodeLimit: det.nodes };
  const first = await solveWithHighs(lp, { ...full, presolve: det.presolve, timeLimitMs: remaining() });
  const steps = [first.message];
  if (first.status !== 'limit' || !det.improve || hooks.shouldStop()) return first;
  let best: LnsSchedule | null =
    first.values && first.objective !== null ? { values: first.values, objective: first.objective } : null;
  const { improve } = det;
  if (!best) {
    const constructed = await runConstructJob(
      lp,
      { ...improve.construct, seed: det.seed, searchMs: Infinity, maxMoves: improve.construct.moves },
      deadline,
      hooks,
      det.nodes,
    );
    steps.push(constructed.message);
    if (constructed.values && constructed.objective !== null)
      best = { values: constructed.values, objective: constructed.objective };
  }
  if (!best || hooks.shouldStop()) return { ...first, message: steps.join('; ') };
  const session = await openSubMipSession(lp);
  try {
    const result = runLns(lp, improve.structure, best, session.solve, {
      seed: det.seed,
      deadline,
      maxIterations: improve.iterations,
      subNodeLimit: improve.subNodes,
      shouldStop: hooks.shouldStop,
      onImproved: (b) => hooks.onIncumbent(b.values, b.objective),
    });
    best = { values: result.values, objective: result.objective };
    steps.push(`HiGHS LNS: ${result.iterations} sub-MIPs, ${result.improvements} improvements`);
  } finally {
    session.dispose();
  }
  if (hooks.shouldStop()) return { status: 'limit', ...best, message: steps.join('; ') };
  let offered = false;
  const start = best.values;
  const last = await solveWithHighs(lp, {
    ...full,
    presolve: true,
    timeLimitMs: remaining(),
    // Its start (the LNS's schedule), once: no other worker offers schedules in this mode.
    takeStart: () => (offered ? null : ((offered = true), start)),
  });
  steps.push(last.message);
  const message = `${steps.join('; ')} (deterministic, seed ${det.seed}, ${Date.now() - started} ms)`;
  if (last.status === 'optimal' || last.status === 'infeasible') return { ...last, message };
  const better = last.values && last.objective !== null && last.objective < best.objective - 1e-9;
  return {
    status: 'limit',
    ...(better ? { values: last.values, objective: last.objective } : best),
    ...(last.gap !== undefined ? { gap: last.gap } : {}),
    ...(first.firstFeasibleMs !== undefined ? { firstFeasibleMs: first.firstFeasibleMs } : {}),
    message,
  };
}

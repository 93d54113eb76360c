// The public face of the scheduling engine: solveSchedule, verifySchedule, explainGaps.
import { buildModel, type BuiltModel } from './model';
import { runInWorker, type RunningJob } from './pool';
import { runJob, type WorkerMessage } from './run-job';
import { summarizeSchedule } from './score';
import { verifySchedule } from './verify';
import type { Assignment, EngineName, ScheduleInput, SolveOptions, SolveResult, SolveStatus } from './types';
import type { EngineRun } from './engines/engine';

export { verifySchedule } from './verify';
export { explainGaps } from './explain';
export { summarizeSchedule } from './score';
export { warmUpWorkers, closeWorkers } from './pool';
export type * from './types';

const DEFAULT_TIME_LIMIT_MS = 30_000;
/** The engine stops itself this much before the limit, so its own best-so-far comes back intact. */
const ENGINE_SHARE = 0.9;
/**
 * javascript-lp-solver keeps a dense tableau (rows × columns × 8 bytes, twice during branch and bound)
 * and stalls on models that need a phase 1; measured, it wins only on small models with an all-zero
 * feasible start. Above this many columns `auto` uses HiGHS alone.
 */
const JSLP_MAX_COLUMNS = 1500;
/** How long a losing HiGHS run may take to notice it should stop before its worker is terminated. */
const STOP_GRACE_MS = 2000;

let nextJobId = 1;

interface Outcome {
  engine: EngineName;
  presolve: boolean;
  run: EngineRun | null;
  incumbent: { values: number[]; objective: number; atMs: number } | null;
  engineMs: number;
  error?: string;
}

/** One engine with its settings, run in its own worker. */
export interface Runner {
  engine: EngineName;
  presolve: boolean;
}

/**
 * Which runners a solve starts (there are two cores), decided by measurement (NOTES-STACK.md and the
 * bench): on small models with an all-zero feasible start javascript-lp-solver often proves optimality
 * first, with HiGHS beside it against its erratic stalls; on larger models HiGHS with and without its
 * presolve, whose running times differ by up to 5× in either direction from one model to the next.
 */
export function chooseRunners(built: BuiltModel, engine: SolveOptions['engine']): Runner[] {
  const highs: Runner = { engine: 'highs', presolve: true };
  if (engine === 'jslp') return [{ engine: 'jslp', presolve: true }];
  if (engine === 'highs') return [highs];
  if (engine === 'portfolio') return [{ engine: 'jslp', presolve: true }, highs];
  const jslpFits = built.lp.vars.length <= JSLP_MAX_COLUMNS && built.lp.rows.every((r) => r.rhs >= 0);
  return jslpFits
    ? [{ engine: 'jslp', presolve: true }, highs]
    : [highs, { engine: 'highs', presolve: false }];
}

function decode(built: BuiltModel, values: number[] | null): Assignment[] {
  const out: Assignment[] = [...built.fixed];
  if (!values) return out;
  for (const { index, assignment } of built.assignmentVars)
    if ((values[index] ?? 0) > 0.5) out.push(assignment);
  return out;
}

/** Runs the engines; the first proven optimum wins and the others are stopped. */
async function race(
  built: BuiltModel,
  runners: Runner[],
  options: SolveOptions,
  deadline: number,
): Promise<Outcome[]> {
  const timeLimitMs = Math.max(1, deadline - Date.now());
  const relativeGap = options.relativeGap ?? 0;
  const outcomes: Outcome[] = runners.map((r) => ({
    engine: r.engine,
    presolve: r.presolve,
    run: null,
    incumbent: null,
    engineMs: 0,
  }));
  const started = Date.now();
  const onMessage = (o: Outcome) => (m: WorkerMessage) => {
    if (m.type === 'incumbent') {
      if (!o.incumbent || m.objective < o.incumbent.objective)
        o.incumbent = { values: m.values, objective: m.objective, atMs: m.atMs };
      options.onProgress?.({
        engine: o.engine,
        phase: 'solving',
        elapsedMs: Date.now() - started,
        message: `schedule with objective ${Math.round((m.objective + built.lp.constant) * 100) / 100}`,
      });
    } else if (m.type === 'progress') {
      options.onProgress?.({
        engine: o.engine,
        phase: 'solving',
        elapsedMs: Date.now() - started,
        message: m.message,
      });
    } else if (m.type === 'done') {
      o.run = m.run;
      o.engineMs = m.engineMs;
    } else {
      o.error = m.error;
      o.engineMs = Date.now() - started;
    }
  };
  const jobs = (o: Outcome) => ({
    id: nextJobId++,
    engine: o.engine,
    lp: built.lp,
    engineDeadline: started + Math.max(1, Math.floor(timeLimitMs * ENGINE_SHARE)),
    relativeGap,
    presolve: o.presolve,
  });

  if (options.inThread) {
    for (const o of outcomes) {
      await runJob(jobs(o), onMessage(o));
      if (o.run?.status === 'optimal') break;
    }
    return outcomes;
  }

  const running: RunningJob[] = [];
  await new Promise<void>((resolve) => {
    let open = outcomes.length;
    const timer = setTimeout(() => {
      for (const r of running) r.kill();
      resolve();
    }, timeLimitMs);
    outcomes.forEach((o) => {
      const job = runInWorker(jobs(o), onMessage(o));
      running.push(job);
      void job.finished.then(() => {
        open -= 1;
        const proven = o.run?.status === 'optimal' || o.run?.status === 'infeasible';
        if (proven || open === 0) {
          clearTimeout(timer);
          // HiGHS stops cleanly and stays loaded for the next solve; javascript-lp-solver cannot.
          running.forEach((r, i) => (outcomes[i]?.engine === 'highs' ? r.stop(STOP_GRACE_MS) : r.kill()));
          resolve();
        }
      });
    });
  });
  for (const o of outcomes) if (!o.run && !o.error) o.engineMs = Date.now() - started;
  return outcomes;
}

function label(o: Outcome): string {
  return o.engine === 'highs' ? `HiGHS${o.presolve ? '' : ' (no presolve)'}` : 'javascript-lp-solver';
}

/** The best outcome: a proof first, then the lowest objective, then the first engine listed. */
function pick(outcomes: Outcome[]): Outcome {
  const score = (o: Outcome): number => {
    if (o.run?.status === 'optimal' && o.run.values) return -2e15;
    if (o.run?.status === 'infeasible') return -1e15;
    const obj = o.run?.objective ?? o.incumbent?.objective;
    return obj ?? Infinity;
  };
  return [...outcomes].sort((a, b) => score(a) - score(b))[0] as Outcome;
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
  const runners = chooseRunners(built, options.engine);
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
    options.onProgress?.({ engine, phase: 'done', elapsedMs: Date.now() - started, message: extra.message });
    return {
      status,
      assignments,
      ...summary,
      engine,
      modelSize,
      // Only a partial answer can break a rule: no assignment possible, or no schedule found in time
      // when hard minimum hours make even the empty schedule invalid. Engine schedules never do.
      violations: status === 'infeasible' || status === 'timed out' ? verifySchedule(input, assignments) : [],
      wallTimeMs: Date.now() - started,
      ...extra,
    };
  };

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

  const outcomes = await race(built, runners, options, deadline);
  const best = pick(outcomes);
  const run = best.run;
  const values = run?.values ?? best.incumbent?.values ?? null;
  const winnerProved = run?.status === 'optimal' || run?.status === 'infeasible';
  const notes = outcomes
    .map(
      (o) =>
        o.run?.message ??
        o.error ??
        `${label(o)}: ${winnerProved && o !== best ? 'stopped when another engine finished first' : 'stopped at the time limit'}`,
    )
    .join('; ');
  const timing = {
    solveTimeMs: best.engineMs,
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
    return finish('timed out', best.engine, fallback, {
      message: `The engine's schedule failed verification (${violations[0]?.message}); only locked assignments are returned.`,
      ...timing,
    });
  }
  const gapPercent = run?.gap !== undefined ? Math.round(run.gap * 10000) / 100 : undefined;
  let status: SolveStatus =
    run?.status === 'optimal'
      ? (options.relativeGap ?? 0) > 0 && (run.gap ?? 0) > 1e-9
        ? 'feasible'
        : 'optimal'
      : 'timed out';
  // At an optimum the model's objective and the one recomputed from the schedule must agree; a
  // difference means the model and summarizeSchedule disagree about a soft term: claim no proof.
  const modelObjective =
    run?.objective !== null && run?.objective !== undefined ? run.objective + built.lp.constant : null;
  const recomputed = summarizeSchedule(input, assignments).objective;
  const mismatch =
    status === 'optimal' &&
    modelObjective !== null &&
    Math.abs(modelObjective - recomputed) > 1e-6 * Math.max(1, Math.abs(recomputed));
  if (mismatch) status = 'feasible';
  return finish(status, best.engine, assignments, {
    message: values
      ? mismatch
        ? `${notes}; the model's objective ${modelObjective} differs from the schedule's ${recomputed}, so optimality is not claimed`
        : notes
      : `No schedule found before the time limit (${notes}); returning locked assignments only.`,
    ...timing,
    ...(status !== 'optimal' && gapPercent !== undefined ? { gapPercent } : {}),
  });
}

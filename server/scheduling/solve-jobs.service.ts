// A solve is a job row (DESIGN.md "Architecture"): queued → running → done / failed / cancelled.
// While a job is queued or running its `activeKey` ("siteId:periodStart") is set, and the unique
// index on it lets only one solve per site-week exist: a second request for the same week finds the
// key taken (P2002) and joins the running job instead of starting a rival solve.
//
// At most `concurrency` jobs run at once across every process (SOLVE_CONCURRENCY, default the number
// of cores: each solve keeps a core busy, more would only slow all of them and the pages). A new job
// is inserted QUEUED and started only when a claim (one atomic UPDATE) finds a free slot; whenever a
// job ends, and on start-up, the process claims the next in line. The queue is the rows themselves,
// so it survives a restart and any instance may start a job queued by another.
//
// Progress, cancellation and the heartbeat live in the row, not in this process, so any app
// instance can show a job's progress or cancel it. The solve itself runs in the solver's worker
// threads; this module only waits for it and writes the outcome in one transaction.
import {
  explainGaps,
  lockedViolations,
  solveSchedule,
  type SolveProgress,
  type SolveResult,
} from '../../solver';
import { availableParallelism } from 'node:os';
import type { SolveJobKind } from '../../generated/prisma/enums';
import type { Db } from '../db/client';
import { NotFoundError } from '../http/errors';
import {
  archiveSchedule,
  claimQueuedSolveJob,
  createDraftSchedule,
  findActiveSolveJob,
  findSchedule,
  findSolveJob,
  finishQueuedSolveJob,
  finishSolveJob,
  insertSolveJob,
  findPublishedOf,
  listActiveSolveJobs,
  listAssignments,
  nextVersion,
  queuePositionOf,
  updateRunningSolveJob,
  updateSolveJob,
  type SolveJobRow,
} from './schedules.repository';
import {
  describeViolation,
  fromSolverAssignment,
  loadSolverInput,
  toSolverAssignments,
  type SolverInputContext,
} from './solver-input.service';
import { gapWords, type GapWords } from './gap-words';
import { fingerprintOf } from './solve-fingerprint';

/** How often a running job looks for a cancel request, ms. */
const TICK_MS = 1000;
/**
 * How often a running job writes its heartbeat and its newest progress to its row, ms. Every write
 * waits for SQLite's one writer, so a long solve writes only this often; its own pages read the
 * live progress from memory (progressOf). Job rows are not counted as data (server/db/change-counter.ts).
 */
const HEARTBEAT_MS = 5000;
/** A running job whose heartbeat is older than this belongs to a process that died. */
export const STALE_AFTER_MS = 30_000;
/** Grace after the solver's own time limit before the job gives up waiting for it, ms. */
const OVERRUN_GRACE_MS = 15_000;

export interface SolveRunOptions {
  /** Wall-clock limit of the solve, milliseconds. */
  timeLimitMs: number;
  /** Solves running at once across all processes; more wait in line. Default: the number of cores. */
  concurrency?: number;
}

export const DEFAULT_SOLVE_CONCURRENCY = availableParallelism();

export interface SolveRequest {
  siteId: number;
  periodStart: string;
  kind: SolveJobKind;
  userId: number | null;
  /** For RESOLVE: the schedule whose locked assignments are kept and whose assignments are the baseline. */
  baseScheduleId?: number;
}

/** Progress snapshot stored as JSON in SolveJob.progress. */
export interface JobProgress {
  phase: SolveProgress['phase'] | 'queued' | 'loading' | 'saving';
  engine: string | null;
  elapsedMs: number;
  message: string;
  bestObjective: number | null;
  timeLimitMs: number;
  /** ISO instant of the last sign of life of the process running the job. */
  heartbeatAt: string;
}

/** What a schedule keeps about the solve that produced it (Schedule.solverDetails). */
export interface SolverDetails {
  status: SolveResult['status'];
  message: string;
  objectiveTerms: SolveResult['objectiveTerms'];
  explanations: GapWords[];
  wallTimeMs: number;
  firstFeasibleMs: number | null;
  integerColumns: number;
  jobId: number;
  /** fingerprintOf the data the solve saw and the schedule it made (absent in solves saved before it existed). */
  inputFingerprint?: string;
  /** What the solve saved (solvedAssignmentsKey), so the page can tell once it was changed by hand. */
  solvedAssignments?: string;
}

/** The assignments of a schedule as one comparable text, independent of row order and ids. */
export function solvedAssignmentsKey(
  rows: { staffId: number; templateId: number; shiftDate: string; positionId: number }[],
): string {
  return rows
    .map((r) => `${r.shiftDate}:${r.templateId}:${r.staffId}:${r.positionId}`)
    .sort()
    .join(',');
}

const running = new Map<number, Promise<void>>();
/** Set on graceful shutdown: no further queued job starts in this process. */
let shuttingDown = false;

export function activeKeyOf(siteId: number, periodStart: string): string {
  return `${siteId}:${periodStart}`;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

/**
 * Queues a solve for a site-week and starts it if a slot is free, or joins the one already queued or
 * running for that week. Returns at once; the solve continues in the background and writes its
 * progress to the job row.
 */
export async function requestSolve(
  db: Db,
  request: SolveRequest,
  options: SolveRunOptions,
): Promise<{ jobId: number; joined: boolean }> {
  const activeKey = activeKeyOf(request.siteId, request.periodStart);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const jobId = await insertSolveJob(db, {
        siteId: request.siteId,
        periodStart: request.periodStart,
        kind: request.kind,
        activeKey,
        requestedById: request.userId,
        baseScheduleId: request.baseScheduleId ?? null,
      });
      await dispatchQueuedSolveJobs(db, options);
      return { jobId, joined: false };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const active = await findActiveSolveJob(db, activeKey);
      if (!active) continue;
      if (isStale(active)) {
        await failJob(db, active.id, 'The server running this solve stopped before it finished.');
        continue;
      }
      return { jobId: active.id, joined: true };
    }
  }
  throw new Error(`Could not start or join a solve for ${activeKey}`);
}

/**
 * Starts queued jobs, oldest first, while fewer than the cap are running. Called after a job is
 * queued, after one ends and on start-up; safe to call from any process at any time.
 */
export async function dispatchQueuedSolveJobs(db: Db, options: SolveRunOptions): Promise<number> {
  let started = 0;
  while (!shuttingDown) {
    const jobId = await claimQueuedSolveJob(db, options.concurrency ?? DEFAULT_SOLVE_CONCURRENCY);
    if (jobId === null) return started;
    const job = await findSolveJob(db, jobId);
    if (!job) continue;
    const request: SolveRequest = {
      siteId: job.siteId,
      periodStart: job.periodStart,
      kind: job.kind,
      userId: job.requestedById,
      ...(job.baseScheduleId !== null ? { baseScheduleId: job.baseScheduleId } : {}),
    };
    // The entry stays until the next in line has been claimed, so settleSolveJobs sees no gap.
    const run = (async () => {
      try {
        await runSolveJob(db, jobId, request, options);
        // A busy database must not crash the process from here: the next job to end, the next
        // request or the next start claims the waiting jobs instead.
        await dispatchQueuedSolveJobs(db, options).catch(() => 0);
      } finally {
        running.delete(jobId);
      }
    })();
    running.set(jobId, run);
    started += 1;
  }
  return started;
}

function heartbeatOf(job: Pick<SolveJobRow, 'progress' | 'startedAt' | 'createdAt'>): number {
  const progress = parseProgress(job.progress);
  if (progress) return Date.parse(progress.heartbeatAt);
  return (job.startedAt ?? job.createdAt).getTime();
}

/** A running job whose process has stopped writing its heartbeat; a queued job waits in line, never stale. */
function isStale(job: SolveJobRow, now = Date.now()): boolean {
  return job.status === 'RUNNING' && now - heartbeatOf(job) > STALE_AFTER_MS;
}

/**
 * Progress of the jobs this process is running, as it happens. The job row gets it with each
 * heartbeat (every few seconds, for other processes and for staleness); pages of a job running
 * here read it from memory, so they move every second without a database write per step.
 */
const liveProgress = new Map<number, { progress: JobProgress; started: number }>();

/** The newest progress of a job: from memory while this process runs it, else from its row. */
export function progressOf(job: Pick<SolveJobRow, 'id' | 'progress'>): JobProgress | null {
  const live = liveProgress.get(job.id);
  if (live) return { ...live.progress, elapsedMs: Date.now() - live.started };
  return parseProgress(job.progress);
}

export function parseProgress(json: string | null): JobProgress | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as JobProgress;
  } catch {
    return null;
  }
}

/**
 * Marks running jobs whose process has died as FAILED and frees their site-week; queued jobs keep
 * their place in line (dispatchQueuedSolveJobs starts them). Call on server start; with
 * `staleAfterMs: 0` (a single app instance) every running job is from a dead process. With several
 * instances keep the default, which only fails jobs without a recent heartbeat.
 */
export async function failStaleSolveJobs(db: Db, staleAfterMs: number = STALE_AFTER_MS): Promise<number> {
  const now = Date.now();
  let failed = 0;
  for (const job of await listActiveSolveJobs(db)) {
    if (running.has(job.id) || job.status !== 'RUNNING') continue;
    if (now - heartbeatOf(job) < staleAfterMs) continue;
    if (await failJob(db, job.id, 'The server stopped while this solve was running; generate again.'))
      failed += 1;
  }
  return failed;
}

async function failJob(db: Db, jobId: number, message: string): Promise<boolean> {
  return finishSolveJob(db, jobId, { status: 'FAILED', error: message });
}

/**
 * Ends a queued job at once; asks a running one to stop (the process running it notices within a
 * second).
 */
export async function cancelSolveJob(db: Db, jobId: number): Promise<SolveJobRow> {
  const job = await findSolveJob(db, jobId);
  if (!job) throw new NotFoundError();
  if (job.status === 'QUEUED') {
    if (await finishQueuedSolveJob(db, jobId, { status: 'CANCELLED', error: 'Cancelled by a manager.' }))
      return job;
    // Claimed meanwhile: it is running now, so ask it to stop like any running job.
  }
  if (job.status === 'QUEUED' || job.status === 'RUNNING') {
    await updateSolveJob(db, jobId, { cancelRequested: true });
    // A job whose process is gone would never notice the request: end it here.
    if (!running.has(jobId) && isStale(job))
      await finishSolveJob(db, jobId, { status: 'CANCELLED', error: 'Cancelled.' });
  }
  return job;
}

/**
 * Asks every job this process is running to stop (graceful shutdown); they end CANCELLED. Jobs
 * waiting in line stay queued for the next start instead of starting as these end.
 */
export async function cancelRunningSolveJobs(db: Db): Promise<number> {
  shuttingDown = true;
  const ids = [...running.keys()];
  for (const id of ids) await updateSolveJob(db, id, { cancelRequested: true });
  return ids.length;
}

/** Resolves when every job started by this process has ended (tests, graceful shutdown). */
export async function settleSolveJobs(): Promise<void> {
  while (running.size > 0) await Promise.allSettled([...running.values()]);
}

/** A queued job's place in line (1 = starts next); null once it runs or has ended. */
export async function queuePosition(db: Db, job: Pick<SolveJobRow, 'id' | 'status'>): Promise<number | null> {
  return queuePositionOf(db, job);
}

export async function getSolveJob(db: Db, jobId: number): Promise<SolveJobRow> {
  const job = await findSolveJob(db, jobId);
  if (!job) throw new NotFoundError();
  return job;
}

async function runSolveJob(
  db: Db,
  jobId: number,
  request: SolveRequest,
  options: SolveRunOptions,
): Promise<void> {
  const started = Date.now();
  const progress: JobProgress = {
    phase: 'loading',
    engine: null,
    elapsedMs: 0,
    message: 'Reading staff, credentials and availability',
    bestObjective: null,
    timeLimitMs: options.timeLimitMs,
    heartbeatAt: new Date().toISOString(),
  };
  liveProgress.set(jobId, { progress, started });
  let cancelled = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let resolveCancel: () => void = () => undefined;
  const cancelSeen = new Promise<'cancelled'>((resolve) => (resolveCancel = () => resolve('cancelled')));

  const writeProgress = async (): Promise<void> => {
    progress.elapsedMs = Date.now() - started;
    progress.heartbeatAt = new Date().toISOString();
    await updateRunningSolveJob(db, jobId, {
      progress: JSON.stringify(progress),
      ...(progress.engine ? { engine: progress.engine } : {}),
      ...(progress.bestObjective !== null ? { bestObjective: progress.bestObjective } : {}),
    });
  };
  // One loop writes the heartbeat (and any newer progress) and looks for a cancel request, so the
  // worker's progress events never turn into a write per event.
  const tick = async (): Promise<void> => {
    try {
      if (Date.now() - Date.parse(progress.heartbeatAt) >= HEARTBEAT_MS) await writeProgress();
      const job = await findSolveJob(db, jobId);
      if (!job || job.cancelRequested || (job.status !== 'RUNNING' && job.status !== 'QUEUED')) {
        cancelled = true;
        resolveCancel();
        return;
      }
    } catch {
      // A busy database skips one heartbeat; the next tick tries again.
    }
    if (!stopped) timer = setTimeout(() => void tick(), TICK_MS);
  };
  const stopTicking = (): void => {
    stopped = true;
    clearTimeout(timer);
  };

  try {
    await updateSolveJob(db, jobId, {
      status: 'RUNNING',
      startedAt: new Date(),
      progress: JSON.stringify(progress),
    });
    void tick();
    const ctx = await loadContext(db, request);
    // Locks the solver must keep but cannot (a credential expired since, time off approved…): say which,
    // in the pages' words. The solver would answer `infeasible` with the same violations.
    const lockProblems = lockedViolations(ctx.input);
    if (lockProblems.length > 0) {
      stopTicking();
      await failJob(
        db,
        jobId,
        `Locked assignments break hard rules: ${lockProblems.map((v) => describeViolation(ctx, v.message)).join(' ')} Unlock or change them, then re-solve.`,
      );
      return;
    }
    progress.phase = 'building';
    progress.message = `${ctx.input.shifts.length} shifts, ${ctx.input.staff.length} staff`;

    // A cancel request stops the solver's engines (their workers are freed at once); the job ends
    // CANCELLED without waiting, and the partial result the solver still resolves with is dropped.
    const abort = new AbortController();
    void cancelSeen.then(() => abort.abort());
    const solve = solveSchedule(ctx.input, {
      timeLimitMs: options.timeLimitMs,
      signal: abort.signal,
      onProgress: (p) => {
        progress.phase = p.phase;
        progress.engine = p.engine;
        progress.message = p.message ?? progress.message;
        const objective = p.bestObjective;
        if (
          objective !== undefined &&
          (progress.bestObjective === null || objective < progress.bestObjective)
        ) {
          progress.bestObjective = objective;
        }
      },
    });
    solve.catch(() => undefined);
    let overrun: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<'overrun'>((resolve) => {
      overrun = setTimeout(() => resolve('overrun'), options.timeLimitMs + OVERRUN_GRACE_MS);
    });
    const outcome = await Promise.race([solve, cancelSeen, gaveUp]).finally(() => clearTimeout(overrun));
    stopTicking();
    if (outcome === 'overrun') abort.abort();

    if (outcome === 'cancelled' || cancelled) {
      await finishSolveJob(db, jobId, { status: 'CANCELLED', error: 'Cancelled by a manager.' });
      return;
    }
    if (outcome === 'overrun') {
      await failJob(
        db,
        jobId,
        `The solver did not answer within ${Math.round(options.timeLimitMs / 1000)} s.`,
      );
      return;
    }
    progress.phase = 'saving';
    await saveResult(db, jobId, request, ctx, outcome, options, started);
  } catch (error) {
    stopTicking();
    const message = error instanceof Error ? error.message : String(error);
    await failJob(db, jobId, `The solve failed: ${message}`).catch(() => undefined);
  } finally {
    liveProgress.delete(jobId);
  }
}

/**
 * The solve's input. Once the week has been published, shifts that have started are frozen with the
 * people of the version the solve starts from (the published one for a generate) and changes inside
 * the notice window cost more; the people called in by a call-out repair
 * (source REPAIR) stay, like locks, unless they have since become unavailable themselves.
 */
async function loadContext(db: Db, request: SolveRequest): Promise<SolverInputContext> {
  // Only a week that has been published has been worked: a week never published (the demo's first
  // week, generated mid-week on first start) is planned whole.
  const published = (await findPublishedOf(db, request.siteId, request.periodStart)) !== null;
  const clock = published ? { now: new Date() } : {};
  if (request.baseScheduleId === undefined) {
    return loadSolverInput(db, request.siteId, request.periodStart, { previousFrom: 'published', ...clock });
  }
  const base = await listAssignments(db, request.baseScheduleId);
  const ctx = await loadSolverInput(db, request.siteId, request.periodStart, {
    locked: base.filter((a) => a.locked),
    previousFrom: request.baseScheduleId,
    ...clock,
  });
  const calledIn = toSolverAssignments(
    ctx,
    base.filter((a) => a.source === 'REPAIR' && !a.locked),
  ).filter(
    (a) => ctx.input.staff.find((p) => p.id === a.staff)?.availability?.[a.shift]?.status !== 'unavailable',
  );
  if (calledIn.length === 0) return ctx;
  const locked = ctx.input.locked ?? [];
  const known = new Set(locked.map((a) => `${a.staff}|${a.shift}|${a.position}`));
  return {
    ...ctx,
    input: {
      ...ctx.input,
      locked: [...locked, ...calledIn.filter((a) => !known.has(`${a.staff}|${a.shift}|${a.position}`))],
    },
  };
}

async function saveResult(
  db: Db,
  jobId: number,
  request: SolveRequest,
  ctx: SolverInputContext,
  result: SolveResult,
  options: SolveRunOptions,
  started: number,
): Promise<void> {
  const lockedCount = ctx.input.locked?.length ?? 0;
  const demanded = ctx.input.demands.some((d) => d.min > 0);
  if (result.status === 'infeasible') {
    await failJob(db, jobId, result.message);
    return;
  }
  // Never saved as a draft, and never called a time-out: the result broke a rule the checker knows.
  if (result.status === 'unverified') {
    await failJob(
      db,
      jobId,
      `The solver's schedule broke a hard rule, so it was not saved. ${result.message}`,
    );
    return;
  }
  if (result.status === 'timed out' && demanded && result.assignments.length <= lockedCount) {
    await failJob(
      db,
      jobId,
      `No schedule was found within ${Math.round(options.timeLimitMs / 1000)} s. ${result.message}`,
    );
    return;
  }

  const details: SolverDetails = {
    status: result.status,
    message: result.message,
    objectiveTerms: result.objectiveTerms,
    explanations: explainGaps(ctx.input, result).map((e) => gapWords(ctx.input, e)),
    wallTimeMs: result.wallTimeMs,
    firstFeasibleMs: result.firstFeasibleMs ?? null,
    integerColumns: result.modelSize.ints,
    jobId,
    inputFingerprint: fingerprintOf(ctx.input, result.assignments),
  };
  const base = request.baseScheduleId !== undefined ? await findSchedule(db, request.baseScheduleId) : null;
  const baseRows =
    request.baseScheduleId !== undefined ? await listAssignments(db, request.baseScheduleId) : [];
  // A kept assignment keeps its lock and its source (a call-out's REPAIR stays one for the next re-solve).
  const baseByKey = new Map(
    baseRows.map((a) => [`${a.staffId}:${a.templateId}:${a.shiftDate}:${a.positionId}`, a]),
  );
  const rows = result.assignments.map((a) => {
    const fact = fromSolverAssignment(ctx, a);
    const kept = baseByKey.get(`${fact.staffId}:${fact.templateId}:${fact.shiftDate}:${fact.positionId}`);
    return { ...fact, locked: kept?.locked === true, source: kept?.source ?? ('SOLVER' as const) };
  });
  details.solvedAssignments = solvedAssignmentsKey(rows);

  await db.$transaction(async (tx) => {
    const job = await findSolveJob(tx, jobId);
    if (!job || job.status !== 'RUNNING' || job.cancelRequested) {
      await finishSolveJob(tx, jobId, { status: 'CANCELLED', error: 'Cancelled by a manager.' });
      return;
    }
    const scheduleId = await createDraftSchedule(
      tx,
      {
        siteId: request.siteId,
        periodStart: ctx.periodStart,
        periodEnd: ctx.periodEnd,
        version: await nextVersion(tx, request.siteId, ctx.periodStart),
        // A re-solved draft hands on its own lineage, so publishing the result still replaces the right version.
        basedOnId: base ? (base.status === 'DRAFT' ? base.basedOnId : base.id) : null,
        createdById: request.userId,
        solverStatus: result.status,
        solverEngine: result.engine,
        objective: result.objective,
        gapPercent: result.gapPercent ?? null,
        solveMillis: result.solveTimeMs,
        modelRows: result.modelSize.rows,
        modelColumns: result.modelSize.cols,
        solverDetails: JSON.stringify(details),
      },
      rows,
    );
    // A re-solved draft is replaced by its successor; a published base stays published until the new draft is.
    if (base?.status === 'DRAFT') await archiveSchedule(tx, base.id);
    await updateSolveJob(tx, jobId, {
      progress: JSON.stringify({
        phase: 'done',
        engine: result.engine,
        elapsedMs: Date.now() - started,
        message: result.message,
        bestObjective: result.objective,
        timeLimitMs: options.timeLimitMs,
        heartbeatAt: new Date().toISOString(),
      } satisfies JobProgress),
      engine: result.engine,
      bestObjective: result.objective,
    });
    await finishSolveJob(tx, jobId, { status: 'DONE', scheduleId, error: null });
  });
}

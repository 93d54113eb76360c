// A solve is a job row, so it survives a restart and every instance sees it: queued → running → done / failed / cancelled.
// While a job is queued or running its `activeKey` ("siteId:periodStart") is set, and the unique
// index on it lets only one solve per site-week exist: a second request for the same week finds the
// key taken (P2002) and joins the running job instead of starting a rival solve.
//
// Who runs the jobs (SOLVER_MODE): `inline` (the default, one pharmacy) — the web process itself, at
// most `concurrency` jobs at once across every process (SOLVE_CONCURRENCY, default the number of
// cores: each solve keeps a core busy, more would only slow all of them and the pages); `worker` (a
// chain) — only `npm run worker` processes (server/worker.ts), each running `workerSlots` at a time;
// the web instances queue jobs and wake the workers. Either way a job is inserted QUEUED and started
// only when a claim (solve-claims.repository) takes it; whenever a job ends, and on start-up, the
// process claims the next in line. At most `siteCap` jobs of one site run at once (SOLVE_SITE_CAP),
// so one store's burst of weeks cannot hold every slot while other stores wait. The queue is the
// rows themselves, so it survives a restart and any process may start a job queued by another.
// A process that dies leaves its job RUNNING with a heartbeat that stops: the reaper
// (reapStaleSolveJobs, run by workers) queues it again, or fails it after `maxAttempts` claims.
//
// Progress, cancellation and the heartbeat live in the row, not in this process, so any app
// instance can show a job's progress or cancel it. The solve itself runs in the solver's worker
// threads; this module only waits for it and writes the outcome in one transaction.
import { type SolveProgress, type SolveResult } from '../../solver';
import { randomBytes } from 'node:crypto';
import { availableParallelism, hostname } from 'node:os';
import type { SolveJobKind } from '../../generated/prisma/enums';
import type { Db } from '../db/client';
import { NotFoundError } from '../http/errors';
import {
  findActiveSolveJob,
  findSolveJob,
  finishQueuedSolveJob,
  finishSolveJob,
  insertSolveJob,
  listActiveSolveJobs,
  queuePositionOf,
  updateSolveJob,
  type SolveJobRow,
} from './solve-jobs.repository';
import {
  claimNextSolveJob,
  failStaleSolveJob,
  listStaleRunningSolveJobs,
  notifySolveQueue,
  releaseSolveJobs,
  requeueStaleSolveJob,
} from './solve-claims.repository';
import { type GapWords } from './gap-words';
import { failJob, liveProgress, runSolveJob, STALE_AFTER_MS } from './solve-run.service';

export { STALE_AFTER_MS };
export type SolverMode = 'inline' | 'worker';
export interface SolveRunOptions {
  /** Wall-clock limit of the solve, milliseconds. */
  timeLimitMs: number;
  /** Inline: solves running at once across all processes; more wait in line. Default: the number of cores. */
  concurrency?: number;
  /** Solves of one site running at once across all processes. Default DEFAULT_SITE_CAP. */
  siteCap?: number;
  /** Who runs solves: this web process (inline, the default) or `npm run worker` processes. */
  mode?: SolverMode;
  /** Set in a worker process only: the solves it runs at once (it claims while it has a free slot). */
  workerSlots?: number;
  /** A running job whose heartbeat is older than this belongs to a process that died. Default STALE_AFTER_MS. */
  staleAfterMs?: number;
  /** Claims of one job at most (SOLVE_MAX_ATTEMPTS): a solve whose week changed under it runs again until then. */
  maxAttempts?: number;
}

export const DEFAULT_SOLVE_CONCURRENCY = availableParallelism();
export const DEFAULT_SITE_CAP = 2;
/** This process, as written on the jobs it claims. */
export const PROCESS_ID = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

export interface SolveRequest {
  siteId: number;
  periodStart: string;
  kind: SolveJobKind;
  userId: number | null;
  /** For RESOLVE: the schedule whose locked assignments are kept and whose assignments are the baseline. */
  baseScheduleId?: number;
  /**
   * For GENERATE: solve every site of the site's district (`district`, its name) together, so floaters
   * go where they are needed most; each site gets its own draft.
   */
  district?: string;
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

/** Jobs started here, until the next in line has been claimed after them (settleSolveJobs waits for these). */
const running = new Map<number, Promise<void>>();
/** Jobs whose solve is under way here (a worker's slots). */
const solving = new Set<number>();
let dispatching: Promise<number> | null = null;
let dispatchAgain = false;
/** Set on graceful shutdown: no further queued job starts in this process. */
let shuttingDown = false;

export function activeKeyOf(siteId: number, periodStart: string, district?: string): string {
  return district !== undefined ? `district:${district}:${periodStart}` : `${siteId}:${periodStart}`;
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
  const activeKey = activeKeyOf(request.siteId, request.periodStart, request.district);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const jobId = await insertSolveJob(db, {
        siteId: request.siteId,
        periodStart: request.periodStart,
        kind: request.kind,
        activeKey,
        requestedById: request.userId,
        baseScheduleId: request.baseScheduleId ?? null,
        district: request.district !== undefined,
      });
      await dispatchQueuedSolveJobs(db, options);
      return { jobId, joined: false };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const active = await findActiveSolveJob(db, activeKey);
      if (!active) continue;
      // With workers the reaper takes a dead worker's job back and another runs it: join it.
      if (options.mode !== 'worker' && isStale(active, options.staleAfterMs)) {
        await failJob(db, active.id, 'The server running this solve stopped before it finished.');
        continue;
      }
      return { jobId: active.id, joined: true };
    }
  }
  throw new Error(`Could not start or join a solve for ${activeKey}`);
}

/**
 * Starts queued jobs, oldest first, while a slot is free. Called after a job is queued, after one
 * ends and on start-up; safe to call from any process at any time. A web instance in worker mode
 * only wakes the workers. Calls overlapping in one process run one claim loop, which goes round
 * once more for the calls it absorbed.
 */
export async function dispatchQueuedSolveJobs(db: Db, options: SolveRunOptions): Promise<number> {
  if (options.mode === 'worker' && options.workerSlots === undefined) {
    await notifySolveQueue(db);
    return 0;
  }
  if (dispatching) {
    dispatchAgain = true;
    return 0;
  }
  dispatching = (async () => {
    let started = 0;
    do {
      dispatchAgain = false;
      started += await claimWhileFree(db, options);
    } while (dispatchAgain && !shuttingDown);
    return started;
  })();
  try {
    return await dispatching;
  } finally {
    dispatching = null;
  }
}

async function claimWhileFree(db: Db, options: SolveRunOptions): Promise<number> {
  let started = 0;
  while (!shuttingDown) {
    if (options.workerSlots !== undefined && solving.size >= options.workerSlots) return started;
    const claim = await claimNextSolveJob(db, {
      siteCap: options.siteCap ?? DEFAULT_SITE_CAP,
      totalCap: options.workerSlots === undefined ? (options.concurrency ?? DEFAULT_SOLVE_CONCURRENCY) : null,
      workerId: PROCESS_ID,
    });
    if (claim === null) return started;
    const job = await findSolveJob(db, claim.jobId);
    if (!job) continue;
    const request: SolveRequest = {
      siteId: job.siteId,
      periodStart: job.periodStart,
      kind: job.kind,
      userId: job.requestedById,
      ...(job.baseScheduleId !== null ? { baseScheduleId: job.baseScheduleId } : {}),
      ...(job.district && job.site.district !== null ? { district: job.site.district } : {}),
    };
    solving.add(claim.jobId);
    // The entry stays until the next in line has been claimed, so settleSolveJobs sees no gap.
    const run = (async () => {
      try {
        try {
          await runSolveJob(db, claim, request, options);
        } finally {
          solving.delete(claim.jobId);
        }
        // A slot and a place under the site's cap are free: this process and any waiting worker
        // take the next. A busy database must not crash the process from here: the next job to
        // end, the next request, the workers' polling or the next start claim it instead.
        await notifySolveQueue(db).catch(() => undefined);
        await dispatchQueuedSolveJobs(db, options).catch(() => 0);
      } finally {
        running.delete(claim.jobId);
      }
    })();
    running.set(claim.jobId, run);
    started += 1;
  }
  return started;
}

function heartbeatOf(job: Pick<SolveJobRow, 'heartbeatAt' | 'progress' | 'startedAt' | 'createdAt'>): number {
  if (job.heartbeatAt) return job.heartbeatAt.getTime();
  const progress = parseProgress(job.progress);
  if (progress) return Date.parse(progress.heartbeatAt);
  return (job.startedAt ?? job.createdAt).getTime();
}

/** A running job whose process has stopped writing its heartbeat; a queued job waits in line, never stale. */
function isStale(job: SolveJobRow, staleAfterMs = STALE_AFTER_MS, now = Date.now()): boolean {
  return job.status === 'RUNNING' && now - heartbeatOf(job) > staleAfterMs;
}

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
  while (running.size > 0 || dispatching) await Promise.allSettled([...running.values(), dispatching]);
}

/**
 * The reaper: running jobs whose heartbeat stopped more than `staleAfterMs` ago (their process was
 * killed, lost its machine or its database connection) are queued again for another worker, or
 * FAILED once they have been claimed `maxAttempts` times — a job that kills every process running
 * it must not go round for ever. Safe to run in every process at once: each change is conditional
 * on the row being unchanged since it was found stale.
 */
export async function reapStaleSolveJobs(
  db: Db,
  { staleAfterMs, maxAttempts }: { staleAfterMs: number; maxAttempts: number },
): Promise<{ requeued: number[]; failed: number[] }> {
  const before = new Date(Date.now() - staleAfterMs);
  const requeued: number[] = [];
  const failed: number[] = [];
  for (const job of await listStaleRunningSolveJobs(db, before)) {
    // This process is alive: a late beat of its own is not a death.
    if (running.has(job.id)) continue;
    if (job.attempts >= maxAttempts) {
      const error = `The solve was started ${job.attempts} times and each time the process running it stopped; generate again.`;
      if (await failStaleSolveJob(db, job, before, error)) failed.push(job.id);
    } else if (await requeueStaleSolveJob(db, job, before)) {
      requeued.push(job.id);
    }
  }
  if (requeued.length > 0) await notifySolveQueue(db);
  return { requeued, failed };
}

/**
 * A stopping worker: claims nothing more and puts the jobs it holds back in line, for another
 * worker to run from the start (their solves die with this process).
 */
export async function releaseHeldSolveJobs(db: Db): Promise<number> {
  shuttingDown = true;
  const released = await releaseSolveJobs(db, PROCESS_ID);
  if (released > 0) await notifySolveQueue(db);
  return released;
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

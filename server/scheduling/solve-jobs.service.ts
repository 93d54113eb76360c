// A solve is a job row, so it survives a restart and every instance sees it: queued → running → done / failed / cancelled.
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
import { type SolveProgress, type SolveResult } from '../../solver';
import { availableParallelism } from 'node:os';
import type { SolveJobKind } from '../../generated/prisma/enums';
import type { Db } from '../db/client';
import { NotFoundError } from '../http/errors';
import {
  claimQueuedSolveJob,
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
import { type GapWords } from './gap-words';
import { failJob, liveProgress, runSolveJob } from './solve-run.service';

/** A running job whose heartbeat is older than this belongs to a process that died. */
export const STALE_AFTER_MS = 30_000;
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

const running = new Map<number, Promise<void>>();
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
      ...(job.district && job.site.district !== null ? { district: job.site.district } : {}),
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

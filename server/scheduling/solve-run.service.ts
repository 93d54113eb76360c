// Running one claimed solve job: heartbeat, cancel, solver call, and saving its result as a draft schedule.
import { withWeekLock } from '../db/locks';
import { explainGaps, lockedViolations, solveSchedule, type SolveResult } from '../../solver';
import type { Db, Tx } from '../db/client';
import { findDoubleBookingsAtSave } from './double-booking.service';
import { solvedAssignmentsKey } from './solve-fingerprint';
import { loadDistrictContext, saveDistrictResult } from './district-solve.service';
import {
  archiveSchedule,
  createDraftSchedule,
  findSchedule,
  findPublishedIdOf,
  findHighestVersion,
} from './schedules.repository';
import { findSolveJob, finishSolveJob, updateRunningSolveJob } from './solve-jobs.repository';
import type { SolveClaim } from './solve-claims.repository';
import { listAssignments } from './assignments.repository';
import {
  describeViolation,
  fromSolverAssignment,
  ownAssignments,
  toSolverAssignments,
  type SolverInputContext,
} from './week-facts';
import { loadSolverInput } from './solver-input.service';
import { gapWords } from './gap-words';
import { markSolveDone, solveAgainOrFail } from './solve-done';
import { fingerprintOf } from './solve-fingerprint';
import type { JobProgress, SolveRequest, SolveRunOptions, SolverDetails } from './solve-jobs.service';

/** A running job whose heartbeat is older than this belongs to a process that died. */
export const STALE_AFTER_MS = 30_000;
/** How often a running job looks for a cancel request, ms. */
const TICK_MS = 1000;
/**
 * How often a running job writes its heartbeat and its newest progress to its row, ms (at most; a
 * third of the staleness limit when that is shorter). Every write waits for SQLite's one writer, so
 * a long solve writes only this often; its own pages read the live progress from memory
 * (progressOf). Job rows are not counted as data (server/db/change-counter.ts).
 */
const HEARTBEAT_MS = 5000;
/** Grace after the solver's own time limit before the job gives up waiting for it, ms. */
const OVERRUN_GRACE_MS = 15_000;

/**
 * Progress of the jobs this process is running, as it happens. The job row gets it with each
 * heartbeat (every few seconds, for other processes and for staleness); pages of a job running
 * here read it from memory, so they move every second without a database write per step.
 */
export const liveProgress = new Map<number, { progress: JobProgress; started: number }>();

export async function failJob(db: Db | Tx, jobId: number, message: string): Promise<boolean> {
  return finishSolveJob(db, jobId, { status: 'FAILED', error: message });
}

/**
 * Runs a job this process has claimed. Every write is made under the claim: if the job was taken
 * back meanwhile (its heartbeat was presumed dead and another process re-runs it), this run stops
 * and writes nothing more.
 */
export async function runSolveJob(
  db: Db,
  claim: SolveClaim,
  request: SolveRequest,
  options: SolveRunOptions,
): Promise<void> {
  const { jobId, attempt } = claim;
  const heartbeatMs = Math.min(HEARTBEAT_MS, (options.staleAfterMs ?? STALE_AFTER_MS) / 3);
  const endJob = (data: Parameters<typeof finishSolveJob>[2]) => finishSolveJob(db, jobId, data, attempt);
  const fail = (error: string) => endJob({ status: 'FAILED', error });
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
    await updateRunningSolveJob(db, jobId, attempt, {
      progress: JSON.stringify(progress),
      ...(progress.engine ? { engine: progress.engine } : {}),
      ...(progress.bestObjective !== null ? { bestObjective: progress.bestObjective } : {}),
    });
  };
  // One loop writes the heartbeat (and any newer progress) and looks for a cancel request, so the
  // worker's progress events never turn into a write per event.
  const tick = async (): Promise<void> => {
    try {
      if (Date.now() - Date.parse(progress.heartbeatAt) >= heartbeatMs) await writeProgress();
      const job = await findSolveJob(db, jobId);
      if (!job || job.cancelRequested || job.status !== 'RUNNING' || job.attempts !== attempt) {
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
    await updateRunningSolveJob(db, jobId, attempt, { progress: JSON.stringify(progress) });
    void tick();
    const district = request.district !== undefined ? await loadDistrictContext(db, request) : null;
    const ctx = district?.sites[0] ?? (await loadContext(db, request));
    const input = district?.input ?? ctx.input;
    // Locks the solver must keep but cannot (a credential expired since, time off approved…): say which,
    // in the pages' words. The solver would answer `infeasible` with the same violations.
    const lockProblems = lockedViolations(input);
    if (lockProblems.length > 0) {
      stopTicking();
      await fail(
        `Locked assignments break hard rules: ${lockProblems.map((v) => describeViolation(ctx, v.message)).join(' ')} Unlock or change them, then re-solve.`,
      );
      return;
    }
    progress.phase = 'building';
    progress.message = `${input.shifts.length} shifts, ${input.staff.length} staff`;

    // A cancel request stops the solver's engines (their workers are freed at once); the job ends
    // CANCELLED without waiting, and the partial result the solver still resolves with is dropped.
    const abort = new AbortController();
    void cancelSeen.then(() => abort.abort());
    const solve = solveSchedule(input, {
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
      // Under the claim: a job taken back meanwhile is left to the process that re-runs it.
      await endJob({ status: 'CANCELLED', error: 'Cancelled by a manager.' });
      return;
    }
    if (outcome === 'overrun') {
      await fail(`The solver did not answer within ${Math.round(options.timeLimitMs / 1000)} s.`);
      return;
    }
    progress.phase = 'saving';
    if (district) await saveDistrictResult(db, claim, request, district, outcome, options, started);
    else await saveSolveResult(db, claim, request, ctx, outcome, options, started);
  } catch (error) {
    stopTicking();
    const message = error instanceof Error ? error.message : String(error);
    await fail(`The solve failed: ${message}`).catch(() => undefined);
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
  const published = (await findPublishedIdOf(db, request.siteId, request.periodStart)) !== null;
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

/** Saves a one-site solve's schedule as a new draft, under the claim and the site-week lock. */
export async function saveSolveResult(
  db: Db,
  { jobId, attempt }: SolveClaim,
  request: SolveRequest,
  ctx: SolverInputContext,
  result: SolveResult,
  options: SolveRunOptions,
  started: number,
): Promise<void> {
  const lockedCount = ctx.input.locked?.length ?? 0;
  const demanded = ctx.input.demands.some((d) => d.min > 0);
  const fail = (error: string) => finishSolveJob(db, jobId, { status: 'FAILED', error }, attempt);
  if (result.status === 'infeasible') {
    await fail(result.message);
    return;
  }
  // Never saved as a draft, and never called a time-out: the result broke a rule the checker knows.
  if (result.status === 'unverified') {
    await fail(`The solver's schedule broke a hard rule, so it was not saved. ${result.message}`);
    return;
  }
  if (result.status === 'timed out' && demanded && result.assignments.length <= lockedCount) {
    await fail(`No schedule was found within ${Math.round(options.timeLimitMs / 1000)} s. ${result.message}`);
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
  // The people's fixed shifts at other sites stay theirs: only this site's shifts are saved here.
  const rows = ownAssignments(ctx, result.assignments).map((a) => {
    const fact = fromSolverAssignment(ctx, a);
    const kept = baseByKey.get(`${fact.staffId}:${fact.templateId}:${fact.shiftDate}:${fact.positionId}`);
    return { ...fact, locked: kept?.locked === true, source: kept?.source ?? ('SOLVER' as const) };
  });
  details.solvedAssignments = solvedAssignmentsKey(rows);

  await db.$transaction(async (tx) => {
    await withWeekLock(tx, request.siteId, ctx.periodStart);
    const job = await findSolveJob(tx, jobId);
    // Taken back (its heartbeat was presumed dead) and queued or run again: that run saves it.
    if (job?.status === 'QUEUED' || (job?.status === 'RUNNING' && job.attempts !== attempt)) return;
    if (!job || job.status !== 'RUNNING' || job.cancelRequested) {
      await finishSolveJob(tx, jobId, { status: 'CANCELLED', error: 'Cancelled by a manager.' }, attempt);
      return;
    }
    const doubleBooked = await findDoubleBookingsAtSave(tx, ctx, rows);
    if (doubleBooked.length > 0) {
      await solveAgainOrFail(tx, { jobId, attempt }, doubleBooked, options);
      return;
    }
    const scheduleId = await createDraftSchedule(
      tx,
      {
        siteId: request.siteId,
        periodStart: ctx.periodStart,
        periodEnd: ctx.periodEnd,
        version: (await findHighestVersion(tx, request.siteId, ctx.periodStart)) + 1,
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
    await markSolveDone(tx, jobId, result, options, started, scheduleId, attempt);
  });
}

// The last step of a solve's save, shared by the one-site and the district save: the job's progress
// says "done" with the engine's figures and the job points at the schedule it made — or, when a
// floater's week changed under the solve, the job goes back in line to be solved again.
import type { SolveResult } from '../../solver';
import type { Tx } from '../db/client';
import { doubleBookedMessage } from './double-booking.service';
import { requeueClaimedSolveJob, type SolveClaim } from './solve-claims.repository';
import { finishSolveJob, updateSolveJob } from './solve-jobs.repository';
import type { JobProgress, SolveRunOptions } from './solve-jobs.service';

/** Claims of one job at most, when SolveRunOptions.maxAttempts is not given (SOLVE_MAX_ATTEMPTS). */
export const DEFAULT_MAX_ATTEMPTS = 3;

export async function markSolveDone(
  tx: Tx,
  jobId: number,
  result: SolveResult,
  options: SolveRunOptions,
  started: number,
  scheduleId: number | null,
  attempt?: number,
): Promise<void> {
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
  await finishSolveJob(tx, jobId, { status: 'DONE', scheduleId, error: null }, attempt);
}

/**
 * The solve planned a floater into a shift that overlaps one they were given at another site while
 * it ran (a sibling store's solve or an edit saved first). Its input was stale, not wrong: the job
 * goes back in line, keeping its place, and runs again on the week as it now is — until it has been
 * claimed `maxAttempts` times; then it fails and says who would have been double-booked.
 */
export async function solveAgainOrFail(
  tx: Tx,
  claim: SolveClaim,
  problems: string[],
  options: SolveRunOptions,
): Promise<void> {
  if (claim.attempt < (options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
    const progress: JobProgress = {
      phase: 'queued',
      engine: null,
      elapsedMs: 0,
      message: `Solving again: a floater's week at another site changed during the solve. ${problems.join(' ')}`,
      bestObjective: null,
      timeLimitMs: options.timeLimitMs,
      heartbeatAt: new Date().toISOString(),
    };
    await requeueClaimedSolveJob(tx, claim, JSON.stringify(progress));
    return;
  }
  await finishSolveJob(
    tx,
    claim.jobId,
    { status: 'FAILED', error: doubleBookedMessage(problems) },
    claim.attempt,
  );
}

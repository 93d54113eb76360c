// The last step of a saved solve, shared by the one-site and the district save: the job's progress
// says "done" with the engine's figures, and the job points at the schedule it made.
import type { SolveResult } from '../../solver';
import type { Tx } from '../db/client';
import { finishSolveJob, updateSolveJob } from './solve-jobs.repository';
import type { JobProgress, SolveRunOptions } from './solve-jobs.service';

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

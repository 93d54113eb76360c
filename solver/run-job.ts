// Runs one engine on one model and reports through `post`: used inside the solve worker, and on the
// calling thread for `inThread` solves. Every better schedule is posted as soon as it is found, because
// the parent may terminate the worker at its wall-clock limit.
import type { LpModel } from './model';
import type { EngineName } from './types';
import type { EngineRun } from './engines/engine';
import { solveWithHighs } from './engines/highs';
import { solveWithJslp } from './engines/jslp';

export interface WorkerJob {
  id: number;
  engine: EngineName;
  lp: LpModel;
  /** Epoch milliseconds by which the engine must have stopped (worker start-up counts against it). */
  engineDeadline: number;
  relativeGap: number;
  /** HiGHS presolve on (default) or off. */
  presolve?: boolean;
  /** Warm-up only: compile HiGHS eagerly (see engines/highs.ts). */
  compileEagerly?: boolean;
  /** Shared flag (SharedArrayBuffer): set to 1 by the parent to ask the engine to stop early. */
  stop?: Int32Array;
}

export type WorkerMessage =
  | { type: 'progress'; id: number; message: string }
  | { type: 'incumbent'; id: number; values: number[]; objective: number; atMs: number }
  | { type: 'done'; id: number; run: EngineRun; engineMs: number }
  | { type: 'failed'; id: number; error: string };

export async function runJob(job: WorkerJob, post: (m: WorkerMessage) => void): Promise<void> {
  const started = Date.now();
  const hooks = {
    timeLimitMs: Math.max(1, job.engineDeadline - Date.now()),
    relativeGap: job.relativeGap,
    ...(job.presolve === false ? { presolve: false } : {}),
    ...(job.compileEagerly ? { compileEagerly: true } : {}),
    shouldStop: () => (job.stop ? Atomics.load(job.stop, 0) === 1 : false),
    onIncumbent: (values: number[], objective: number) =>
      post({ type: 'incumbent', id: job.id, values, objective, atMs: Date.now() - started }),
    onProgress: (message: string) => post({ type: 'progress', id: job.id, message }),
  };
  try {
    const run = job.engine === 'highs' ? await solveWithHighs(job.lp, hooks) : solveWithJslp(job.lp, hooks);
    post({ type: 'done', id: job.id, run, engineMs: Date.now() - started });
  } catch (error) {
    post({ type: 'failed', id: job.id, error: error instanceof Error ? error.message : String(error) });
  }
}

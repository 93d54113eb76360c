// Solve workers: threads kept between solves (the TypeScript loader and HiGHS's WebAssembly take a
// few hundred milliseconds to start), terminated — never reused — when a solve overruns its limit.
import { Worker } from 'node:worker_threads';
import { packLp } from './lp-transfer';
import type { PostedJob, WorkerJob, WorkerMessage } from './run-job';

// Compiled (`npm start` runs dist/): the worker entry is plain JavaScript beside this file.
const COMPILED = import.meta.url.endsWith('.js');
const WORKER_URL = new URL(COMPILED ? './worker.js' : './worker.ts', import.meta.url);

// Running the TypeScript sources (tsx: dev, tests, benches): worker threads do not inherit the parent's
// loader on Node 20 (an `--import tsx` execArgv fails on the .ts entry), so a small bootstrap registers
// tsx and imports the entry.
const BOOTSTRAP = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;

const idle: Worker[] = [];
let niceness = 0;

function spawn(): Worker {
  const workerData = { niceness };
  return COMPILED
    ? new Worker(WORKER_URL, { workerData })
    : new Worker(BOOTSTRAP, { eval: true, workerData });
}

/**
 * Runs the solver's threads at a lower CPU priority (a Unix nice value, 0–19; Linux gives each
 * thread its own): a server then answers pages first and solves with what is left, at full speed
 * when it is otherwise idle. Applies to workers started afterwards.
 */
export function setWorkerNiceness(value: number): void {
  niceness = Math.max(0, Math.min(19, Math.round(value)));
}

export interface RunningJob {
  /** Settles when the job is done or failed (the worker goes back to the pool) or killed. */
  finished: Promise<void>;
  /** Terminates the worker now; the job's last incumbent is all that remains. */
  kill: () => void;
  /**
   * Asks the engine to stop (HiGHS polls the flag and returns, keeping its warm worker for the next
   * solve); terminates the worker if it has not finished after `graceMs`.
   */
  stop: (graceMs: number) => void;
}

export function runInWorker(job: WorkerJob, onMessage: (m: WorkerMessage) => void): RunningJob {
  const worker = idle.pop() ?? spawn();
  const stopFlag = new Int32Array(new SharedArrayBuffer(4));
  worker.ref();
  let settled = false;
  let resolveFinished: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));
  const cleanup = (): void => {
    worker.off('message', handle);
    worker.off('error', fail);
    worker.off('exit', exited);
  };
  const finish = (reuse: boolean): void => {
    if (settled) return;
    settled = true;
    cleanup();
    if (reuse) {
      worker.unref();
      idle.push(worker);
    }
    resolveFinished();
  };
  const handle = (m: WorkerMessage): void => {
    if (m.id !== job.id) return;
    onMessage(m);
    if (m.type === 'done' || m.type === 'failed') finish(true);
  };
  const fail = (error: Error): void => {
    onMessage({ type: 'failed', id: job.id, error: error.message });
    finish(false);
    void worker.terminate();
  };
  const exited = (): void => {
    onMessage({ type: 'failed', id: job.id, error: 'solve worker exited' });
    finish(false);
  };
  worker.on('message', handle);
  worker.on('error', fail);
  worker.on('exit', exited);
  worker.postMessage({ ...job, lp: packLp(job.lp), stop: stopFlag } satisfies PostedJob);
  const kill = (): void => {
    if (settled) return;
    finish(false);
    void worker.terminate();
  };
  return {
    finished,
    kill,
    stop: (graceMs) => {
      if (settled) return;
      Atomics.store(stopFlag, 0, 1);
      setTimeout(kill, graceMs).unref();
    },
  };
}

/** Job id of warm-up solves (real jobs count from 1). */
const WARM_UP_ID = 0;
/** A one-variable model: solving it makes a worker compile HiGHS's WebAssembly. */
/**
 * A small week of staffing (20 people, 7 days, 3 shifts; one shift a day, at most five, evening →
 * morning forbidden, rewarded coverage as the model builder writes it). Solving it once loads HiGHS
 * and also runs the code paths of a real solve hot enough for the engine to optimise them: after a
 * one-variable warm-up the first 30-person week took 0.32 s, after this one 0.10 s.
 */
function warmUpModel(): WorkerJob['lp'] {
  const STAFF = 20;
  const DAYS = 7;
  const SHIFTS = 3;
  const vars: WorkerJob['lp']['vars'] = [];
  const rows: WorkerJob['lp']['rows'] = [];
  const x = (s: number, d: number, k: number): number => (s * DAYS + d) * SHIFTS + k;
  for (let s = 0; s < STAFF; s += 1)
    for (let d = 0; d < DAYS; d += 1)
      for (let k = 0; k < SHIFTS; k += 1)
        vars.push({
          name: `x${s}_${d}_${k}`,
          cost: 1 + ((s * 7 + d * 3 + k) % 5),
          ub: 1,
          int: true,
          ubNeeded: false,
        });
  for (let s = 0; s < STAFF; s += 1) {
    const week: Array<[number, number]> = [];
    for (let d = 0; d < DAYS; d += 1) {
      const day: Array<[number, number]> = [];
      for (let k = 0; k < SHIFTS; k += 1) {
        day.push([x(s, d, k), 1]);
        week.push([x(s, d, k), 1]);
      }
      rows.push({ name: `day${s}_${d}`, terms: day, rhs: 1 });
      if (d + 1 < DAYS)
        rows.push({
          name: `rest${s}_${d}`,
          terms: [
            [x(s, d, 2), 1],
            [x(s, d + 1, 0), 1],
          ],
          rhs: 1,
        });
    }
    rows.push({ name: `max${s}`, terms: week, rhs: 5 });
  }
  for (let d = 0; d < DAYS; d += 1)
    for (let k = 0; k < SHIFTS; k += 1) {
      const covered = vars.length;
      vars.push({ name: `c${d}_${k}`, cost: -100, ub: 4 + ((d + k) % 3), int: true, ubNeeded: true });
      const terms: Array<[number, number]> = [[covered, 1]];
      for (let s = 0; s < STAFF; s += 1) terms.push([x(s, d, k), -1]);
      rows.push({ name: `cover${d}_${k}`, terms, rhs: 0 });
    }
  return { vars, rows, constant: 0 };
}

const warming: Array<Promise<void>> = [];

/**
 * Starts `count` idle workers ahead of the first solve (e.g. when a server starts) and has each load
 * and fully compile HiGHS (≈3 s of CPU per worker, in the background), so that the first solve is as
 * fast as the later ones (measured on the demo week: 0.36 s instead of 2.9 s). A job sent meanwhile
 * waits for the load. `workersWarm()` resolves when the warm-up is done.
 */
export function warmUpWorkers(count = 2): void {
  while (idle.length < count) {
    const w = spawn();
    w.unref();
    warming.push(
      new Promise<void>((resolve) => {
        const done = (m: WorkerMessage): void => {
          if (m.id !== WARM_UP_ID || (m.type !== 'done' && m.type !== 'failed')) return;
          w.off('message', done);
          w.off('exit', resolve);
          resolve();
        };
        w.on('message', done);
        w.on('exit', resolve);
      }),
    );
    w.postMessage({
      id: WARM_UP_ID,
      engine: 'highs',
      lp: packLp(warmUpModel()),
      engineTimeLimitMs: 60_000,
      relativeGap: 0,
      compileEagerly: true,
    } satisfies PostedJob);
    idle.push(w);
  }
}

/** Resolves when the workers started by `warmUpWorkers` have loaded HiGHS (benchmarks, tests). */
export async function workersWarm(): Promise<void> {
  await Promise.all(warming.splice(0));
}

/** Terminates the idle workers (tests, shutdown). */
export async function closeWorkers(): Promise<void> {
  const all = idle.splice(0);
  await Promise.all(all.map((w) => w.terminate()));
}

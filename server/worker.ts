// `npm run worker`: a solver process for a chain (SOLVER_MODE=worker on the web instances). It takes
// queued solve jobs from the database — woken by NOTIFY on PostgreSQL, and by polling every
// WORKER_POLL_SECONDS on either provider — runs WORKER_SOLVES of them at a time with the same
// engine, heartbeat, progress and cancel as a web process would, and saves each result under the
// site-week lock. Every worker also runs the reaper, which takes back the jobs of a worker that
// stopped beating. Start as many as the machines have cores to spare; stop one with SIGTERM.
import { setPriority } from 'node:os';
import { readEnv } from './config';
import { closeDatabase, openDatabase } from './db/client';
import { databaseProvider } from './db/database-url';
import { listenFor, type Listener } from './db/listen';
import { closeWorkers, setWorkerNiceness, warmUpWorkers } from '../solver';
import { SOLVE_QUEUE_CHANNEL } from './scheduling/solve-claims.repository';
import {
  dispatchQueuedSolveJobs,
  PROCESS_ID,
  reapStaleSolveJobs,
  releaseHeldSolveJobs,
  type SolveRunOptions,
} from './scheduling/solve-jobs.service';

async function main() {
  const env = readEnv();
  setWorkerNiceness(env.SOLVER_NICENESS);
  niceThisThread(env.SOLVER_NICENESS);
  const postgres = databaseProvider(env.DATABASE_URL) === 'postgresql';
  // A worker never migrates: it may start in the middle of a burst, and the start-up steps of
  // prepareDatabase take table locks. `npm run db:migrate` or the web instances do it first.
  const db = openDatabase(env.DATABASE_URL, 2 + env.WORKER_SOLVES * 2);
  const options: SolveRunOptions = {
    timeLimitMs: Math.round(env.SOLVE_TIME_LIMIT_SECONDS * 1000),
    siteCap: env.SOLVE_SITE_CAP,
    mode: 'worker',
    workerSlots: env.WORKER_SOLVES,
    staleAfterMs: env.SOLVE_STALE_SECONDS * 1000,
    maxAttempts: env.SOLVE_MAX_ATTEMPTS,
  };

  const log = (what: string) => (error: unknown) =>
    console.error(`${what}:`, error instanceof Error ? error.message : error);
  const wake = () => void dispatchQueuedSolveJobs(db, options).catch(log('Claiming a solve'));
  const reap = async () => {
    const { requeued, failed } = await reapStaleSolveJobs(db, {
      staleAfterMs: options.staleAfterMs!,
      maxAttempts: env.SOLVE_MAX_ATTEMPTS,
    });
    if (requeued.length > 0)
      console.log(`Queued again solve job(s) whose process stopped: ${requeued.join(', ')}`);
    if (failed.length > 0) console.log(`Failed solve job(s) that stopped too often: ${failed.join(', ')}`);
  };

  const listener: Listener | null = postgres
    ? await listenFor(env.DATABASE_URL, SOLVE_QUEUE_CHANNEL, wake, log('Listening for queued solves'))
    : null;
  const poll = setInterval(() => {
    void reap().catch(log('Reaping stale solves')).finally(wake);
  }, env.WORKER_POLL_SECONDS * 1000);
  await reap().catch(log('Reaping stale solves'));
  // After the first query, as in server/index.ts: from dist/, solver threads loading HiGHS before
  // Prisma's first query was seen to stall that query for good.
  warmUpWorkers();
  wake();
  // Ready to stop cleanly before it says it runs (a supervisor may signal it at once).
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(poll);
    void (async () => {
      // The solves in hand are given back (another worker runs them from the start) rather than
      // awaited: a solve can take a minute, longer than a supervisor waits after SIGTERM.
      const released = await releaseHeldSolveJobs(db).catch(() => 0);
      console.log(`${signal}: gave back ${released} solve(s) in hand; stopping.`);
      await listener?.close().catch(() => undefined);
      await closeWorkers();
      await closeDatabase(db);
      process.exit(0);
    })();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  console.log(
    `Solver worker ${PROCESS_ID} is running (${env.WORKER_SOLVES} at a time, ${postgres ? 'LISTEN/NOTIFY and ' : ''}polling every ${env.WORKER_POLL_SECONDS} s).`,
  );
}

/**
 * Everything a worker does is solving — reading a week, explaining its gaps and saving it on this
 * thread as well as the engines on theirs — so on a machine it shares with web instances its own
 * thread yields to them too (Linux: the nice value is per thread; threads started later inherit it).
 */
function niceThisThread(niceness: number): void {
  if (niceness === 0 || process.platform !== 'linux') return;
  try {
    setPriority(0, niceness);
  } catch {
    // Not allowed here (a container without the capability): the worker runs at normal priority.
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

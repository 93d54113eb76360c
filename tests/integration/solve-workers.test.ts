import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../server/db/client';
import { claimNextSolveJob, type SolveClaim } from '../../server/scheduling/solve-claims.repository';
import { finishSolveJob, updateRunningSolveJob } from '../../server/scheduling/solve-jobs.repository';
import { activeKeyOf, reapStaleSolveJobs, settleSolveJobs } from '../../server/scheduling/solve-jobs.service';
import { startWorkerProcess, type WorkerProcess } from '../helpers/server-process';
import { createTestApp, csrfOf, type Agent, type TestApp } from '../helpers/test-app';

// Solver workers (SOLVER_MODE=worker, `npm run worker`): the web app only queues; separate processes
// claim, run and save. On SQLite the workers find jobs by polling; on PostgreSQL NOTIFY wakes them.

let t: TestApp;
let manager: Agent;
let siteId: number;
const workers: WorkerProcess[] = [];

/**
 * Quick polling and a short heartbeat limit, so a killed worker's job is taken back in seconds. The
 * worker runs at normal priority: here it shares the machine with other test files, not with web
 * users, and at nice 10 under a parallel test run its solve can starve past the time limit.
 */
const WORKER_ENV = {
  SOLVER_NICENESS: '0',
  WORKER_POLL_SECONDS: '0.5',
  SOLVE_STALE_SECONDS: '3',
  SOLVE_TIME_LIMIT_SECONDS: '20',
  SEED_DEMO: 'false',
};

beforeAll(async () => {
  t = await createTestApp({ solverMode: 'worker', solveTimeLimitSeconds: 20 });
  manager = await t.signInAs('MANAGER');
  siteId = (await t.db.site.findFirstOrThrow({ select: { id: true }, orderBy: { id: 'asc' } })).id;
});
afterEach(async () => {
  for (const w of workers.splice(0)) {
    w.child.kill('SIGKILL');
    await w.exited;
  }
});
afterAll(async () => {
  await settleSolveJobs();
  await t.close();
});

async function generate(week: string): Promise<number> {
  const csrf = await csrfOf(manager, '/schedules');
  const res = await manager
    .post('/schedules/generate')
    .type('form')
    .send({ _csrf: csrf, siteId: String(siteId), week });
  expect(res.status).toBe(303);
  return Number(/\/schedules\/jobs\/(\d+)/.exec(res.headers.location as string)![1]);
}

async function jobRow(id: number) {
  return t.db.solveJob.findUniqueOrThrow({
    where: { id },
    select: { status: true, attempts: true, workerId: true, scheduleId: true, error: true },
  });
}

async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The schedules saved for a week, with the job each came from. */
async function savedFor(week: string) {
  const rows = await t.db.schedule.findMany({
    where: { siteId, periodStart: week },
    select: { id: true, solverDetails: true },
  });
  return rows.map((r) => ({
    id: r.id,
    jobId: (JSON.parse(r.solverDetails ?? '{}') as { jobId?: number }).jobId,
  }));
}

describe('solver workers', () => {
  it('a solve requested on the web waits in line until a worker process takes it, runs it and saves it once', async () => {
    const week = '2027-02-01';
    const jobId = await generate(week);
    await new Promise((r) => setTimeout(r, 500));
    // The web process runs nothing itself in worker mode.
    expect(await jobRow(jobId)).toMatchObject({ status: 'QUEUED', attempts: 0, workerId: null });
    const page = await manager.get(`/schedules/jobs/${jobId}`);
    expect(page.text).toContain('1st in line');

    const worker = await startWorkerProcess(t.databaseUrl, WORKER_ENV);
    workers.push(worker);
    const job = await waitFor(
      () => jobRow(jobId),
      (j) => j.status !== 'QUEUED' && j.status !== 'RUNNING',
    );
    expect(job).toMatchObject({ status: 'DONE', attempts: 1, workerId: worker.workerId, error: null });
    expect(await savedFor(week)).toEqual([{ id: job.scheduleId, jobId }]);
  });

  it('a worker killed mid-solve: the reaper queues its job again and another worker saves it exactly once', async () => {
    const week = '2027-02-08';
    const first = await startWorkerProcess(t.databaseUrl, WORKER_ENV);
    workers.push(first);
    const jobId = await generate(week);
    await waitFor(
      () => jobRow(jobId),
      (j) => j.status === 'RUNNING' && j.workerId === first.workerId,
    );
    first.child.kill('SIGKILL');
    await first.exited;
    // Killed before it could save: still running in the row, nothing saved.
    expect(await jobRow(jobId)).toMatchObject({ status: 'RUNNING', attempts: 1, scheduleId: null });
    expect(await savedFor(week)).toEqual([]);

    const second = await startWorkerProcess(t.databaseUrl, WORKER_ENV);
    workers.push(second);
    const job = await waitFor(
      () => jobRow(jobId),
      (j) => j.status !== 'QUEUED' && j.status !== 'RUNNING',
    );
    expect(job).toMatchObject({ status: 'DONE', attempts: 2, workerId: second.workerId, error: null });
    expect(second.output()).toContain(`Queued again solve job(s) whose process stopped: ${jobId}`);
    expect(await savedFor(week)).toEqual([{ id: job.scheduleId, jobId }]);
  });
});

describe('claiming queued solves', () => {
  let clients: Db[] = [];
  afterEach(async () => {
    await Promise.all(clients.map((c) => closeDatabase(c)));
    clients = [];
  });

  it('claimers racing each other never take the same job, and no site runs more than its cap', async () => {
    // Sites of no district: a district runs one solve at a time (solve-conflicts.test.ts).
    const [busy, ...other] = await Promise.all(
      ['Claim Test Busy', 'Claim Test East', 'Claim Test West'].map((name) =>
        t.db.site.create({
          data: { name, timeZone: 'America/New_York', usState: 'NY' },
          select: { id: true },
        }),
      ),
    );
    // One busy site queues 12 weeks first; two others queue 3 each after it.
    const plan = [
      ...Array.from({ length: 12 }, (_, i) => ({ site: busy!.id, week: i })),
      ...other.flatMap(({ id }) => Array.from({ length: 3 }, (_, i) => ({ site: id, week: i }))),
    ];
    const queued = new Set<number>();
    for (const { site, week } of plan) {
      const periodStart = `2028-0${1 + Math.floor(week / 4)}-${String(3 + 7 * (week % 4)).padStart(2, '0')}`;
      const job = await t.db.solveJob.create({
        data: { siteId: site, periodStart, activeKey: activeKeyOf(site, periodStart), status: 'QUEUED' },
        select: { id: true },
      });
      queued.add(job.id);
    }
    clients = [0, 1, 2].map(() => openDatabase(t.databaseUrl, 4));
    const claimed: SolveClaim[] = [];
    for (let round = 0; round < 20 && claimed.length < queued.size; round++) {
      // Three processes, four claims each at once, a cap of two per site.
      const claims = await Promise.all(
        clients.flatMap((c, i) =>
          [0, 1, 2, 3].map(() => claimNextSolveJob(c, { siteCap: 2, totalCap: null, workerId: `test-${i}` })),
        ),
      );
      const taken = claims.filter((c): c is SolveClaim => c !== null);
      claimed.push(...taken);
      const running = await t.db.solveJob.groupBy({
        by: ['siteId'],
        where: { status: 'RUNNING' },
        _count: { _all: true },
      });
      for (const r of running) expect(r._count._all, `site ${r.siteId} running`).toBeLessThanOrEqual(2);
      if (round === 0) {
        // A claim stamps its process and its first heartbeat.
        const rows = await t.db.solveJob.findMany({
          where: { id: { in: taken.map((c) => c.jobId) } },
          select: { workerId: true, heartbeatAt: true },
        });
        for (const row of rows) {
          expect(row.workerId).toMatch(/^test-[012]$/);
          expect(Math.abs(Date.now() - row.heartbeatAt!.getTime())).toBeLessThan(60_000);
        }
        // The busy site's twelve do not keep the others waiting.
        expect(running.map((r) => [r.siteId, r._count._all]).sort()).toEqual(
          [busy!.id, ...other.map((o) => o.id)].map((id) => [id, 2]).sort(),
        );
      }
      // Each round's solves end before the next round claims.
      await t.db.solveJob.updateMany({
        where: { id: { in: taken.map((c) => c.jobId) } },
        data: { status: 'DONE', activeKey: null },
      });
    }
    const ids = claimed.map((c) => c.jobId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(queued);
    expect(claimed.every((c) => c.attempt === 1)).toBe(true);
  });

  it('a job taken back from a silent process: the old claim can write nothing more, and after the last attempt it fails', async () => {
    const periodStart = '2029-01-01';
    const { id } = await t.db.solveJob.create({
      data: { siteId, periodStart, activeKey: activeKeyOf(siteId, periodStart), status: 'QUEUED' },
      select: { id: true },
    });
    const silence = async () =>
      t.db.solveJob.update({ where: { id }, data: { heartbeatAt: new Date(Date.now() - 60_000) } });
    const reap = () => reapStaleSolveJobs(t.db, { staleAfterMs: 30_000, maxAttempts: 2 });
    const claim = () => claimNextSolveJob(t.db, { siteCap: 2, totalCap: null, workerId: 'test' });

    const first = await claim();
    expect(first).toEqual({ jobId: id, attempt: 1 });
    await silence();
    expect(await reap()).toEqual({ requeued: [id], failed: [] });
    const second = await claim();
    expect(second).toEqual({ jobId: id, attempt: 2 });
    // The first process wakes up: its heartbeat and its outcome are refused.
    expect(await updateRunningSolveJob(t.db, id, 1, { progress: '{}' })).toBe(false);
    expect(await finishSolveJob(t.db, id, { status: 'DONE', error: null }, 1)).toBe(false);
    expect(await t.db.solveJob.findUniqueOrThrow({ where: { id }, select: { status: true } })).toEqual({
      status: 'RUNNING',
    });
    await silence();
    expect(await reap()).toEqual({ requeued: [], failed: [id] });
    expect(
      await t.db.solveJob.findUniqueOrThrow({
        where: { id },
        select: { status: true, activeKey: true, error: true },
      }),
    ).toEqual({
      status: 'FAILED',
      activeKey: null,
      error: 'The solve was started 2 times and each time the process running it stopped; generate again.',
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWorkers } from '../../solver';
import {
  activeKeyOf,
  dispatchQueuedSolveJobs,
  requestSolve,
  settleSolveJobs,
} from '../../server/scheduling/solve-jobs.service';
import { finishSolveJob } from '../../server/scheduling/solve-jobs.repository';
import { createTestApp, csrfOf, type Agent, type TestApp } from '../helpers/test-app';

let t: TestApp;
let manager: Agent;
let siteId: number;
const run = { timeLimitMs: 20_000, concurrency: 1 };

beforeAll(async () => {
  t = await createTestApp({ solveConcurrency: 1, solveTimeLimitSeconds: 20 });
  manager = await t.signInAs('MANAGER');
  siteId = (await t.db.site.findFirstOrThrow({ select: { id: true } })).id;
});
afterAll(async () => {
  await settleSolveJobs();
  await closeWorkers();
  await t.close();
});

/** A solve that another app instance is running right now (its heartbeat is fresh). */
async function runningElsewhere(periodStart: string): Promise<number> {
  const now = new Date();
  const job = await t.db.solveJob.create({
    data: {
      siteId,
      periodStart,
      status: 'RUNNING',
      activeKey: activeKeyOf(siteId, periodStart),
      startedAt: now,
      progress: JSON.stringify({ phase: 'solving', heartbeatAt: now.toISOString() }),
    },
  });
  return job.id;
}

async function generate(week: string): Promise<string> {
  const csrf = await csrfOf(manager, '/schedules');
  const res = await manager
    .post('/schedules/generate')
    .type('form')
    .send({ _csrf: csrf, siteId: String(siteId), week });
  expect(res.status).toBe(303);
  return res.headers.location as string;
}

describe('solve queue (SOLVE_CONCURRENCY=1)', () => {
  it('queues a Generate beyond the cap, shows its place in line and runs it when the solve ahead ends', async () => {
    const ahead = await runningElsewhere('2027-03-01');
    const second = await generate('2027-03-08');
    const third = await generate('2027-03-15');

    const secondPage = await manager.get(second);
    expect(secondPage.status).toBe(200);
    expect(secondPage.text).toContain('1st in line');
    const thirdPage = await manager.get(third);
    expect(thirdPage.text).toContain('2nd in line');
    expect((await manager.get(`${third}/progress`)).body).toMatchObject({
      status: 'QUEUED',
      queuePosition: 2,
    });
    const secondId = Number(second.split('/').pop());
    expect((await t.db.solveJob.findUniqueOrThrow({ where: { id: secondId } })).status).toBe('QUEUED');

    // The instance running the first solve finishes it and starts the next in line.
    await finishSolveJob(t.db, ahead, { status: 'DONE', error: null });
    await dispatchQueuedSolveJobs(t.db, run);
    await settleSolveJobs();

    const jobs = await t.db.solveJob.findMany({
      where: { periodStart: { in: ['2027-03-08', '2027-03-15'] } },
      orderBy: { id: 'asc' },
      select: { status: true, startedAt: true, finishedAt: true },
    });
    expect(jobs.map((j) => j.status)).toEqual(['DONE', 'DONE']);
    // One at a time: the third started only after the second had finished.
    expect(jobs[1]!.startedAt!.getTime()).toBeGreaterThanOrEqual(jobs[0]!.finishedAt!.getTime());
    expect(await t.db.schedule.count({ where: { periodStart: { in: ['2027-03-08', '2027-03-15'] } } })).toBe(
      2,
    );
  }, 180_000);

  it('never runs more solves at once than the cap, and starts each queued one when the previous ends', async () => {
    const weeks = ['2027-04-05', '2027-04-12', '2027-04-19'];
    const requests = await Promise.all(
      weeks.map((periodStart) =>
        requestSolve(t.db, { siteId, periodStart, kind: 'GENERATE', userId: null }, run),
      ),
    );
    const statuses = await t.db.solveJob.findMany({
      where: { id: { in: requests.map((r) => r.jobId) } },
      select: { status: true },
    });
    expect(statuses.filter((s) => s.status === 'RUNNING').length).toBeLessThanOrEqual(1);
    await settleSolveJobs();
    const jobs = await t.db.solveJob.findMany({
      where: { id: { in: requests.map((r) => r.jobId) } },
      orderBy: { startedAt: 'asc' },
      select: { status: true, startedAt: true, finishedAt: true },
    });
    expect(jobs.map((j) => j.status)).toEqual(['DONE', 'DONE', 'DONE']);
    for (let i = 1; i < jobs.length; i += 1) {
      expect(jobs[i]!.startedAt!.getTime()).toBeGreaterThanOrEqual(jobs[i - 1]!.finishedAt!.getTime());
    }
  }, 180_000);

  it('keeps queued solves across a restart and starts them', async () => {
    // A job queued by a process that then stopped: no heartbeat, never started.
    const job = await t.db.solveJob.create({
      data: {
        siteId,
        periodStart: '2027-05-03',
        status: 'QUEUED',
        kind: 'GENERATE',
        activeKey: activeKeyOf(siteId, '2027-05-03'),
        createdAt: new Date(Date.now() - 10 * 60_000),
      },
    });
    await dispatchQueuedSolveJobs(t.db, run);
    await settleSolveJobs();
    expect((await t.db.solveJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe('DONE');
  }, 180_000);

  it('cancels a queued solve at once', async () => {
    const ahead = await runningElsewhere('2027-06-07');
    const queued = await generate('2027-06-14');
    const csrf = await csrfOf(manager, queued);
    expect((await manager.post(`${queued}/cancel`).type('form').send({ _csrf: csrf })).status).toBe(303);
    const row = await t.db.solveJob.findUniqueOrThrow({ where: { id: Number(queued.split('/').pop()) } });
    expect(row).toMatchObject({ status: 'CANCELLED', activeKey: null });
    await finishSolveJob(t.db, ahead, { status: 'DONE', error: null });
  });
});

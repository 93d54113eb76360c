import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWorkers } from '../../solver';
import {
  activeKeyOf,
  failStaleSolveJobs,
  requestSolve,
  settleSolveJobs,
} from '../../server/scheduling/solve-jobs.service';
import { createSchedule } from '../helpers/publish-fixtures';
import { waitForJob } from '../helpers/schedules';
import { createTestApp, csrfOf, type Agent, type TestApp } from '../helpers/test-app';

process.env.SOLVE_TIME_LIMIT_SECONDS = '20';

let t: TestApp;
let manager: Agent;
let siteId: number;

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  siteId = (await t.db.site.findFirstOrThrow({ select: { id: true } })).id;
});
afterAll(async () => {
  await settleSolveJobs();
  await closeWorkers();
  await t.close();
});

/** A job row as a crashed process would leave it: running, its last heartbeat long ago. */
async function orphanJob(periodStart: string): Promise<number> {
  const longAgo = new Date(Date.now() - 10 * 60_000);
  const job = await t.db.solveJob.create({
    data: {
      siteId,
      periodStart,
      status: 'RUNNING',
      activeKey: activeKeyOf(siteId, periodStart),
      createdAt: longAgo,
      startedAt: longAgo,
      progress: JSON.stringify({ phase: 'solving', heartbeatAt: longAgo.toISOString() }),
    },
  });
  return job.id;
}

describe('solve jobs', () => {
  it('cancels a running solve and leaves no schedule behind', async () => {
    const csrf = await csrfOf(manager, '/schedules');
    const res = await manager
      .post('/schedules/generate')
      .type('form')
      .send({ _csrf: csrf, siteId: String(siteId), week: '2027-01-04' });
    expect(res.status).toBe(303);
    const jobUrl = res.headers.location as string;
    const cancel = await manager.post(`${jobUrl}/cancel`).type('form').send({ _csrf: csrf });
    expect(cancel.status).toBe(303);
    const job = await waitForJob(manager, jobUrl);
    expect(job.status).toBe('CANCELLED');
    expect(await t.db.schedule.count({ where: { periodStart: '2027-01-04' } })).toBe(0);
    // The week is free again for the next Generate.
    const row = await t.db.solveJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.activeKey).toBeNull();
    expect(row.error).toBe('Cancelled by a manager.');
  }, 180_000);

  it('marks jobs of a process that died as failed on start-up', async () => {
    const id = await orphanJob('2027-01-11');
    expect(await failStaleSolveJobs(t.db)).toBe(1);
    const row = await t.db.solveJob.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'FAILED', activeKey: null });
    expect(row.error).toContain('server stopped');
  });

  it('does not join a solve whose process died: it fails it and starts a new one', async () => {
    const id = await orphanJob('2027-01-18');
    const started = await requestSolve(
      t.db,
      { siteId, periodStart: '2027-01-18', kind: 'GENERATE', userId: null },
      { timeLimitMs: 20_000 },
    );
    expect(started.joined).toBe(false);
    expect(started.jobId).not.toBe(id);
    expect((await t.db.solveJob.findUniqueOrThrow({ where: { id } })).status).toBe('FAILED');
    await settleSolveJobs();
    expect((await t.db.solveJob.findUniqueOrThrow({ where: { id: started.jobId } })).status).toBe('DONE');
  }, 180_000);

  it('fails a re-solve whose locked assignments break a hard rule, leaving the draft as it was', async () => {
    const draftId = await createSchedule(t.db, {
      periodStart: '2027-01-25',
      // Ben's CSPT has expired: locking him into the IV room cannot be kept.
      assignments: [['Ben', '2027-01-26', 'IV room day', 'IV_TECH', { locked: true }]],
    });
    const { jobId } = await requestSolve(
      t.db,
      { siteId, periodStart: '2027-01-25', kind: 'RESOLVE', userId: null, baseScheduleId: draftId },
      { timeLimitMs: 20_000 },
    );
    await settleSolveJobs();
    const job = await t.db.solveJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({ status: 'FAILED', activeKey: null, scheduleId: null });
    expect(job.error).toMatch(
      /^Locked assignments break hard rules: Ben Carter is not qualified as IV technician .*CSPT.* expired/,
    );
    expect(await t.db.schedule.findUniqueOrThrow({ where: { id: draftId } })).toMatchObject({
      status: 'DRAFT',
    });
    expect(await t.db.schedule.count({ where: { periodStart: '2027-01-25' } })).toBe(1);
  }, 180_000);

  it('fails a solve that finds nothing before its time limit', async () => {
    const { jobId } = await requestSolve(
      t.db,
      { siteId, periodStart: '2027-02-01', kind: 'GENERATE', userId: null },
      { timeLimitMs: 1 },
    );
    await settleSolveJobs();
    const job = await t.db.solveJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.status).toBe('FAILED');
    expect(job.error).toMatch(/No schedule was found within/);
    expect(await t.db.schedule.count({ where: { periodStart: '2027-02-01' } })).toBe(0);
  }, 180_000);

  it('shows progress as JSON and a page that works without JavaScript', async () => {
    const job = await t.db.solveJob.findFirstOrThrow({ where: { status: 'DONE' } });
    const json = await manager.get(`/schedules/jobs/${job.id}/progress`);
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({
      id: job.id,
      status: 'DONE',
      scheduleUrl: `/schedules/${job.scheduleId}`,
    });
    expect(json.body.engine).toMatch(/highs|jslp/);
    const page = await manager.get(`/schedules/jobs/${job.id}`);
    expect(page.text).toContain(`href="/schedules/${job.scheduleId}"`);
    expect(page.text).not.toContain('http-equiv="refresh"');
  });
});

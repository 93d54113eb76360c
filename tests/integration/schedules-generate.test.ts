import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeWorkers, solveSchedule, verifySchedule } from '../../solver';
import { settleSolveJobs } from '../../server/scheduling/solve-jobs.service';
import { loadSolverInput } from '../../server/scheduling/solver-input.service';
import { toSolverAssignments } from '../../server/scheduling/week-facts';
import { createTestApp, csrfOf, type Agent, type TestApp } from '../helpers/test-app';
import { runClockFrom, waitForJob } from '../helpers/schedules';
import { createSchedule, demoLookups } from '../helpers/publish-fixtures';

// A safety net only: the demo pharmacy solves in a few seconds.
process.env.SOLVE_TIME_LIMIT_SECONDS = '20';

const WEEK = '2026-11-30';
let t: TestApp;
let manager: Agent;
let siteId: number;

beforeAll(async () => {
  // The week generated here lies ahead: none of its shifts has started.
  runClockFrom();
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  siteId = (await t.db.site.findFirstOrThrow({ select: { id: true } })).id;
});
afterAll(async () => {
  vi.useRealTimers();
  await settleSolveJobs();
  await closeWorkers();
  await t.close();
});

describe('generating a week', () => {
  it('starts one solve when two requests for the same week arrive at once', async () => {
    const csrf = await csrfOf(manager, '/schedules');
    const post = () =>
      manager
        .post('/schedules/generate')
        .type('form')
        .send({ _csrf: csrf, siteId: String(siteId), week: '2026-12-14' });
    const [a, b] = await Promise.all([post(), post()]);
    expect(a.status).toBe(303);
    expect(b.status).toBe(303);
    expect(a.headers.location).toBe(b.headers.location);
    const job = await waitForJob(manager, a.headers.location as string);
    expect(job.status).toBe('DONE');
    expect(await t.db.schedule.count({ where: { periodStart: '2026-12-14' } })).toBe(1);
    expect(await t.db.solveJob.count({ where: { periodStart: '2026-12-14' } })).toBe(1);
  }, 180_000);

  it('offers next week by default', async () => {
    const res = await manager.get('/schedules');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Generate');
    expect(res.text).toMatch(/name="week"[^>]*value="\d{4}-\d{2}-\d{2}"/);
  });

  it("keeps a manager attached to one site on that site's schedules", async () => {
    const other = await t.db.site.create({
      data: { name: 'Eastside Clinic Pharmacy', timeZone: 'America/Chicago', usState: 'IL' },
    });
    const res = await manager.get(`/schedules?site=${other.id}`);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('Eastside Clinic Pharmacy');
    const csrf = await csrfOf(manager, '/schedules');
    const refused = await manager
      .post('/schedules/generate')
      .type('form')
      .send({ _csrf: csrf, siteId: String(other.id), week: '2026-12-07' });
    expect(refused.status).toBe(404);
    expect(await t.db.solveJob.count({ where: { siteId: other.id } })).toBe(0);
    await t.db.site.delete({ where: { id: other.id } });
  });

  it('refuses a form without a week, keeping the page', async () => {
    const csrf = await csrfOf(manager, '/schedules');
    const res = await manager
      .post('/schedules/generate')
      .type('form')
      .send({ _csrf: csrf, siteId: String(siteId), week: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Pick a date');
  });

  it('makes a draft on the demo pharmacy whose assignments pass every hard rule and whose gaps are explained', async () => {
    const csrf = await csrfOf(manager, '/schedules');
    // Any day of the week is snapped to its Monday.
    const res = await manager
      .post('/schedules/generate')
      .type('form')
      .send({ _csrf: csrf, siteId: String(siteId), week: '2026-12-02' });
    expect(res.status).toBe(303);
    const jobUrl = res.headers.location as string;
    expect(jobUrl).toMatch(/^\/schedules\/jobs\/\d+$/);
    const page = await manager.get(jobUrl);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Solving the week of');

    const job = await waitForJob(manager, jobUrl);
    expect(job.status).toBe('DONE');
    expect(job.scheduleUrl).toMatch(/^\/schedules\/\d+$/);
    const scheduleId = Number(job.scheduleUrl.split('/').pop());

    const schedule = await t.db.schedule.findUniqueOrThrow({ where: { id: scheduleId } });
    expect(schedule).toMatchObject({
      status: 'DRAFT',
      periodStart: WEEK,
      periodEnd: '2026-12-06',
      version: 1,
    });
    expect(schedule.solverStatus).toMatch(/optimal|feasible|timed out/);
    expect(schedule.modelColumns).toBeGreaterThan(0);
    const details = JSON.parse(schedule.solverDetails ?? '{}');
    expect(details.objectiveTerms).toBeDefined();

    const rows = await t.db.assignment.findMany({ where: { scheduleId } });
    expect(rows.length).toBeGreaterThan(50);
    const ctx = await loadSolverInput(t.db, siteId, WEEK, { previousFrom: 'none' });
    expect(verifySchedule(ctx.input, toSolverAssignments(ctx, rows))).toEqual([]);

    const view = await manager.get(job.scheduleUrl);
    expect(view.status).toBe(200);
    expect(view.text).toContain('Who works when');
    expect(view.text).toContain('Coverage across the week');
    // The demo week is short on purpose (an expired CSPT, time off): the gap is explained by name.
    expect(details.explanations.length).toBeGreaterThan(0);
    expect(view.text).toContain('Coverage gaps');
    expect(view.text).toMatch(/<strong>[^<]+<\/strong>: <span class="gap-text">\d of \d/);
    expect(view.text).toMatch(/approved time off|expired on/);

    // Nobody can take the demo's gap (a specialist position, its holder on time off) without breaking
    // a rule, so no fix is offered: the page says why and who came nearest rather than proposing what
    // the edit check would refuse.
    expect(view.text).toMatch(
      /<strong>No fix:<\/strong> No change fills it without breaking a rule: nobody who works as [^<]+ is free; the nearest: [^<]+ \(approved time off [^<]+\)\./,
    );
  }, 180_000);

  it('carries the days worked in a row before the week into max consecutive days', async () => {
    // Published week before: Priya works Tuesday to Sunday (6 days in a row).
    const WEEK_BEFORE = '2027-05-03';
    const NEXT = '2027-05-10';
    const DAYS_BEFORE = ['2027-05-04', '2027-05-05', '2027-05-06', '2027-05-07', '2027-05-08', '2027-05-09'];
    await createSchedule(t.db, {
      periodStart: WEEK_BEFORE,
      status: 'PUBLISHED',
      assignments: DAYS_BEFORE.map((d) => ['Priya', d, 'Weekday day', 'PHARMACIST']),
    });
    const priya = `s${(await demoLookups(t.db)).staffId('Priya')}`;
    const ctx = await loadSolverInput(t.db, siteId, NEXT, { previousFrom: 'none' });
    expect(ctx.input.staff.find((p) => p.id === priya)?.workedDaysBefore).toBe(DAYS_BEFORE.length);
    expect(ctx.input.rules?.maxConsecutiveDays).toBe(DAYS_BEFORE.length);
    expect(ctx.input.weights?.fairness).toBe(ctx.site.weightWeekendFairness);
    const result = await solveSchedule(ctx.input, { timeLimitMs: 20_000 });
    expect(verifySchedule(ctx.input, result.assignments)).toEqual([]);
    // A seventh day in a row is not allowed: Priya is off on Monday.
    const monday = new Set(ctx.shifts.filter((s) => s.date === NEXT).map((s) => s.id));
    expect(result.assignments.filter((a) => a.staff === priya && monday.has(a.shift))).toEqual([]);
  }, 180_000);
});

// What a manager sees when the solver's schedule fails verifySchedule (status `unverified`): the
// job ends failed with the broken rule named, and no draft is saved. The engine is replaced by one
// that answers "optimal" with every variable at 1 (each person on every shift they could work), run
// on the calling thread through the solver's own `engine` and `inThread` options.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Solver from '../../solver';
import type { LpModel } from '../../solver/core/model';
import type { EngineRun } from '../../solver/runtime/engines/engine';
import { waitForJob } from '../helpers/schedules';
import { createTestApp, csrfOf, type Agent, type TestApp } from '../helpers/test-app';

vi.mock('../../solver/runtime/engines/jslp', () => ({
  solveWithJslp: (lp: LpModel): EngineRun => ({
    status: 'optimal',
    values: lp.vars.map(() => 1),
    objective: 0,
    message: 'javascript-lp-solver: optimal',
  }),
}));
vi.mock('../../solver', async (importOriginal) => {
  const solver = await importOriginal<typeof Solver>();
  return {
    ...solver,
    solveSchedule: (...[input, options]: Parameters<typeof solver.solveSchedule>) =>
      solver.solveSchedule(input, { ...options, engine: 'jslp', inThread: true }),
  };
});

const WEEK = '2027-03-01';
let t: TestApp;
let manager: Agent;
let siteId: number;

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  siteId = (await t.db.site.findFirstOrThrow({ select: { id: true }, orderBy: { id: 'asc' } })).id;
});
afterAll(async () => {
  await t.close();
});

describe('a solve whose schedule breaks a hard rule', () => {
  it('fails with the rule named and saves no draft', async () => {
    const csrf = await csrfOf(manager, '/schedules');
    const res = await manager
      .post('/schedules/generate')
      .type('form')
      .send({ _csrf: csrf, siteId: String(siteId), week: WEEK });
    expect(res.status).toBe(303);
    const jobUrl = res.headers.location as string;
    const job = await waitForJob(manager, jobUrl);
    expect(job.status).toBe('FAILED');
    const error =
      "The solver's schedule broke a hard rule, so it was not saved. The engine's schedule failed " +
      'verification (Marcus Bell works Mon 07:00–15:30 Weekday day and Mon 15:00–23:30 Weekday evening, ' +
      'which overlap.); only locked assignments are returned.';
    expect(job.error).toBe(error);
    expect(await t.db.solveJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: 'FAILED',
      scheduleId: null,
      activeKey: null,
    });
    expect(await t.db.schedule.count({ where: { periodStart: WEEK } })).toBe(0);
    const page = await manager.get(jobUrl);
    expect(page.status).toBe(200);
    expect(page.text).toContain(
      `<p class="error-text" data-field="error">${error.replaceAll("'", '&#39;')}</p>`,
    );
    expect(page.text).toContain('data-field="result" hidden>Open the schedule</a>');
  });
});

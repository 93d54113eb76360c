// Gap explanations use today's data and never credit the optimiser for a choice it did not make;
// a suggested fix applied from the page is accepted by the edit check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWorkers } from '../../solver';
import { settleSolveJobs } from '../../server/scheduling/solve-jobs.service';
import { nextMonday, plusDays } from '../helpers/publish-fixtures';
import { waitForJob } from '../helpers/schedules';
import { createTestApp, csrfOf, type Agent, type TestApp } from '../helpers/test-app';

process.env.SOLVE_TIME_LIMIT_SECONDS = '20';

const WEEK = plusDays(nextMonday(), 21);
let t: TestApp;
let manager: Agent;
let draftId: number;
/** The page whose forms `post` imitates: the schedule list until the draft exists, then the draft. */
let formPage = '/schedules';

/** Posts a form as the schedule page would: with its CSRF token and, on the week's page, its revision. */
async function post(url: string, fields: Record<string, string>) {
  const page = await manager.get(formPage);
  const revision = /name="revision" value="(\d+)"/.exec(page.text)?.[1];
  return manager
    .post(url)
    .type('form')
    .send({ _csrf: await csrfOf(manager, '/schedules'), ...(revision ? { revision } : {}), ...fields });
}

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  const site = await t.db.site.findFirstOrThrow({ select: { id: true } });
  const res = await post('/schedules/generate', { siteId: String(site.id), week: WEEK });
  const job = await waitForJob(manager, res.headers.location as string);
  expect(job.status).toBe('DONE');
  draftId = Number(job.scheduleUrl.split('/').pop());
  formPage = `/schedules/${draftId}`;
}, 180_000);
afterAll(async () => {
  await settleSolveJobs();
  await closeWorkers();
  await t.close();
});

describe('gap explanations after the schedule changed', () => {
  it('say the data changed instead of crediting the optimiser, and their fix is accepted', async () => {
    expect((await manager.get(`/schedules/${draftId}`)).text).not.toContain('id="changed-since-solve"');
    // Take one technician off a shift: the slot is open and that person is free for it, but not
    // because the optimiser chose so.
    const technician = await t.db.position.findUniqueOrThrow({ where: { code: 'TECHNICIAN' } });
    const row = await t.db.assignment.findFirstOrThrow({
      where: { scheduleId: draftId, positionId: technician.id, locked: false },
      include: { staff: { select: { firstName: true, lastName: true } } },
    });
    const removed = await post(`/schedules/${draftId}/assignments/${row.id}/remove`, { override: 'on' });
    expect(removed.status).toBe(303);

    const page = await manager.get(`/schedules/${draftId}`);
    expect(page.text).toContain('id="changed-since-solve"');
    expect(page.text).toContain(`action="/schedules/${draftId}/resolve"`);
    expect(page.text).not.toContain('left it open because their other costs outweigh the gap');
    expect(page.text).toContain(
      `${row.staff.firstName} ${row.staff.lastName} could work it without breaking a rule (the data or the schedule changed since the solve).`,
    );

    // Apply the first suggested fix the page offers, as a manager would.
    const form =
      /<form method="post" action="(\/schedules\/\d+\/(?:assignments|move))" class="inline">\s*<input type="hidden" name="_csrf" value="[^"]+">([\s\S]*?)<button type="submit" class="button small">Apply this fix<\/button>/.exec(
        page.text,
      );
    expect(form).not.toBeNull();
    const fields = Object.fromEntries(
      [...form![2]!.matchAll(/name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
    );
    let applied = await post(form![1]!, fields);
    // A soft concern (overtime, a non-preferred shift) asks for the override; a hard rule never comes up.
    if (applied.status === 400) {
      expect(applied.text).toContain('name="override"');
      applied = await post(form![1]!, { ...fields, override: 'on' });
    }
    expect(applied.status).toBe(303);
    expect(
      await t.db.assignment.count({
        where: {
          scheduleId: draftId,
          staffId: Number(fields.staffId),
          positionId: Number(fields.positionId),
        },
      }),
    ).toBeGreaterThan(0);
  });
});

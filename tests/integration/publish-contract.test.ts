import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countCoverageGaps } from '../../server/scheduling/coverage-gaps.service';
import { publishSchedule } from '../../server/scheduling/publish.service';
import { createSchedule, nextMonday, plusDays } from '../helpers/publish-fixtures';
import { createTestApp, csrfFrom, type Agent, type TestApp } from '../helpers/test-app';

let t: TestApp;
let manager: Agent;
const week = plusDays(nextMonday(), 28);

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
});
afterAll(async () => {
  await t.close();
});

describe('publishing from the schedule page', () => {
  it('counts the same gaps as the schedule page, so its "publish with gaps" box publishes', async () => {
    const id = await createSchedule(t.db, {
      periodStart: week,
      assignments: [
        ['Priya', week, 'Weekday day', 'PHARMACIST'],
        ['Aisha', week, 'Weekday day', 'TECHNICIAN'],
      ],
    });
    const page = await manager.get(`/schedules/${id}`);
    expect(page.status).toBe(200);
    const shown = Number(/name="gapCount" value="(\d+)"/.exec(page.text)?.[1]);
    expect(shown).toBe(await countCoverageGaps(t.db, id));
    const res = await manager
      .post(`/schedules/${id}/publish`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), gapCount: String(shown), confirmGaps: 'on' });
    expect(res.status).toBe(303);
    expect((await t.db.schedule.findUniqueOrThrow({ where: { id } })).status).toBe('PUBLISHED');
  });
});

describe('publishing two drafts of one week at the same moment', () => {
  it('ends with exactly one published version and the other archived', async () => {
    const managerId = (await t.db.user.findUniqueOrThrow({ where: { email: t.demoUser('MANAGER').email } }))
      .id;
    const start = plusDays(week, 7);
    const a = await createSchedule(t.db, {
      periodStart: start,
      version: 1,
      assignments: [['Priya', start, 'Weekday day', 'PHARMACIST']],
    });
    const b = await createSchedule(t.db, {
      periodStart: start,
      version: 2,
      assignments: [['Marcus', start, 'Weekday day', 'PHARMACIST']],
    });
    const results = await Promise.allSettled([
      publishSchedule(t.db, a, managerId, { confirmGaps: true }),
      publishSchedule(t.db, b, managerId, { confirmGaps: true }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
    const rows = await t.db.schedule.findMany({ where: { periodStart: start }, select: { status: true } });
    expect(rows.filter((r) => r.status === 'PUBLISHED')).toHaveLength(1);
  });
});

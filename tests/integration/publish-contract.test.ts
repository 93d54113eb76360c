import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countCoverageGaps } from '../../server/services/publish';
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

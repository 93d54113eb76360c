import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishSchedule } from '../../server/scheduling/publish.service';
import { createSchedule, nextMonday } from '../helpers/publish-fixtures';
import { createTestApp, csrfOf, runOnOtherConnection, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('calendar feeds under repeated polling', () => {
  it('serve the same feed until anything is written, also by another connection to the database', async () => {
    const week = nextMonday();
    const manager = await t.db.user.findUniqueOrThrow({ where: { email: t.demoUser('MANAGER').email } });
    const id = await createSchedule(t.db, {
      periodStart: week,
      status: 'DRAFT',
      assignments: [['Priya', week, 'Weekday day', 'PHARMACIST']],
    });
    await publishSchedule(t.db, id, manager.id, { confirmGaps: true });
    const staff = await t.signInAs('STAFF');
    await staff
      .post('/my/calendar/reset')
      .type('form')
      .send({ _csrf: await csrfOf(staff, '/my/calendar') });
    const path = /(\/calendar\/[\w-]{43}\.ics)/.exec((await staff.get('/my/calendar')).text)![1]!;

    const first = await request(t.app).get(path);
    const second = await request(t.app).get(path);
    expect(second.text).toBe(first.text);
    expect(first.text).toContain('SUMMARY:Weekday day — Pharmacist');

    // Another process (a second app instance, a migration script) renames the shift.
    await runOnOtherConnection(
      t,
      `UPDATE "ShiftTemplate" SET "name" = 'Weekday early' WHERE "name" = 'Weekday day'`,
    );
    const third = await request(t.app).get(path);
    expect(third.text).toContain('SUMMARY:Weekday early — Pharmacist');
  });
});

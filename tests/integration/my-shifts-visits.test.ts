import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishSchedule } from '../../server/scheduling/publish.service';
import { createSchedule, nextMonday } from '../helpers/publish-fixtures';
import { createTestApp, type Agent, type TestApp } from '../helpers/test-app';

// "My shifts" records a visit (User.shiftsSeenAt) only when something was published since the
// last recorded one, so the busiest page of staff does not write to the database on every view.

let t: TestApp;
let staff: Agent;
let managerId: number;
const seenAt = async () =>
  (
    await t.db.user.findUniqueOrThrow({
      where: { email: t.demoUser('STAFF').email },
      select: { shiftsSeenAt: true },
    })
  ).shiftsSeenAt;

beforeAll(async () => {
  t = await createTestApp();
  staff = await t.signInAs('STAFF'); // Priya Raman
  managerId = (await t.db.user.findUniqueOrThrow({ where: { email: t.demoUser('MANAGER').email } })).id;
});
afterAll(async () => {
  await t.close();
});

describe('visits to My shifts', () => {
  it('records the first visit, not the ones that find nothing new, and the next one after a publish', async () => {
    expect((await staff.get('/')).status).toBe(200);
    const first = await seenAt();
    expect(first).not.toBeNull();

    await staff.get('/');
    await staff.get('/my/shifts');
    expect(await seenAt()).toEqual(first);

    const week = nextMonday();
    const id = await createSchedule(t.db, {
      periodStart: week,
      version: 5,
      assignments: [['Priya', week, 'Weekday day', 'PHARMACIST']],
    });
    await publishSchedule(t.db, id, managerId, { confirmGaps: true });
    const marked = await staff.get('/');
    expect(marked.text).toContain('Since you last looked');
    expect(marked.text).toContain('badge-new');
    const after = await seenAt();
    expect(after!.getTime()).toBeGreaterThan(first!.getTime());

    // Seen: the marks are gone on the next visit, which again writes nothing.
    const again = await staff.get('/');
    expect(again.text).not.toContain('badge-new');
    expect(await seenAt()).toEqual(after);
  });

  it('does not write on every visit when a publish time lies ahead of the clock', async () => {
    await staff.get('/');
    const before = await seenAt();
    // A schedule stamped as published tomorrow (a server clock that was ahead, an import).
    const week = nextMonday();
    const id = await createSchedule(t.db, { periodStart: week, version: 6, assignments: [] });
    await t.db.schedule.update({
      where: { id },
      data: { status: 'PUBLISHED', publishedAt: new Date(Date.now() + 86_400_000) },
    });
    await staff.get('/');
    await staff.get('/my/shifts');
    expect(await seenAt()).toEqual(before);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchedule, demoLookups } from '../helpers/publish-fixtures';
import { createTestApp, type Agent, type TestApp } from '../helpers/test-app';

// The schedule page's view is kept between requests (services/schedules.ts getScheduleView); these
// prove it never outlives a write, wherever the write comes from.

const WEEK = '2026-11-30';
const TUESDAY = '2026-12-01';

let t: TestApp;
let manager: Agent;
let scheduleId: number;
let technicianId: number;

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  const ids = await demoLookups(t.db);
  const technician = await t.db.staff.findFirstOrThrow({
    where: { siteId: ids.site.id, positions: { some: { position: { code: 'TECHNICIAN' } } } },
    select: { id: true, firstName: true },
  });
  technicianId = technician.id;
  scheduleId = await createSchedule(t.db, {
    periodStart: WEEK,
    version: 7,
    assignments: [[technician.firstName, TUESDAY, 'Weekday day', 'TECHNICIAN']],
  });
});
afterAll(async () => {
  await t.close();
});

const page = async () => {
  const res = await manager.get(`/schedules/${scheduleId}`);
  expect(res.status).toBe(200);
  return res.text;
};

describe('the schedule page between requests', () => {
  it('shows a change made anywhere in the database on the next request', async () => {
    await page();
    await t.db.staff.update({ where: { id: technicianId }, data: { firstName: 'Quillon' } });
    expect(await page()).toContain('Quillon');

    await t.db.assignment.deleteMany({ where: { scheduleId } });
    const after = await page();
    expect(after).not.toMatch(/<li>\s*Quillon/);
  });

  it('never shows what a transaction wrote and then rolled back', async () => {
    await t.db.staff.update({ where: { id: technicianId }, data: { firstName: 'Marisol' } });
    await page();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const rolledBack = t.db
      .$transaction(async (tx) => {
        await tx.staff.update({ where: { id: technicianId }, data: { firstName: 'Phantom' } });
        await gate;
        throw new Error('roll back');
      })
      .catch(() => undefined);
    const during = manager.get(`/schedules/${scheduleId}`).then((res) => res.text);
    setTimeout(release, 100);
    await rolledBack;
    expect(await during).not.toContain('Phantom');
    const later = await page();
    expect(later).toContain('Marisol');
    expect(later).not.toContain('Phantom');
  });

  it('serves the same page to repeated requests while nothing changes', async () => {
    const first = await page();
    const second = await page();
    expect(second).toBe(first);
  });

  it('with the production view cache, reuses the rendered page only until something changes', async () => {
    const plain = await page();
    t.app.enable('view cache');
    try {
      const first = await page();
      expect(first).toBe(plain);
      expect(await page()).toBe(first);
      expect(first.match(/<html/g)).toHaveLength(1);

      await t.db.staff.update({ where: { id: technicianId }, data: { firstName: 'Ysolde' } });
      expect(await page()).toContain('Ysolde');
      // Another session has its own CSRF token in the forms.
      const other = await t.signInAs('MANAGER');
      const theirs = (await other.get(`/schedules/${scheduleId}`)).text;
      const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
      expect(token(theirs)).not.toBe(token(await page()));
      expect(theirs.match(/name="_csrf" value="([^"]+)"/g)!.every((m) => m.includes(token(theirs)!))).toBe(
        true,
      );
    } finally {
      t.app.disable('view cache');
    }
  });
});

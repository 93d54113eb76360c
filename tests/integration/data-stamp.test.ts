import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataStamp, scopedDataStamp, type DataScope } from '../../server/db/client';
import { markShiftsSeen } from '../../server/shifts/my-shifts.repository';
import { createTestApp, runOnOtherConnection, type Agent, type TestApp } from '../helpers/test-app';

// Kept pages, schedule views and calendar feeds are reused while the data stamp is unchanged
// (server/db/change-counter.ts). It moves with a commit to any table a page can show, and not with
// the sessions' idle refreshes, which with many people signed in arrive several times a second.

let t: TestApp;
let lead: Agent;

beforeAll(async () => {
  t = await createTestApp({ sessionIdleMinutes: 1 });
  lead = await t.signInAs('LEAD');
});
afterAll(async () => {
  await t.close();
});

describe('data stamp', () => {
  it('counts a change to every table except the sessions and solve-job progress', async () => {
    // One trigger per table and operation (SQLite), or one per table for all three (PostgreSQL).
    const triggers = t.databaseFile
      ? await t.db.$queryRaw<{ name: string }[]>`
          SELECT tbl_name AS name FROM sqlite_master WHERE type = 'trigger'`
      : await t.db.$queryRaw<{ name: string }[]>`
          SELECT event_object_table AS name FROM information_schema.triggers
          WHERE trigger_schema = current_schema() AND trigger_name = 'DataVersion_' || event_object_table`;
    const tables = t.databaseFile
      ? await t.db.$queryRaw<{ name: string }[]>`
          SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
      : await t.db.$queryRaw<{ name: string }[]>`
          SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`;
    const uncounted = tables
      .map((table) => table.name)
      .filter((table) => triggers.filter((x) => x.name === table).length !== 3);
    expect(uncounted.sort()).toEqual([
      'DataVersion',
      'Notification',
      'Session',
      'SignInLimit',
      'SiteDataVersion',
      'SolveJob',
      '_prisma_migrations',
    ]);
  });

  it('moves with a change made by another connection, and not with a session write', async () => {
    const before = await dataStamp(t.db);
    await runOnOtherConnection(t, `UPDATE "Session" SET "lastSeenAt" = "lastSeenAt"`);
    expect(await dataStamp(t.db)).toBe(before);
    await runOnOtherConnection(
      t,
      `UPDATE "Task" SET "title" = "title" || '.' WHERE "id" = (SELECT MIN("id") FROM "Task")`,
    );
    expect(await dataStamp(t.db)).not.toBe(before);
  });

  it('moves once a transaction that wrote commits, not before, and not for one rolled back', async () => {
    const before = await dataStamp(t.db);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const rolledBack = t.db
      .$transaction(async (tx) => {
        await tx.task.updateMany({ data: { title: 'Phantom' } });
        wrote();
        await gate;
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await written;
    expect(await dataStamp(t.db)).toBe(before);
    release();
    await rolledBack;
    expect(await dataStamp(t.db)).toBe(before);

    await t.db.$transaction(async (tx) => {
      await tx.task.updateMany({ data: { title: 'Counted once' } });
      await tx.staff.updateMany({ data: { active: true } });
    });
    expect(await dataStamp(t.db)).not.toBe(before);
  });

  it("keeps a person's pages through other people's idle refreshes", async () => {
    const first = await lead.get('/boards/vendor-returns');
    expect(first.headers['x-page-cache']).toBe('miss');
    // Someone else's session slides its idle expiry: a write, but no data anyone sees.
    const manager = await t.signInAs('MANAGER');
    const second = await lead.get('/boards/vendor-returns');
    expect(second.headers['x-page-cache']).toBe('miss'); // the sign-in itself is recorded (audit, last sign-in)
    await t.db.session.updateMany({ data: { lastSeenAt: new Date(Date.now() - 30_000) } });
    expect((await manager.get('/')).status).toBe(200);
    const third = await lead.get('/boards/vendor-returns');
    expect(third.headers['x-page-cache']).toBe('hit');
    expect(third.text).toBe(second.text);
  });
});

describe("stamps of the pages that read only some sites' schedules", () => {
  // In a chain's Monday burst, 200 stores save drafts within a minute: a staff member's pages are
  // kept through other stores' saves and rendered again after any change they could show.
  let staffScope: DataScope;
  let managerScope: DataScope;
  let outside: number;
  let own: number;

  /** A draft week at a site with one person on its first template's first day. */
  async function draftAt(siteId: number, staffId: number, periodStart = '2027-03-01') {
    const template = await t.db.shiftTemplate.findFirst({ where: { siteId: own }, select: { id: true } });
    const position = await t.db.position.findFirstOrThrow({ select: { id: true } });
    const schedule = await t.db.schedule.create({
      data: { siteId, periodStart, periodEnd: periodStart, status: 'DRAFT' },
      select: { id: true },
    });
    await t.db.assignment.create({
      data: {
        scheduleId: schedule.id,
        shiftDate: periodStart,
        templateId: template!.id,
        staffId,
        positionId: position.id,
      },
    });
    return schedule.id;
  }

  beforeAll(async () => {
    const user = (email: string) =>
      t.db.user.findUniqueOrThrow({
        where: { email },
        select: { staffId: true, staff: { select: { siteId: true } } },
      });
    const staff = await user(t.demoUser('STAFF').email);
    const manager = await user(t.demoUser('MANAGER').email);
    staffScope = { siteId: staff.staff!.siteId, staffId: staff.staffId };
    managerScope = { siteId: manager.staff!.siteId, staffId: manager.staffId, colleagues: true };
    own = staffScope.siteId!;
    // A store of the chain in no district, that none of the demo's people work at.
    const site = await t.db.site.create({
      data: { name: 'Lakeside Pharmacy – Utica', timeZone: 'America/New_York', usState: 'NY' },
      select: { id: true },
    });
    outside = site.id;
  });

  it("stays through another store's saved draft and moves with the person's own store's", async () => {
    const before = await scopedDataStamp(t.db, staffScope);
    const managerBefore = await scopedDataStamp(t.db, managerScope);
    const everything = await dataStamp(t.db);
    const everySite = await scopedDataStamp(t.db, { siteId: null, staffId: null });
    const utica = await t.db.staff.create({
      data: {
        siteId: outside,
        firstName: 'Uma',
        lastName: 'Tice',
        employmentType: 'FULL_TIME',
        hourlyRateCents: 2500,
      },
      select: { id: true },
    });
    // A new person is data outside any site's schedules: every page may list people.
    const afterPerson = await scopedDataStamp(t.db, staffScope);
    expect(afterPerson).not.toBe(before);

    const draft = await draftAt(outside, utica.id);
    await t.db.schedule.update({
      where: { id: draft },
      data: { status: 'PUBLISHED', publishedAt: new Date() },
    });
    expect(await scopedDataStamp(t.db, staffScope)).toBe(afterPerson);
    expect(await dataStamp(t.db)).not.toBe(everything);
    // Without a site, a user reads every site's schedules (an operations manager).
    expect(await scopedDataStamp(t.db, { siteId: null, staffId: null })).not.toBe(everySite);

    await draftAt(own, staffScope.staffId!);
    const afterOwn = await scopedDataStamp(t.db, staffScope);
    expect(afterOwn).not.toBe(afterPerson);
    expect(await scopedDataStamp(t.db, managerScope)).not.toBe(managerBefore);

    // An assignment's own change counts through its schedule.
    await runOnOtherConnection(
      t,
      `UPDATE "Assignment" SET "locked" = true WHERE "staffId" = ?`,
      staffScope.staffId,
    );
    expect(await scopedDataStamp(t.db, staffScope)).not.toBe(afterOwn);
  });

  it("follows a manager's floaters to their other sites, and a person to every site they were assigned at", async () => {
    const start = await scopedDataStamp(t.db, managerScope);
    const anotherOutside = await t.db.site.create({
      data: { name: 'Lakeside Pharmacy – Rome', timeZone: 'America/New_York', usState: 'NY' },
      select: { id: true },
    });
    const colleague = await t.db.staff.findFirstOrThrow({
      where: { siteId: own, id: { not: staffScope.staffId! } },
      select: { id: true },
    });
    await t.db.staffSite.create({ data: { staffId: colleague.id, siteId: anotherOutside.id } });
    const floating = await scopedDataStamp(t.db, managerScope);
    expect(floating).not.toBe(start);
    // The floater's week there shows on the home store's schedule page (their rest and hours), not
    // on a colleague's own pages.
    const colleagueBefore = await scopedDataStamp(t.db, staffScope);
    await draftAt(anotherOutside.id, colleague.id);
    expect(await scopedDataStamp(t.db, managerScope)).not.toBe(floating);
    expect(await scopedDataStamp(t.db, staffScope)).toBe(colleagueBefore);

    // A shift of the person's own at a store they do not float to brings that store into scope.
    const third = await t.db.site.create({
      data: { name: 'Lakeside Pharmacy – Oneida', timeZone: 'America/New_York', usState: 'NY' },
      select: { id: true },
    });
    const beforeShift = await scopedDataStamp(t.db, staffScope);
    const schedule = await draftAt(third.id, staffScope.staffId!, '2027-03-08');
    const afterShift = await scopedDataStamp(t.db, staffScope);
    expect(afterShift).not.toBe(beforeShift);
    await t.db.schedule.update({
      where: { id: schedule },
      data: { status: 'PUBLISHED', publishedAt: new Date() },
    });
    expect(await scopedDataStamp(t.db, staffScope)).not.toBe(afterShift);
  });

  it("keeps a staff member's page through another store's saves and renders it again after their own store's", async () => {
    const outsider = await t.db.staff.create({
      data: {
        siteId: outside,
        firstName: 'Ola',
        lastName: 'Tice',
        employmentType: 'PART_TIME',
        hourlyRateCents: 2400,
      },
      select: { id: true },
    });
    const staff = await t.signInAs('STAFF');
    // The first page after signing in shows its welcome once, and is not kept.
    expect((await staff.get('/')).status).toBe(200);
    expect((await staff.get('/')).headers['x-page-cache']).toBe('miss');
    const kept = await staff.get('/');
    expect(kept.headers['x-page-cache']).toBe('hit');
    await draftAt(outside, outsider.id, '2027-03-15');
    const through = await staff.get('/');
    expect(through.headers['x-page-cache']).toBe('hit');
    expect(through.text).toBe(kept.text);

    // A week published at their own store with a shift of theirs the day after tomorrow shows at once.
    const week = await draftAt(own, staffScope.staffId!, DateTime.now().plus({ days: 2 }).toISODate()!);
    await t.db.schedule.update({
      where: { id: week },
      data: { status: 'PUBLISHED', publishedAt: new Date() },
    });
    const after = await staff.get('/');
    expect(after.headers['x-page-cache']).toBe('miss');
    expect(after.text).not.toBe(kept.text);
  });

  it('counts the record of what a person has seen for their own pages only', async () => {
    const users = await t.db.user.findMany({
      where: { role: 'STAFF', staff: { siteId: own } },
      select: { id: true, email: true, staffId: true },
      orderBy: { id: 'asc' },
      take: 2,
    });
    const [a, b] = users.map((u) => ({ userId: u.id, siteId: own, staffId: u.staffId }));
    const stampA = await scopedDataStamp(t.db, a!);
    const stampB = await scopedDataStamp(t.db, b!);
    const everything = await dataStamp(t.db);
    // Opening My shifts after anything was published anywhere records the visit.
    await markShiftsSeen(t.db, a!.userId, new Date());
    expect(await scopedDataStamp(t.db, a!)).not.toBe(stampA);
    expect(await scopedDataStamp(t.db, b!)).toBe(stampB);
    expect(await dataStamp(t.db)).toBe(everything);
    // Any other change to a person is everyone's.
    await t.db.user.update({ where: { id: a!.userId }, data: { email: 'renamed@demo.rxroster.test' } });
    expect(await scopedDataStamp(t.db, b!)).not.toBe(stampB);
    expect(await dataStamp(t.db)).not.toBe(everything);
    await t.db.user.update({ where: { id: a!.userId }, data: { email: users[0]!.email } });
  });

  it("keeps a person's page through someone else's notification and shows their own at once", async () => {
    const users = await t.db.user.findMany({
      where: { role: 'STAFF', staff: { siteId: own } },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: 2,
    });
    const staff = await t.signInAs('STAFF');
    await staff.get('/');
    await staff.get('/');
    const kept = await staff.get('/');
    expect(kept.headers['x-page-cache']).toBe('hit');
    const notify = (userId: number) =>
      t.db.notification.create({
        data: { userId, kind: 'SCHEDULE_CHANGED', subject: 'Your shifts changed', text: 'See My shifts.' },
      });
    const me = await t.db.user.findUniqueOrThrow({
      where: { email: t.demoUser('STAFF').email },
      select: { id: true },
    });
    await notify(users.find((u) => u.id !== me.id)!.id);
    const through = await staff.get('/');
    expect(through.headers['x-page-cache']).toBe('hit');
    expect(through.text).toBe(kept.text);
    await notify(me.id);
    const mine = await staff.get('/');
    expect(mine.headers['x-page-cache']).toBe('miss');
    expect(mine.text).toMatch(/<span class="bell-count">\d+<\/span>/);
    expect(mine.text).not.toBe(kept.text);
  });
});

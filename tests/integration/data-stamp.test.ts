import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataStamp } from '../../server/db/client';
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
      'Session',
      'SignInLimit',
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

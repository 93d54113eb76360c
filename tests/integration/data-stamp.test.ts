import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataStamp } from '../../server/db/client';
import { createTestApp, type Agent, type TestApp } from '../helpers/test-app';

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
  it('counts a change to every table except the sessions and solve-job progress', () => {
    const sqlite = new Database(t.databaseFile, { readonly: true });
    try {
      const tables = sqlite
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
        .pluck()
        .all() as string[];
      const triggers = sqlite
        .prepare(`SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'`)
        .pluck()
        .all() as string[];
      const uncounted = tables.filter((table) => triggers.filter((x) => x === table).length !== 3);
      expect(uncounted.sort()).toEqual([
        'DataVersion',
        'Session',
        'SignInLimit',
        'SolveJob',
        '_prisma_migrations',
      ]);
    } finally {
      sqlite.close();
    }
  });

  it('moves with a change made by another connection, and not with a session write', async () => {
    const before = dataStamp(t.db);
    const other = new Database(t.databaseFile);
    try {
      other.prepare(`UPDATE "Session" SET "lastSeenAt" = "lastSeenAt"`).run();
      expect(dataStamp(t.db)).toBe(before);
      other
        .prepare(`UPDATE "Task" SET "title" = "title" || '.' WHERE "id" = (SELECT MIN("id") FROM "Task")`)
        .run();
      expect(dataStamp(t.db)).not.toBe(before);
    } finally {
      other.close();
    }
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

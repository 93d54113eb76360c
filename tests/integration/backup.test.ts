import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDatabase, restoreDatabase } from '../../server/cli/backup';
import { createPrismaClient } from '../../server/db/client';
import request from 'supertest';
import { createApp } from '../../server/app';
import { createTestApp, csrfOf } from '../helpers/test-app';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rxroster-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('backup and restore', () => {
  it('restores a backup taken while the app had the database open, with the same data', async () => {
    const t = await createTestApp();
    const staffBefore = await t.db.staff.findMany({
      select: { id: true, firstName: true, lastName: true },
      orderBy: { id: 'asc' },
    });
    const tasksBefore = await t.db.task.count();
    const backup = await backupDatabase(t.databaseFile, dir, new Date('2026-11-25T12:00:00Z'));
    expect(path.basename(backup)).toBe('rxroster-20261125T120000Z.db');

    // Lose data after the backup …
    await t.db.taskEvent.deleteMany();
    await t.db.taskComment.deleteMany();
    await t.db.task.deleteMany();
    expect(await t.db.task.count()).toBe(0);
    await t.db.$disconnect();

    // … and get it back.
    await restoreDatabase(backup, t.databaseFile);
    const db = createPrismaClient(t.databaseFile);
    try {
      expect(await db.task.count()).toBe(tasksBefore);
      expect(
        await db.staff.findMany({
          select: { id: true, firstName: true, lastName: true },
          orderBy: { id: 'asc' },
        }),
      ).toEqual(staffBefore);
    } finally {
      await db.$disconnect();
      await t.close();
    }
  });

  it('writes backups readable by their owner only', async () => {
    const t = await createTestApp();
    try {
      const backup = await backupDatabase(t.databaseFile, path.join(dir, 'private'));
      expect(statSync(backup).mode & 0o777).toBe(0o600);
      expect(statSync(path.dirname(backup)).mode & 0o777).toBe(0o700);
    } finally {
      await t.close();
    }
  });

  it('ends every session and keeps calendar links revoked or replaced since the backup', async () => {
    const t = await createTestApp();
    const staff = await t.signInAs('STAFF'); // Priya
    const lead = await t.signInAs('LEAD');
    const feed = async (agent: typeof staff) => {
      await agent
        .post('/my/calendar/reset')
        .type('form')
        .send({ _csrf: await csrfOf(agent, '/my/calendar') });
      const page = await agent.get('/my/calendar');
      return /(\/calendar\/[\w-]{43}\.ics)/.exec(page.text)![1]!;
    };
    const revoked = await feed(staff);
    const replaced = await feed(lead);
    const backup = await backupDatabase(t.databaseFile, dir, new Date('2026-11-25T13:00:00Z'));

    // After the backup: a manager revokes Priya's link, the lead resets theirs, and someone signs out.
    const priya = await t.db.user.findUniqueOrThrow({
      where: { email: t.demoUser('STAFF').email },
      select: { staffId: true },
    });
    const manager = await t.signInAs('MANAGER');
    await manager
      .post(`/calendar/feeds/${priya.staffId}/revoke`)
      .type('form')
      .send({ _csrf: await csrfOf(manager, '/calendar/feeds') });
    const current = await feed(lead);
    const app = t.app;
    expect((await request(app).get(revoked)).status).toBe(404);
    expect((await request(app).get(replaced)).status).toBe(404);
    expect((await request(app).get(current)).status).toBe(200);
    await t.db.$disconnect();

    await restoreDatabase(backup, t.databaseFile);
    const db = createPrismaClient(t.databaseFile);
    try {
      expect(await db.session.count()).toBe(0);
      const restored = createApp(db, { sessionSecret: 'test-secret-that-is-long-enough-0123456789' });
      expect((await request(restored).get(revoked)).status).toBe(404);
      expect((await request(restored).get(replaced)).status).toBe(404);
      expect((await request(restored).get(current)).status).toBe(200);
      // Only hashes of feed tokens are in the database (and so in every backup).
      const token = current.slice('/calendar/'.length, -'.ics'.length);
      const rows = await db.user.findMany({
        where: { icalToken: { not: null } },
        select: { icalToken: true },
      });
      expect(rows.map((r) => r.icalToken)).toContain(createHash('sha256').update(token).digest('hex'));
      expect(rows.map((r) => r.icalToken)).not.toContain(token);
    } finally {
      await db.$disconnect();
      await t.close();
    }
  });

  it('refuses to back up a database that does not exist', async () => {
    await expect(backupDatabase(path.join(dir, 'missing.db'), dir)).rejects.toThrow(/No database at/);
  });
});

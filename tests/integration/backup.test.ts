import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDatabase, restoreDatabase } from '../../server/cli/backup';
import { createPrismaClient } from '../../server/db';
import { createTestApp } from '../helpers/test-app';

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

  it('refuses to back up a database that does not exist', async () => {
    await expect(backupDatabase(path.join(dir, 'missing.db'), dir)).rejects.toThrow(/No database at/);
  });
});

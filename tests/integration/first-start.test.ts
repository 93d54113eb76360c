import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../server/db/client';
import { listMigrations } from '../../server/db/migrate';
import { startServerProcess } from '../helpers/server-process';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rxroster-first-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm start on an empty database', () => {
  it('migrates, seeds the demo pharmacy with a published week, prints the sign-ins, and never seeds twice', async () => {
    const file = path.join(dir, 'fresh.db');
    const first = await startServerProcess(file, { SEED_DEMO: 'true' });
    const signIns = await new Promise<string>((resolve) => {
      const check = setInterval(() => {
        if (first.output().includes('STAFF')) {
          clearInterval(check);
          resolve(first.output());
        }
      }, 100);
    });
    first.child.kill('SIGTERM');
    await first.exited;
    // Every migration in the repository, each once.
    expect(signIns).toContain(`Applied ${listMigrations().length} migration(s)`);
    expect(signIns).toContain('Seeded the demo pharmacy.');
    expect(signIns).toMatch(/Published a schedule for the week of \d{4}-\d{2}-\d{2} \(\d+ shifts\)/);
    for (const role of ['MANAGER', 'LEAD', 'STAFF'])
      expect(signIns).toMatch(new RegExp(`${role}\\s+\\S+@demo\\.rxroster\\.test`));

    const db = createPrismaClient(file);
    const counts = async () => ({
      staff: await db.staff.count(),
      tasks: await db.task.count(),
      schedules: await db.schedule.count(),
    });
    const before = await counts();
    expect(await db.schedule.count({ where: { status: 'PUBLISHED' } })).toBe(1);
    await db.$disconnect();

    const second = await startServerProcess(file, { SEED_DEMO: 'true' });
    second.child.kill('SIGTERM');
    await second.exited;
    expect(second.output()).not.toContain('Seeded the demo pharmacy.');
    const again = createPrismaClient(file);
    expect({
      staff: await again.staff.count(),
      tasks: await again.task.count(),
      schedules: await again.schedule.count(),
    }).toEqual(before);
    await again.$disconnect();
  }, 180_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../../server/db/migrate';
import { createPrismaClient, enableWriteAheadLog } from '../../server/db/client';
import { seedDemo } from '../../prisma/seed';

/** Today as the tests see it: fixed, so the demo data (expiring credentials…) is the same every run. */
export const TEST_TODAY = '2026-11-25';

/**
 * Migrates and seeds one base database for the whole run, the same way production does on first
 * start; every test file then works on its own copy (as Epic Stack does), so tests never share state.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rxroster-test-base-'));
  const file = path.join(dir, 'base.db');
  applyMigrations(file);
  enableWriteAheadLog(file);
  const db = createPrismaClient(file);
  const signIns = await seedDemo(db, { today: TEST_TODAY });
  await db.$disconnect();
  project.provide('provider', 'sqlite');
  project.provide('baseDatabase', file);
  project.provide(
    'demoSignIns',
    signIns.map((s) => ({ role: s.role, email: s.email, password: s.password })),
  );
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Which database the project's tests run on (the base database is a file or a PostgreSQL URL). */
    provider: 'sqlite' | 'postgresql';
    baseDatabase: string;
    demoSignIns: { role: string; email: string; password: string }[];
  }
}

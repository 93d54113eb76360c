import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../server/db/client';
import { applyPostgresMigrations } from '../../server/db/migrate-postgresql';
import { seedDemo } from '../../prisma/seed';
import { createDatabase, dropDatabase, postgresServerUrl } from '../helpers/postgres';
import { TEST_TODAY } from './global-setup';

/**
 * The PostgreSQL project's base database: migrated with the PostgreSQL migrations and seeded the
 * way production is, once per run; each test file gets a copy (tests/helpers/test-app.ts).
 */
export default async function setup(project: TestProject) {
  const server = postgresServerUrl();
  if (!server) throw new Error('The postgresql test project needs TEST_POSTGRES_URL');
  const base = await createDatabase(server, 'rxroster_test_base');
  await applyPostgresMigrations(base);
  const db = openDatabase(base, 2);
  const signIns = await seedDemo(db, { today: TEST_TODAY });
  await db.$disconnect();
  project.provide('provider', 'postgresql');
  project.provide('baseDatabase', base);
  project.provide(
    'demoSignIns',
    signIns.map((s) => ({ role: s.role, email: s.email, password: s.password })),
  );
  return () => dropDatabase(server, base);
}

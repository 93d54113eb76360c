import { defineConfig } from 'vitest/config';

/**
 * Two projects: every test on SQLite (the embedded default), and the database-facing integration
 * tests again on a real PostgreSQL server when TEST_POSTGRES_URL names one (a role that may create
 * databases; `scripts/test-postgres.sh` starts a throw-away server and prints the variable). CI
 * always sets it. Without it, tests/postgresql/ reports its tests as skipped, with the reason.
 */
const postgresUrl = process.env.TEST_POSTGRES_URL?.trim();
if (process.env.CI === 'true' && !postgresUrl) {
  throw new Error('CI must run the PostgreSQL tests too: set TEST_POSTGRES_URL (see .ci/run).');
}
// The config is loaded more than once per run: say it once.
const warned = globalThis as { rxrosterPostgresWarned?: boolean };
if (!postgresUrl && !warned.rxrosterPostgresWarned) {
  warned.rxrosterPostgresWarned = true;
  console.warn(
    'PostgreSQL tests SKIPPED: TEST_POSTGRES_URL is not set, so the integration tests run on SQLite only. ' +
      'eval "$(scripts/test-postgres.sh)" starts a throw-away PostgreSQL 15 and sets it.',
  );
}

/**
 * Integration tests that run on SQLite only, and why: they open the SQLite file itself (backups,
 * write-ahead log, crash recovery, migration runner, offline CLI engine, a file's query log,
 * writing payloads by rowid) or start the server process on a file.
 */
const SQLITE_ONLY = [
  'tests/integration/prisma/**',
  'tests/integration/backup.test.ts',
  'tests/integration/crash-safety.test.ts',
  'tests/integration/notifications-crash.test.ts',
  'tests/integration/first-start.test.ts',
  'tests/integration/shutdown.test.ts',
  'tests/integration/query-count.test.ts',
  'tests/integration/calendar-feed.test.ts',
  'tests/integration/hostile-input.test.ts',
  'tests/integration/xss.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['tests/setup/fail-on-console-error.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['tests/**/*.test.ts'],
          // With a server, the PostgreSQL-only tests run in their own project below.
          exclude: postgresUrl ? ['tests/postgresql/**'] : [],
          globalSetup: ['tests/setup/global-setup.ts'],
        },
      },
      ...(postgresUrl
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgresql',
                include: ['tests/integration/**/*.test.ts', 'tests/postgresql/**/*.test.ts'],
                exclude: SQLITE_ONLY,
                globalSetup: ['tests/setup/global-setup-postgresql.ts'],
              },
            },
          ]
        : []),
    ],
  },
});

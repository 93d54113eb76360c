import { randomUUID } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { installPostgresChangeCounter } from './change-counter';
import { REPO_ROOT } from './database-url';
import {
  checkHistory,
  listMigrations,
  MigrationError,
  type MigrationFile,
  type MigrationRow,
} from './migrate';

/**
 * The start-up migration runner for PostgreSQL: applies prisma/postgresql/migrations the database
 * has not seen, each in one transaction, recording it in `_prisma_migrations` as `prisma migrate
 * deploy` does. The whole run holds the advisory lock Prisma's own migrate commands take, so
 * instances starting together (or `npm run db:migrate` beside them) apply each migration once.
 * Refuses a database with tables but no history, edited or unknown migrations, and failed ones.
 */

export const POSTGRES_MIGRATIONS_DIR = path.join(REPO_ROOT, 'prisma', 'postgresql', 'migrations');

/** The lock key Prisma's schema engine uses for migrations on PostgreSQL. */
const PRISMA_MIGRATE_LOCK = 72707369;

/** The DDL Prisma's schema engine uses for PostgreSQL. */
const MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export async function applyPostgresMigrations(
  url: string,
  options: { migrationsDir?: string } = {},
): Promise<string[]> {
  const migrations = listMigrations(options.migrationsDir ?? POSTGRES_MIGRATIONS_DIR);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const where = databaseName(url);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    try {
      const hasTable = (
        await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`)
      ).rows[0].present as boolean;
      const history = hasTable ? await readHistory(client) : [];
      if (history.length === 0) {
        const existing = (
          await client.query<{ name: string }>(
            `SELECT table_name AS name FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations' ORDER BY 1`,
          )
        ).rows.map((r) => r.name);
        if (existing.length > 0) {
          const shown = existing.slice(0, 5).join(', ') + (existing.length > 5 ? ', …' : '');
          throw new MigrationError(
            `Refusing to migrate ${where}: it already contains tables (${shown}) but no Prisma migration ` +
              'history (_prisma_migrations). It was not created by RxRoster. Point DATABASE_URL at a new database.',
          );
        }
        await client.query(MIGRATIONS_TABLE_DDL);
      }
      checkHistory(where, history, migrations);
      const done = new Set(
        history.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => r.migration_name),
      );
      const applied: string[] = [];
      for (const migration of migrations) {
        if (done.has(migration.name)) continue;
        await applyOne(client, where, migration);
        applied.push(migration.name);
      }
      await installPostgresChangeCounter(client);
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]);
    }
  } finally {
    await client.end();
  }
}

async function readHistory(client: pg.Client): Promise<MigrationRow[]> {
  const { rows } = await client.query<MigrationRow>(
    'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at, migration_name',
  );
  return rows;
}

/** One migration and its history row commit together, or neither does. */
async function applyOne(client: pg.Client, where: string, migration: MigrationFile): Promise<void> {
  await client.query('BEGIN');
  try {
    const id = randomUUID();
    await client.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, started_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 0)',
      [id, migration.checksum, migration.name],
    );
    await client.query(migration.sql);
    await client.query(
      'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1',
      [id],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw new MigrationError(
      `Migration ${migration.name} failed on ${where} and was rolled back: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** host/database of a URL, for messages (never the password). */
export function databaseName(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname}`;
}

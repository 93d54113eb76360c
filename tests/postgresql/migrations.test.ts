import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../../server/db/database-url';
import { checksumOf, listMigrations, MigrationError } from '../../server/db/migrate';
import { applyPostgresMigrations, POSTGRES_MIGRATIONS_DIR } from '../../server/db/migrate-postgresql';
import { createDatabase, dropDatabase, postgresServerUrl } from '../helpers/postgres';

const onPostgres = inject('provider') === 'postgresql';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Tables, columns, indexes, constraints and enums: what a migration defines, in a stable order. The
 * change counter's constraint triggers are made after the migrations (server/db/change-counter.ts).
 */
async function catalog(url: string): Promise<string[]> {
  const rows = await query<{ line: string }>(
    url,
    `SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS line
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
     UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
     UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'
         AND contype <> 't'
     UNION ALL SELECT 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname
     ORDER BY 1`,
  );
  return rows.map((r) => r.line);
}

describe.skipIf(!onPostgres)(
  onPostgres
    ? 'PostgreSQL migrations'
    : 'PostgreSQL migrations — SKIPPED: TEST_POSTGRES_URL is not set (eval "$(scripts/test-postgres.sh)" starts a server)',
  () => {
    const server = postgresServerUrl()!;
    const made: string[] = [];
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'rxroster-pg-migrations-'));
    async function fresh(): Promise<string> {
      const url = await createDatabase(server, 'rxroster_test_migrate');
      made.push(url);
      return url;
    }
    afterAll(async () => {
      for (const url of made) await dropDatabase(server, url);
      rmSync(tmp, { recursive: true, force: true });
    });

    it('the committed migrations build exactly what prisma/postgresql/schema.prisma describes', async () => {
      const migrated = await fresh();
      await applyPostgresMigrations(migrated);
      // The schema's own DDL, made by the offline engine with no database, applied to another database.
      const script = execFileSync(
        'npx',
        [
          'prisma',
          'migrate',
          'diff',
          '--from-empty',
          '--to-schema',
          'prisma/postgresql/schema.prisma',
          '--script',
        ],
        { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: 'file:./tmp/unused.db' } },
      );
      const fromSchema = await fresh();
      await query(fromSchema, script);
      // When this fails after a schema change: `npm run db:migration:postgresql -- <name>` (README).
      expect(await catalog(migrated)).toEqual(await catalog(fromSchema));
    });

    it('records every migration as prisma migrate deploy does, and applies nothing twice, even from three instances at once', async () => {
      const url = await fresh();
      const runs = await Promise.all([1, 2, 3].map(() => applyPostgresMigrations(url)));
      const committed = listMigrations(POSTGRES_MIGRATIONS_DIR);
      expect(runs.flat().sort()).toEqual(committed.map((m) => m.name).sort());
      expect(await applyPostgresMigrations(url)).toEqual([]);
      const history = await query<{
        migration_name: string;
        checksum: string;
        done: boolean;
        applied_steps_count: number;
      }>(
        url,
        'SELECT migration_name, checksum, finished_at IS NOT NULL AS done, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
      );
      expect(history).toEqual(
        committed.map((m) => ({
          migration_name: m.name,
          checksum: m.checksum,
          done: true,
          applied_steps_count: 1,
        })),
      );
      // The change counter's row and triggers are in place: a data change moves it, a session does not.
      const [before] = await query<{ version: number }>(
        url,
        'SELECT "version" FROM "DataVersion" WHERE "id" = 1',
      );
      await query(url, `INSERT INTO "Position" ("code", "name", "ratioClass") VALUES ('XX', 'Test', 'NONE')`);
      const [after] = await query<{ version: number }>(
        url,
        'SELECT "version" FROM "DataVersion" WHERE "id" = 1',
      );
      expect(after!.version).toBe(before!.version + 1);
    });

    it('refuses a database with tables but no migration history, and an edited migration', async () => {
      const foreign = await fresh();
      await query(foreign, 'CREATE TABLE "Other" ("id" INTEGER PRIMARY KEY)');
      await expect(applyPostgresMigrations(foreign)).rejects.toThrow(
        /already contains tables \(Other\) but no Prisma migration history/,
      );

      const url = await fresh();
      await applyPostgresMigrations(url);
      const folder = path.join(tmp, 'edited');
      cpSync(POSTGRES_MIGRATIONS_DIR, folder, { recursive: true });
      const first = listMigrations(folder)[0]!;
      const edited = `${first.sql}\n-- edited\n`;
      writeFileSync(path.join(folder, first.name, 'migration.sql'), edited);
      const refusal = applyPostgresMigrations(url, { migrationsDir: folder });
      await expect(refusal).rejects.toBeInstanceOf(MigrationError);
      await expect(applyPostgresMigrations(url, { migrationsDir: folder })).rejects.toThrow(
        `Migration ${first.name} was modified after it was applied`,
      );
      expect(checksumOf(edited)).not.toBe(first.checksum);
    });
  },
);

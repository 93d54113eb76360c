import type Database from 'better-sqlite3';
import type pg from 'pg';

/**
 * Tables whose changes do not count, because no kept page, schedule view or calendar feed shows them.
 * A session row changes with every person's idle refresh (with 300 people signed in, five writes a
 * second); the signed-in user is loaded through the session store, which watches every commit
 * (server/db/client.ts `databaseStamp`). A solve job writes its heartbeat every few seconds while it runs;
 * jobs are shown only on the schedules list and the job pages, which are never kept — a kept page
 * that shows a job must take SolveJob out of this list. The solve's result, a draft schedule, counts.
 * Sign-in limits change with every failed sign-in (an attacker's guesses too) and no page shows them.
 * The counter itself and the migration history do not count either.
 */
const UNCOUNTED = new Set(['Session', 'SignInLimit', 'SolveJob', 'DataVersion', '_prisma_migrations']);

/**
 * Makes every insert, update and delete on any other table add one to `DataVersion.version`, in the
 * same transaction, so the counter moves with exactly the commits that change data a page can show
 * (server/db/client.ts `dataStamp`). Run after every migration, on every start: SQLite drops a table's
 * triggers when a migration redefines the table, and a new table gets its triggers here.
 */
export function installChangeCounter(sqlite: Database.Database): void {
  const tables = sqlite
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .pluck()
    .all() as string[];
  // A database migrated only part of the way (or with other migrations, in tests) has no counter.
  if (!tables.includes('DataVersion')) return;
  sqlite.transaction(() => {
    for (const table of tables) {
      for (const operation of ['INSERT', 'UPDATE', 'DELETE']) {
        const trigger = `"DataVersion_${table}_${operation.toLowerCase()}"`;
        // A table taken off the count loses the triggers an earlier start gave it.
        if (UNCOUNTED.has(table)) {
          sqlite.exec(`DROP TRIGGER IF EXISTS ${trigger}`);
          continue;
        }
        sqlite.exec(
          `CREATE TRIGGER IF NOT EXISTS ${trigger} AFTER ${operation} ON "${table}" ` +
            `BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END`,
        );
      }
    }
  })();
}

/**
 * The same counter on PostgreSQL, moved once per writing transaction as it commits: a deferred
 * constraint trigger per counted table runs at COMMIT, and the first of them in a transaction
 * moves the counter and marks the transaction. The counter's row is locked only from there to the
 * end of the commit, not from the transaction's first write: with the lock held from the first
 * write (statement triggers), 16 writers whose transactions took 2 ms more after their first write
 * managed 174–246 commits a second with a p95 of 181–281 ms, against 848–2,013 at 14–69 ms
 * when it is taken at commit (docs/decisions/010-data-stamp-on-postgresql.md). The counter wraps
 * before PostgreSQL's integer ends (2^31 commits), where a write would otherwise fail.
 * Run after migrations under the migration lock; creates the counter's row when it is missing, and
 * replaces a table's trigger only when it is missing or of the older, statement-level kind.
 */
export async function installPostgresChangeCounter(client: pg.Client): Promise<void> {
  const tables = (
    await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    )
  ).rows.map((r) => r.name);
  if (!tables.includes('DataVersion')) return;
  await client.query('BEGIN');
  try {
    const installed = new Map(
      (
        await client.query<{ name: string; atCommit: boolean }>(
          `SELECT c.relname AS name, t.tgconstraint <> 0 AS "atCommit"
           FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
           WHERE c.relnamespace = current_schema()::regnamespace AND t.tgname = 'DataVersion_' || c.relname`,
        )
      ).rows.map((r) => [r.name, r.atCommit]),
    );
    await client.query('INSERT INTO "DataVersion" ("id", "version") VALUES (1, 0) ON CONFLICT DO NOTHING');
    await client.query(`CREATE OR REPLACE FUNCTION "DataVersion_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('rxroster.data_version_moved_by', true) IS DISTINCT FROM pg_current_xact_id()::text THEN
          UPDATE "DataVersion"
          SET "version" = CASE WHEN "version" >= 2147483647 THEN 1 ELSE "version" + 1 END WHERE "id" = 1;
          PERFORM set_config('rxroster.data_version_moved_by', pg_current_xact_id()::text, true);
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of tables) {
      const trigger = `"DataVersion_${table}"`;
      if (UNCOUNTED.has(table)) {
        if (installed.has(table)) await client.query(`DROP TRIGGER ${trigger} ON "${table}"`);
        continue;
      }
      if (installed.get(table) === true) continue;
      await client.query(`DROP TRIGGER IF EXISTS ${trigger} ON "${table}"`);
      await client.query(
        `CREATE CONSTRAINT TRIGGER ${trigger} AFTER INSERT OR UPDATE OR DELETE ON "${table}" ` +
          `DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "DataVersion_bump"()`,
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

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
 * A notification shows only to its own person: on kept pages as the bell's unread count, which is
 * read on every request and is part of a kept page's stamp (server/app.ts), and in full on the
 * notifications page, which is never kept; a publish notifies a store's staff, and counted, it
 * would make every kept page of every store be rendered again.
 * The counters themselves and the migration history do not count either.
 */
const UNCOUNTED = new Set([
  'Session',
  'SignInLimit',
  'SolveJob',
  'Notification',
  'DataVersion',
  'SiteDataVersion',
  '_prisma_migrations',
]);

/**
 * Tables whose rows belong to one site's schedules, and how a row names its site. A change to them
 * moves that site's counter (`SiteDataVersion`) and the all-changes counter, not the counter of
 * data that belongs to no site: in a chain's Monday burst 200 stores save drafts within a minute, and
 * a staff page that reads only its own stores' schedules is kept through the other stores' saves
 * (server/db/client.ts `scopedDataStamp`). Every other counted table belongs to no one site here,
 * even where it has a site column (a task, a template): tying more tables to sites would keep more
 * pages through more writes, but nothing measured needs it yet.
 */
const SITE_TABLES: Record<string, 'siteId' | 'scheduleId'> = {
  Schedule: 'siteId',
  Assignment: 'scheduleId',
  HistoryCorrection: 'scheduleId',
};

/**
 * Columns whose change alone does not count, and who reads them instead. `User.shiftsSeenAt` moves
 * when a person opens their shifts after anything was published anywhere in the chain: counted, each
 * such first visit would make every kept page of every store be rendered again. Only the person's own
 * pages show it (the "new" marks), and their stamp reads it (server/db/client.ts `scopedDataStamp`).
 * `updatedAt` changes with every update and no page shows it.
 */
const QUIET_COLUMNS: Record<string, string[]> = { User: ['shiftsSeenAt', 'updatedAt'] };

/** Row 1 counts every counted change, row 2 the changes to tables that belong to no site. */
const ALL_CHANGES = 1;
export const CHANGES_OUTSIDE_SITES = 2;

/**
 * Makes every insert, update and delete on a counted table move the counters in the same
 * transaction, so they move with exactly the commits that change data a page can show
 * (server/db/client.ts `dataStamp` and `scopedDataStamp`). Run after every migration, on every
 * start: SQLite drops a table's triggers when a migration redefines the table, a new table gets its
 * triggers here, and a trigger whose text changed since the database's last start is replaced.
 */
export function installChangeCounter(sqlite: Database.Database): void {
  const tables = sqlite
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .pluck()
    .all() as string[];
  // A database migrated only part of the way (or with other migrations, in tests) has no counter.
  if (!tables.includes('DataVersion') || !tables.includes('SiteDataVersion')) return;
  const existing = new Map(
    (
      sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`).all() as {
        name: string;
        sql: string;
      }[]
    ).map((t) => [t.name, t.sql]),
  );
  sqlite.transaction(() => {
    sqlite.exec(
      `INSERT OR IGNORE INTO "DataVersion" ("id", "version") VALUES (${ALL_CHANGES}, 0), (${CHANGES_OUTSIDE_SITES}, 0)`,
    );
    for (const table of tables) {
      for (const operation of ['INSERT', 'UPDATE', 'DELETE'] as const) {
        const name = `DataVersion_${table}_${operation.toLowerCase()}`;
        // A table taken off the count loses the triggers an earlier start gave it.
        if (UNCOUNTED.has(table)) {
          sqlite.exec(`DROP TRIGGER IF EXISTS "${name}"`);
          continue;
        }
        const when = operation === 'UPDATE' ? sqliteLoudChange(sqlite, table) : '';
        const sql = `CREATE TRIGGER "${name}" AFTER ${operation} ON "${table}"${when} BEGIN ${sqliteCounting(table, operation)} END`;
        if (existing.get(name) === sql) continue;
        sqlite.exec(`DROP TRIGGER IF EXISTS "${name}"`);
        sqlite.exec(sql);
      }
    }
  })();
}

/** For a table with quiet columns, the condition that an update changed another column. */
function sqliteLoudChange(sqlite: Database.Database, table: string): string {
  const quiet = QUIET_COLUMNS[table];
  if (!quiet) return '';
  const columns = (sqlite.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[])
    .map((c) => c.name)
    .filter((c) => !quiet.includes(c));
  return ` WHEN ${columns.map((c) => `NEW."${c}" IS NOT OLD."${c}"`).join(' OR ')}`;
}

/** The statements of one SQLite trigger: the counters its table's change moves. */
function sqliteCounting(table: string, operation: 'INSERT' | 'UPDATE' | 'DELETE'): string {
  const site = SITE_TABLES[table];
  if (!site) {
    return `UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" IN (${ALL_CHANGES}, ${CHANGES_OUTSIDE_SITES});`;
  }
  const bumpSite = (row: 'NEW' | 'OLD') =>
    site === 'siteId'
      ? `INSERT INTO "SiteDataVersion" ("siteId", "version") VALUES (${row}."siteId", 1) ` +
        `ON CONFLICT ("siteId") DO UPDATE SET "version" = "version" + 1;`
      : // With a WHERE clause SQLite reads the ON CONFLICT as the upsert's, not as a join's.
        `INSERT INTO "SiteDataVersion" ("siteId", "version") SELECT "siteId", 1 FROM "Schedule" ` +
        `WHERE "id" = ${row}."scheduleId" ON CONFLICT ("siteId") DO UPDATE SET "version" = "version" + 1;`;
  const rows: ('NEW' | 'OLD')[] =
    operation === 'INSERT' ? ['NEW'] : operation === 'DELETE' ? ['OLD'] : ['NEW', 'OLD'];
  return (
    `UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" = ${ALL_CHANGES}; ` +
    rows.map(bumpSite).join(' ')
  );
}

/**
 * The same counters on PostgreSQL, each moved once per writing transaction as it commits: a
 * deferred constraint trigger per counted table runs at COMMIT, and the first of them in a
 * transaction to reach a counter moves it and marks the transaction. A counter's row is locked only
 * from there to the end of the commit, not from the transaction's first write: with the lock held
 * from the first write (statement triggers), 16 writers whose transactions took 2 ms more after
 * their first write managed 174–246 commits a second with a p95 of 181–281 ms, against
 * 848–2,013 at 14–69 ms when it is taken at commit (docs/decisions/010-data-stamp-on-postgresql.md).
 * Every transaction moves the all-changes row first, so the rows are always locked in the same
 * order and two commits never deadlock on them. The counters wrap before PostgreSQL's integer ends
 * (2^31 commits), where a write would otherwise fail.
 * Run after migrations under the migration lock; creates the counters' rows when they are missing,
 * and replaces a table's trigger only when it is missing, of the older statement-level kind, or
 * runs another function than its table now needs.
 */
export async function installPostgresChangeCounter(client: pg.Client): Promise<void> {
  const tables = (
    await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    )
  ).rows.map((r) => r.name);
  if (!tables.includes('DataVersion') || !tables.includes('SiteDataVersion')) return;
  await client.query('BEGIN');
  try {
    const installed = new Map(
      (
        await client.query<{ name: string; atCommit: boolean; fn: string; args: number }>(
          `SELECT c.relname AS name, t.tgconstraint <> 0 AS "atCommit", p.proname AS fn, t.tgnargs AS args
           FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
           WHERE c.relnamespace = current_schema()::regnamespace AND t.tgname = 'DataVersion_' || c.relname`,
        )
      ).rows.map((r) => [r.name, r]),
    );
    await client.query(
      `INSERT INTO "DataVersion" ("id", "version") VALUES (${ALL_CHANGES}, 0), (${CHANGES_OUTSIDE_SITES}, 0)
       ON CONFLICT DO NOTHING`,
    );
    await client.query(POSTGRES_FUNCTIONS);
    for (const table of tables) {
      const trigger = `"DataVersion_${table}"`;
      const was = installed.get(table);
      if (UNCOUNTED.has(table)) {
        if (was) await client.query(`DROP TRIGGER ${trigger} ON "${table}"`);
        continue;
      }
      const fn = SITE_TABLES[table] ? 'DataVersion_bump_site' : 'DataVersion_bump';
      const quiet = QUIET_COLUMNS[table] ?? [];
      if (was?.atCommit && was.fn === fn && was.args === quiet.length) continue;
      await client.query(`DROP TRIGGER IF EXISTS ${trigger} ON "${table}"`);
      await client.query(
        `CREATE CONSTRAINT TRIGGER ${trigger} AFTER INSERT OR UPDATE OR DELETE ON "${table}" ` +
          `DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "${fn}"(${quiet.map((c) => `'${c}'`).join(', ')})`,
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/**
 * `DataVersion_move(id)` and `DataVersion_move_site(site)` move a counter once per transaction (the
 * mark is a setting local to the transaction); `DataVersion_bump` is the trigger of the tables
 * that belong to no site, `DataVersion_bump_site` that of a site's schedules (Schedule names its
 * site, Assignment and HistoryCorrection through their schedule, which a deferred trigger still
 * sees in the same transaction; an assignment deleted with its schedule counts through the
 * schedule's own trigger). The trigger's arguments name the table's quiet columns: an update that
 * changed only those does not count.
 */
const POSTGRES_FUNCTIONS = `
  CREATE OR REPLACE FUNCTION "DataVersion_move"(counter integer) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      IF current_setting('rxroster.data_version_moved_' || counter, true) IS DISTINCT FROM pg_current_xact_id()::text THEN
        UPDATE "DataVersion"
        SET "version" = CASE WHEN "version" >= 2147483647 THEN 1 ELSE "version" + 1 END WHERE "id" = counter;
        PERFORM set_config('rxroster.data_version_moved_' || counter, pg_current_xact_id()::text, true);
      END IF;
    END $$;
  CREATE OR REPLACE FUNCTION "DataVersion_move_site"(site integer) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      IF site IS NOT NULL AND current_setting('rxroster.site_version_moved_' || site, true)
          IS DISTINCT FROM pg_current_xact_id()::text THEN
        INSERT INTO "SiteDataVersion" AS v ("siteId", "version") VALUES (site, 1)
        ON CONFLICT ("siteId") DO UPDATE
        SET "version" = CASE WHEN v."version" >= 2147483647 THEN 1 ELSE v."version" + 1 END;
        PERFORM set_config('rxroster.site_version_moved_' || site, pg_current_xact_id()::text, true);
      END IF;
    END $$;
  CREATE OR REPLACE FUNCTION "DataVersion_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND TG_NARGS > 0 AND (to_jsonb(OLD) - TG_ARGV) = (to_jsonb(NEW) - TG_ARGV) THEN
        RETURN NULL;
      END IF;
      PERFORM "DataVersion_move"(${ALL_CHANGES});
      PERFORM "DataVersion_move"(${CHANGES_OUTSIDE_SITES});
      RETURN NULL;
    END $$;
  CREATE OR REPLACE FUNCTION "DataVersion_bump_site"() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      site integer;
    BEGIN
      PERFORM "DataVersion_move"(${ALL_CHANGES});
      IF TG_TABLE_NAME = 'Schedule' THEN
        IF TG_OP <> 'DELETE' THEN PERFORM "DataVersion_move_site"(NEW."siteId"); END IF;
        IF TG_OP <> 'INSERT' THEN PERFORM "DataVersion_move_site"(OLD."siteId"); END IF;
      ELSE
        IF TG_OP <> 'DELETE' THEN
          SELECT "siteId" INTO site FROM "Schedule" WHERE "id" = NEW."scheduleId";
          PERFORM "DataVersion_move_site"(site);
        END IF;
        IF TG_OP <> 'INSERT' THEN
          SELECT "siteId" INTO site FROM "Schedule" WHERE "id" = OLD."scheduleId";
          PERFORM "DataVersion_move_site"(site);
        END IF;
      END IF;
      RETURN NULL;
    END $$;
`;

import type Database from 'better-sqlite3';

/**
 * Tables whose changes do not count. A session row changes with every person's idle refresh (with
 * 300 people signed in, five writes a second), and nothing a kept page shows comes from it: the
 * signed-in user is loaded through the session store, which watches every commit (server/db.ts
 * `databaseStamp`). The counter itself and the migration history do not count either.
 */
const UNCOUNTED = new Set(['Session', 'DataVersion', '_prisma_migrations']);

/**
 * Makes every insert, update and delete on any other table add one to `DataVersion.version`, in the
 * same transaction, so the counter moves with exactly the commits that change data a page can show
 * (server/db.ts `dataStamp`). Run after every migration, on every start: SQLite drops a table's
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
      if (UNCOUNTED.has(table)) continue;
      for (const operation of ['INSERT', 'UPDATE', 'DELETE']) {
        sqlite.exec(
          `CREATE TRIGGER IF NOT EXISTS "DataVersion_${table}_${operation.toLowerCase()}" AFTER ${operation} ON "${table}" ` +
            `BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END`,
        );
      }
    }
  })();
}

import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import Database from 'better-sqlite3';
import { PrismaClient, type Prisma } from '../../generated/prisma/client';

export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`: repository functions take either. */
export type Tx = Prisma.TransactionClient;

/**
 * The one Prisma client of a process. better-sqlite3 waits up to `timeout` ms for a lock held by
 * another connection (SQLite's busy timeout) instead of failing at once with SQLITE_BUSY, and is
 * built with foreign keys enforced. WAL mode is set on the file when migrations are applied.
 */
export function createPrismaClient(databaseFile: string): PrismaClient {
  const adapter = new PrismaBetterSqlite3({ url: `file:${databaseFile}`, timeout: 5000 });
  const client = new PrismaClient({ adapter });
  databaseFiles.set(client, databaseFile);
  return client;
}

const databaseFiles = new WeakMap<Db, string>();
let unknownStamps = 0;
interface Watcher {
  connection: Database.Database;
  version: Database.Statement;
  /** null when the database has no change counter (one not migrated by this code). */
  dataVersion: Database.Statement | null;
}
const watchers = new WeakMap<Db, Watcher>();

function watcherOf(db: Db): Watcher | null {
  let watcher = watchers.get(db);
  if (!watcher) {
    const file = databaseFiles.get(db);
    if (!file) return null;
    const connection = new Database(file, { fileMustExist: true });
    let dataVersion: Database.Statement | null = null;
    try {
      dataVersion = connection.prepare('SELECT "version" FROM "DataVersion" WHERE "id" = 1').pluck();
    } catch {
      // No counter table: dataStamp falls back to every commit.
    }
    watcher = { connection, version: connection.prepare('PRAGMA data_version').pluck(), dataVersion };
    watchers.set(db, watcher);
  }
  return watcher;
}

/**
 * A stamp that changes whenever anything at all is committed to the database — by this process's
 * Prisma client, a transaction, another process, a restore. Caches of pages and sessions are kept
 * only while it is unchanged, so they can never show data older than the last commit.
 * It is SQLite's `PRAGMA data_version` read on a separate connection that never writes: that
 * number changes on every commit made through any other connection (WAL included), and reading it
 * costs microseconds, where a query through Prisma costs a fraction of a millisecond. Commits are
 * all-or-nothing, so a stamp never reflects half a transaction.
 * A client not made by createPrismaClient (a test's own, with a query log) has no file on record:
 * its stamp differs on every read, so nothing is ever reused for it.
 */
export function databaseStamp(db: Db): string {
  const watcher = watcherOf(db);
  if (!watcher) return `unknown:${(unknownStamps += 1)}`;
  return String(watcher.version.get());
}

/**
 * A stamp that changes whenever data a page can show is committed: every table but the sessions
 * (server/db/change-counter.ts). With many people signed in, their idle refreshes are several writes
 * a second; under `databaseStamp` each would make every kept page be rendered again. Rendered pages,
 * schedule views and calendar feeds are kept under this stamp; loaded sessions under databaseStamp.
 * The counter is a row changed by triggers in the writing transaction, read on the stamp's own
 * connection, so like databaseStamp it sees every process's commits and never half of one.
 */
export function dataStamp(db: Db): string {
  const watcher = watcherOf(db);
  if (!watcher) return `unknown:${(unknownStamps += 1)}`;
  if (!watcher.dataVersion) return `all:${String(watcher.version.get())}`;
  return `data:${String(watcher.dataVersion.get())}`;
}

/** Disconnects Prisma and closes the stamp's connection. */
export async function closeDatabase(db: Db): Promise<void> {
  watchers.get(db)?.connection.close();
  watchers.delete(db);
  await db.$disconnect();
}

/**
 * Write-ahead logging lets pages keep reading while a publish or an import writes, and makes a
 * crash mid-write roll back cleanly. The mode is stored in the file, so setting it once suffices.
 */
export function enableWriteAheadLog(databaseFile: string): void {
  const sqlite = new Database(databaseFile);
  try {
    sqlite.pragma('journal_mode = WAL');
  } finally {
    sqlite.close();
  }
}

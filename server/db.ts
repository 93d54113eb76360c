import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import Database from 'better-sqlite3';
import { PrismaClient } from '../generated/prisma/client';

export type Db = PrismaClient;

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
const watchers = new WeakMap<Db, { connection: Database.Database; version: Database.Statement }>();

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
  let watcher = watchers.get(db);
  if (!watcher) {
    const file = databaseFiles.get(db);
    if (!file) return `unknown:${(unknownStamps += 1)}`;
    const connection = new Database(file, { fileMustExist: true });
    watcher = { connection, version: connection.prepare('PRAGMA data_version').pluck() };
    watchers.set(db, watcher);
  }
  return String(watcher.version.get());
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

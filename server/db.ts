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
  return new PrismaClient({ adapter });
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

import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PrismaClient, type Prisma } from '../../generated/prisma/client';
import { PrismaClient as PostgresPrismaClient } from '../../generated/prisma-postgresql/client';
import { databaseFileFromUrl, databaseProvider, type DatabaseProvider } from './database-url';

/**
 * The data layer is written once against the SQLite client's types. The PostgreSQL client is
 * generated from prisma/postgresql/schema.prisma, which differs only in the provider, so its
 * methods and results have the same shapes (it merely accepts more, e.g. `mode: 'insensitive'`,
 * which the code does not use).
 */
export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`: repository functions take either. */
export type Tx = Prisma.TransactionClient;

/** Where the data lives: a PostgreSQL client or transaction says so, everything else is SQLite. */
export function providerOf(db: Pick<Db, 'user'>): DatabaseProvider {
  return (db as unknown as { _activeProvider?: string })._activeProvider === 'postgresql'
    ? 'postgresql'
    : 'sqlite';
}

/**
 * The client for DATABASE_URL: a SQLite file (see createPrismaClient) or a PostgreSQL server through
 * `@prisma/adapter-pg` with a pool of `poolSize` connections per process.
 */
export function openDatabase(url: string, poolSize = 10): Db {
  if (databaseProvider(url) === 'sqlite') return createPrismaClient(databaseFileFromUrl(url));
  const adapter = new PrismaPg({ connectionString: url, max: poolSize });
  // A transaction waiting for a site-week lock keeps its connection: others wait for a free one
  // longer than Prisma's 2 s default before giving up.
  const client = new PostgresPrismaClient({
    adapter,
    transactionOptions: { maxWait: 10_000, timeout: 15_000 },
  }) as unknown as Db;
  postgresUrls.set(client, url);
  return client;
}

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
const postgresUrls = new WeakMap<Db, string>();
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
 * Prisma client, a transaction, another process or instance, a restore. Caches of pages and sessions
 * are kept only while it is unchanged, so they can never show data older than the last commit.
 * On SQLite it is `PRAGMA data_version` read on a separate connection that never writes: that
 * number changes on every commit made through any other connection (WAL included), and reading it
 * costs microseconds, where a query through Prisma costs a fraction of a millisecond. On PostgreSQL
 * it is `pg_current_snapshot()`: any commit of a transaction that wrote either raises its xmax or
 * takes the transaction off its in-progress list, on the server as a whole (other databases on it
 * too), read on the stamp's own small pool (0.16 ms, docs/decisions/010-data-stamp-on-postgresql.md).
 * Commits are all-or-nothing, so a stamp never reflects half a transaction.
 * A client not made by createPrismaClient or openDatabase (a test's own, with a query log) has no
 * database on record: its stamp differs on every read, so nothing is ever reused for it.
 */
export async function databaseStamp(db: Db): Promise<string> {
  const pool = stampPoolOf(db);
  if (pool) {
    const { rows } = await pool.query<{ snapshot: string }>('SELECT pg_current_snapshot()::text AS snapshot');
    return `all:${rows[0]!.snapshot}`;
  }
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
 * connection (SQLite) or pool (PostgreSQL), so like databaseStamp it sees every process's and every
 * instance's commits and never half of one.
 */
export async function dataStamp(db: Db): Promise<string> {
  const pool = stampPoolOf(db);
  if (pool) {
    const { rows } = await pool.query<{ version: number }>(
      'SELECT "version" FROM "DataVersion" WHERE "id" = 1',
    );
    return rows[0] ? `data:${rows[0].version}` : databaseStamp(db);
  }
  const watcher = watcherOf(db);
  if (!watcher) return `unknown:${(unknownStamps += 1)}`;
  if (!watcher.dataVersion) return `all:${String(watcher.version.get())}`;
  return `data:${String(watcher.dataVersion.get())}`;
}

const stampPools = new WeakMap<Db, pg.Pool>();

/**
 * Two connections of their own per PostgreSQL client: a stamp read is one short query, and it must
 * not wait behind the app's pool when every connection there holds a transaction.
 */
function stampPoolOf(db: Db): pg.Pool | null {
  let pool = stampPools.get(db);
  if (!pool) {
    const url = postgresUrls.get(db);
    if (!url) return null;
    pool = new pg.Pool({ connectionString: url, max: 2 });
    // An idle connection the server dropped is replaced by the next read, which reports any failure.
    pool.on('error', () => undefined);
    stampPools.set(db, pool);
  }
  return pool;
}

/** Disconnects Prisma and closes the stamp's connections. */
export async function closeDatabase(db: Db): Promise<void> {
  watchers.get(db)?.connection.close();
  watchers.delete(db);
  await stampPools.get(db)?.end();
  stampPools.delete(db);
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

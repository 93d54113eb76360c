import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PrismaClient, type Prisma } from '../../generated/prisma/client';
import { PrismaClient as PostgresPrismaClient } from '../../generated/prisma-postgresql/client';
import { CHANGES_OUTSIDE_SITES } from './change-counter';
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
  /** The scoped stamps' statements by their text; null when the database has no site counters. */
  scoped: Map<string, Database.Statement | null>;
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
    watcher = {
      connection,
      version: connection.prepare('PRAGMA data_version').pluck(),
      dataVersion,
      scoped: new Map(),
    };
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

/**
 * Whose pages a scoped stamp is for: a user bound to one site (`siteId`), a staff member (`staffId`),
 * or both; without either, the user reads every site. With `userId`, also the one column of the
 * user's own that counts for no one else (server/db/change-counter.ts QUIET_COLUMNS).
 */
export interface DataScope {
  userId?: number;
  siteId: number | null;
  staffId: number | null;
  /** Also the district's other sites and the other sites of everyone who works in scope. */
  colleagues?: boolean;
}

/**
 * A narrower stamp for a page, view or feed that reads the schedules of only some sites. It changes
 * with every commit to data that belongs to no one site (server/db/change-counter.ts row 2) and with
 * every change to the schedules of the sites in scope, and not with another store's saved draft, so
 * in a chain's Monday burst (200 drafts saved in a minute) a staff member's pages are kept
 * (bench/RESULTS-chain.md). The sites in scope are read in the same query as their counters:
 * - the scope's own: the user's site, the staff member's home and float sites, and every site
 *   where they have ever been assigned (a staff member's and a lead's pages read no more);
 * - with `colleagues` (a manager's pages, a schedule's view), also their district's other sites (a
 *   manager views them read-only) and the home and float sites of everyone who works at any of
 *   those (a schedule page shows a floater's shifts elsewhere, their rest and hours across sites).
 * What it leaves out (a former floater's shifts at a site they no longer float to, seen from their
 * home site's pages) is bounded by a kept page's one-minute life. A change to who works where, or
 * to a site's district, is data outside the sites' schedules, so the scope can never be stale.
 */
export async function scopedDataStamp(db: Db, scope: DataScope): Promise<string> {
  const everySite = scope.siteId === null && scope.staffId === null;
  const user = scope.userId ?? null;
  const kind = everySite ? 'everySite' : scope.colleagues ? 'colleagues' : 'own';
  const pool = stampPoolOf(db);
  if (pool) {
    const { rows } = await pool.query<{ stamp: string | null }>(
      STAMP_QUERIES.postgresql[kind],
      everySite ? [user] : [user, scope.siteId, scope.staffId],
    );
    return rows[0]?.stamp ? `scoped:${rows[0].stamp}` : dataStamp(db);
  }
  const watcher = watcherOf(db);
  if (!watcher) return `unknown:${(unknownStamps += 1)}`;
  const sql = STAMP_QUERIES.sqlite[kind];
  if (!watcher.scoped.has(sql)) {
    try {
      watcher.scoped.set(sql, watcher.connection.prepare(sql).pluck());
    } catch {
      // No site counters (a database not migrated by this code): every commit counts.
      watcher.scoped.set(sql, null);
    }
  }
  const statement = watcher.scoped.get(sql);
  if (!statement) return dataStamp(db);
  const stamp = statement.get(everySite ? { user } : { user, site: scope.siteId, staff: scope.staffId }) as
    string | null;
  return stamp ? `scoped:${stamp}` : dataStamp(db);
}

/** A user who reads every site: the all-changes counter, and their own quiet column. */
const EVERY_SITE_QUERY = `
  SELECT 'all.' || (SELECT "version" FROM "DataVersion" WHERE "id" = 1) || ':' ||
    COALESCE((SELECT CAST("shiftsSeenAt" AS TEXT) FROM "User" WHERE "id" = $1::integer), '') AS stamp`;

/**
 * The counter of changes outside the sites' schedules, then each in-scope site's counter as
 * "site.version" (a site whose schedules never changed has no row and adds nothing), then the user's
 * quiet column. Parameters: the user, the user's site and the staff member; any may be null.
 */
function scopeQuery(provider: 'sqlite' | 'postgresql', colleagues: boolean): string {
  const [user, site, staff] =
    provider === 'sqlite' ? ['@user', '@site', '@staff'] : ['$1::integer', '$2::integer', '$3::integer'];
  const list =
    provider === 'sqlite'
      ? `group_concat(v."siteId" || '.' || v."version", ',' ORDER BY v."siteId")`
      : `string_agg(v."siteId" || '.' || v."version", ',' ORDER BY v."siteId")`;
  return `
    WITH own(id) AS (
      SELECT ${site} WHERE ${site} IS NOT NULL
      UNION SELECT "siteId" FROM "Staff" WHERE "id" = ${staff}
      UNION SELECT "siteId" FROM "StaffSite" WHERE "staffId" = ${staff}
      UNION SELECT s."siteId" FROM "Assignment" a JOIN "Schedule" s ON s."id" = a."scheduleId"
        WHERE a."staffId" = ${staff}
    ),
    ${
      colleagues
        ? `near(id) AS (
      SELECT id FROM own
      UNION SELECT o."id" FROM "Site" o JOIN "Site" m ON o."district" = m."district"
        WHERE m."id" IN (SELECT id FROM own)
    ),
    people(id) AS (
      SELECT "id" FROM "Staff" WHERE "siteId" IN (SELECT id FROM near)
      UNION SELECT "staffId" FROM "StaffSite" WHERE "siteId" IN (SELECT id FROM near)
    ),
    scope(id) AS (
      SELECT id FROM near
      UNION SELECT "siteId" FROM "Staff" WHERE "id" IN (SELECT id FROM people)
      UNION SELECT "siteId" FROM "StaffSite" WHERE "staffId" IN (SELECT id FROM people)
    )`
        : 'scope(id) AS (SELECT id FROM own)'
    }
    SELECT (SELECT "version" FROM "DataVersion" WHERE "id" = ${CHANGES_OUTSIDE_SITES}) || ':' || COALESCE(
      (SELECT ${list} FROM "SiteDataVersion" v WHERE v."siteId" IN (SELECT id FROM scope)), '') || ':' ||
      COALESCE((SELECT CAST("shiftsSeenAt" AS TEXT) FROM "User" WHERE "id" = ${user}), '') AS stamp`;
}

/** The scoped stamps' queries, built once, by provider and by whose pages they are for. */
const STAMP_QUERIES = {
  sqlite: {
    everySite: EVERY_SITE_QUERY.replace('$1::integer', '@user'),
    own: scopeQuery('sqlite', false),
    colleagues: scopeQuery('sqlite', true),
  },
  postgresql: {
    everySite: EVERY_SITE_QUERY,
    own: scopeQuery('postgresql', false),
    colleagues: scopeQuery('postgresql', true),
  },
};

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

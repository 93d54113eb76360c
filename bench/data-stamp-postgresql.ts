/**
 * What the data stamp costs on PostgreSQL (docs/decisions/010-data-stamp-on-postgresql.md).
 *
 * Usage: TEST_POSTGRES_URL=postgresql://… npx tsx bench/data-stamp-postgresql.ts
 * (a role that may create databases; `scripts/test-postgres.sh` starts one). Makes a throw-away
 * database, migrates it, measures and drops it again; about 30 seconds.
 *
 * 1. Reading a stamp, once per request: the counter row and `pg_current_snapshot()` on a plain
 *    `pg` connection, and the counter through Prisma, against `SELECT 1` as the floor.
 * 2. Writers on the counter row: W connections each commit transactions that change their own row
 *    of a counted table and spend 2 ms more inside the transaction (a Prisma interactive
 *    transaction's further round trips), with the counter moved at commit (as installed), with
 *    the statement triggers it had before (locked from the first write until commit), and with none.
 * 3. One transaction writing many rows, under each of the three.
 * 4. The scoped stamps (server/db/client.ts `scopedDataStamp`) on the chain benchmark's data set
 *    (200 sites in districts of 8, 30 staff each): a staff member's, a manager's with the district
 *    and its floaters, against the all-changes counter, each through the stamp's own pool.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { closeDatabase, dataStamp, openDatabase, scopedDataStamp } from '../server/db/client';
import { buildChainDataset } from './chain-dataset';
import { applyPostgresMigrations } from '../server/db/migrate-postgresql';
import { createDatabase, dropDatabase } from '../tests/helpers/postgres';

const server = process.env.TEST_POSTGRES_URL?.trim();
if (!server) throw new Error('Set TEST_POSTGRES_URL (scripts/test-postgres.sh prints it).');

const READS = 3000;
const WRITE_SECONDS = 2.5;
const WORK_MS = 2;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

async function timeReads(label: string, read: () => Promise<unknown>) {
  for (let i = 0; i < 200; i += 1) await read();
  const times: number[] = [];
  for (let i = 0; i < READS; i += 1) {
    const start = performance.now();
    await read();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((s, x) => s + x, 0) / times.length;
  console.log(
    `| ${label} | ${mean.toFixed(3)} | ${percentile(times, 50).toFixed(3)} | ${percentile(times, 95).toFixed(3)} |`,
  );
}

/** The counter as it was before decision 010: moved by every statement, locked from the first write. */
const PER_STATEMENT = `
DROP TRIGGER IF EXISTS "DataVersion_Position" ON "Position";
CREATE OR REPLACE FUNCTION "bench_bump_each"() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" = 1; RETURN NULL; END $$;
CREATE TRIGGER "DataVersion_Position" AFTER INSERT OR UPDATE OR DELETE ON "Position"
  FOR EACH STATEMENT EXECUTE FUNCTION "bench_bump_each"()`;

async function writers(url: string, count: number): Promise<{ perSecond: number; p95: number }> {
  const clients = await Promise.all(
    Array.from({ length: count }, async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  const latencies: number[] = [];
  const end = performance.now() + WRITE_SECONDS * 1000;
  await Promise.all(
    clients.map(async (c, i) => {
      while (performance.now() < end) {
        const start = performance.now();
        await c.query('BEGIN');
        await c.query(`UPDATE "Position" SET "sortOrder" = "sortOrder" + 1 WHERE "code" = $1`, [`B${i}`]);
        await c.query(`SELECT pg_sleep(${WORK_MS / 1000})`);
        await c.query('COMMIT');
        latencies.push(performance.now() - start);
      }
    }),
  );
  await Promise.all(clients.map((c) => c.end()));
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / WRITE_SECONDS, p95: percentile(latencies, 95) };
}

const BULK_ROWS = 5000;
const ROW_BY_ROW = 1000;

/** A solve's save or an import: many rows in one transaction. */
async function bulkInsert(c: pg.Client): Promise<number> {
  let best = Infinity;
  for (let round = 0; round < 3; round += 1) {
    const start = performance.now();
    await c.query('BEGIN');
    await c.query(
      `INSERT INTO "Position" ("code", "name") SELECT 'X' || i, 'Bulk' FROM generate_series(1, ${BULK_ROWS}) i`,
    );
    await c.query(`DELETE FROM "Position" WHERE "name" = 'Bulk'`);
    await c.query('COMMIT');
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** An import or a solve's save through Prisma: one statement per row, in one transaction. */
async function rowByRow(c: pg.Client): Promise<number> {
  let best = Infinity;
  for (let round = 0; round < 3; round += 1) {
    const start = performance.now();
    await c.query('BEGIN');
    for (let i = 0; i < ROW_BY_ROW; i += 1) {
      await c.query(`INSERT INTO "Position" ("code", "name") VALUES ($1, 'Bulk')`, [`Y${i}`]);
    }
    await c.query(`DELETE FROM "Position" WHERE "name" = 'Bulk'`);
    await c.query('COMMIT');
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

async function main() {
  const url = await createDatabase(server!, 'rxroster_bench_stamp');
  try {
    await applyPostgresMigrations(url);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const plain = new pg.Client({ connectionString: url });
    await plain.connect();
    const db = openDatabase(url, 2);

    console.log(`## Reading a stamp (${READS} sequential reads, ms)\n`);
    console.log('| read | mean | p50 | p95 |\n|---|---|---|---|');
    await timeReads('`SELECT 1` (pg, the floor)', () => plain.query('SELECT 1'));
    await timeReads('counter row (pg)', () =>
      plain.query('SELECT "version" FROM "DataVersion" WHERE "id" = 1'),
    );
    await timeReads('`pg_current_snapshot()` (pg)', () => plain.query('SELECT pg_current_snapshot()::text'));
    await timeReads(
      'counter row (Prisma `$queryRaw`)',
      () => db.$queryRaw`SELECT "version" FROM "DataVersion" WHERE "id" = 1`,
    );
    await db.$disconnect();
    await plain.end();

    const rows = Array.from({ length: 16 }, (_, i) => `('B${i}', 'Bench ${i}')`).join(', ');
    await admin.query(`INSERT INTO "Position" ("code", "name") VALUES ${rows}`);
    const bulk: string[] = [];
    const modes: [string, string][] = [
      // As migrated (server/db/change-counter.ts): a deferred trigger, the counter moved at commit.
      ['at commit (server/db/change-counter.ts)', 'SELECT 1'],
      ['per statement (before)', PER_STATEMENT],
      ['no counter', `DROP TRIGGER IF EXISTS "DataVersion_Position" ON "Position"`],
    ];
    console.log(
      `\n## Writers (each transaction: one UPDATE of its own row, ${WORK_MS} ms more work, COMMIT; ${WRITE_SECONDS} s per cell)\n`,
    );
    console.log('| counter | writers | commits/s | p95 ms |\n|---|---|---|---|');
    for (const [label, setup] of modes) {
      await admin.query(setup);
      for (const count of [1, 4, 16]) {
        const { perSecond, p95 } = await writers(url, count);
        console.log(`| ${label} | ${count} | ${perSecond.toFixed(0)} | ${p95.toFixed(1)} |`);
      }
      bulk.push(
        `| ${label} | ${(await bulkInsert(admin)).toFixed(1)} | ${(await rowByRow(admin)).toFixed(1)} |`,
      );
    }
    console.log(
      `\n## One transaction inserting rows and deleting them (ms, best of 3): ${BULK_ROWS} in one statement, ${ROW_BY_ROW} one statement each\n`,
    );
    console.log('| counter | one statement | row by row |\n|---|---|---|');
    for (const line of bulk) console.log(line);
    await admin.end();
  } finally {
    await dropDatabase(server!, url);
  }
  await scopedReads();
}

async function scopedReads() {
  const url = await createDatabase(server!, 'rxroster_bench_scoped');
  try {
    await buildChainDataset(url, { sites: 200, staffPerSite: 30, pageUsers: 1 });
    const probe = new pg.Client({ connectionString: url });
    await probe.connect();
    const { rows } = await probe.query<{ userId: number; staffId: number; siteId: number }>(
      `SELECT u."id" AS "userId", s."id" AS "staffId", s."siteId" FROM "User" u JOIN "Staff" s ON s."id" = u."staffId"
       WHERE u."email" LIKE '%@chain.bench' ORDER BY u."id" LIMIT 1`,
    );
    await probe.end();
    const person = rows[0]!;
    const db = openDatabase(url, 2);
    console.log(`\n## Scoped stamps on a chain (200 sites, 6,000 staff; ${READS} sequential reads, ms)\n`);
    console.log('| stamp | mean | p50 | p95 |\n|---|---|---|---|');
    await timeReads('all changes (`dataStamp`)', () => dataStamp(db));
    await timeReads("a staff member's (own sites)", () => scopedDataStamp(db, person));
    await timeReads("a manager's (district and floaters' sites)", () =>
      scopedDataStamp(db, { ...person, colleagues: true }),
    );
    await closeDatabase(db);
  } finally {
    await dropDatabase(server!, url);
  }
}

await main();

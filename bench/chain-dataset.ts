// The chain benchmark's data set, made directly in PostgreSQL in a few set-based statements: the
// demo pharmacy (seedDemo) and `sites - 1` copies of its site — shift templates and coverage, and
// `staffPerSite` people each cloned from the demo's staff with their positions, credentials and
// availability — plus an operations manager who may schedule every site and one staff sign-in per
// sampled site for the page timings. All demo sign-ins share the demo password.
import pg from 'pg';
import { openDatabase, closeDatabase } from '../server/db/client';
import { prepareDatabase } from '../server/db/prepare';
import { DEMO_PASSWORD, seedDemo } from '../prisma/seed';
import { notifyExpiringCredentials } from '../server/credentials/credential-expiry.service';

/** Stores per district in the copies: a district manager's few stores that share floaters. */
const STORES_PER_DISTRICT = 8;

export interface ChainDataset {
  siteIds: number[];
  opsEmail: string;
  staffEmails: string[];
  password: string;
}

export const OPS_EMAIL = 'operations@chain.bench';

/** Columns of `table` except those named, quoted, in a stable order. */
async function columnsOf(client: pg.Client, table: string, except: string[]): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name).filter((c) => !except.includes(c));
}

/** Copies the rows of `table` hanging off the old ids in `map` (old_id → new_id) onto the new ids. */
async function cloneChildren(client: pg.Client, table: string, fk: string, map: string): Promise<void> {
  const cols = await columnsOf(client, table, ['id', fk]);
  const list = cols.map((c) => `"${c}"`).join(', ');
  const from = cols.map((c) => `t."${c}"`).join(', ');
  await client.query(
    `INSERT INTO "${table}" ("${fk}", ${list}) SELECT m.new_id, ${from} FROM "${table}" t JOIN ${map} m ON t."${fk}" = m.old_id`,
  );
}

export async function buildChainDataset(
  url: string,
  { sites, staffPerSite, pageUsers }: { sites: number; staffPerSite: number; pageUsers: number },
): Promise<ChainDataset> {
  await prepareDatabase(url);
  const db = openDatabase(url, 2);
  try {
    await seedDemo(db);
  } finally {
    await closeDatabase(db);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const demo = (await client.query<{ id: number }>('SELECT "id" FROM "Site" ORDER BY "id" LIMIT 1'))
      .rows[0]!.id;
    // Sites: copies of the demo's settings, in districts of about STORES_PER_DISTRICT stores. A
    // store's number picks its district round the districts, so stores requested one after another
    // (in site order) belong to different districts, as a chain's managers pressing "generate" at
    // their own moments would be. (A copy of the demo's district would make the whole chain one
    // district: one solve at a time, and every store's save a change for every store's pages.)
    const siteCols = await columnsOf(client, 'Site', ['id', 'name', 'district', 'createdAt', 'updatedAt']);
    const districts = Math.max(1, Math.ceil((sites - 1) / STORES_PER_DISTRICT));
    await client.query(
      `CREATE TEMP TABLE site_map AS SELECT g AS n, 0 AS new_id FROM generate_series(2, $1::int) g`,
      [sites],
    );
    await client.query(
      `WITH ins AS (
         INSERT INTO "Site" ("name", "district", "updatedAt", ${siteCols.map((c) => `"${c}"`).join(', ')})
         SELECT 'Chain store ' || m.n, 'Chain district ' || (1 + (m.n - 2) % $2::int), now(),
           ${siteCols.map((c) => `s."${c}"`).join(', ')}
         FROM site_map m CROSS JOIN "Site" s WHERE s."id" = $1 ORDER BY m.n RETURNING "id", "name")
       UPDATE site_map m SET new_id = ins."id" FROM ins WHERE ins."name" = 'Chain store ' || m.n`,
      [demo, districts],
    );
    // Shift templates and their coverage.
    const tplCols = await columnsOf(client, 'ShiftTemplate', ['id', 'siteId', 'name', 'updatedAt']);
    await client.query(
      `CREATE TEMP TABLE tpl_map AS
       SELECT t."id" AS old_id, m.new_id AS site_id, t."name" || ' #' || t."id" AS tag, 0 AS new_id
       FROM "ShiftTemplate" t CROSS JOIN site_map m WHERE t."siteId" = $1`,
      [demo],
    );
    await client.query(
      `WITH ins AS (
         INSERT INTO "ShiftTemplate" ("siteId", "name", "updatedAt", ${tplCols.map((c) => `"${c}"`).join(', ')})
         SELECT tm.site_id, tm.tag, now(), ${tplCols.map((c) => `t."${c}"`).join(', ')}
         FROM tpl_map tm JOIN "ShiftTemplate" t ON t."id" = tm.old_id RETURNING "id", "siteId", "name")
       UPDATE tpl_map tm SET new_id = ins."id" FROM ins WHERE ins."siteId" = tm.site_id AND ins."name" = tm.tag`,
    );
    await cloneChildren(client, 'CoverageRequirement', 'templateId', 'tpl_map');
    // People: staff k of a site copies the demo's person k mod (demo staff).
    const staffCols = await columnsOf(client, 'Staff', ['id', 'siteId', 'lastName', 'updatedAt']);
    await client.query(
      `CREATE TEMP TABLE staff_map AS
       SELECT p."id" AS old_id, m.new_id AS site_id, p."lastName" || ' ' || m.n || '-' || k AS tag, 0 AS new_id
       FROM site_map m CROSS JOIN generate_series(0, $2::int - 1) k
       JOIN (SELECT "id", "lastName", row_number() OVER (ORDER BY "id") - 1 AS idx FROM "Staff" WHERE "siteId" = $1) p
         ON p.idx = k % (SELECT COUNT(*) FROM "Staff" WHERE "siteId" = $1)`,
      [demo, staffPerSite],
    );
    await client.query(
      `WITH ins AS (
         INSERT INTO "Staff" ("siteId", "lastName", "updatedAt", ${staffCols.map((c) => `"${c}"`).join(', ')})
         SELECT sm.site_id, sm.tag, now(), ${staffCols.map((c) => `p."${c}"`).join(', ')}
         FROM staff_map sm JOIN "Staff" p ON p."id" = sm.old_id RETURNING "id", "siteId", "lastName")
       UPDATE staff_map sm SET new_id = ins."id" FROM ins WHERE ins."siteId" = sm.site_id AND ins."lastName" = sm.tag`,
    );
    await client.query('CREATE INDEX ON staff_map (old_id)');
    await cloneChildren(client, 'StaffPosition', 'staffId', 'staff_map');
    await cloneChildren(client, 'Credential', 'staffId', 'staff_map');
    await cloneChildren(client, 'AvailabilityRule', 'staffId', 'staff_map');
    // Sign-ins: the demo's password hash (argon2 is slow on purpose; one hash serves every copy).
    const hash = (
      await client.query<{ passwordHash: string }>(
        `SELECT "passwordHash" FROM "User" WHERE "role" = 'MANAGER' ORDER BY "id" LIMIT 1`,
      )
    ).rows[0]!.passwordHash;
    await client.query(
      `INSERT INTO "User" ("email", "passwordHash", "role", "updatedAt") VALUES ($1, $2, 'MANAGER', now())`,
      [OPS_EMAIL, hash],
    );
    const staffUsers = await client.query<{ email: string }>(
      `INSERT INTO "User" ("email", "passwordHash", "role", "staffId", "updatedAt")
       SELECT 'staff-' || sm.new_id || '@chain.bench', $1, 'STAFF', sm.new_id, now()
       FROM (SELECT DISTINCT ON (site_id) new_id, site_id FROM staff_map ORDER BY site_id, new_id) sm
       ORDER BY sm.site_id LIMIT $2 RETURNING "email"`,
      [hash, pageUsers],
    );
    await client.query('COMMIT');
    await client.query('ANALYZE');
    // A chain that has been running sent its expiring-credential notices long before (each once,
    // by the hourly check): without this, every fresh copy's instances would send thousands of them
    // (one commit each) during the burst, as a chain does only on its first day.
    const app = openDatabase(url, 4);
    try {
      await notifyExpiringCredentials(app);
    } finally {
      await closeDatabase(app);
    }
    const siteIds = (await client.query<{ id: number }>('SELECT "id" FROM "Site" ORDER BY "id"')).rows.map(
      (r) => r.id,
    );
    return {
      siteIds,
      opsEmail: OPS_EMAIL,
      staffEmails: staffUsers.rows.map((r) => r.email),
      password: DEMO_PASSWORD,
    };
  } finally {
    await client.end();
  }
}

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { installPostgresChangeCounter } from '../../server/db/change-counter';
import { createDatabase, dropDatabase, postgresServerUrl } from '../helpers/postgres';

// The data stamp's counter on PostgreSQL (docs/decisions/010-data-stamp-on-postgresql.md): moved
// once per writing transaction, at its commit, and never into PostgreSQL's integer overflow.

const onPostgres = inject('provider') === 'postgresql';

describe.skipIf(!onPostgres)('the change counter on PostgreSQL', () => {
  let url: string;
  let client: pg.Client;
  const version = async () =>
    (await client.query<{ version: number }>('SELECT "version" FROM "DataVersion" WHERE "id" = 1')).rows[0]!
      .version;

  beforeAll(async () => {
    url = await createDatabase(postgresServerUrl()!, 'rxroster_counter', inject('baseDatabase'));
    client = new pg.Client({ connectionString: url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await dropDatabase(postgresServerUrl()!, url);
  });

  it('replaces the older statement triggers on the next start', async () => {
    await client.query(`DROP TRIGGER "DataVersion_Task" ON "Task"`);
    await client.query(
      `CREATE TRIGGER "DataVersion_Task" AFTER INSERT OR UPDATE OR DELETE ON "Task" ` +
        `FOR EACH STATEMENT EXECUTE FUNCTION "DataVersion_bump"()`,
    );
    await installPostgresChangeCounter(client);
    const { rows } = await client.query<{ deferred: boolean }>(
      `SELECT tgdeferrable AS deferred FROM pg_trigger WHERE tgname = 'DataVersion_Task'`,
    );
    expect(rows).toEqual([{ deferred: true }]);
  });

  it('moves once per transaction, however many rows and tables it wrote, and only when it commits', async () => {
    const before = await version();
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`UPDATE "Task" SET "title" = "title" || '.'`);
      await other.query(`UPDATE "Staff" SET "phone" = "phone"`);
      await other.query(`UPDATE "Task" SET "title" = "title" || '.'`);
      expect(await version()).toBe(before);
      await other.query('COMMIT');
      expect(await version()).toBe(before + 1);
      await other.query('BEGIN');
      await other.query(`UPDATE "Task" SET "title" = "title" || '.'`);
      await other.query('ROLLBACK');
      expect(await version()).toBe(before + 1);
      await other.query(`UPDATE "Session" SET "lastSeenAt" = "lastSeenAt"`);
      expect(await version()).toBe(before + 1);
    } finally {
      await other.end();
    }
  });

  it("moves a site's counter once per transaction for its schedules' rows, and not the counter outside sites", async () => {
    const counters = async () => {
      const { rows } = await client.query<{ id: number; version: number }>(
        'SELECT "id", "version" FROM "DataVersion" ORDER BY "id"',
      );
      const sites = await client.query<{ siteId: number; version: number }>(
        'SELECT "siteId", "version" FROM "SiteDataVersion" ORDER BY "siteId"',
      );
      return {
        all: rows[0]!.version,
        outside: rows[1]!.version,
        sites: new Map(sites.rows.map((r) => [r.siteId, r.version])),
      };
    };
    const { rows: sites } = await client.query<{ id: number }>(
      'SELECT "id" FROM "Site" ORDER BY "id" LIMIT 2',
    );
    const [a, b] = sites.map((site) => site.id) as [number, number];
    const before = await counters();
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO "Schedule" ("siteId", "periodStart", "periodEnd", "updatedAt")
       VALUES ($1, '2027-05-03', '2027-05-09', now()), ($2, '2027-05-03', '2027-05-09', now()) RETURNING "id"`,
      [a, b],
    );
    await client.query(
      `INSERT INTO "Assignment" ("scheduleId", "shiftDate", "templateId", "staffId", "positionId")
       SELECT $1, d, (SELECT MIN("id") FROM "ShiftTemplate"), (SELECT MIN("id") FROM "Staff"), (SELECT MIN("id") FROM "Position")
       FROM unnest(ARRAY['2027-05-03', '2027-05-04', '2027-05-05']) AS d`,
      [rows[0]!.id],
    );
    await client.query('COMMIT');
    const after = await counters();
    expect(after.all).toBe(before.all + 1);
    expect(after.outside).toBe(before.outside);
    expect(after.sites.get(a)).toBe((before.sites.get(a) ?? 0) + 1);
    expect(after.sites.get(b)).toBe((before.sites.get(b) ?? 0) + 1);

    // Deleting a schedule with its assignments counts at its site once.
    await client.query('DELETE FROM "Schedule" WHERE "id" = $1', [rows[0]!.id]);
    const deleted = await counters();
    expect(deleted.sites.get(a)).toBe(after.sites.get(a)! + 1);
    expect(deleted.sites.get(b)).toBe(after.sites.get(b));
  });

  it("gives a site's schedules the site trigger when an older start gave them the general one", async () => {
    await client.query(`DROP TRIGGER "DataVersion_Assignment" ON "Assignment"`);
    await client.query(
      `CREATE CONSTRAINT TRIGGER "DataVersion_Assignment" AFTER INSERT OR UPDATE OR DELETE ON "Assignment" ` +
        `DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "DataVersion_bump"()`,
    );
    await installPostgresChangeCounter(client);
    const { rows } = await client.query<{ fn: string }>(
      `SELECT p.proname AS fn FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
       WHERE t.tgname = 'DataVersion_Assignment'`,
    );
    expect(rows).toEqual([{ fn: 'DataVersion_bump_site' }]);
  });

  it('wraps before the integer ends, so writes go on', async () => {
    await client.query('UPDATE "DataVersion" SET "version" = 2147483647 WHERE "id" = 1');
    await client.query(`UPDATE "Task" SET "title" = "title" || '.'`);
    expect(await version()).toBe(1);
  });
});

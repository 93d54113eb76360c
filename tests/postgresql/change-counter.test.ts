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

  it('wraps before the integer ends, so writes go on', async () => {
    await client.query('UPDATE "DataVersion" SET "version" = 2147483647 WHERE "id" = 1');
    await client.query(`UPDATE "Task" SET "title" = "title" || '.'`);
    expect(await version()).toBe(1);
  });
});

import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, dropDatabase, postgresServerUrl } from '../helpers/postgres';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';

// Two web instances of a chain started at the same moment on a new database, as a deploy does when
// nobody ran `npm run db:migrate` first. Each start migrates, installs the change counter's triggers
// and seeds under PostgreSQL's migration lock; the first version of the counter re-created every
// trigger on every start, outside that lock, and deadlocked with the other instance's first writes
// (bench/RESULTS-chain.md, "Found while building it").

const onPostgres = inject('provider') === 'postgresql';

describe.skipIf(!onPostgres)('two web instances starting together on a new PostgreSQL database', () => {
  const made: string[] = [];
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const s of servers) {
      s.child.kill('SIGTERM');
      await s.exited;
    }
    for (const url of made) await dropDatabase(postgresServerUrl()!, url);
  });

  it('both start and serve, the demo is seeded once, and a start after them changes no trigger', async () => {
    const url = await createDatabase(postgresServerUrl()!, 'rxroster_two_starts');
    made.push(url);
    const env = {
      DATABASE_URL: url,
      SEED_DEMO: 'true',
      SESSION_SECRET: 'a-session-secret-shared-by-both-instances-0123',
    };
    // Seeding and solving the demo week take a while on a busy machine.
    const start = () => startServerProcess('', env, undefined, 150_000);
    const started = await Promise.allSettled([start(), start()]);
    for (const s of started) if (s.status === 'fulfilled') servers.push(s.value);
    expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'started'))).toEqual([
      'started',
      'started',
    ]);
    for (const s of servers) {
      const res = await fetch(`${s.baseUrl}/sign-in`);
      expect(res.status).toBe(200);
      expect(s.output()).not.toMatch(/deadlock/i);
    }

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const sites = await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM "Site"');
      expect(Number(sites.rows[0]!.n)).toBe(3);
      const triggers = async () =>
        (
          await client.query<{ oid: number }>(
            `SELECT oid FROM pg_trigger WHERE tgname LIKE 'DataVersion\\_%' ORDER BY tgname`,
          )
        ).rows.map((r) => r.oid);
      const before = await triggers();
      expect(before.length).toBeGreaterThan(20);
      // A third instance starting while both serve creates no trigger again (no DDL, nothing to wait for).
      const third = await start();
      servers.push(third);
      expect(await triggers()).toEqual(before);
    } finally {
      await client.end();
    }
  }, 400_000);
});

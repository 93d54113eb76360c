import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Throw-away databases on the test PostgreSQL server (TEST_POSTGRES_URL, a role with CREATEDB):
 * the run's base database is migrated and seeded once; each test file works on a copy made with
 * `CREATE DATABASE … TEMPLATE`, as the SQLite tests copy the base file.
 */
export function postgresServerUrl(): string | undefined {
  return process.env.TEST_POSTGRES_URL?.trim() || undefined;
}

/** The same server and credentials, another database. */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database (or a copy of `template`) and returns its URL. */
export async function createDatabase(serverUrl: string, prefix: string, template?: string): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin(serverUrl, (c) =>
    c.query(
      `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${new URL(template).pathname.slice(1)}"` : ''}`,
    ),
  );
  return databaseUrlFor(serverUrl, name);
}

/** Drops a database made by createDatabase once every connection to it is closed. */
export async function dropDatabase(serverUrl: string, databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  // A closed pool's server processes end a moment after the client is told they did.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}"`));
      return;
    } catch (error) {
      if (attempt >= 50 || !/being accessed by other users/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Express } from 'express';
import pg from 'pg';
import request from 'supertest';
import { inject } from 'vitest';
import { createApp, type AppOptions } from '../../server/app';
import { closeDatabase, createPrismaClient, openDatabase, type Db } from '../../server/db/client';
import { createDatabase, dropDatabase, postgresServerUrl } from './postgres';

export type Agent = ReturnType<typeof request.agent>;
export type DemoRole = 'MANAGER' | 'LEAD' | 'STAFF';

export interface TestApp {
  app: Express;
  db: Db;
  /** The SQLite file ('' on PostgreSQL: tests that open the file directly run on SQLite only). */
  databaseFile: string;
  /** DATABASE_URL of this app's database (`file:…` or `postgresql://…`). */
  databaseUrl: string;
  /** A cookie-keeping client signed in as the demo user of that role (the first staff member for STAFF). */
  signInAs(role: DemoRole, index?: number): Promise<Agent>;
  demoUser(role: DemoRole, index?: number): { email: string; password: string };
  close(): Promise<void>;
}

/** A fresh copy of the migrated, seeded base database with an app on top of it. */
export async function createTestApp(options: Partial<AppOptions> = {}): Promise<TestApp> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rxroster-test-'));
  const server = inject('provider') === 'postgresql' ? postgresServerUrl() : undefined;
  let databaseFile = '';
  let databaseUrl: string;
  let db: Db;
  if (server) {
    databaseUrl = await createDatabase(server, 'rxroster_test', inject('baseDatabase'));
    db = openDatabase(databaseUrl, 4);
  } else {
    databaseFile = path.join(dir, 'test.db');
    databaseUrl = `file:${databaseFile}`;
    copyFileSync(inject('baseDatabase'), databaseFile);
    db = createPrismaClient(databaseFile);
  }
  const app = createApp(db, {
    sessionSecret: 'test-secret-that-is-long-enough-0123456789',
    signInAddressFailuresPer15Minutes: 1000,
    ...options,
  });
  const signIns = inject('demoSignIns');

  function demoUser(role: DemoRole, index = 0) {
    const user = signIns.filter((s) => s.role === role)[index];
    if (!user) throw new Error(`The demo pharmacy has no ${role} number ${index}`);
    return user;
  }

  return {
    app,
    db,
    databaseFile,
    databaseUrl,
    demoUser,
    async signInAs(role, index = 0) {
      const user = demoUser(role, index);
      const agent = request.agent(app);
      const page = await agent.get('/sign-in');
      const res = await agent
        .post('/sign-in')
        .type('form')
        .send({ email: user.email, password: user.password, _csrf: csrfFrom(page.text) });
      if (res.status !== 303) throw new Error(`Sign-in as ${role} failed with ${res.status}`);
      return agent;
    },
    async close() {
      await closeDatabase(db);
      if (server) await dropDatabase(server, databaseUrl);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs one SQL statement (`?` for each parameter) on a connection of its own, as another process or
 * another app instance on the same database would: not through the app's Prisma client.
 */
export async function runOnOtherConnection(t: TestApp, sql: string, ...params: unknown[]): Promise<void> {
  if (t.databaseFile) {
    const other = new Database(t.databaseFile);
    try {
      other.prepare(sql).run(...params);
    } finally {
      other.close();
    }
    return;
  }
  const other = new pg.Client({ connectionString: t.databaseUrl });
  await other.connect();
  try {
    let n = 0;
    await other.query(
      sql.replace(/\?/g, () => `$${(n += 1)}`),
      params,
    );
  } finally {
    await other.end();
  }
}

/** The CSRF token of the first form on a page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('No CSRF token on the page');
  return match[1];
}

/** The week revision a schedule page's edit forms carry (a stale one is refused with 409). */
export function revisionFrom(html: string): string {
  const match = /name="revision" value="(\d+)"/.exec(html);
  if (!match?.[1]) throw new Error('No week revision on the page');
  return match[1];
}

/** GETs a page and returns its CSRF token, for posting a form as that page would. */
export async function csrfOf(agent: Agent, url = '/'): Promise<string> {
  const res = await agent.get(url);
  return csrfFrom(res.text);
}

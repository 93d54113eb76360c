import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../server/db/client';
import { csrfOverHttp, signInOverHttp, startServerProcess } from '../helpers/server-process';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.db.$disconnect();
});
afterAll(async () => {
  await t.close();
});

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('graceful shutdown', () => {
  it('answers the request in flight, then stops accepting and exits cleanly on SIGTERM', async () => {
    const server = await startServerProcess(t.databaseFile);
    // A request whose body is still arriving when the signal comes: it is in flight for certain.
    const body = 'email=someone%40example.org&password=not-it';
    const url = new URL(`${server.baseUrl}/sign-in`);
    let sendRest = () => {};
    const answered = new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      sendRest = () => req.end(body.slice(10));
    });
    await new Promise((r) => setTimeout(r, 500));
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    sendRest();
    // Without the sign-in page's token the answer is 403 — an answer all the same.
    await expect(answered).resolves.toBe(403);
    await expect(server.exited).resolves.toBe(0);
    expect(server.output()).toContain('SIGTERM: finishing open requests, then stopping.');
    await expect(get(`${server.baseUrl}/sign-in`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('cancels a running schedule solve on SIGTERM and marks interrupted solves failed on the next start', async () => {
    const server = await startServerProcess(t.databaseFile, { SOLVE_TIME_LIMIT_SECONDS: '120' });
    const { email, password } = t.demoUser('MANAGER');
    const cookie = await signInOverHttp(server.baseUrl, email, password);
    const csrf = await csrfOverHttp(server.baseUrl, cookie);
    const res = await fetch(`${server.baseUrl}/schedules/generate`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: csrf, siteId: '1', week: '2026-12-07' }),
    });
    expect(res.headers.get('location')).toMatch(/^\/schedules\/jobs\/\d+$/);
    server.child.kill('SIGTERM');
    await expect(server.exited).resolves.toBe(0);

    const db = createPrismaClient(t.databaseFile);
    try {
      const job = await db.solveJob.findFirstOrThrow({ orderBy: { id: 'desc' } });
      expect(['CANCELLED', 'DONE']).toContain(job.status);
      expect(job.activeKey).toBeNull();
      // A job left RUNNING by a process that died (SIGKILL) is failed when the server starts again.
      const dead = await db.solveJob.create({
        data: {
          siteId: 1,
          periodStart: '2026-12-14',
          status: 'RUNNING',
          activeKey: '1:2026-12-14',
          startedAt: new Date(),
        },
      });
      await db.$disconnect();
      const again = await startServerProcess(t.databaseFile);
      again.child.kill('SIGTERM');
      await again.exited;
      const reopened = createPrismaClient(t.databaseFile);
      const after = await reopened.solveJob.findUniqueOrThrow({ where: { id: dead.id } });
      expect(after.status).toBe('FAILED');
      expect(after.activeKey).toBeNull();
      expect(again.output()).toContain('Marked 1 interrupted schedule solve(s) as failed.');
      await reopened.$disconnect();
    } finally {
      await db.$disconnect();
    }
  }, 120_000);
});

import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../helpers/server-process';
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
    const inFlight = get(`${server.baseUrl}/sign-in`);
    server.child.kill('SIGTERM');
    await expect(inFlight).resolves.toBe(200);
    await expect(server.exited).resolves.toBe(0);
    expect(server.output()).toContain('SIGTERM: finishing open requests, then stopping.');
    await expect(get(`${server.baseUrl}/sign-in`)).rejects.toThrow(/ECONNREFUSED/);
  });
});

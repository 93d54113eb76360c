import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, startWorkerProcess, type ServerProcess } from '../helpers/server-process';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rxroster-compiled-'));
let server: ServerProcess | undefined;

beforeAll(() => {
  // What `npm start` runs first (prestart): the tsc build into dist/.
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'pipe' });
}, 300_000);
afterAll(async () => {
  server?.child.kill('SIGTERM');
  if (server) await server.exited;
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start runs the compiled JavaScript', () => {
  it('migrates an empty database from dist/ and serves the sign-in page', async () => {
    server = await startServerProcess(path.join(dir, 'compiled.db'), {}, ['dist/server/index.js']);
    expect(server.output()).toMatch(/Applied \d+ migration\(s\)/);
    const res = await fetch(`${server.baseUrl}/sign-in`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<form method="post" action="/sign-in"');
    expect(html).toMatch(/name="_csrf" value="[^"]+"/);
  });

  it('runs the solver worker (npm run worker) from dist/ too, which stops cleanly on SIGTERM', async () => {
    const worker = await startWorkerProcess(`file:${path.join(dir, 'compiled.db')}`, {}, [
      'dist/server/worker.js',
    ]);
    expect(worker.output()).toMatch(/Solver worker \S+ is running \(1 at a time, polling every 5 s\)/);
    worker.child.kill('SIGTERM');
    expect(await worker.exited, worker.output()).toBe(0);
    expect(worker.output()).toContain('SIGTERM: gave back 0 solve(s) in hand; stopping.');
  });
});

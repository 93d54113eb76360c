// npm run bench:http — real server on 127.0.0.1, signed-in sessions, autocannon at 10/50/100
// connections per page; throughput, p50/p95/p99 latency and errors; then the same pages while a
// schedule solve runs. Options: --seconds N (per cell, default 10), --write (update bench/RESULTS-http.md),
// --keep (keep the data set's database for a look afterwards).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { DateTime } from 'luxon';
import { createPrismaClient, enableWriteAheadLog } from '../../server/db/client';
import { applyMigrations } from '../../server/db/migrate';
import { writeHttpResults } from './results-file';
import { signIn } from './sign-in';
import { seedLoadDataset, LOAD_SITES, LOAD_STAFF, LOAD_TASKS, LOAD_WEEKS } from './dataset';

const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf('--seconds') + 1]) || 10;
const write = args.includes('--write');
const CONNECTIONS = [10, 50, 100];
const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd';
const PORT = 3900 + Math.floor(Math.random() * 90);
const base = `http://127.0.0.1:${PORT}`;

interface Cell {
  page: string;
  connections: number;
  phase: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    try {
      const res = await fetch(`${base}/sign-in`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('The server did not start');
}

/** Waits until the server has worked off the previous run's backlog, so runs do not overlap. */
async function coolDown(): Promise<void> {
  for (let i = 0; i < 120; i += 1) {
    const started = performance.now();
    await fetch(`${base}/sign-in`);
    if (performance.now() - started < 20) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function measure(
  page: string,
  url: string,
  cookie: string | null,
  connections: number,
  phase: string,
): Promise<Cell> {
  await coolDown();
  const times: number[] = [];
  let errors = 0;
  const statuses = new Map<number, number>();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${base}${url}`,
        connections,
        duration: seconds,
        // What every browser sends; autocannon counts the bytes as they arrive and never inflates them.
        headers: { 'accept-encoding': BROWSER_ENCODINGS, ...(cookie ? { cookie } : {}) },
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      times.push(responseTime);
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
      if (statusCode !== 200) errors += 1;
    });
  });
  times.sort((a, b) => a - b);
  if (errors > 0) console.log(`  ${page}: status counts ${JSON.stringify(Object.fromEntries(statuses))}`);
  // autocannon counts socket failures as errors, a request with no answer within 10 s among them.
  if (result.errors > 0)
    console.log(`  ${page}: ${result.errors} socket error(s), of which ${result.timeouts} timeout(s)`);
  return {
    page,
    connections,
    phase,
    requests: times.length,
    rps: Math.round(times.length / seconds),
    p50: Math.round(percentile(times, 50)),
    p95: Math.round(percentile(times, 95)),
    p99: Math.round(percentile(times, 99)),
    // result.errors already includes the timeouts.
    errors: errors + result.errors,
  };
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rxroster-bench-http-'));
  const file = path.join(dir, 'bench.db');
  let server: ChildProcess | undefined;
  try {
    applyMigrations(file);
    enableWriteAheadLog(file);
    const db = createPrismaClient(file);
    const today = DateTime.now().setZone('America/New_York').toISODate()!;
    console.log(
      `Seeding ${LOAD_SITES} sites, ${LOAD_STAFF} staff, ${LOAD_WEEKS} published weeks, ${LOAD_TASKS} tasks …`,
    );
    const data = await seedLoadDataset(db, today);
    await db.$disconnect();

    server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: `file:${file}`,
        PORT: String(PORT),
        SEED_DEMO: 'false',
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitForServer();
    const user = (role: string) => data.signIns.find((s) => s.role === role)!;
    const manager = await signIn(base, user('MANAGER').email, user('MANAGER').password);
    const staff = await signIn(base, user('STAFF').email, user('STAFF').password);

    const pages: [string, string, string | null][] = [
      ['schedule grid (manager)', `/schedules/${data.scheduleId}`, manager],
      ['vendor-return board (manager)', '/boards/vendor-returns', manager],
      ['my shifts (staff)', '/', staff],
      ['iCal feed', `/calendar/${data.icalToken}.ics`, null],
    ];
    // A first request compiles templates and builds views and feeds; measure the server as it runs.
    for (const [, url, cookie] of pages) {
      for (let i = 0; i < 3; i += 1) {
        const res = await fetch(`${base}${url}`, { headers: cookie ? { cookie } : {} });
        await res.arrayBuffer();
      }
    }
    const cells: Cell[] = [];
    for (const [name, url, cookie] of pages) {
      for (const c of CONNECTIONS) {
        const cell = await measure(name, url, cookie, c, 'idle');
        cells.push(cell);
        console.log(
          `${name.padEnd(32)} ${String(c).padStart(3)} conn  ${String(cell.rps).padStart(6)} req/s  p50 ${cell.p50} ms  p95 ${cell.p95} ms  p99 ${cell.p99} ms  errors ${cell.errors}`,
        );
      }
    }
    // The same pages at 50 connections while schedule solves run: the solver works in worker
    // threads, so pages should stay responsive. Solves are started back to back for future weeks.
    const site = await firstSiteId(manager);
    let solving = true;
    let solves = 0;
    const solver = (async () => {
      for (let week = 5; solving && week < 60; week += 1) {
        const monday = DateTime.now()
          .setZone('America/New_York')
          .startOf('week')
          .plus({ weeks: week })
          .toISODate()!;
        const job = await generate(manager, site, monday);
        solves += 1;
        await waitForJob(manager, job);
      }
    })();
    for (const [name, url, cookie] of pages) {
      const cell = await measure(name, url, cookie, 50, 'solving');
      cells.push(cell);
      console.log(
        `${name.padEnd(32)}  50 conn  ${String(cell.rps).padStart(6)} req/s  p95 ${cell.p95} ms while solving`,
      );
    }
    solving = false;
    await solver;
    console.log(`${solves} solve(s) ran during the 'solving' phase`);
    printTable(cells);
    if (write) writeResults(cells);
  } finally {
    server?.kill('SIGTERM');
    if (args.includes('--keep')) console.log(`Kept the data set in ${file}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

async function csrfOf(cookie: string, url: string): Promise<string> {
  const res = await fetch(`${base}${url}`, { headers: { cookie } });
  return /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1] ?? '';
}

async function firstSiteId(cookie: string): Promise<string> {
  const res = await fetch(`${base}/schedules`, { headers: { cookie } });
  return /<option value="(\d+)"/.exec(await res.text())?.[1] ?? '1';
}

/** Starts a solve through the manager's Generate form; returns the job page address. */
async function generate(cookie: string, siteId: string, week: string): Promise<string> {
  const res = await fetch(`${base}/schedules/generate`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: await csrfOf(cookie, '/schedules'), siteId, week }),
  });
  return res.headers.get('location') ?? '';
}

async function waitForJob(cookie: string, jobPage: string): Promise<void> {
  for (let i = 0; i < 600 && jobPage.startsWith('/schedules/jobs/'); i += 1) {
    const res = await fetch(`${base}${jobPage}/progress`, {
      headers: { cookie, accept: 'application/json' },
    });
    const body = (await res.json().catch(() => ({}))) as { status?: string };
    if (body.status && !['QUEUED', 'RUNNING'].includes(body.status)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function table(cells: Cell[]): string {
  const lines = [
    '| page | connections | phase | requests | req/s | p50 ms | p95 ms | p99 ms | errors |',
    '|---|---|---|---|---|---|---|---|---|',
    ...cells.map(
      (c) =>
        `| ${c.page} | ${c.connections} | ${c.phase} | ${c.requests} | ${c.rps} | ${c.p50} | ${c.p95} | ${c.p99} | ${c.errors} |`,
    ),
  ];
  return lines.join('\n');
}

function printTable(cells: Cell[]) {
  console.log(`\n${table(cells)}\n`);
}

function writeResults(cells: Cell[]) {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const text = [
    '# HTTP load results',
    '',
    `Measured ${new Date().toISOString()} by \`npm run bench:http -- --seconds ${seconds}\` on ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
    `Data: ${LOAD_SITES} sites, ${LOAD_STAFF} staff, ${LOAD_WEEKS} published weeks per site, ${LOAD_TASKS} tasks with history. autocannon on the same machine as the server (they share the 2 cores), sending \`Accept-Encoding: ${BROWSER_ENCODINGS}\` as browsers do.`,
    '',
    table(cells),
    '',
  ].join('\n');
  writeHttpResults(text);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

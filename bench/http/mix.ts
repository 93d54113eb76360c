// npm run bench:http — the many-user load figures: a chain-sized data set (10 sites, 1,500 staff,
// 3,000 tasks, 12 published weeks per site), 300 signed-in people each sending from their own session
// (staff mostly My shifts and their iCal feed, leads Today and the boards, managers the schedule grid
// and the staff list), at 50 and 100 connections, then at 50 while schedule solves wait in line.
// Per page: p50/p95/p99, errors and the page-cache hit rate (the server's X-Page-Cache header).
// Options: --seconds N (per phase, default 30), --write (update bench/RESULTS-http.md), --keep.
//
// Sessions are made the way the server makes them (an HMAC of a random token, with the server's
// secret) rather than through the sign-in form: 300 argon2 checks would take the first minute, and
// the sign-in limit is about one person, not a load test. Their last use is spread over the past
// minute, so the idle refreshes (one write per person per minute) arrive at the rate they do in use.
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { createPrismaClient, enableWriteAheadLog } from '../../server/db/client';
import { applyMigrations } from '../../server/db/migrate';
import { createToken, sessionIdFor } from '../../server/account/sessions.service';
import { mulberry32 } from '../../solver/runtime/random';
import { writeHttpResults } from './results-file';
import { LOAD_SITES, LOAD_STAFF, LOAD_TASKS, LOAD_WEEKS, seedLoadDataset } from './dataset';

const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf('--seconds') + 1]) || 30;
const write = args.includes('--write');
const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd';
const PORT = 3900 + Math.floor(Math.random() * 90);
const SECRET = randomBytes(32).toString('hex');
/** People signed in per site, by app role: 31 a site, about 310 in the chain. */
const PER_SITE = { MANAGER: 2, LEAD: 4, STAFF: 25 } as const;
const TIMEOUT_MS = 10_000;

type Role = keyof typeof PER_SITE;

interface Person {
  role: Role;
  siteId: number;
  cookie: string;
  csrf: string;
  ical?: string;
}

/** What each role opens, with weights. */
function pagesOf(person: Person, grids: Map<number, number>): [kind: string, url: string, weight: number][] {
  if (person.role === 'STAFF')
    return [
      ['my shifts', '/', 0.6],
      ['iCal feed', `/calendar/${person.ical}.ics`, 0.4],
    ];
  if (person.role === 'LEAD')
    return [
      ['today (lead)', '/', 0.4],
      ['vendor-return board', '/boards/vendor-returns', 0.2],
      ['billing board', '/boards/billing-issues', 0.2],
      ['daily board', '/boards/daily', 0.2],
    ];
  return [
    ['schedule grid', `/schedules/${grids.get(person.siteId)}`, 0.5],
    ['staff list', '/staff', 0.35],
    ['staff list page 2', '/staff?page=2', 0.15],
  ];
}

interface Sample {
  kind: string;
  ms: number;
  status: number;
  cache: string | undefined;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });

function get(url: string, cookie: string | null): Promise<{ status: number; cache: string | undefined }> {
  return new Promise((resolve) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port: PORT,
        path: url,
        agent,
        headers: { 'accept-encoding': BROWSER_ENCODINGS, ...(cookie ? { cookie } : {}) },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        // Bytes are read as they arrive and never inflated, as autocannon and browsers' networks do.
        res.on('data', () => undefined);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, cache: res.headers['x-page-cache'] as string | undefined }),
        );
        res.on('error', () => resolve({ status: 0, cache: undefined }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, cache: undefined }));
  });
}

/** `connections` clients, each sending the next request as soon as the last is answered. */
async function load(
  people: Person[],
  grids: Map<number, number>,
  connections: number,
  durationMs: number,
): Promise<Sample[]> {
  const random = mulberry32(connections);
  const samples: Sample[] = [];
  const end = performance.now() + durationMs;
  const client = async () => {
    while (performance.now() < end) {
      const person = people[Math.floor(random() * people.length)]!;
      const pages = pagesOf(person, grids);
      let r = random();
      let chosen = pages[0]!;
      for (const page of pages) {
        chosen = page;
        r -= page[2];
        if (r < 0) break;
      }
      const [kind, url] = chosen;
      const started = performance.now();
      const { status, cache } = await get(url, kind === 'iCal feed' ? null : person.cookie);
      samples.push({ kind, ms: performance.now() - started, status, cache });
    }
  };
  await Promise.all(Array.from({ length: connections }, client));
  return samples;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Row {
  phase: string;
  connections: number;
  kind: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  /** Of the requests for a cacheable page, the share answered from the cache; null if none is. */
  hitRate: number | null;
}

function summarise(phase: string, connections: number, samples: Sample[], durationMs: number): Row[] {
  const kinds = ['all requests', ...new Set(samples.map((s) => s.kind))];
  return kinds.map((kind) => {
    const mine = kind === 'all requests' ? samples : samples.filter((s) => s.kind === kind);
    const times = mine.map((s) => s.ms).sort((a, b) => a - b);
    const cacheable = mine.filter((s) => s.cache !== undefined);
    return {
      phase,
      connections,
      kind,
      requests: mine.length,
      rps: Math.round(mine.length / (durationMs / 1000)),
      p50: Math.round(percentile(times, 50)),
      p95: Math.round(percentile(times, 95)),
      p99: Math.round(percentile(times, 99)),
      errors: mine.filter((s) => s.status !== 200).length,
      hitRate:
        cacheable.length === 0 ? null : cacheable.filter((s) => s.cache === 'hit').length / cacheable.length,
    };
  });
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(', ');
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    const { status } = await get('/sign-in', null);
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('The server did not start');
}

async function post(url: string, person: Person, fields: Record<string, string>): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${PORT}${url}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: person.cookie },
    body: new URLSearchParams({ _csrf: person.csrf, ...fields }),
  });
  return res.headers.get('location') ?? '';
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rxroster-bench-mix-'));
  const file = path.join(dir, 'bench.db');
  let server: ChildProcess | undefined;
  const log: string[] = [];
  const note = (line: string) => {
    console.log(line);
    log.push(line);
  };
  try {
    applyMigrations(file);
    enableWriteAheadLog(file);
    const db = createPrismaClient(file);
    const today = DateTime.now().setZone('America/New_York').toISODate()!;
    console.log(
      `Seeding ${LOAD_SITES} sites, ${LOAD_STAFF} staff, ${LOAD_WEEKS} published weeks, ${LOAD_TASKS} tasks …`,
    );
    const seeded = performance.now();
    const data = await seedLoadDataset(db, today);
    console.log(`Seeded in ${Math.round((performance.now() - seeded) / 1000)} s`);

    // 30 people a site: the first two with a sign-in are its managers, the next four its leads.
    const people: Person[] = [];
    const now = Date.now();
    for (const siteId of data.thisWeekSchedules.keys()) {
      const users = await db.user.findMany({
        where: { staff: { siteId, active: true } },
        select: { id: true },
        orderBy: { id: 'asc' },
        take: PER_SITE.MANAGER + PER_SITE.LEAD + PER_SITE.STAFF,
      });
      let at = 0;
      for (const role of ['MANAGER', 'LEAD', 'STAFF'] as const) {
        for (let i = 0; i < PER_SITE[role] && at < users.length; i += 1, at += 1) {
          const user = users[at]!;
          const token = createToken();
          const csrf = createToken();
          const lastSeenAt = new Date(now - Math.floor(((at * 7919) % 60_000) + 1));
          await db.user.update({ where: { id: user.id }, data: { role, mustChangePassword: false } });
          await db.session.create({
            data: {
              id: sessionIdFor(token, SECRET),
              userId: user.id,
              csrfToken: csrf,
              lastSeenAt,
              expiresAt: new Date(lastSeenAt.getTime() + 120 * 60_000),
            },
          });
          people.push({ role, siteId, cookie: `rx_sid=${token}`, csrf });
        }
      }
    }
    await db.$disconnect();

    server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: `file:${file}`,
        PORT: String(PORT),
        SEED_DEMO: 'false',
        NODE_ENV: 'production',
        SESSION_SECRET: SECRET,
        SOLVE_TIME_LIMIT_SECONDS: '20',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitForServer();

    // Each staff member subscribes to their feed the way the page offers it.
    for (const person of people.filter((p) => p.role === 'STAFF')) {
      await post('/my/calendar/reset', person, {});
      const page = await fetch(`http://127.0.0.1:${PORT}/my/calendar`, {
        headers: { cookie: person.cookie },
      });
      const token = /\/calendar\/([A-Za-z0-9_-]+)\.ics/.exec(await page.text())?.[1];
      if (!token) throw new Error('No calendar feed address on /my/calendar');
      person.ical = token;
    }
    // Everyone opens their pages once (first visits write "last seen" marks; templates compile).
    for (const person of people) {
      for (const [kind, url] of pagesOf(person, data.thisWeekSchedules)) {
        const { status } = await get(url, kind === 'iCal feed' ? null : person.cookie);
        if (status !== 200) throw new Error(`${kind} ${url} answered ${status} in the warm-up`);
      }
    }
    // Then half a phase of the mix, not recorded: the first visits above are spread over a minute or
    // more, and kept pages older than a minute are rendered again (their time-of-day text moves on).
    await load(people, data.thisWeekSchedules, 50, (seconds * 1000) / 2);
    const counts = Object.entries(PER_SITE)
      .map(([role]) => `${people.filter((p) => p.role === role).length} ${role.toLowerCase()}`)
      .join(', ');
    note(`${people.length} people signed in (${counts}), each with their own session.`);

    const rows: Row[] = [];
    const phases: { name: string; connections: number; solves: boolean }[] = [
      { name: 'mix', connections: 50, solves: false },
      { name: 'mix', connections: 100, solves: false },
      { name: 'mix, solves queued', connections: 50, solves: true },
    ];
    for (const phase of phases) {
      await new Promise((r) => setTimeout(r, 2000));
      const before = loadAverage();
      let solveNote = '';
      if (phase.solves) {
        // Two managers of three sites each generate two future weeks: more solves than cores.
        const monday = DateTime.now().setZone('America/New_York').startOf('week');
        const managers = people.filter((p) => p.role === 'MANAGER').slice(0, 6);
        const jobs: string[] = [];
        for (const [i, manager] of managers.entries()) {
          const week = monday.plus({ weeks: 5 + i }).toISODate()!;
          jobs.push(await post('/schedules/generate', manager, { siteId: String(manager.siteId), week }));
        }
        solveNote = `${jobs.filter((j) => j.startsWith('/schedules/jobs/')).length} solves requested at the start`;
      }
      const samples = await load(people, data.thisWeekSchedules, phase.connections, seconds * 1000);
      const after = loadAverage();
      const phaseRows = summarise(phase.name, phase.connections, samples, seconds * 1000);
      rows.push(...phaseRows);
      const all = phaseRows[0]!;
      note(
        `${phase.name} at ${phase.connections} connections: ${all.requests} requests, ${all.rps}/s, p95 ${all.p95} ms, ` +
          `errors ${all.errors}, cache hits ${formatRate(all.hitRate)}; load average before ${before}, after ${after}` +
          (solveNote ? `; ${solveNote}` : ''),
      );
    }
    if (rows.some((r) => r.phase !== 'mix')) {
      const solved = await solveOutcomes(file);
      note(`Solve jobs at the end: ${solved}.`);
    }
    console.log(`\n${table(rows)}\n`);
    if (write) writeResults(rows, log);
  } finally {
    server?.kill('SIGTERM');
    agent.destroy();
    if (args.includes('--keep')) console.log(`Kept the data set in ${file}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

async function solveOutcomes(file: string): Promise<string> {
  const db = createPrismaClient(file);
  try {
    const jobs = await db.solveJob.groupBy({ by: ['status'], _count: true });
    return jobs.map((j) => `${j._count} ${j.status.toLowerCase()}`).join(', ');
  } finally {
    await db.$disconnect();
  }
}

function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)} %`;
}

function table(rows: Row[]): string {
  return [
    '| phase | connections | page | requests | req/s | p50 ms | p95 ms | p99 ms | errors | cache hits |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.phase} | ${r.connections} | ${r.kind === 'all requests' ? '**all requests**' : r.kind} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors} | ${formatRate(r.hitRate)} |`,
    ),
  ].join('\n');
}

function writeResults(rows: Row[], log: string[]) {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
    if (execSync('git status --porcelain --untracked-files=no', { encoding: 'utf8' }).trim())
      commit += ' with uncommitted changes';
  } catch {
    // not a git checkout
  }
  const text = [
    '# HTTP load results',
    '',
    `Measured ${new Date().toISOString()} by \`npm run bench:http -- --seconds ${seconds} --write\` at commit ${commit} on ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
    `Data: ${LOAD_SITES} sites, ${LOAD_STAFF} staff, ${LOAD_WEEKS} published weeks per site, ${LOAD_TASKS} tasks with history. The load generator runs on the same machine as the server (they share the cores), keeps ${'`'}Accept-Encoding: ${BROWSER_ENCODINGS}${'`'} as browsers do, and each client sends its next request when the last is answered. Load average (1, 5, 15 min) before and after each phase is in the log: anything above the phase's own load is other work on the machine.`,
    '',
    ...log.map((line) => `- ${line}`),
    '',
    table(rows),
    '',
  ].join('\n');
  writeHttpResults(text);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

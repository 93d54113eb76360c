// `npm run bench:chain`: a pharmacy chain on PostgreSQL on loopback. Builds a chain-sized data set
// once (bench/chain-dataset.ts), then for each worker count: a fresh copy of it, 2 web instances
// (SOLVER_MODE=worker) behind a round-robin proxy in this process, N `npm run worker` processes,
// and a Monday-morning burst of "generate next week" requests (one per site) spread over the burst
// window, while staff keep opening their pages. Reports the time until the last schedule is saved,
// CPU-seconds per solve (the workers' own CPU time over the solves they saved), p95 of the staff
// pages during the burst, and lost or duplicated jobs. With --kill, one worker is killed -9 while it
// holds a job and a fresh one started: its job must still be saved exactly once.
//
//   eval "$(scripts/test-postgres.sh)"   # or BENCH_POSTGRES_URL: a role that may create databases
//   npm run bench:chain -- --sites 200 --staff-per-site 30 --requests 200 --workers 1,2,4
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import pg from 'pg';
import { createDatabase, dropDatabase } from '../tests/helpers/postgres';
import { buildChainDataset, type ChainDataset } from './chain-dataset';
import { signIn } from './http/sign-in';

const { values: args } = parseArgs({
  options: {
    sites: { type: 'string', default: '200' },
    'staff-per-site': { type: 'string', default: '30' },
    requests: { type: 'string', default: '200' },
    'burst-seconds': { type: 'string', default: '60' },
    workers: { type: 'string', default: '1,2,4' },
    'time-limit': { type: 'string', default: '30' },
    'page-users': { type: 'string', default: '20' },
    kill: { type: 'boolean', default: false },
    'timeout-minutes': { type: 'string', default: '60' },
  },
});
const SITES = Number(args.sites);
const STAFF_PER_SITE = Number(args['staff-per-site']);
const REQUESTS = Math.min(Number(args.requests), SITES);
const BURST_MS = Number(args['burst-seconds']) * 1000;
const WORKER_COUNTS = args.workers.split(',').map(Number);
const TIME_LIMIT_S = Number(args['time-limit']);
const PAGE_USERS = Number(args['page-users']);
const SECRET = 'chain-bench-session-secret-0123456789abcdef';

const server = process.env.BENCH_POSTGRES_URL?.trim() || process.env.TEST_POSTGRES_URL?.trim();
if (!server) {
  console.error(
    'Set BENCH_POSTGRES_URL or TEST_POSTGRES_URL (eval "$(scripts/test-postgres.sh)" starts one).',
  );
  process.exit(1);
}

interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<unknown>;
}

function start(entry: string, env: Record<string, string>, ready: RegExp): Promise<Proc & { match: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const m = ready.exec(text);
      if (m) resolve({ child, output: () => text, exited, match: m[1] ?? '' });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => reject(new Error(`${entry} exited:\n${text}`)));
  });
}

/** CPU time (user + system, all threads) of a live process, seconds. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function roundRobin(targets: string[]): Promise<{ url: string; close: () => void }> {
  let next = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const proxy = http.createServer((req, res) => {
    const target = new URL(targets[next++ % targets.length]!);
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
        agent,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) =>
    proxy.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
        close: () => {
          proxy.close();
          agent.destroy();
        },
      }),
    ),
  );
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface RunResult {
  workers: number;
  lastSavedS: number;
  done: number;
  failed: number;
  lost: number;
  duplicated: number;
  cpuPerSolve: number;
  pages: number;
  p50: number;
  p95: number;
  /** Share of the staff pages served from a page cache. */
  keptShare: number;
  /** Commits during the burst that changed data outside the sites' schedules (every kept page's). */
  outsideChanges: number;
  killed: string;
  errors: string[];
}

async function runOnce(template: string, data: ChainDataset, workerCount: number): Promise<RunResult> {
  const url = await createDatabase(server!, 'rxroster_chain', template);
  const procs: Proc[] = [];
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const webEnv = {
      DATABASE_URL: url,
      SESSION_SECRET: SECRET,
      SOLVER_MODE: 'worker',
      PORT: '0',
      SEED_DEMO: 'false',
    };
    // One after the other, the second once the first has done its start-up writes: each start
    // re-creates the change-counter triggers, which was seen to deadlock with the other instance's
    // first credential-expiry notices (see RESULTS-chain.md).
    const webs: (Proc & { match: string })[] = [];
    for (let i = 0; i < 2; i++) {
      const web = await start('server/index.ts', webEnv, /running at (http:\/\/\S+)/);
      procs.push(web);
      webs.push(web);
      await sleep(3000);
    }
    const proxy = await roundRobin(webs.map((w) => w.match));
    const workerEnv = {
      DATABASE_URL: url,
      SOLVE_TIME_LIMIT_SECONDS: String(TIME_LIMIT_S),
      SOLVE_STALE_SECONDS: '10',
      WORKER_POLL_SECONDS: '2',
      SEED_DEMO: 'false',
    };
    const startWorker = () => start('server/worker.ts', workerEnv, /Solver worker (\S+) is running/);
    const workers = await Promise.all(Array.from({ length: workerCount }, startWorker));
    procs.push(...workers);
    const cpuAtStart = new Map(workers.map((w) => [w.child.pid!, cpuSeconds(w.child.pid!)]));
    const cpuOf = (w: Proc) => cpuSeconds(w.child.pid!) - (cpuAtStart.get(w.child.pid!) ?? 0);

    const ops = await signIn(proxy.url, data.opsEmail, data.password);
    const staff = await Promise.all(data.staffEmails.map((e) => signIn(proxy.url, e, data.password)));
    const csrfPage = await fetch(`${proxy.url}/schedules`, { headers: { cookie: ops } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await csrfPage.text())![1]!;
    const week = DateTime.now().plus({ weeks: 1 }).startOf('week').toISODate()!;

    // Staff pages during the burst: each signed-in person opens home or the team schedule, then
    // waits half a second. They start WARM_UP_MS before the burst, as on any working morning the
    // instances have served these pages before (only the pages during the burst are counted).
    let burstOver = false;
    let counting = false;
    const latencies: number[] = [];
    // Pages served from an instance's page cache: kept while no commit changed data they show.
    let kept = 0;
    const paging = staff.map(async (cookie, i) => {
      for (let n = i; !burstOver; n++) {
        const t0 = performance.now();
        const res = await fetch(`${proxy.url}${n % 2 === 0 ? '/' : '/team-schedule'}`, {
          headers: { cookie },
        });
        await res.arrayBuffer();
        if (counting && res.status === 200) latencies.push(performance.now() - t0);
        if (counting && res.headers.get('x-page-cache') === 'hit') kept += 1;
        await sleep(500);
      }
    });
    await sleep(WARM_UP_MS);
    counting = true;

    // The burst: one "generate next week" per site, spread evenly over the window.
    const outsideAtStart = await changesOutsideSites(db);
    const burstStart = Date.now();
    const sites = data.siteIds.slice(0, REQUESTS);
    const jobIds: number[] = [];
    let killed = '';
    const requests = sites.map(async (siteId, i) => {
      await sleep((BURST_MS * i) / sites.length);
      const res = await fetch(`${proxy.url}/schedules/generate`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: ops },
        body: new URLSearchParams({ _csrf: csrf, siteId: String(siteId), week }),
      });
      const id = /\/schedules\/jobs\/(\d+)/.exec(res.headers.get('location') ?? '')?.[1];
      if (res.status !== 303 || !id) throw new Error(`generate for site ${siteId}: ${res.status}`);
      jobIds.push(Number(id));
    });
    const killing = args.kill
      ? (async () => {
          // Kill -9 the first worker while it holds a job; a fresh worker takes its place.
          const victim = workers[0]!;
          for (;;) {
            const { rows } = await db.query<{ id: number }>(
              `SELECT "id" FROM "SolveJob" WHERE "status" = 'RUNNING' AND "workerId" = $1`,
              [victim.match],
            );
            if (rows[0]) {
              victim.child.kill('SIGKILL');
              killed = `worker killed -9 holding job ${rows[0].id} at ${((Date.now() - burstStart) / 1000).toFixed(1)} s`;
              const fresh = await startWorker();
              procs.push(fresh);
              workers.push(fresh);
              cpuAtStart.set(fresh.child.pid!, cpuSeconds(fresh.child.pid!));
              return;
            }
            await sleep(100);
          }
        })()
      : Promise.resolve();
    await Promise.all(requests);
    await killing;

    const deadline = Date.now() + Number(args['timeout-minutes']) * 60_000;
    for (;;) {
      const { rows } = await db.query<{ n: string }>(
        `SELECT COUNT(*) AS n FROM "SolveJob" WHERE "id" = ANY($1) AND "status" IN ('QUEUED', 'RUNNING')`,
        [jobIds],
      );
      if (Number(rows[0]!.n) === 0 || Date.now() > deadline) break;
      await sleep(250);
    }
    const cpu = workers.reduce((sum, w) => sum + cpuOf(w), 0);
    burstOver = true;
    await Promise.all(paging);
    const outsideChanges = (await changesOutsideSites(db)) - outsideAtStart;

    const jobs = await db.query<{ status: string; finished: Date | null; error: string | null }>(
      `SELECT "status", "finishedAt" AS finished, "error" FROM "SolveJob" WHERE "id" = ANY($1)`,
      [jobIds],
    );
    const done = jobs.rows.filter((j) => j.status === 'DONE');
    const saved = await db.query<{ n: string }>(
      `SELECT COUNT(*) AS n FROM "Schedule" WHERE "periodStart" = $1 AND "siteId" = ANY($2) GROUP BY "siteId"`,
      [week, sites],
    );
    const lastSaved = Math.max(burstStart, ...done.map((j) => j.finished!.getTime()));
    latencies.sort((a, b) => a - b);
    proxy.close();
    return {
      workers: workerCount,
      lastSavedS: (lastSaved - burstStart) / 1000,
      done: done.length,
      failed: jobs.rows.filter((j) => j.status === 'FAILED').length,
      // Requested sites with no saved schedule, and sites with more than one.
      lost: sites.length - saved.rows.length,
      duplicated: saved.rows.filter((r) => Number(r.n) > 1).length,
      cpuPerSolve: cpu / Math.max(1, done.length),
      pages: latencies.length,
      keptShare: kept / Math.max(1, latencies.length),
      outsideChanges,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      killed,
      errors: [
        ...new Set(
          jobs.rows.flatMap((j) => (j.status === 'DONE' || !j.error ? [] : [j.error.slice(0, 160)])),
        ),
      ],
    };
  } finally {
    await db.end();
    for (const p of procs) p.child.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exited));
    await dropDatabase(server!, url);
  }
}

/** Staff open their pages for this long before the burst starts. */
const WARM_UP_MS = 5000;

/** The counter of changes to data outside the sites' schedules (server/db/change-counter.ts). */
async function changesOutsideSites(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ version: number }>('SELECT "version" FROM "DataVersion" WHERE "id" = 2');
  return rows[0]?.version ?? 0;
}

async function main() {
  const t0 = Date.now();
  const template = await createDatabase(server!, 'rxroster_chain_template');
  try {
    const data = await buildChainDataset(template, {
      sites: SITES,
      staffPerSite: STAFF_PER_SITE,
      pageUsers: PAGE_USERS,
    });
    const probe = new pg.Client({ connectionString: template });
    await probe.connect();
    const counts = await probe.query<{ sites: string; staff: string }>(
      `SELECT (SELECT COUNT(*) FROM "Site") AS sites, (SELECT COUNT(*) FROM "Staff") AS staff`,
    );
    await probe.end();
    console.log(
      `Data set: ${counts.rows[0]!.sites} sites, ${counts.rows[0]!.staff} staff, built in ${((Date.now() - t0) / 1000).toFixed(1)} s. ` +
        `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}.`,
    );
    console.log(
      `Burst: ${REQUESTS} "generate next week" requests over ${BURST_MS / 1000} s through a round-robin proxy to 2 web instances; ` +
        `SOLVE_TIME_LIMIT_SECONDS=${TIME_LIMIT_S}, ${data.staffEmails.length} staff opening pages every 0.5 s (from ${WARM_UP_MS / 1000} s before the burst)${args.kill ? '; one worker killed -9 mid-solve' : ''}.`,
    );
    console.log('');
    console.log(
      '| workers | last schedule saved | saved / failed | lost | duplicated | CPU-s per solve | staff pages | from cache | p50 | p95 |',
    );
    console.log(
      '| ------: | ------------------: | -------------: | ---: | ---------: | --------------: | ----------: | ---------: | --: | --: |',
    );
    const notes: string[] = [];
    for (const n of WORKER_COUNTS) {
      const r = await runOnce(template, data, n);
      console.log(
        `| ${r.workers} | ${r.lastSavedS.toFixed(1)} s | ${r.done} / ${r.failed} | ${r.lost} | ${r.duplicated} | ${r.cpuPerSolve.toFixed(1)} | ${r.pages} | ${(100 * r.keptShare).toFixed(0)} % | ${r.p50.toFixed(0)} ms | ${r.p95.toFixed(0)} ms |`,
      );
      notes.push(
        `${n} workers: ${r.outsideChanges} commits changed data outside the sites' schedules during the burst`,
      );
      if (r.killed) notes.push(`${n} workers: ${r.killed}`);
      for (const e of r.errors) notes.push(`${n} workers, a failed job: ${e}`);
      for (const e of r.errors) console.error(`  (${n} workers, a failed job: ${e})`);
    }
    for (const note of notes) console.log(`\n${note}`);
  } finally {
    await dropDatabase(server!, template);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

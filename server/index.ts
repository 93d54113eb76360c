import type { AddressInfo } from 'node:net';
import { seedDemoIfEmpty, DEMO_EMAIL_DOMAIN, DEMO_PASSWORD_NOTE } from '../prisma/seed';
import { createApp } from './app';
import { readEnv } from './config';
import { closeDatabase, openDatabase, type Db } from './db/client';
import { databaseFileFromUrl, databaseProvider } from './db/database-url';
import { prepareDatabase } from './db/prepare';
import { closeWorkers, setWorkerNiceness, warmUpWorkers } from '../solver';
import { loadOrCreateSessionSecret } from './lib/secret';
import { publishDemoWeek } from './scheduling/demo-schedule.service';
import {
  cancelRunningSolveJobs,
  dispatchQueuedSolveJobs,
  failStaleSolveJobs,
  settleSolveJobs,
} from './scheduling/solve-jobs.service';
import { SessionStore } from './account/sessions.service';
import { findDemoSignIns } from './account/users.repository';
import { purgeOldLimits } from './account/sign-in-limits.service';
import { advanceOffers } from './exchange/open-shift-claims.service';
import { DEFAULT_DELIVERY, smtpSender, startDeliveryLoop } from './notifications/delivery.service';
import { notifyExpiringCredentials } from './credentials/credential-expiry.service';

/** Reads config, brings the database up to date, seeds the demo pharmacy once, and listens. */
async function main() {
  const env = readEnv();
  setWorkerNiceness(env.SOLVER_NICENESS);
  const postgres = databaseProvider(env.DATABASE_URL) === 'postgresql';
  // Several instances share a PostgreSQL database: each must sign sessions with the same secret.
  if (postgres && !env.SESSION_SECRET) {
    throw new Error(
      'SESSION_SECRET (at least 32 characters, the same on every instance) is required with PostgreSQL.',
    );
  }
  const { where, applied } = await prepareDatabase(env.DATABASE_URL);
  if (applied.length > 0) console.log(`Applied ${applied.length} migration(s) to ${where}`);

  const db = openDatabase(env.DATABASE_URL);
  if (env.SEED_DEMO && (await seedDemoIfEmpty(db))) {
    console.log('Seeded the demo pharmacy.');
    const week = await publishDemoWeek(db, env.SOLVE_TIME_LIMIT_SECONDS * 1000);
    if (week)
      console.log(`Published a schedule for the week of ${week.periodStart} (${week.assignments} shifts).`);
  }

  // Inline mode: on SQLite one app instance owns every solve job, so any job still marked running
  // died with the last process; on PostgreSQL other instances may be solving, so only jobs without a
  // heartbeat fail. Worker mode: a web instance starting touches no job (the workers' reaper takes
  // back a dead worker's job and runs it again).
  const inline = env.SOLVER_MODE === 'inline';
  const staleAfterMs = env.SOLVE_STALE_SECONDS * 1000;
  const abandoned = !inline ? 0 : await failStaleSolveJobs(db, postgres ? staleAfterMs : 0);
  if (abandoned > 0) console.log(`Marked ${abandoned} interrupted schedule solve(s) as failed.`);
  if (inline) warmUpWorkers();
  // Solves still waiting in line when the last process stopped start now (inline) or wake the workers.
  const solveOptions = {
    timeLimitMs: Math.round(env.SOLVE_TIME_LIMIT_SECONDS * 1000),
    concurrency: env.SOLVE_CONCURRENCY,
    siteCap: env.SOLVE_SITE_CAP,
    mode: env.SOLVER_MODE,
    staleAfterMs,
    maxAttempts: env.SOLVE_MAX_ATTEMPTS,
  };
  const resumed = await dispatchQueuedSolveJobs(db, solveOptions);
  if (resumed > 0) console.log(`Started ${resumed} schedule solve(s) that were waiting in line.`);
  if (!inline) console.log('Schedule solves run in `npm run worker` processes (SOLVER_MODE=worker).');

  const sessionSecret = postgres
    ? env.SESSION_SECRET!
    : loadOrCreateSessionSecret(env.SESSION_SECRET, databaseFileFromUrl(env.DATABASE_URL));
  const app = createApp(db, {
    sessionSecret,
    sessionIdleMinutes: env.SESSION_IDLE_MINUTES,
    trustProxy: env.TRUST_PROXY,
    showErrorStacks: env.NODE_ENV !== 'production',
    solveTimeLimitSeconds: env.SOLVE_TIME_LIMIT_SECONDS,
    solveConcurrency: env.SOLVE_CONCURRENCY,
    solveSiteCap: env.SOLVE_SITE_CAP,
    solverMode: env.SOLVER_MODE,
    pageCacheMegabytes: env.PAGE_CACHE_MEGABYTES,
    logLevel: env.LOG_LEVEL,
    publicUrl: env.PUBLIC_URL ?? `http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${env.PORT}`,
  });
  const server = app.listen(env.PORT, env.HOST, () => {
    const { port } = server.address() as AddressInfo;
    console.log(`RxRoster is running at http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${port}`);
    void printDemoSignIns(db);
  });

  // Expired sessions are refused when used; this removes the ones nobody comes back with, and
  // sign-in limits no policy counts any more.
  const sessions = new SessionStore(db, sessionSecret, env.SESSION_IDLE_MINUTES);
  const purge = setInterval(() => {
    void sessions.purgeExpired();
    void purgeOldLimits(db);
  }, 15 * 60_000);
  purge.unref();
  // One-at-a-time open-shift offers pass to the next person when their time runs out, whether or
  // not anyone opens a page.
  const offers = setInterval(() => {
    void advanceOffers(db).catch((err: unknown) =>
      console.error('Passing on open-shift offers failed:', err),
    );
  }, 60_000);
  offers.unref();

  // Email: the outbox is sent while SMTP_URL is set; without it messages stay in the outbox, where
  // managers see them on /notifications/outbox (the demo).
  const mail = env.SMTP_URL ? smtpSender(env.SMTP_URL, env.MAIL_TIMEOUT_SECONDS * 1000) : null;
  const delivery = mail
    ? startDeliveryLoop(
        db,
        mail.send,
        { ...DEFAULT_DELIVERY, from: env.MAIL_FROM, leaseMs: env.MAIL_TIMEOUT_SECONDS * 4000 },
        2000,
        (err) => console.error('Email delivery:', err),
      )
    : null;

  // Expiring credentials: checked at start and every hour; each notice is sent once.
  const checkCredentials = () =>
    notifyExpiringCredentials(db).catch((err: unknown) => console.error('Credential expiry check:', err));
  void checkCredentials();
  const credentialCheck = setInterval(() => void checkCredentials(), 60 * 60_000);
  credentialCheck.unref();

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(offers);
    console.log(`${signal}: finishing open requests, then stopping.`);
    server.close(() => {
      void (async () => {
        await delivery?.stop();
        mail?.close();
        await cancelRunningSolveJobs(db);
        await settleSolveJobs();
        await closeWorkers();
        await closeDatabase(db);
        process.exit(0);
      })();
    });
    server.closeIdleConnections();
    // Requests still open after 10 s are cut so a stuck client cannot hold the shutdown forever.
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function printDemoSignIns(db: Db) {
  const users = await findDemoSignIns(db, DEMO_EMAIL_DOMAIN);
  const order = { MANAGER: 0, LEAD: 1, STAFF: 2 } as const;
  users.sort((a, b) => order[a.role] - order[b.role]);
  if (users.length === 0) return;
  console.log(`Demo sign-ins (${DEMO_PASSWORD_NOTE}):`);
  for (const u of users) console.log(`  ${u.role.padEnd(8)} ${u.email}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from './http/request-log';

const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** TCP port the server listens on. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address to bind; loopback by default so a demo is not exposed on the network. */
  HOST: z.string().default('127.0.0.1'),
  /** SQLite database as a `file:` URL, relative paths from the repository root. */
  DATABASE_URL: z.string().default('file:./data/rxroster.db'),
  /** Secret for signing session cookies; generated and kept in data/ when unset. */
  SESSION_SECRET: z.string().min(32).optional(),
  /** Minutes of inactivity after which a session ends. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(120),
  /** Set when running behind an HTTPS reverse proxy: trusts X-Forwarded-* and marks cookies Secure. */
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** Seed the demo pharmacy into an empty database on start; default true except in production. */
  SEED_DEMO: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1')),
  /** Wall-clock limit of one schedule solve, in seconds. */
  SOLVE_TIME_LIMIT_SECONDS: z.coerce.number().positive().default(60),
  /** Schedule solves running at once; more wait in line (each keeps a core busy). */
  SOLVE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
  /** Who runs schedule solves: `inline` (this web process) or `worker` (only `npm run worker` processes). */
  SOLVER_MODE: z.enum(['inline', 'worker']).default('inline'),
  /** Solves of one site running at once across every process, so one store's burst cannot hold every slot. */
  SOLVE_SITE_CAP: z.coerce.number().int().min(1).max(64).default(2),
  /** `npm run worker`: solves one worker process runs at once. */
  WORKER_SOLVES: z.coerce.number().int().min(1).max(64).default(1),
  /** `npm run worker`: seconds between looks at the queue (PostgreSQL also wakes workers at once). */
  WORKER_POLL_SECONDS: z.coerce.number().positive().max(3600).default(5),
  /** A running solve whose process has not beaten its heartbeat for this long is taken back. */
  SOLVE_STALE_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  /** Claims of one job before the reaper fails it instead of queuing it again. */
  SOLVE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  /** Nice value of the solver's threads (0–19): pages are answered first while a schedule solves. */
  SOLVER_NICENESS: z.coerce.number().int().min(0).max(19).default(10),
  /** Memory for rendered pages kept until the next database write; 0 turns the page cache off. */
  PAGE_CACHE_MEGABYTES: z.coerce.number().min(0).max(4096).default(64),
  /** Request log (one line per request on stdout); default info, silent under NODE_ENV=test. */
  LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  /** The address people open the app at, for links in emails; default http://HOST:PORT. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** SMTP server for email, e.g. smtp://user:pass@host:587 (STARTTLS); unset: the demo outbox. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** The From address of every email. */
  MAIL_FROM: z.string().min(3).default('RxRoster <rxroster@localhost>'),
  /** Seconds one step of an SMTP conversation may take; a message is claimed for four times that. */
  MAIL_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(30),
});

export type Env = Omit<z.infer<typeof Env>, 'SEED_DEMO' | 'LOG_LEVEL'> & {
  SEED_DEMO: boolean;
  LOG_LEVEL: LogLevel;
};
export type Config = Env & { sessionSecret: string };

/** Parses process.env once; throws with every bad variable named. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  // The demo users sign in with a published password: a production database must never have them.
  const production = parsed.data.NODE_ENV === 'production';
  if (production && parsed.data.SEED_DEMO === true) {
    throw new Error(
      'Invalid configuration:\n  SEED_DEMO: the demo pharmacy signs in with known passwords; it is never seeded in production',
    );
  }
  return {
    ...parsed.data,
    SEED_DEMO: parsed.data.SEED_DEMO ?? !production,
    LOG_LEVEL: parsed.data.LOG_LEVEL ?? (parsed.data.NODE_ENV === 'test' ? 'silent' : 'info'),
  };
}

// Claiming queued solve jobs, and taking back the ones whose process stopped. A claim stamps the
// job RUNNING with one more attempt; that attempt number is the claim's token: heartbeats, the
// outcome and the saved schedule are written only while the row still carries it, so a process
// that was presumed dead and wakes up later can never save a job another process has re-run.
import { Prisma } from '../../generated/prisma/client';
import { providerOf, type Db, type Tx } from '../db/client';
import { withKeyLocks } from '../db/locks';

/** A job this process holds: its id and the attempt number its claim wrote. */
export interface SolveClaim {
  jobId: number;
  attempt: number;
}

export interface ClaimLimits {
  /** Running jobs of one site at most (across every process). */
  siteCap: number;
  /** Running jobs at most across every process (web instances running solves themselves); null: no cap (a worker, which counts its own). */
  totalCap: number | null;
  /** Written to the claimed row: which process runs it. */
  workerId: string;
}

/** The channel `npm run worker` listens on (LISTEN/NOTIFY) for newly queued or freed jobs. */
export const SOLVE_QUEUE_CHANNEL = 'rxroster_solve_queue';

/** pg's row counts come back as bigint or text; the claim's columns as numbers. */
function num(value: unknown): number {
  return Number(value);
}

/**
 * True for a queued job `j` (its site joined as `js`) when no solve of its district runs: a site in
 * no district is always free.
 */
const districtFree = Prisma.sql`(js."district" IS NULL OR NOT EXISTS (
    SELECT 1 FROM "SolveJob" r JOIN "Site" rs ON rs."id" = r."siteId"
    WHERE r."status" = 'RUNNING' AND rs."district" = js."district"))`;

/**
 * Takes the oldest queued job whose site runs fewer than `siteCap` jobs and whose district runs
 * none (and only while fewer than `totalCap` run in all), marks it RUNNING for `workerId`; null when
 * nothing may start now. One solve per district at a time: the district's stores share floaters, and
 * two of their solves at once would each plan a floater's week without the other's, so the later
 * save would find them double-booked.
 * SQLite: one conditional UPDATE — the file has one writer, so the counts and the pick cannot go
 * stale between them. PostgreSQL runs claims side by side: the candidate row is taken with
 * `FOR UPDATE SKIP LOCKED` (two claimers never wait for, or take, the same job), then the site's
 * and the district's running counts are read again under their advisory locks, which every claimer
 * of that site or district takes, so two jobs of one site cannot both pass the cap, nor two of one
 * district both start; a site found full is skipped.
 */
export async function claimNextSolveJob(db: Db, limits: ClaimLimits): Promise<SolveClaim | null> {
  if (providerOf(db) !== 'postgresql') return claimOnSqlite(db, limits);
  return db.$transaction(async (tx) => {
    const claim = await claimOnPostgres(tx, limits);
    if (!claim) return null;
    const now = new Date();
    await tx.solveJob.update({
      where: { id: claim.jobId },
      data: { workerId: limits.workerId, startedAt: now, heartbeatAt: now },
    });
    return claim;
  });
}

/**
 * Not inside a transaction: a statement on its own waits for another process's write (the busy
 * timeout), where a transaction that has read first would fail at once when it comes to write.
 */
async function claimOnSqlite(db: Db, limits: ClaimLimits): Promise<SolveClaim | null> {
  const totalCap = limits.totalCap ?? 2 ** 31 - 1;
  const now = new Date();
  const rows = await db.$queryRaw<{ id: unknown; attempts: unknown }[]>`
    UPDATE "SolveJob"
    SET "status" = 'RUNNING', "attempts" = "attempts" + 1, "workerId" = ${limits.workerId},
        "startedAt" = ${now}, "heartbeatAt" = ${now}
    WHERE "id" = (
        SELECT j."id" FROM "SolveJob" j JOIN "Site" js ON js."id" = j."siteId"
        WHERE j."status" = 'QUEUED'
          AND (SELECT COUNT(*) FROM "SolveJob" r WHERE r."status" = 'RUNNING' AND r."siteId" = j."siteId") < ${limits.siteCap}
          AND ${districtFree}
        ORDER BY j."id" LIMIT 1)
      AND "status" = 'QUEUED'
      AND (SELECT COUNT(*) FROM "SolveJob" WHERE "status" = 'RUNNING') < ${totalCap}
    RETURNING "id", "attempts"`;
  return rows[0] ? { jobId: num(rows[0].id), attempt: num(rows[0].attempts) } : null;
}

async function claimOnPostgres(tx: Tx, limits: ClaimLimits): Promise<SolveClaim | null> {
  if (limits.totalCap !== null) {
    // Web instances running solves themselves share one cap: they claim one at a time.
    await withKeyLocks(tx, ['solve-queue']);
    const [running] = await tx.$queryRaw<{ n: unknown }[]>`
      SELECT COUNT(*) AS "n" FROM "SolveJob" WHERE "status" = 'RUNNING'`;
    if (num(running?.n) >= limits.totalCap) return null;
  }
  const fullSites: number[] = [-1];
  // Each pass either claims or rules out one site; a few passes cover any real queue's head.
  for (let pass = 0; pass < 20; pass++) {
    const [candidate] = await tx.$queryRaw<{ id: unknown; siteId: unknown; district: string | null }[]>`
      SELECT j."id", j."siteId", js."district" FROM "SolveJob" j JOIN "Site" js ON js."id" = j."siteId"
      WHERE j."status" = 'QUEUED' AND j."siteId" NOT IN (${Prisma.join(fullSites)})
        AND (SELECT COUNT(*) FROM "SolveJob" r WHERE r."status" = 'RUNNING' AND r."siteId" = j."siteId") < ${limits.siteCap}
        AND ${districtFree}
      ORDER BY j."id" LIMIT 1
      FOR UPDATE OF j SKIP LOCKED`;
    if (!candidate) return null;
    const siteId = num(candidate.siteId);
    const district = candidate.district;
    await withKeyLocks(tx, [
      `solve-site:${siteId}`,
      ...(district !== null ? [`solve-district:${district}`] : []),
    ]);
    // A new statement after the locks sees every claim of this site and district committed before it.
    const [running] = await tx.$queryRaw<{ n: unknown; inDistrict: unknown }[]>`
      SELECT COUNT(*) FILTER (WHERE r."siteId" = ${siteId}) AS "n",
             COUNT(*) FILTER (WHERE rs."district" = ${district}) AS "inDistrict"
      FROM "SolveJob" r JOIN "Site" rs ON rs."id" = r."siteId"
      WHERE r."status" = 'RUNNING'`;
    if (num(running?.n) >= limits.siteCap || num(running?.inDistrict) > 0) {
      fullSites.push(siteId);
      continue;
    }
    const [row] = await tx.$queryRaw<{ id: unknown; attempts: unknown }[]>`
      UPDATE "SolveJob" SET "status" = 'RUNNING', "attempts" = "attempts" + 1
      WHERE "id" = ${num(candidate.id)} AND "status" = 'QUEUED'
      RETURNING "id", "attempts"`;
    return row ? { jobId: num(row.id), attempt: num(row.attempts) } : null;
  }
  return null;
}

/** Wakes the workers listening for queued jobs (PostgreSQL); SQLite workers find them by polling. */
export async function notifySolveQueue(db: Db): Promise<void> {
  if (providerOf(db) !== 'postgresql') return;
  await db.$executeRaw`SELECT pg_notify(${SOLVE_QUEUE_CHANNEL}, '')`;
}

export interface StaleSolveJob {
  id: number;
  attempts: number;
  workerId: string | null;
}

/** Running jobs whose last heartbeat (or start, before the first beat) is older than `before`. */
export async function listStaleRunningSolveJobs(db: Db, before: Date): Promise<StaleSolveJob[]> {
  return db.solveJob.findMany({
    where: { status: 'RUNNING', ...staleWhere(before) },
    select: { id: true, attempts: true, workerId: true },
    orderBy: { id: 'asc' },
  });
}

function staleWhere(before: Date): Prisma.SolveJobWhereInput {
  return {
    OR: [
      { heartbeatAt: { lt: before } },
      { heartbeatAt: null, startedAt: { lt: before } },
      { heartbeatAt: null, startedAt: null, createdAt: { lt: before } },
    ],
  };
}

/**
 * Puts a stale running job back in line, if it is still the same claim and still stale (a
 * heartbeat that arrived meanwhile keeps it). Its place is its id, so it runs before later jobs.
 */
export async function requeueStaleSolveJob(db: Db, job: StaleSolveJob, before: Date): Promise<boolean> {
  const { count } = await db.solveJob.updateMany({
    where: { id: job.id, status: 'RUNNING', attempts: job.attempts, ...staleWhere(before) },
    data: { status: 'QUEUED', workerId: null, heartbeatAt: null, progress: null },
  });
  return count === 1;
}

/** Ends a stale running job as FAILED, with the same guards as requeueStaleSolveJob. */
export async function failStaleSolveJob(
  db: Db,
  job: StaleSolveJob,
  before: Date,
  error: string,
): Promise<boolean> {
  const { count } = await db.solveJob.updateMany({
    where: { id: job.id, status: 'RUNNING', attempts: job.attempts, ...staleWhere(before) },
    data: { status: 'FAILED', error, activeKey: null, finishedAt: new Date() },
  });
  return count === 1;
}

/**
 * Puts a job this claim holds back in line (its place is its id) with `progress` saying why; false
 * when the claim is no longer its own.
 */
export async function requeueClaimedSolveJob(
  db: Db | Tx,
  claim: SolveClaim,
  progress: string,
): Promise<boolean> {
  const { count } = await db.solveJob.updateMany({
    where: { id: claim.jobId, status: 'RUNNING', attempts: claim.attempt },
    data: { status: 'QUEUED', workerId: null, heartbeatAt: null, progress },
  });
  return count === 1;
}

/** Gives back the jobs a stopping worker holds: queued again, for another worker to run. */
export async function releaseSolveJobs(db: Db, workerId: string): Promise<number> {
  const { count } = await db.solveJob.updateMany({
    where: { workerId, status: 'RUNNING' },
    data: { status: 'QUEUED', workerId: null, heartbeatAt: null, progress: null },
  });
  return count;
}

// The SolveJob table: queued, running and finished solves, claimed one statement at a time so two
// processes never run the same job or pass the cap together.
import { withKeyLocks } from '../db/locks';
import type { Prisma } from '../../generated/prisma/client';
import type { SolveJobKind, SolveJobStatus } from '../../generated/prisma/enums';
import type { Db, Tx } from '../db/client';

export interface SolveJobRow {
  id: number;
  siteId: number;
  periodStart: string;
  kind: SolveJobKind;
  status: SolveJobStatus;
  activeKey: string | null;
  scheduleId: number | null;
  engine: string | null;
  bestObjective: number | null;
  progress: string | null;
  error: string | null;
  cancelRequested: boolean;
  requestedById: number | null;
  baseScheduleId: number | null;
  /** Solves every site of the site's district together. */
  district: boolean;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  site: { name: string; timeZone: string; district: string | null };
}

const jobSelect = {
  id: true,
  siteId: true,
  periodStart: true,
  kind: true,
  status: true,
  activeKey: true,
  scheduleId: true,
  engine: true,
  bestObjective: true,
  progress: true,
  error: true,
  cancelRequested: true,
  requestedById: true,
  baseScheduleId: true,
  district: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  site: { select: { name: true, timeZone: true, district: true } },
} as const;

export async function insertSolveJob(
  db: Db,
  data: {
    siteId: number;
    periodStart: string;
    kind: SolveJobKind;
    activeKey: string;
    requestedById: number | null;
    baseScheduleId: number | null;
    district?: boolean;
  },
): Promise<number> {
  const job = await db.solveJob.create({ data: { ...data, status: 'QUEUED' }, select: { id: true } });
  return job.id;
}

export async function findSolveJob(db: Db | Tx, id: number): Promise<SolveJobRow | null> {
  return db.solveJob.findUnique({ where: { id }, select: jobSelect });
}

export async function findActiveSolveJob(db: Db, activeKey: string): Promise<SolveJobRow | null> {
  return db.solveJob.findUnique({ where: { activeKey }, select: jobSelect });
}

export async function listRecentSolveJobs(db: Db, siteId: number, take = 10): Promise<SolveJobRow[]> {
  return db.solveJob.findMany({ where: { siteId }, select: jobSelect, orderBy: { id: 'desc' }, take });
}

/**
 * Marks the oldest queued job RUNNING if fewer than `cap` jobs run (in any process); its id, or null.
 * One statement, so two instances claiming at once can neither take the same job nor both pass the
 * cap: SQLite runs it as one write under its lock; PostgreSQL runs claims concurrently, so there the
 * claim takes a lock of its own first (the count and the pick then see every earlier claim).
 */
export async function claimQueuedSolveJob(db: Db, cap: number): Promise<number | null> {
  return db.$transaction(async (tx) => {
    await withKeyLocks(tx, ['solve-queue']);
    const rows = await tx.$queryRaw<{ id: number }[]>`
      UPDATE "SolveJob" SET "status" = 'RUNNING'
      WHERE "id" = (SELECT "id" FROM "SolveJob" WHERE "status" = 'QUEUED' ORDER BY "id" LIMIT 1)
        AND "status" = 'QUEUED'
        AND (SELECT COUNT(*) FROM "SolveJob" WHERE "status" = 'RUNNING') < ${cap}
      RETURNING "id"`;
    return rows[0] ? Number(rows[0].id) : null;
  });
}

/** 1 for the next queued job to start, 2 for the one after it, …; null when the job is not queued. */
export async function queuePositionOf(
  db: Db,
  job: Pick<SolveJobRow, 'id' | 'status'>,
): Promise<number | null> {
  if (job.status !== 'QUEUED') return null;
  return db.solveJob.count({ where: { status: 'QUEUED', id: { lte: job.id } } });
}

/** Ends a job that has not started yet; false when it has started (or ended) meanwhile. */
export async function finishQueuedSolveJob(
  db: Db,
  id: number,
  data: { status: SolveJobStatus; error: string },
): Promise<boolean> {
  const { count } = await db.solveJob.updateMany({
    where: { id, status: 'QUEUED' },
    data: { ...data, activeKey: null, finishedAt: new Date() },
  });
  return count === 1;
}

export async function listActiveSolveJobs(db: Db): Promise<SolveJobRow[]> {
  return db.solveJob.findMany({ where: { status: { in: ['QUEUED', 'RUNNING'] } }, select: jobSelect });
}

export async function updateSolveJob(
  db: Db | Tx,
  id: number,
  data: Prisma.SolveJobUpdateInput,
): Promise<void> {
  await db.solveJob.update({ where: { id }, data });
}

/** Writes progress only while the job is still active, so a late heartbeat cannot overwrite the outcome. */
export async function updateRunningSolveJob(
  db: Db,
  id: number,
  data: Prisma.SolveJobUpdateManyMutationInput,
): Promise<void> {
  await db.solveJob.updateMany({ where: { id, status: { in: ['QUEUED', 'RUNNING'] } }, data });
}

/** Ends a job only if it is still active; false when another writer ended it first. */
export async function finishSolveJob(
  db: Db | Tx,
  id: number,
  data: { status: SolveJobStatus; error?: string | null; scheduleId?: number | null },
): Promise<boolean> {
  const { count } = await db.solveJob.updateMany({
    where: { id, status: { in: ['QUEUED', 'RUNNING'] } },
    data: { ...data, activeKey: null, finishedAt: new Date() },
  });
  return count === 1;
}

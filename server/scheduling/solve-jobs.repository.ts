// The SolveJob table: queued, running and finished solves (claims: solve-claims.repository.ts).
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
  attempts: number;
  workerId: string | null;
  heartbeatAt: Date | null;
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
  attempts: true,
  workerId: true,
  heartbeatAt: true,
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

/**
 * Writes progress and the heartbeat only while the job still runs under this claim (attempt), so a
 * late heartbeat can neither overwrite the outcome nor keep alive a job another process re-runs.
 */
export async function updateRunningSolveJob(
  db: Db,
  id: number,
  attempt: number,
  data: Prisma.SolveJobUpdateManyMutationInput,
): Promise<boolean> {
  const { count } = await db.solveJob.updateMany({
    where: { id, status: 'RUNNING', attempts: attempt },
    data: { ...data, heartbeatAt: new Date() },
  });
  return count === 1;
}

/**
 * Ends a job only if it is still active (and, given `attempt`, still under that claim); false when
 * another writer ended it — or took it back — first.
 */
export async function finishSolveJob(
  db: Db | Tx,
  id: number,
  data: { status: SolveJobStatus; error?: string | null; scheduleId?: number | null },
  attempt?: number,
): Promise<boolean> {
  const { count } = await db.solveJob.updateMany({
    where:
      attempt === undefined
        ? { id, status: { in: ['QUEUED', 'RUNNING'] } }
        : { id, status: 'RUNNING', attempts: attempt },
    data: { ...data, activeKey: null, finishedAt: new Date() },
  });
  return count === 1;
}

/** The versions of a week at these sites with what made them (solverDetails names the solve job). */
export function listWeekVersionsWithDetails(db: Db | Tx, siteIds: number[], periodStart: string) {
  return db.schedule.findMany({
    where: { siteId: { in: siteIds }, periodStart, solverDetails: { not: null } },
    select: {
      id: true,
      siteId: true,
      version: true,
      status: true,
      solverDetails: true,
      site: { select: { name: true } },
    },
    orderBy: [{ siteId: 'asc' }, { version: 'asc' }],
  });
}

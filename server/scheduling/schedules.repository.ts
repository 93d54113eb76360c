// Every Prisma call of the schedules area: the facts a solve needs, schedules with their
// assignments, and solve-job rows. Plain objects out, explicit selects.
import { DateTime } from 'luxon';
import type { Prisma } from '../../generated/prisma/client';
import type {
  AssignmentSource,
  ScheduleStatus,
  SolveJobKind,
  SolveJobStatus,
} from '../../generated/prisma/enums';
import type { Db } from '../db/client';
import { toRequiredTypes } from '../credentials/qualification';
import type { BoundaryShiftFact, SiteWeekFacts } from './solver-input.service';

type Tx = Prisma.TransactionClient;

/** An assignment by database ids: what the schedule tables store. */
export interface AssignmentFact {
  shiftDate: string;
  templateId: number;
  staffId: number;
  positionId: number;
}

function plusDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() ?? date;
}

const siteRulesSelect = {
  id: true,
  name: true,
  timeZone: true,
  usState: true,
  minRestMinutes: true,
  maxConsecutiveDays: true,
  techRatio: true,
  overtimeThresholdMinutes: true,
  weightCoverageGap: true,
  weightUnderMinHours: true,
  weightTargetDeviation: true,
  weightUndesiredShift: true,
  weightNonPreferredShift: true,
  weightWeekendFairness: true,
  weightLabourCost: true,
  weightStability: true,
  noticeWindowDays: true,
  weightNoticeChange: true,
} as const;

/** Site, active templates with coverage, positions, and the active staff with their credentials and availability for the week. */
export async function loadSiteWeekFacts(
  db: Db | Tx,
  siteId: number,
  periodStart: string,
): Promise<Omit<SiteWeekFacts, 'locked' | 'previous'> | null> {
  const site = await db.site.findUnique({ where: { id: siteId }, select: siteRulesSelect });
  if (!site) return null;
  // An overnight shift on Sunday ends on the Monday after the week.
  const lastDay = plusDays(periodStart, 7);
  const [templates, positions, staff] = await Promise.all([
    db.shiftTemplate.findMany({
      where: { siteId, active: true },
      select: {
        id: true,
        name: true,
        shiftType: true,
        weekdays: true,
        startMinute: true,
        endMinute: true,
        breakMinutes: true,
        coverage: { select: { positionId: true, min: true, max: true } },
      },
      orderBy: [{ startMinute: 'asc' }, { id: 'asc' }],
    }),
    db.position.findMany({
      select: {
        id: true,
        code: true,
        name: true,
        ratioClass: true,
        color: true,
        sortOrder: true,
        requiredCredentials: {
          select: {
            anyOfGroup: true,
            siteStateOnly: true,
            credentialType: { select: { id: true, name: true } },
          },
        },
      },
      orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
    }),
    // The people who can be scheduled: a person who holds no position (the manager, say) never is.
    db.staff.findMany({
      where: { siteId, active: true, positions: { some: {} } },
      select: {
        id: true,
        firstName: true,
        lastName: true,
        active: true,
        hourlyRateCents: true,
        minWeeklyMinutes: true,
        targetWeeklyMinutes: true,
        maxWeeklyMinutes: true,
        positions: { select: { positionId: true } },
        credentials: {
          select: {
            credentialTypeId: true,
            issuedOn: true,
            expiresOn: true,
            issuingState: true,
            credentialType: { select: { name: true } },
          },
        },
        availabilityRules: { select: { weekday: true, startMinute: true, endMinute: true, kind: true } },
        availabilityExceptions: {
          where: { date: { gte: periodStart, lte: lastDay }, status: 'APPROVED' },
          select: { date: true, startMinute: true, endMinute: true, kind: true, note: true },
        },
        timeOffRequests: {
          where: { status: 'APPROVED', startDate: { lte: lastDay }, endDate: { gte: periodStart } },
          select: { startDate: true, endDate: true, reason: true },
        },
      },
      orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
    }),
  ]);
  return {
    site,
    periodStart,
    templates,
    positions: positions.map((p) => ({
      id: p.id,
      code: p.code,
      name: p.name,
      ratioClass: p.ratioClass,
      color: p.color,
      sortOrder: p.sortOrder,
      requiredCredentialTypes: toRequiredTypes(p.requiredCredentials),
    })),
    staff: staff.map((s) => ({
      id: s.id,
      firstName: s.firstName,
      lastName: s.lastName,
      hourlyRateCents: s.hourlyRateCents,
      minWeeklyMinutes: s.minWeeklyMinutes,
      targetWeeklyMinutes: s.targetWeeklyMinutes,
      maxWeeklyMinutes: s.maxWeeklyMinutes,
      positionIds: s.positions.map((p) => p.positionId),
      credentials: s.credentials.map((c) => ({
        credentialTypeId: c.credentialTypeId,
        credentialTypeName: c.credentialType.name,
        issuedOn: c.issuedOn,
        expiresOn: c.expiresOn,
        issuingState: c.issuingState,
      })),
      availability: {
        active: s.active,
        rules: s.availabilityRules,
        exceptions: s.availabilityExceptions,
        approvedTimeOff: s.timeOffRequests,
      },
    })),
  };
}

/**
 * Published shifts of the day before and the day after the week, from the latest published version
 * of the weeks they belong to: a night shift on either edge reaches into this week's rest.
 */
export async function loadShiftsNextToWeek(
  db: Db | Tx,
  siteId: number,
  periodStart: string,
): Promise<BoundaryShiftFact[]> {
  const out: BoundaryShiftFact[] = [];
  for (const day of [plusDays(periodStart, -1), plusDays(periodStart, 7)]) {
    const published = await db.schedule.findFirst({
      where: { siteId, status: 'PUBLISHED', periodStart: { lte: day }, periodEnd: { gte: day } },
      orderBy: [{ periodStart: 'desc' }, { version: 'desc' }],
      select: { id: true },
    });
    if (!published) continue;
    const rows = await db.assignment.findMany({
      where: { scheduleId: published.id, shiftDate: day },
      select: {
        staffId: true,
        shiftDate: true,
        template: { select: { name: true, startMinute: true, endMinute: true } },
      },
    });
    for (const r of rows) {
      out.push({
        staffId: r.staffId,
        shiftDate: r.shiftDate,
        templateName: r.template.name,
        startMinute: r.template.startMinute,
        endMinute: r.template.endMinute,
      });
    }
  }
  return out;
}

const assignmentFactSelect = { shiftDate: true, templateId: true, staffId: true, positionId: true } as const;

/** Assignments of the latest published version of a site-week; none when nothing is published. */
export async function loadPublishedAssignments(
  db: Db | Tx,
  siteId: number,
  periodStart: string,
): Promise<AssignmentFact[]> {
  const published = await db.schedule.findFirst({
    where: { siteId, periodStart, status: 'PUBLISHED' },
    orderBy: { version: 'desc' },
    select: { id: true },
  });
  return published ? loadScheduleAssignments(db, published.id) : [];
}

/** The latest published version of a site-week, if any. */
export async function findPublishedOf(
  db: Db | Tx,
  siteId: number,
  periodStart: string,
): Promise<{ id: number } | null> {
  return db.schedule.findFirst({
    where: { siteId, periodStart, status: 'PUBLISHED' },
    orderBy: { version: 'desc' },
    select: { id: true },
  });
}

export async function loadScheduleAssignments(db: Db | Tx, scheduleId: number): Promise<AssignmentFact[]> {
  return db.assignment.findMany({
    where: { scheduleId },
    select: assignmentFactSelect,
    orderBy: { id: 'asc' },
  });
}

// ---------------------------------------------------------------------------------------------
// Schedules
// ---------------------------------------------------------------------------------------------

export interface ScheduleRow {
  id: number;
  siteId: number;
  periodStart: string;
  periodEnd: string;
  status: ScheduleStatus;
  version: number;
  basedOnId: number | null;
  changeSummary: string | null;
  createdAt: Date;
  publishedAt: Date | null;
  solverStatus: string | null;
  solverEngine: string | null;
  objective: number | null;
  gapPercent: number | null;
  solveMillis: number | null;
  modelRows: number | null;
  modelColumns: number | null;
  solverDetails: string | null;
  site: { name: string; timeZone: string };
}

const scheduleSelect = {
  id: true,
  siteId: true,
  periodStart: true,
  periodEnd: true,
  status: true,
  version: true,
  basedOnId: true,
  changeSummary: true,
  createdAt: true,
  publishedAt: true,
  solverStatus: true,
  solverEngine: true,
  objective: true,
  gapPercent: true,
  solveMillis: true,
  modelRows: true,
  modelColumns: true,
  solverDetails: true,
  site: { select: { name: true, timeZone: true } },
} as const;

export async function findSchedule(db: Db | Tx, id: number): Promise<ScheduleRow | null> {
  return db.schedule.findUnique({ where: { id }, select: scheduleSelect });
}

export interface ScheduleListRow {
  id: number;
  periodStart: string;
  periodEnd: string;
  status: ScheduleStatus;
  version: number;
  createdAt: Date;
  publishedAt: Date | null;
  solverStatus: string | null;
  _count: { assignments: number };
}

export async function listSchedules(db: Db, siteId: number, fromDate: string): Promise<ScheduleListRow[]> {
  return db.schedule.findMany({
    where: { siteId, periodStart: { gte: fromDate } },
    select: {
      id: true,
      periodStart: true,
      periodEnd: true,
      status: true,
      version: true,
      createdAt: true,
      publishedAt: true,
      solverStatus: true,
      _count: { select: { assignments: true } },
    },
    orderBy: [{ periodStart: 'asc' }, { version: 'desc' }],
  });
}

export interface AssignmentRow extends AssignmentFact {
  id: number;
  locked: boolean;
  source: AssignmentSource;
}

export async function listAssignments(db: Db | Tx, scheduleId: number): Promise<AssignmentRow[]> {
  return db.assignment.findMany({
    where: { scheduleId },
    select: { id: true, ...assignmentFactSelect, locked: true, source: true },
    orderBy: [{ shiftDate: 'asc' }, { templateId: 'asc' }, { id: 'asc' }],
  });
}

/** The draft that edits a published version, when one is open. */
export async function findOpenDraftOf(db: Db | Tx, publishedId: number): Promise<{ id: number } | null> {
  return db.schedule.findFirst({
    where: { basedOnId: publishedId, status: 'DRAFT' },
    orderBy: { version: 'desc' },
    select: { id: true },
  });
}

export async function nextVersion(tx: Tx, siteId: number, periodStart: string): Promise<number> {
  const last = await tx.schedule.findFirst({
    where: { siteId, periodStart },
    orderBy: { version: 'desc' },
    select: { version: true },
  });
  return (last?.version ?? 0) + 1;
}

export interface NewSchedule {
  siteId: number;
  periodStart: string;
  periodEnd: string;
  version: number;
  basedOnId: number | null;
  createdById: number | null;
  solverStatus: string;
  solverEngine: string;
  objective: number;
  gapPercent: number | null;
  solveMillis: number;
  modelRows: number;
  modelColumns: number;
  solverDetails: string;
}

export async function createDraftSchedule(
  tx: Tx,
  data: NewSchedule,
  assignments: (AssignmentFact & { locked: boolean; source: AssignmentSource })[],
): Promise<number> {
  const schedule = await tx.schedule.create({ data: { ...data, status: 'DRAFT' }, select: { id: true } });
  if (assignments.length > 0) {
    await tx.assignment.createMany({ data: assignments.map((a) => ({ ...a, scheduleId: schedule.id })) });
  }
  return schedule.id;
}

export async function archiveSchedule(tx: Tx, id: number): Promise<void> {
  await tx.schedule.update({ where: { id }, data: { status: 'ARCHIVED', revision: { increment: 1 } } });
}

export async function insertAssignment(
  tx: Db | Tx,
  scheduleId: number,
  a: AssignmentFact & { locked?: boolean; source: AssignmentSource },
): Promise<number> {
  const row = await tx.assignment.create({ data: { ...a, scheduleId }, select: { id: true } });
  return row.id;
}

export async function updateAssignment(
  tx: Db | Tx,
  id: number,
  data: Partial<AssignmentFact> & { locked?: boolean; source?: AssignmentSource },
): Promise<void> {
  await tx.assignment.update({ where: { id }, data });
}

export async function deleteAssignment(tx: Db | Tx, id: number): Promise<void> {
  await tx.assignment.delete({ where: { id } });
}

/** Marks an edit of a schedule: its revision moves on, so pages showing the old one are stale. */
export async function touchSchedule(tx: Db | Tx, id: number): Promise<void> {
  await tx.schedule.update({ where: { id }, data: { revision: { increment: 1 } } });
}

/**
 * The revision of a whole site-week: the sum of its versions' revisions. Any edit, new draft, solve
 * result, publish or archive of any version of the week moves it, and it never goes back, so a form
 * that carries it tells whether the page it came from still shows the week as it is.
 */
export async function findWeekRevision(db: Db | Tx, siteId: number, periodStart: string): Promise<number> {
  const sum = await db.schedule.aggregate({ where: { siteId, periodStart }, _sum: { revision: true } });
  return sum._sum.revision ?? 0;
}

/** A correction of history made on a draft (who, why, which started shift). */
export async function insertHistoryCorrection(
  tx: Db | Tx,
  data: {
    scheduleId: number;
    shiftDate: string;
    templateId: number;
    staffId: number;
    byUserId: number;
    reason: string;
  },
): Promise<void> {
  await tx.historyCorrection.create({ data });
}

export async function listSites(db: Db): Promise<{ id: number; name: string; timeZone: string }[]> {
  return db.site.findMany({ select: { id: true, name: true, timeZone: true }, orderBy: { id: 'asc' } });
}

export async function findSite(
  db: Db,
  id: number,
): Promise<{ id: number; name: string; timeZone: string } | null> {
  return db.site.findUnique({ where: { id }, select: { id: true, name: true, timeZone: true } });
}

/** Records a call-out so later solves of the week see the person as unavailable for that shift. */
export async function insertUnavailability(
  tx: Db | Tx,
  data: { staffId: number; date: string; startMinute: number; endMinute: number; note: string },
): Promise<void> {
  await tx.availabilityException.create({ data: { ...data, kind: 'UNAVAILABLE', calledOut: true } });
}

// ---------------------------------------------------------------------------------------------
// Solve jobs
// ---------------------------------------------------------------------------------------------

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
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  site: { name: string; timeZone: string };
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
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  site: { select: { name: true, timeZone: true } },
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
 * cap: SQLite runs it as one write under its lock.
 */
export async function claimQueuedSolveJob(db: Db, cap: number): Promise<number | null> {
  const rows = await db.$queryRaw<{ id: number }[]>`
    UPDATE "SolveJob" SET "status" = 'RUNNING'
    WHERE "id" = (SELECT "id" FROM "SolveJob" WHERE "status" = 'QUEUED' ORDER BY "id" LIMIT 1)
      AND (SELECT COUNT(*) FROM "SolveJob" WHERE "status" = 'RUNNING') < ${cap}
    RETURNING "id"`;
  return rows[0] ? Number(rows[0].id) : null;
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

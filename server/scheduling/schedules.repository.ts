// The Schedule table's one owner: every read and write of schedule versions (list, week page,
// publish, versions, drafts, revisions), all returning the one row shape `ScheduleRow`. Every
// function takes the client or a transaction, so services can read and write inside one.
import type { Prisma } from '../../generated/prisma/client';
import type { AssignmentSource, ScheduleStatus } from '../../generated/prisma/enums';
import type { Db, Tx } from '../db/client';
import type { AssignmentFact } from './week-facts';

/**
 * A schedule version with its site and the numbers its pages show: the one row shape of the
 * Schedule table (list, week page, publish, versions, exports and feeds all read this).
 */
export interface ScheduleRow {
  id: number;
  siteId: number;
  siteName: string;
  timeZone: string;
  periodStart: string;
  periodEnd: string;
  status: ScheduleStatus;
  version: number;
  basedOnId: number | null;
  changeSummary: string | null;
  createdAt: Date;
  publishedAt: Date | null;
  publishedByName: string | null;
  assignmentCount: number;
  solverStatus: string | null;
  solverEngine: string | null;
  objective: number | null;
  gapPercent: number | null;
  solveMillis: number | null;
  modelRows: number | null;
  modelColumns: number | null;
  solverDetails: string | null;
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
  publishedBy: { select: { email: true, staff: { select: { firstName: true, lastName: true } } } },
  _count: { select: { assignments: true } },
} as const;

type ScheduleQueryRow = Prisma.ScheduleGetPayload<{ select: typeof scheduleSelect }>;

function toSchedule(s: ScheduleQueryRow): ScheduleRow {
  const { site, publishedBy: by, _count, ...columns } = s;
  return {
    ...columns,
    siteName: site.name,
    timeZone: site.timeZone,
    publishedByName: by ? (by.staff ? `${by.staff.firstName} ${by.staff.lastName}` : by.email) : null,
    assignmentCount: _count.assignments,
  };
}

export async function findSchedule(db: Db | Tx, id: number): Promise<ScheduleRow | null> {
  const s = await db.schedule.findUnique({ where: { id }, select: scheduleSelect });
  return s ? toSchedule(s) : null;
}

/** Several schedules in one query, by id. */
export async function findSchedules(db: Db | Tx, ids: number[]): Promise<Map<number, ScheduleRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.schedule.findMany({ where: { id: { in: ids } }, select: scheduleSelect });
  return new Map(rows.map((r) => [r.id, toSchedule(r)]));
}

/** A site's schedules of weeks starting on or after a date, by week then newest version first. */
export async function listSchedules(db: Db, siteId: number, fromDate: string): Promise<ScheduleRow[]> {
  const rows = await db.schedule.findMany({
    where: { siteId, periodStart: { gte: fromDate } },
    select: scheduleSelect,
    orderBy: [{ periodStart: 'asc' }, { version: 'desc' }],
  });
  return rows.map(toSchedule);
}

/** The site's schedules of weeks not yet over, earliest week first, at most `take`. */
export async function listCurrentSchedules(
  db: Db,
  siteId: number,
  today: string,
  take: number,
): Promise<ScheduleRow[]> {
  const rows = await db.schedule.findMany({
    where: { siteId, periodEnd: { gte: today } },
    select: scheduleSelect,
    orderBy: [{ periodStart: 'asc' }, { version: 'desc' }],
    take,
  });
  return rows.map(toSchedule);
}

/** The published version of a site-week, if any (at most one by the publish service's rule). */
export async function findPublishedFor(
  db: Db | Tx,
  siteId: number,
  periodStart: string,
): Promise<ScheduleRow | null> {
  const s = await db.schedule.findFirst({
    where: { siteId, periodStart, status: 'PUBLISHED' },
    select: scheduleSelect,
    orderBy: { version: 'desc' },
  });
  return s ? toSchedule(s) : null;
}

/** The id of the published version of a site-week (the latest, should there be two), or null. */
export async function findPublishedIdOf(
  db: Db | Tx,
  siteId: number,
  periodStart: string,
): Promise<number | null> {
  const published = await db.schedule.findFirst({
    where: { siteId, periodStart, status: 'PUBLISHED' },
    orderBy: { version: 'desc' },
    select: { id: true },
  });
  return published?.id ?? null;
}

/** The id of the latest published version of the site's week that contains a day, or null. */
export async function findPublishedIdCovering(
  db: Db | Tx,
  siteId: number,
  day: string,
): Promise<number | null> {
  const published = await db.schedule.findFirst({
    where: { siteId, status: 'PUBLISHED', periodStart: { lte: day }, periodEnd: { gte: day } },
    orderBy: [{ periodStart: 'desc' }, { version: 'desc' }],
    select: { id: true },
  });
  return published?.id ?? null;
}

/** Every version of a site-week, newest first. */
export async function listVersions(db: Db | Tx, siteId: number, periodStart: string): Promise<ScheduleRow[]> {
  const rows = await db.schedule.findMany({
    where: { siteId, periodStart },
    select: scheduleSelect,
    orderBy: { version: 'desc' },
  });
  return rows.map(toSchedule);
}

/** A draft made from a published version (by `draftFromPublished`) that is still being edited. */
export async function findDraftBasedOn(
  db: Db | Tx,
  basedOnId: number,
): Promise<{ id: number; version: number } | null> {
  return db.schedule.findFirst({
    where: { basedOnId, status: 'DRAFT' },
    select: { id: true, version: true },
    orderBy: { version: 'desc' },
  });
}

export async function findHighestVersion(db: Db | Tx, siteId: number, periodStart: string): Promise<number> {
  const top = await db.schedule.findFirst({
    where: { siteId, periodStart },
    select: { version: true },
    orderBy: { version: 'desc' },
  });
  return top?.version ?? 0;
}

/** Published versions of a site's weeks that end on or after a date, earliest week first. */
export async function listPublishedWeeksFrom(
  db: Db,
  siteId: number,
  fromDate: string,
): Promise<ScheduleRow[]> {
  const rows = await db.schedule.findMany({
    where: { siteId, status: 'PUBLISHED', periodEnd: { gte: fromDate } },
    select: scheduleSelect,
    orderBy: [{ periodStart: 'asc' }],
  });
  return rows.map(toSchedule);
}

/** The published versions covering some days (usually one week), earliest first. */
export async function findPublishedVersionsForWeek(
  db: Db,
  siteId: number,
  from: string,
  to: string,
): Promise<ScheduleRow[]> {
  const rows = await db.schedule.findMany({
    where: { siteId, status: 'PUBLISHED', periodEnd: { gte: from }, periodStart: { lte: to } },
    select: scheduleSelect,
    orderBy: { periodStart: 'asc' },
  });
  return rows.map(toSchedule);
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

/** Creates a draft copy of a schedule (header and every assignment, locks and sources kept). */
export async function copyAsDraft(
  tx: Db | Tx,
  source: ScheduleRow,
  version: number,
  createdById: number,
): Promise<number> {
  const draft = await tx.schedule.create({
    data: {
      siteId: source.siteId,
      periodStart: source.periodStart,
      periodEnd: source.periodEnd,
      status: 'DRAFT',
      version,
      basedOnId: source.id,
      createdById,
    },
    select: { id: true },
  });
  const assignments = await tx.assignment.findMany({
    where: { scheduleId: source.id },
    select: {
      shiftDate: true,
      templateId: true,
      staffId: true,
      positionId: true,
      locked: true,
      source: true,
    },
  });
  if (assignments.length > 0) {
    await tx.assignment.createMany({ data: assignments.map((a) => ({ ...a, scheduleId: draft.id })) });
  }
  return draft.id;
}

export async function archiveSchedule(tx: Tx, id: number): Promise<void> {
  await tx.schedule.update({ where: { id }, data: { status: 'ARCHIVED', revision: { increment: 1 } } });
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

/** Marks the draft published if it still is a draft; false when someone else got there first. */
export async function markPublished(
  tx: Db | Tx,
  id: number,
  data: { publishedAt: Date; publishedById: number; changeSummary: string; basedOnId: number | null },
): Promise<boolean> {
  const res = await tx.schedule.updateMany({
    where: { id, status: 'DRAFT' },
    data: { status: 'PUBLISHED', revision: { increment: 1 }, ...data },
  });
  return res.count === 1;
}

/**
 * Archives every other published version of the site-week, not only the one read at the start:
 * should two drafts of one week be published at the same moment, the week still ends with exactly
 * one published version (the later one).
 */
export async function archiveOtherPublished(
  tx: Db | Tx,
  keep: { id: number; siteId: number; periodStart: string },
): Promise<number> {
  const res = await tx.schedule.updateMany({
    where: { siteId: keep.siteId, periodStart: keep.periodStart, status: 'PUBLISHED', id: { not: keep.id } },
    data: { status: 'ARCHIVED', revision: { increment: 1 } },
  });
  return res.count;
}

/** Versions that were published (still published or archived since) of some sites' weeks overlapping a date range. */
export async function listPublishedVersionsOverlapping(
  db: Db | Tx,
  siteIds: number[],
  from: string,
  to: string,
): Promise<ScheduleRow[]> {
  const rows = await db.schedule.findMany({
    where: {
      siteId: { in: siteIds },
      status: { in: ['PUBLISHED', 'ARCHIVED'] },
      publishedAt: { not: null },
      periodEnd: { gte: from },
      periodStart: { lte: to },
    },
    select: scheduleSelect,
    orderBy: [{ periodStart: 'asc' }, { version: 'asc' }],
  });
  return rows.map(toSchedule);
}

/** Whether any schedule version was published after `at`. */
/** Whether a schedule was published after `at` and not after `now` (a clock moved back is no reason to write). */
export async function anyPublishedSince(db: Db | Tx, at: Date, now: Date): Promise<boolean> {
  const found = await db.schedule.findFirst({
    where: { publishedAt: { gt: at, lte: now } },
    select: { id: true },
  });
  return found !== null;
}

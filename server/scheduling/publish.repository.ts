// Prisma calls for publishing schedules, their version history and what staff see of them.
// Every function takes either the client or a transaction, so the publish service can read and
// write inside one transaction.
import type { Prisma } from '../../generated/prisma/client';
import type { ScheduleStatus } from '../../generated/prisma/enums';
import type { Db } from '../db/client';

export type DbOrTx = Db | Prisma.TransactionClient;

const scheduleHeadSelect = {
  id: true,
  siteId: true,
  periodStart: true,
  periodEnd: true,
  status: true,
  version: true,
  basedOnId: true,
  changeSummary: true,
  publishedAt: true,
  createdAt: true,
  solverDetails: true,
  site: { select: { name: true, timeZone: true } },
  publishedBy: { select: { email: true, staff: { select: { firstName: true, lastName: true } } } },
  _count: { select: { assignments: true } },
} as const;

export interface ScheduleHead {
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
  publishedAt: Date | null;
  publishedByName: string | null;
  createdAt: Date;
  solverDetails: string | null;
  assignmentCount: number;
}

type ScheduleHeadRow = Prisma.ScheduleGetPayload<{ select: typeof scheduleHeadSelect }>;

function toHead(s: ScheduleHeadRow): ScheduleHead {
  const by = s.publishedBy;
  return {
    id: s.id,
    siteId: s.siteId,
    siteName: s.site.name,
    timeZone: s.site.timeZone,
    periodStart: s.periodStart,
    periodEnd: s.periodEnd,
    status: s.status,
    version: s.version,
    basedOnId: s.basedOnId,
    changeSummary: s.changeSummary,
    publishedAt: s.publishedAt,
    publishedByName: by ? (by.staff ? `${by.staff.firstName} ${by.staff.lastName}` : by.email) : null,
    createdAt: s.createdAt,
    solverDetails: s.solverDetails,
    assignmentCount: s._count.assignments,
  };
}

export async function findScheduleHead(db: DbOrTx, id: number): Promise<ScheduleHead | null> {
  const s = await db.schedule.findUnique({ where: { id }, select: scheduleHeadSelect });
  return s ? toHead(s) : null;
}

/** The published version of a site-week, if any (at most one by the publish service's rule). */
export async function findPublishedFor(
  db: DbOrTx,
  siteId: number,
  periodStart: string,
): Promise<ScheduleHead | null> {
  const s = await db.schedule.findFirst({
    where: { siteId, periodStart, status: 'PUBLISHED' },
    select: scheduleHeadSelect,
    orderBy: { version: 'desc' },
  });
  return s ? toHead(s) : null;
}

/** Every version of a site-week, newest first. */
export async function listVersions(db: DbOrTx, siteId: number, periodStart: string): Promise<ScheduleHead[]> {
  const rows = await db.schedule.findMany({
    where: { siteId, periodStart },
    select: scheduleHeadSelect,
    orderBy: { version: 'desc' },
  });
  return rows.map(toHead);
}

/** A draft made from a published version (by `draftFromPublished`) that is still being edited. */
export async function findDraftBasedOn(
  db: DbOrTx,
  basedOnId: number,
): Promise<{ id: number; version: number } | null> {
  return db.schedule.findFirst({
    where: { basedOnId, status: 'DRAFT' },
    select: { id: true, version: true },
    orderBy: { version: 'desc' },
  });
}

export async function findHighestVersion(db: DbOrTx, siteId: number, periodStart: string): Promise<number> {
  const top = await db.schedule.findFirst({
    where: { siteId, periodStart },
    select: { version: true },
    orderBy: { version: 'desc' },
  });
  return top?.version ?? 0;
}

const slotSelect = {
  id: true,
  shiftDate: true,
  templateId: true,
  staffId: true,
  positionId: true,
  locked: true,
  source: true,
  template: { select: { name: true, startMinute: true, endMinute: true, breakMinutes: true } },
  position: { select: { name: true, color: true, sortOrder: true } },
  staff: { select: { firstName: true, lastName: true } },
} as const;

/** One assignment with the names people read. */
export interface SlotRow {
  id: number;
  shiftDate: string;
  templateId: number;
  templateName: string;
  startMinute: number;
  endMinute: number;
  /** The template's unpaid meal break, minutes. */
  breakMinutes: number;
  staffId: number;
  staffName: string;
  positionId: number;
  positionName: string;
  positionColor: string;
  positionOrder: number;
  locked: boolean;
  source: string;
}

type SlotQueryRow = Prisma.AssignmentGetPayload<{ select: typeof slotSelect }>;

function toSlot(a: SlotQueryRow): SlotRow {
  return {
    id: a.id,
    shiftDate: a.shiftDate,
    templateId: a.templateId,
    templateName: a.template.name,
    startMinute: a.template.startMinute,
    endMinute: a.template.endMinute,
    breakMinutes: a.template.breakMinutes,
    staffId: a.staffId,
    staffName: `${a.staff.firstName} ${a.staff.lastName}`,
    positionId: a.positionId,
    positionName: a.position.name,
    positionColor: a.position.color,
    positionOrder: a.position.sortOrder,
    locked: a.locked,
    source: a.source,
  };
}

/** A schedule's assignments by day, then shift start, then position, then name. */
export async function findSlots(db: DbOrTx, scheduleId: number): Promise<SlotRow[]> {
  const rows = await db.assignment.findMany({ where: { scheduleId }, select: slotSelect });
  return rows.map(toSlot).sort(compareSlots);
}

/** Assignments of one person in the published schedules of any site, between two dates (inclusive). */
export async function findPublishedSlotsOfStaff(
  db: DbOrTx,
  staffId: number,
  from: string,
  to: string,
): Promise<(SlotRow & { scheduleId: number })[]> {
  const rows = await db.assignment.findMany({
    where: { staffId, shiftDate: { gte: from, lte: to }, schedule: { status: 'PUBLISHED' } },
    select: { ...slotSelect, scheduleId: true },
  });
  return rows.map((r) => ({ ...toSlot(r), scheduleId: r.scheduleId })).sort(compareSlots);
}

/** Assignments of the published schedules of a site between two dates (inclusive). */
export async function findPublishedSlotsOfSite(
  db: DbOrTx,
  siteId: number,
  from: string,
  to: string,
): Promise<SlotRow[]> {
  const rows = await db.assignment.findMany({
    where: { shiftDate: { gte: from, lte: to }, schedule: { status: 'PUBLISHED', siteId } },
    select: slotSelect,
  });
  return rows.map(toSlot).sort(compareSlots);
}

export function compareSlots(a: SlotRow, b: SlotRow): number {
  return (
    a.shiftDate.localeCompare(b.shiftDate) ||
    a.startMinute - b.startMinute ||
    a.templateName.localeCompare(b.templateName) ||
    a.positionOrder - b.positionOrder ||
    a.staffName.localeCompare(b.staffName)
  );
}

export interface CoverageTemplate {
  id: number;
  name: string;
  weekdays: number[];
  startMinute: number;
  endMinute: number;
  coverage: {
    positionId: number;
    positionName: string;
    positionOrder: number;
    min: number;
    max: number | null;
  }[];
}

/**
 * The shift templates a schedule must cover: the site's active ones, plus any inactive one the
 * schedule still has assignments on (a template retired after the schedule was made still counts).
 */
export async function findCoverageTemplates(
  db: DbOrTx,
  siteId: number,
  extraTemplateIds: number[],
): Promise<CoverageTemplate[]> {
  const rows = await db.shiftTemplate.findMany({
    where: { siteId, OR: [{ active: true }, { id: { in: extraTemplateIds } }] },
    select: {
      id: true,
      name: true,
      weekdays: true,
      startMinute: true,
      endMinute: true,
      coverage: {
        select: {
          positionId: true,
          min: true,
          max: true,
          position: { select: { name: true, sortOrder: true } },
        },
      },
    },
    orderBy: [{ startMinute: 'asc' }, { name: 'asc' }],
  });
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    weekdays: t.weekdays
      .split(',')
      .map((d) => Number(d.trim()))
      .filter((d) => Number.isInteger(d) && d >= 1 && d <= 7),
    startMinute: t.startMinute,
    endMinute: t.endMinute,
    coverage: t.coverage
      .map((c) => ({
        positionId: c.positionId,
        positionName: c.position.name,
        positionOrder: c.position.sortOrder,
        min: c.min,
        max: c.max,
      }))
      .sort((a, b) => a.positionOrder - b.positionOrder),
  }));
}

/** Marks the draft published if it still is a draft; false when someone else got there first. */
export async function markPublished(
  tx: DbOrTx,
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
  tx: DbOrTx,
  keep: { id: number; siteId: number; periodStart: string },
): Promise<number> {
  const res = await tx.schedule.updateMany({
    where: { siteId: keep.siteId, periodStart: keep.periodStart, status: 'PUBLISHED', id: { not: keep.id } },
    data: { status: 'ARCHIVED', revision: { increment: 1 } },
  });
  return res.count;
}

/** Creates a draft copy of a schedule (header and every assignment, locks and sources kept). */
export async function copyAsDraft(
  tx: DbOrTx,
  source: ScheduleHead,
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

export interface CorrectionRow {
  shiftDate: string;
  templateId: number;
  staffId: number;
  reason: string;
  byName: string;
}

/** The corrections of history made on a draft, oldest first. */
export async function findCorrections(db: DbOrTx, scheduleId: number): Promise<CorrectionRow[]> {
  const rows = await db.historyCorrection.findMany({
    where: { scheduleId },
    select: {
      shiftDate: true,
      templateId: true,
      staffId: true,
      reason: true,
      byUser: { select: { email: true, staff: { select: { firstName: true, lastName: true } } } },
    },
    orderBy: { id: 'asc' },
  });
  return rows.map((r) => ({
    shiftDate: r.shiftDate,
    templateId: r.templateId,
    staffId: r.staffId,
    reason: r.reason,
    byName: r.byUser
      ? r.byUser.staff
        ? `${r.byUser.staff.firstName} ${r.byUser.staff.lastName}`
        : r.byUser.email
      : 'a manager',
  }));
}

/** Versions that were published (still published or archived since) of some sites' weeks overlapping a date range. */
export async function listPublishedVersionsOverlapping(
  db: DbOrTx,
  siteIds: number[],
  from: string,
  to: string,
): Promise<ScheduleHead[]> {
  const rows = await db.schedule.findMany({
    where: {
      siteId: { in: siteIds },
      status: { in: ['PUBLISHED', 'ARCHIVED'] },
      publishedAt: { not: null },
      periodEnd: { gte: from },
      periodStart: { lte: to },
    },
    select: scheduleHeadSelect,
    orderBy: [{ periodStart: 'asc' }, { version: 'asc' }],
  });
  return rows.map(toHead);
}

export async function readShiftsSeenAt(db: DbOrTx, userId: number): Promise<Date | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { shiftsSeenAt: true } });
  return user?.shiftsSeenAt ?? null;
}

/** Whether any schedule version was published after `at`. */
/** Whether a schedule was published after `at` and not after `now` (a clock moved back is no reason to write). */
export async function anyPublishedSince(db: DbOrTx, at: Date, now: Date): Promise<boolean> {
  const found = await db.schedule.findFirst({
    where: { publishedAt: { gt: at, lte: now } },
    select: { id: true },
  });
  return found !== null;
}

export async function markShiftsSeen(db: DbOrTx, userId: number, at: Date): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { shiftsSeenAt: at } });
}

/** Several schedules' heads in one query, by id. */
export async function findScheduleHeads(db: DbOrTx, ids: number[]): Promise<Map<number, ScheduleHead>> {
  if (ids.length === 0) return new Map();
  const rows = await db.schedule.findMany({ where: { id: { in: ids } }, select: scheduleHeadSelect });
  return new Map(rows.map((r) => [r.id, toHead(r)]));
}

/** Several schedules' assignments in one query, optionally of one person only, by schedule id. */
export async function findSlotsOfSchedules(
  db: DbOrTx,
  ids: number[],
  staffId?: number,
): Promise<Map<number, SlotRow[]>> {
  const out = new Map<number, SlotRow[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db.assignment.findMany({
    where: { scheduleId: { in: ids }, ...(staffId === undefined ? {} : { staffId }) },
    select: { ...slotSelect, scheduleId: true },
  });
  for (const r of rows) out.get(r.scheduleId)?.push(toSlot(r));
  for (const list of out.values()) list.sort(compareSlots);
  return out;
}

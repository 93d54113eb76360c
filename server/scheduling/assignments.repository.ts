// The Assignment and HistoryCorrection tables: who works which shift in a schedule version (by
// database ids for solving, or as slots with the names people read), and the corrections of started
// shifts made on drafts.
import type { Prisma } from '../../generated/prisma/client';
import type { AssignmentSource } from '../../generated/prisma/enums';
import type { Db, Tx } from '../db/client';
import type { AssignmentFact } from './week-facts';
import { findPublishedIdOf } from './schedules.repository';

const assignmentFactSelect = { shiftDate: true, templateId: true, staffId: true, positionId: true } as const;

/** Assignments of the latest published version of a site-week; none when nothing is published. */
export async function loadPublishedAssignments(
  db: Db | Tx,
  siteId: number,
  periodStart: string,
): Promise<AssignmentFact[]> {
  const published = await findPublishedIdOf(db, siteId, periodStart);
  return published !== null ? loadScheduleAssignments(db, published) : [];
}

export async function loadScheduleAssignments(db: Db | Tx, scheduleId: number): Promise<AssignmentFact[]> {
  return db.assignment.findMany({
    where: { scheduleId },
    select: assignmentFactSelect,
    orderBy: { id: 'asc' },
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

export function countAssignments(db: Db | Tx, scheduleId: number): Promise<number> {
  return db.assignment.count({ where: { scheduleId } });
}

export async function deleteAssignment(tx: Db | Tx, id: number): Promise<void> {
  await tx.assignment.delete({ where: { id } });
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

const slotSelect = {
  id: true,
  shiftDate: true,
  templateId: true,
  staffId: true,
  positionId: true,
  locked: true,
  source: true,
  template: {
    select: { name: true, startMinute: true, endMinute: true, breakMinutes: true, breakStartMinute: true },
  },
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
  /** When it starts, minutes from local midnight; null: centred in the shift. */
  breakStartMinute: number | null;
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
    breakStartMinute: a.template.breakStartMinute,
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
export async function findSlots(db: Db | Tx, scheduleId: number): Promise<SlotRow[]> {
  const rows = await db.assignment.findMany({ where: { scheduleId }, select: slotSelect });
  return rows.map(toSlot).sort(compareSlots);
}

/** Assignments of one person in the published schedules of any site, between two dates (inclusive). */
export async function findPublishedSlotsOfStaff(
  db: Db | Tx,
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
  db: Db | Tx,
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

/** Several schedules' assignments in one query, optionally of one person only, by schedule id. */
export async function findSlotsOfSchedules(
  db: Db | Tx,
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

export interface CorrectionRow {
  shiftDate: string;
  templateId: number;
  staffId: number;
  reason: string;
  byName: string;
}

/** The corrections of history made on a draft, oldest first. */
export async function findCorrections(db: Db | Tx, scheduleId: number): Promise<CorrectionRow[]> {
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

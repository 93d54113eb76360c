// Prisma access for weekly availability windows and dated exceptions.
import type { Db } from '../db/client';
import type { AvailabilityKind, ExceptionStatus } from '../../generated/prisma/enums';

export function listRules(db: Db, staffId: number) {
  return db.availabilityRule.findMany({
    where: { staffId },
    select: { id: true, weekday: true, startMinute: true, endMinute: true, kind: true },
    orderBy: [{ weekday: 'asc' }, { startMinute: 'asc' }],
  });
}

export function listExceptions(db: Db, staffId: number, fromDate: string) {
  return db.availabilityException.findMany({
    where: { staffId, date: { gte: fromDate } },
    select: {
      id: true,
      date: true,
      startMinute: true,
      endMinute: true,
      kind: true,
      note: true,
      status: true,
      calledOut: true,
      reviewNote: true,
    },
    orderBy: [{ date: 'asc' }, { startMinute: 'asc' }],
  });
}

export function findRule(db: Db, id: number) {
  return db.availabilityRule.findUnique({
    where: { id },
    select: { id: true, staffId: true, weekday: true, startMinute: true, endMinute: true, kind: true },
  });
}

export function findException(db: Db, id: number) {
  return db.availabilityException.findUnique({
    where: { id },
    select: {
      id: true,
      staffId: true,
      date: true,
      startMinute: true,
      endMinute: true,
      kind: true,
      calledOut: true,
      status: true,
    },
  });
}

/** What resolveAvailability needs for one person over a date range. */
export async function loadAvailabilityFacts(db: Db, staffId: number, from: string, to: string) {
  const [staff, exceptions, timeOff] = await Promise.all([
    db.staff.findUnique({
      where: { id: staffId },
      select: {
        active: true,
        availabilityRules: { select: { weekday: true, startMinute: true, endMinute: true, kind: true } },
      },
    }),
    db.availabilityException.findMany({
      where: { staffId, date: { gte: from, lte: to }, status: 'APPROVED' },
      select: { date: true, startMinute: true, endMinute: true, kind: true, note: true },
    }),
    db.timeOffRequest.findMany({
      where: { staffId, status: 'APPROVED', startDate: { lte: to }, endDate: { gte: from } },
      select: { startDate: true, endDate: true, reason: true },
    }),
  ]);
  if (!staff) return null;
  return { active: staff.active, rules: staff.availabilityRules, exceptions, approvedTimeOff: timeOff };
}

export async function createRule(
  db: Db,
  staffId: number,
  rule: { weekday: number; startMinute: number; endMinute: number; kind: AvailabilityKind },
): Promise<void> {
  await db.availabilityRule.create({ data: { staffId, ...rule }, select: { id: true } });
}

export async function createException(
  db: Db,
  staffId: number,
  exception: {
    date: string;
    startMinute: number | null;
    endMinute: number | null;
    kind: AvailabilityKind;
    note: string | null;
    status: ExceptionStatus;
  },
): Promise<void> {
  await db.availabilityException.create({ data: { staffId, ...exception }, select: { id: true } });
}

export async function deleteRule(db: Db, id: number): Promise<void> {
  await db.availabilityRule.delete({ where: { id }, select: { id: true } });
}

export async function deleteException(db: Db, id: number): Promise<void> {
  await db.availabilityException.delete({ where: { id }, select: { id: true } });
}

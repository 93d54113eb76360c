// Prisma access for time-off requests and the published shifts they may clash with.
import type { Db } from '../db';

const requestSelect = {
  id: true,
  staffId: true,
  startDate: true,
  endDate: true,
  reason: true,
  status: true,
  reviewNote: true,
  reviewedAt: true,
  createdAt: true,
  reviewer: { select: { email: true, staff: { select: { firstName: true, lastName: true } } } },
  staff: { select: { id: true, siteId: true, firstName: true, lastName: true } },
} as const;

export function listOwnRequests(db: Db, staffId: number) {
  return db.timeOffRequest.findMany({
    where: { staffId },
    select: requestSelect,
    orderBy: [{ startDate: 'desc' }],
  });
}

export function listSiteRequests(
  db: Db,
  siteId: number,
  where: { status?: 'PENDING'; decidedSince?: string },
) {
  return db.timeOffRequest.findMany({
    where: {
      staff: { siteId },
      ...(where.status
        ? { status: where.status }
        : { status: { in: ['APPROVED', 'DENIED'] }, endDate: { gte: where.decidedSince ?? '' } }),
    },
    select: requestSelect,
    orderBy: [{ startDate: 'asc' }, { id: 'asc' }],
  });
}
export type TimeOffRow = Awaited<ReturnType<typeof listOwnRequests>>[number];

export function findRequest(db: Db, id: number) {
  return db.timeOffRequest.findUnique({ where: { id }, select: requestSelect });
}

/** Open (pending or approved) requests of one person overlapping a date range. */
export function findOverlappingOpen(db: Db, staffId: number, startDate: string, endDate: string) {
  return db.timeOffRequest.findFirst({
    where: {
      staffId,
      status: { in: ['PENDING', 'APPROVED'] },
      startDate: { lte: endDate },
      endDate: { gte: startDate },
    },
    select: { startDate: true, endDate: true, status: true },
  });
}

/** Published shifts of some people starting between two dates (inclusive). */
export function findPublishedShifts(db: Db, staffIds: number[], fromDate: string, toDate: string) {
  return db.assignment.findMany({
    where: {
      staffId: { in: staffIds },
      shiftDate: { gte: fromDate, lte: toDate },
      schedule: { status: 'PUBLISHED' },
    },
    select: {
      staffId: true,
      shiftDate: true,
      template: { select: { name: true, startMinute: true, endMinute: true } },
      position: { select: { name: true } },
    },
    orderBy: { shiftDate: 'asc' },
  });
}

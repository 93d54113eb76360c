// Prisma access for time-off requests and the published shifts they may clash with.
import type { Db, Tx } from '../db/client';

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

/** One page of a person's requests, the latest first. */
export function listOwnRequests(db: Db, staffId: number, page: { skip: number; take: number }) {
  return db.timeOffRequest.findMany({
    where: { staffId },
    select: requestSelect,
    orderBy: [{ startDate: 'desc' }, { id: 'desc' }],
    skip: page.skip,
    take: page.take,
  });
}

export function countOwnRequests(db: Db, staffId: number): Promise<number> {
  return db.timeOffRequest.count({ where: { staffId } });
}

type SiteRequestFilter = { status?: 'PENDING'; decidedSince?: string };

function siteRequestsWhere(siteId: number, where: SiteRequestFilter) {
  return {
    staff: { siteId },
    ...(where.status
      ? { status: where.status }
      : {
          status: { in: ['APPROVED' as const, 'DENIED' as const] },
          endDate: { gte: where.decidedSince ?? '' },
        }),
  };
}

/** One page of a site's pending requests, or of those decided and not yet over, soonest first. */
export function listSiteRequests(
  db: Db,
  siteId: number,
  where: SiteRequestFilter,
  page: { skip: number; take: number },
) {
  return db.timeOffRequest.findMany({
    where: siteRequestsWhere(siteId, where),
    select: requestSelect,
    orderBy: [{ startDate: 'asc' }, { id: 'asc' }],
    skip: page.skip,
    take: page.take,
  });
}

export function countSiteRequests(db: Db, siteId: number, where: SiteRequestFilter): Promise<number> {
  return db.timeOffRequest.count({ where: siteRequestsWhere(siteId, where) });
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

/** Files a pending request; returns its id. */
export async function createRequest(
  db: Db,
  staffId: number,
  form: { startDate: string; endDate: string; reason: string },
): Promise<number> {
  const row = await db.timeOffRequest.create({ data: { staffId, ...form }, select: { id: true } });
  return row.id;
}

export async function cancelRequest(db: Db, id: number): Promise<void> {
  await db.timeOffRequest.update({ where: { id }, data: { status: 'CANCELLED' }, select: { id: true } });
}

/** Approves or denies a request, with who decided, when and the note the staff member sees. */
export async function recordDecision(
  db: Db | Tx,
  id: number,
  status: 'APPROVED' | 'DENIED',
  reviewerId: number,
  reviewNote: string | null,
): Promise<void> {
  await db.timeOffRequest.update({
    where: { id },
    data: { status, reviewerId, reviewedAt: new Date(), reviewNote },
    select: { id: true },
  });
}

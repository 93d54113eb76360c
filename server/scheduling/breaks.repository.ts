// Prisma access for finding breaks in published weeks and the unavailability requests that can
// cause them.
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../db/client';

/** One person's published shifts starting on or after a date, with their site's zone. */
export function listPublishedShiftsOf(db: Db, staffId: number, fromDate: string) {
  return db.assignment.findMany({
    where: { staffId, shiftDate: { gte: fromDate }, schedule: { status: 'PUBLISHED' } },
    select: {
      id: true,
      scheduleId: true,
      shiftDate: true,
      template: { select: { name: true, startMinute: true, endMinute: true } },
      schedule: { select: { site: { select: { timeZone: true } } } },
    },
    orderBy: { shiftDate: 'asc' },
  });
}

const exceptionRequestSelect = {
  id: true,
  staffId: true,
  date: true,
  startMinute: true,
  endMinute: true,
  kind: true,
  note: true,
  status: true,
  reviewNote: true,
  createdAt: true,
  staff: { select: { siteId: true, firstName: true, lastName: true } },
} as const;

export function listPendingExceptions(db: Db, siteId: number) {
  return db.availabilityException.findMany({
    where: { status: 'PENDING', staff: { siteId } },
    select: exceptionRequestSelect,
    orderBy: [{ date: 'asc' }, { id: 'asc' }],
  });
}
export type ExceptionRequestRow = Awaited<ReturnType<typeof listPendingExceptions>>[number];

export function findExceptionRequest(db: Db, id: number) {
  return db.availabilityException.findUnique({ where: { id }, select: exceptionRequestSelect });
}

/** Decides a request that is still pending; false when it was decided meanwhile. */
export async function decidePendingException(
  db: Db | Prisma.TransactionClient,
  id: number,
  data: { status: 'APPROVED' | 'DENIED'; reviewNote: string | null },
): Promise<boolean> {
  const { count } = await db.availabilityException.updateMany({ where: { id, status: 'PENDING' }, data });
  return count === 1;
}

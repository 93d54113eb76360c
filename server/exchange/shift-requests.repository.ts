// Prisma calls for swap and give-away requests (ShiftRequest rows).
import type { Prisma } from '../../generated/prisma/client';
import type { ShiftRequestKind, ShiftRequestStatus } from '../../generated/prisma/enums';
import { personSelect, toPerson, type DbOrTx, type Person } from './exchange.repository';

// ---------------------------------------------------------------------------------------------
// Swap and give-away requests
// ---------------------------------------------------------------------------------------------

const requestSelect = {
  id: true,
  siteId: true,
  periodStart: true,
  kind: true,
  status: true,
  fromStaffId: true,
  toStaffId: true,
  shiftDate: true,
  templateId: true,
  positionId: true,
  swapShiftDate: true,
  swapTemplateId: true,
  swapPositionId: true,
  baseScheduleId: true,
  note: true,
  outcome: true,
  decidedAt: true,
  resultScheduleId: true,
  createdAt: true,
  fromStaff: { select: personSelect },
  toStaff: { select: personSelect },
} as const;

type RequestQueryRow = Prisma.ShiftRequestGetPayload<{ select: typeof requestSelect }>;

export interface ShiftRequestRow {
  id: number;
  siteId: number;
  periodStart: string;
  kind: ShiftRequestKind;
  status: ShiftRequestStatus;
  fromStaffId: number;
  toStaffId: number;
  shiftDate: string;
  templateId: number;
  positionId: number;
  swapShiftDate: string | null;
  swapTemplateId: number | null;
  swapPositionId: number | null;
  baseScheduleId: number;
  note: string | null;
  outcome: string | null;
  decidedAt: Date | null;
  resultScheduleId: number | null;
  createdAt: Date;
  from: Person;
  to: Person;
}

function toRequest(r: RequestQueryRow): ShiftRequestRow {
  const { fromStaff, toStaff, ...rest } = r;
  return { ...rest, from: toPerson(fromStaff), to: toPerson(toStaff) };
}

export interface NewShiftRequest {
  siteId: number;
  periodStart: string;
  kind: ShiftRequestKind;
  fromStaffId: number;
  toStaffId: number;
  shiftDate: string;
  templateId: number;
  positionId: number;
  swapShiftDate: string | null;
  swapTemplateId: number | null;
  swapPositionId: number | null;
  baseScheduleId: number;
  note: string | null;
}

export async function insertShiftRequest(tx: DbOrTx, data: NewShiftRequest): Promise<number> {
  return (await tx.shiftRequest.create({ data, select: { id: true } })).id;
}

export async function findShiftRequest(db: DbOrTx, id: number): Promise<ShiftRequestRow | null> {
  const row = await db.shiftRequest.findUnique({ where: { id }, select: requestSelect });
  return row ? toRequest(row) : null;
}

/** A person's requests, made and received: the pending ones, and the decided ones of the last weeks. */
export async function listRequestsOfStaff(
  db: DbOrTx,
  staffId: number,
  decidedSince: Date,
): Promise<ShiftRequestRow[]> {
  const rows = await db.shiftRequest.findMany({
    where: {
      OR: [{ fromStaffId: staffId }, { toStaffId: staffId }],
      AND: [
        {
          OR: [
            { status: { in: ['PENDING_COLLEAGUE', 'PENDING_MANAGER'] } },
            { updatedAt: { gte: decidedSince } },
          ],
        },
      ],
    },
    select: requestSelect,
    orderBy: { id: 'desc' },
    take: 100,
  });
  return rows.map(toRequest);
}

export async function listRequestsOfSite(
  db: DbOrTx,
  siteId: number,
  statuses: ShiftRequestStatus[],
  take = 100,
): Promise<ShiftRequestRow[]> {
  const rows = await db.shiftRequest.findMany({
    where: { siteId, status: { in: statuses } },
    select: requestSelect,
    orderBy: { id: statuses.includes('PENDING_MANAGER') ? 'asc' : 'desc' },
    take,
  });
  return rows.map(toRequest);
}

/** A pending request of the same shift by the same person (not to ask twice). */
export async function findPendingRequestFor(
  db: DbOrTx,
  slot: { fromStaffId: number; shiftDate: string; templateId: number },
): Promise<{ id: number } | null> {
  return db.shiftRequest.findFirst({
    where: { ...slot, status: { in: ['PENDING_COLLEAGUE', 'PENDING_MANAGER'] } },
    select: { id: true },
  });
}

/** Moves a request on if it is still in the status read; false when someone else moved it first. */
export async function updateShiftRequest(
  tx: DbOrTx,
  id: number,
  from: ShiftRequestStatus,
  data: {
    status: ShiftRequestStatus;
    outcome?: string | null;
    decidedById?: number | null;
    decidedAt?: Date | null;
    resultScheduleId?: number | null;
  },
): Promise<boolean> {
  const res = await tx.shiftRequest.updateMany({ where: { id, status: from }, data });
  return res.count === 1;
}

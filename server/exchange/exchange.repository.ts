// Prisma calls for open shifts, their offers and swap requests. Every function takes the client or
// a transaction, so the services read, check and write inside one transaction.
import type { Prisma } from '../../generated/prisma/client';
import type {
  ClaimPolicy,
  OfferMode,
  OfferStatus,
  OpenShiftOrigin,
  OpenShiftStatus,
  ShiftRequestKind,
  ShiftRequestStatus,
  SwapApproval,
} from '../../generated/prisma/enums';
import type { Db } from '../db/client';

export type DbOrTx = Db | Prisma.TransactionClient;

export interface ExchangeSettings {
  id: number;
  name: string;
  timeZone: string;
  claimPolicy: ClaimPolicy;
  swapApproval: SwapApproval;
}

export async function findExchangeSettings(db: DbOrTx, siteId: number): Promise<ExchangeSettings | null> {
  return db.site.findUnique({
    where: { id: siteId },
    select: { id: true, name: true, timeZone: true, claimPolicy: true, swapApproval: true },
  });
}

// ---------------------------------------------------------------------------------------------
// Open shifts and offers
// ---------------------------------------------------------------------------------------------

const personSelect = { id: true, firstName: true, lastName: true, user: { select: { id: true } } } as const;

const openShiftSelect = {
  id: true,
  siteId: true,
  periodStart: true,
  shiftDate: true,
  templateId: true,
  positionId: true,
  origin: true,
  status: true,
  offerMode: true,
  offerMinutes: true,
  droppedById: true,
  note: true,
  filledById: true,
  filledAt: true,
  resultScheduleId: true,
  createdAt: true,
  template: { select: { name: true, startMinute: true, endMinute: true } },
  position: { select: { name: true, code: true } },
  droppedBy: { select: personSelect },
  filledBy: { select: personSelect },
  offers: {
    select: {
      id: true,
      staffId: true,
      rank: true,
      status: true,
      offeredAt: true,
      expiresAt: true,
      claimedAt: true,
      staff: { select: personSelect },
    },
    orderBy: { rank: 'asc' },
  },
} as const;

type OpenShiftQueryRow = Prisma.OpenShiftGetPayload<{ select: typeof openShiftSelect }>;
type PersonRow = Prisma.StaffGetPayload<{ select: typeof personSelect }>;

export interface Person {
  staffId: number;
  name: string;
  userId: number | null;
}

const toPerson = (p: PersonRow): Person => ({
  staffId: p.id,
  name: `${p.firstName} ${p.lastName}`,
  userId: p.user?.id ?? null,
});

export interface OfferRow {
  id: number;
  staffId: number;
  rank: number;
  status: OfferStatus;
  offeredAt: Date | null;
  expiresAt: Date | null;
  claimedAt: Date | null;
  person: Person;
}

export interface OpenShiftRow {
  id: number;
  siteId: number;
  periodStart: string;
  shiftDate: string;
  templateId: number;
  templateName: string;
  startMinute: number;
  endMinute: number;
  positionId: number;
  positionName: string;
  origin: OpenShiftOrigin;
  status: OpenShiftStatus;
  offerMode: OfferMode;
  offerMinutes: number | null;
  droppedBy: Person | null;
  note: string | null;
  filledBy: Person | null;
  filledAt: Date | null;
  resultScheduleId: number | null;
  createdAt: Date;
  offers: OfferRow[];
}

function toOpenShift(r: OpenShiftQueryRow): OpenShiftRow {
  return {
    id: r.id,
    siteId: r.siteId,
    periodStart: r.periodStart,
    shiftDate: r.shiftDate,
    templateId: r.templateId,
    templateName: r.template.name,
    startMinute: r.template.startMinute,
    endMinute: r.template.endMinute,
    positionId: r.positionId,
    positionName: r.position.name,
    origin: r.origin,
    status: r.status,
    offerMode: r.offerMode,
    offerMinutes: r.offerMinutes,
    droppedBy: r.droppedBy ? toPerson(r.droppedBy) : null,
    note: r.note,
    filledBy: r.filledBy ? toPerson(r.filledBy) : null,
    filledAt: r.filledAt,
    resultScheduleId: r.resultScheduleId,
    createdAt: r.createdAt,
    offers: r.offers.map((o) => ({
      id: o.id,
      staffId: o.staffId,
      rank: o.rank,
      status: o.status,
      offeredAt: o.offeredAt,
      expiresAt: o.expiresAt,
      claimedAt: o.claimedAt,
      person: toPerson(o.staff),
    })),
  };
}

export async function findOpenShift(db: DbOrTx, id: number): Promise<OpenShiftRow | null> {
  const row = await db.openShift.findUnique({ where: { id }, select: openShiftSelect });
  return row ? toOpenShift(row) : null;
}

/** A site's open shifts still open, and the ones filled or withdrawn for shifts from `fromDate` on. */
export async function listOpenShiftsOfSite(
  db: DbOrTx,
  siteId: number,
  fromDate: string,
): Promise<OpenShiftRow[]> {
  const rows = await db.openShift.findMany({
    where: { siteId, OR: [{ status: 'OPEN' }, { shiftDate: { gte: fromDate } }] },
    select: openShiftSelect,
    orderBy: [{ shiftDate: 'asc' }, { id: 'asc' }],
    take: 200,
  });
  return rows.map(toOpenShift);
}

/** Open shifts offered to (or claimed by) one person, and the ones they dropped that are still open. */
export async function listOpenShiftsForStaff(db: DbOrTx, staffId: number): Promise<OpenShiftRow[]> {
  const rows = await db.openShift.findMany({
    where: {
      status: 'OPEN',
      OR: [
        { offers: { some: { staffId, status: { in: ['OFFERED', 'CLAIMED'] } } } },
        { droppedById: staffId },
      ],
    },
    select: openShiftSelect,
    orderBy: [{ shiftDate: 'asc' }, { id: 'asc' }],
    take: 100,
  });
  return rows.map(toOpenShift);
}

/** How many open shifts are still open for one shift and position (not to post a gap twice). */
export async function countOpenFor(
  db: DbOrTx,
  slot: { siteId: number; shiftDate: string; templateId: number; positionId: number },
): Promise<number> {
  return db.openShift.count({ where: { ...slot, status: 'OPEN', origin: { not: 'DROP' } } });
}

/** An open drop of one person's shift, if they already dropped it. */
export async function findOpenDrop(
  db: DbOrTx,
  slot: { staffId: number; shiftDate: string; templateId: number },
): Promise<{ id: number } | null> {
  return db.openShift.findFirst({
    where: {
      droppedById: slot.staffId,
      shiftDate: slot.shiftDate,
      templateId: slot.templateId,
      status: 'OPEN',
    },
    select: { id: true },
  });
}

export interface NewOpenShift {
  siteId: number;
  periodStart: string;
  shiftDate: string;
  templateId: number;
  positionId: number;
  origin: OpenShiftOrigin;
  offerMode: OfferMode;
  offerMinutes: number | null;
  droppedById: number | null;
  postedById: number;
  note: string | null;
}

export interface NewOffer {
  staffId: number;
  rank: number;
  status: OfferStatus;
  offeredAt: Date | null;
  expiresAt: Date | null;
}

export async function insertOpenShift(tx: DbOrTx, data: NewOpenShift, offers: NewOffer[]): Promise<number> {
  const row = await tx.openShift.create({ data, select: { id: true } });
  if (offers.length > 0)
    await tx.openShiftOffer.createMany({ data: offers.map((o) => ({ ...o, openShiftId: row.id })) });
  return row.id;
}

/** Marks an open shift filled if it still is open; false when someone else got there first. */
export async function markOpenShiftFilled(
  tx: DbOrTx,
  id: number,
  data: { filledById: number; filledAt: Date },
): Promise<boolean> {
  const res = await tx.openShift.updateMany({
    where: { id, status: 'OPEN' },
    data: { status: 'FILLED', ...data },
  });
  return res.count === 1;
}

export async function setOpenShiftResult(tx: DbOrTx, id: number, resultScheduleId: number): Promise<void> {
  await tx.openShift.update({ where: { id }, data: { resultScheduleId } });
}

/** Withdraws an open shift if it still is open; false otherwise. */
export async function markOpenShiftCancelled(tx: DbOrTx, id: number): Promise<boolean> {
  const res = await tx.openShift.updateMany({ where: { id, status: 'OPEN' }, data: { status: 'CANCELLED' } });
  return res.count === 1;
}

/** Changes an offer if it is in one of the given states; false when it was not. */
export async function updateOffer(
  tx: DbOrTx,
  id: number,
  from: OfferStatus[],
  data: { status: OfferStatus; offeredAt?: Date; expiresAt?: Date | null; claimedAt?: Date; closedAt?: Date },
): Promise<boolean> {
  const res = await tx.openShiftOffer.updateMany({ where: { id, status: { in: from } }, data });
  return res.count === 1;
}

/** Closes every live offer of an open shift but one (or all); returns who lost theirs. */
export async function closeOffers(
  tx: DbOrTx,
  openShiftId: number,
  exceptStaffId: number | null,
  now: Date,
): Promise<number[]> {
  const where = {
    openShiftId,
    status: { in: ['WAITING', 'OFFERED', 'CLAIMED'] as OfferStatus[] },
    ...(exceptStaffId === null ? {} : { staffId: { not: exceptStaffId } }),
  };
  const closing = await tx.openShiftOffer.findMany({ where, select: { staffId: true } });
  await tx.openShiftOffer.updateMany({ where, data: { status: 'CLOSED', closedAt: now } });
  return closing.map((c) => c.staffId);
}

/** One-at-a-time offers whose turn ran out at `now`. */
export async function findExpiredOffers(
  db: DbOrTx,
  now: Date,
): Promise<{ id: number; openShiftId: number }[]> {
  return db.openShiftOffer.findMany({
    where: { status: 'OFFERED', expiresAt: { lte: now }, openShift: { status: 'OPEN' } },
    select: { id: true, openShiftId: true },
    orderBy: { id: 'asc' },
    take: 500,
  });
}

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

/** The active colleagues of a site a shift can be offered to (everyone but the asker), by name. */
export async function listColleagues(db: DbOrTx, siteId: number, exceptStaffId: number): Promise<Person[]> {
  const rows = await db.staff.findMany({
    where: { siteId, active: true, id: { not: exceptStaffId }, positions: { some: {} } },
    select: personSelect,
    orderBy: [{ firstName: 'asc' }, { lastName: 'asc' }],
  });
  return rows.map(toPerson);
}

/** The active manager accounts of a site (and managers with no staff record, who see every site). */
export async function findSiteManagerUserIds(db: DbOrTx, siteId: number): Promise<number[]> {
  const rows = await db.user.findMany({
    where: { role: 'MANAGER', active: true, OR: [{ staff: { siteId } }, { staffId: null }] },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** Names and times of shift templates and names of positions, by id, to describe requests. */
export async function findShiftNames(
  db: DbOrTx,
  templateIds: number[],
  positionIds: number[],
): Promise<{
  templates: Map<number, { name: string; startMinute: number; endMinute: number }>;
  positions: Map<number, string>;
}> {
  const [templates, positions] = await Promise.all([
    db.shiftTemplate.findMany({
      where: { id: { in: templateIds } },
      select: { id: true, name: true, startMinute: true, endMinute: true },
    }),
    db.position.findMany({ where: { id: { in: positionIds } }, select: { id: true, name: true } }),
  ]);
  return {
    templates: new Map(templates.map((t) => [t.id, t])),
    positions: new Map(positions.map((p) => [p.id, p.name])),
  };
}

/** The schedule an assignment belongs to, or null when there is no such assignment. */
export async function findAssignmentSchedule(db: DbOrTx, assignmentId: number): Promise<number | null> {
  const row = await db.assignment.findUnique({ where: { id: assignmentId }, select: { scheduleId: true } });
  return row?.scheduleId ?? null;
}

export async function saveExchangeSettings(
  db: DbOrTx,
  siteId: number,
  data: { claimPolicy: ClaimPolicy; swapApproval: SwapApproval },
): Promise<void> {
  await db.site.update({ where: { id: siteId }, data, select: { id: true } });
}

// Prisma calls for open shifts and their offers.
import type { Prisma } from '../../generated/prisma/client';
import type { OfferMode, OfferStatus, OpenShiftOrigin, OpenShiftStatus } from '../../generated/prisma/enums';
import { personSelect, toPerson, type DbOrTx, type Person } from './exchange.repository';

// ---------------------------------------------------------------------------------------------
// Open shifts and offers
// ---------------------------------------------------------------------------------------------
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

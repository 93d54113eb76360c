// Prisma calls shared by the exchange: a site's exchange settings, people, colleagues, managers and
// shift names. Every function takes the client or a transaction, so the services read, check and
// write inside one transaction (open shifts and requests: open-shifts / shift-requests.repository).
import type { Prisma } from '../../generated/prisma/client';
import type { ClaimPolicy, SwapApproval } from '../../generated/prisma/enums';
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

export const personSelect = {
  id: true,
  firstName: true,
  lastName: true,
  user: { select: { id: true } },
} as const;

type PersonRow = Prisma.StaffGetPayload<{ select: typeof personSelect }>;

export interface Person {
  staffId: number;
  name: string;
  userId: number | null;
}

export const toPerson = (p: PersonRow): Person => ({
  staffId: p.id,
  name: `${p.firstName} ${p.lastName}`,
  userId: p.user?.id ?? null,
});

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

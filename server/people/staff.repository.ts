// Prisma access for staff members, their sign-ins and positions. Plain objects out.
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../db/client';
import { ceCreditSelect, credentialFieldsSelect } from '../credentials/credentials.repository';
import type { StaffListFilter } from './staff.schemas';

type Tx = Db | Prisma.TransactionClient;

export const staffSummarySelect = {
  id: true,
  firstName: true,
  lastName: true,
  employmentType: true,
  active: true,
  phone: true,
  hourlyRateCents: true,
  minWeeklyMinutes: true,
  targetWeeklyMinutes: true,
  maxWeeklyMinutes: true,
  user: { select: { id: true, email: true, role: true, active: true } },
  positions: {
    select: { position: { select: { id: true, code: true, name: true, color: true, sortOrder: true } } },
  },
} as const;

export type StaffSummaryRow = Prisma.StaffGetPayload<{ select: typeof staffSummarySelect }>;

const staffListSelect = {
  ...staffSummarySelect,
  credentials: {
    select: { issuedOn: true, expiresOn: true, credentialType: { select: { id: true, name: true } } },
  },
} as const;
export type StaffListRow = Prisma.StaffGetPayload<{ select: typeof staffListSelect }>;

/**
 * Staff of a site whose name or email contains `q` as typed. Prisma's `contains` passes `%` and `_`
 * to LIKE as wildcards ("_" would match everyone), so the search is written out with an ESCAPE
 * clause. SQLite's LIKE ignores ASCII case, as a search box should.
 */
async function staffIdsMatching(db: Db, siteId: number, q: string): Promise<number[]> {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db.$queryRaw<{ id: number }[]>`
    SELECT s.id AS id FROM Staff s LEFT JOIN User u ON u.staffId = s.id
    WHERE s.siteId = ${siteId}
      AND (s.firstName LIKE ${pattern} ESCAPE '\\' OR s.lastName LIKE ${pattern} ESCAPE '\\'
        OR u.email LIKE ${pattern} ESCAPE '\\')`;
  return rows.map((r) => Number(r.id));
}

async function staffListWhere(
  db: Db,
  siteId: number,
  filter: StaffListFilter,
): Promise<Prisma.StaffWhereInput> {
  const where: Prisma.StaffWhereInput = { siteId };
  if (filter.active === 'active') where.active = true;
  if (filter.active === 'inactive') where.active = false;
  if (filter.employment) where.employmentType = filter.employment;
  if (filter.position) where.positions = { some: { positionId: Number(filter.position) } };
  if (filter.q) where.id = { in: await staffIdsMatching(db, siteId, filter.q) };
  return where;
}

/** One page of the staff list under its filters, by name. */
export async function listStaff(
  db: Db,
  siteId: number,
  filter: StaffListFilter,
  page: { skip: number; take: number },
): Promise<StaffListRow[]> {
  return db.staff.findMany({
    where: await staffListWhere(db, siteId, filter),
    select: staffListSelect,
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
    skip: page.skip,
    take: page.take,
  });
}

export async function countStaff(db: Db, siteId: number, filter: StaffListFilter): Promise<number> {
  return db.staff.count({ where: await staffListWhere(db, siteId, filter) });
}

export function findStaffSummary(db: Tx, id: number): Promise<(StaffSummaryRow & { siteId: number }) | null> {
  return db.staff.findUnique({ where: { id }, select: { ...staffSummarySelect, siteId: true } });
}

export function listPositions(db: Db) {
  return db.position.findMany({
    select: {
      id: true,
      code: true,
      name: true,
      color: true,
      sortOrder: true,
      requiredCredentials: { select: { credentialType: { select: { id: true, name: true, code: true } } } },
    },
    orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
  });
}
export type PositionRow = Awaited<ReturnType<typeof listPositions>>[number];

export function findUserByEmail(db: Tx, email: string) {
  return db.user.findUnique({ where: { email }, select: { id: true, staffId: true } });
}

export interface StaffWrite {
  siteId: number;
  firstName: string;
  lastName: string;
  employmentType: 'FULL_TIME' | 'PART_TIME' | 'PER_DIEM';
  hourlyRateCents: number;
  minWeeklyMinutes: number;
  targetWeeklyMinutes: number;
  maxWeeklyMinutes: number;
  phone: string | null;
  active?: boolean;
}

export async function createStaffWithUser(
  tx: Prisma.TransactionClient,
  staff: StaffWrite,
  user: { email: string; role: 'STAFF' | 'LEAD' | 'MANAGER'; passwordHash: string },
  positionIds: number[],
): Promise<number> {
  const row = await tx.staff.create({
    data: { ...staff, positions: { create: positionIds.map((positionId) => ({ positionId })) } },
    select: { id: true },
  });
  await tx.user.create({ data: { ...user, staffId: row.id, mustChangePassword: true } });
  return row.id;
}

export async function updateStaffWithUser(
  tx: Prisma.TransactionClient,
  staffId: number,
  staff: Omit<StaffWrite, 'siteId'>,
  user: { email: string; role: 'STAFF' | 'LEAD' | 'MANAGER' },
  positionIds: number[],
): Promise<void> {
  await tx.staff.update({ where: { id: staffId }, data: staff });
  await tx.staffPosition.deleteMany({ where: { staffId } });
  if (positionIds.length > 0)
    await tx.staffPosition.createMany({ data: positionIds.map((positionId) => ({ staffId, positionId })) });
  await tx.user.updateMany({ where: { staffId }, data: user });
}

export async function setStaffActive(
  tx: Prisma.TransactionClient,
  staffId: number,
  active: boolean,
): Promise<void> {
  await tx.staff.update({ where: { id: staffId }, data: { active } });
  await tx.user.updateMany({ where: { staffId }, data: { active } });
  // A deactivated person is signed out everywhere at once.
  if (!active) await tx.session.deleteMany({ where: { user: { staffId } } });
}

/** Everything the profile page shows about one person. */
export function loadStaffProfileFacts(db: Db, staffId: number, today: string) {
  return db.staff.findUnique({
    where: { id: staffId },
    select: {
      ...staffSummarySelect,
      siteId: true,
      credentials: {
        select: credentialFieldsSelect,
        orderBy: [{ expiresOn: 'asc' }],
      },
      ceCredits: { select: ceCreditSelect, orderBy: { earnedOn: 'desc' } },
      availabilityRules: {
        select: { id: true, weekday: true, startMinute: true, endMinute: true, kind: true },
        orderBy: [{ weekday: 'asc' }, { startMinute: 'asc' }],
      },
      availabilityExceptions: {
        where: { date: { gte: today }, status: 'APPROVED' },
        select: { id: true, date: true, startMinute: true, endMinute: true, kind: true, note: true },
        orderBy: [{ date: 'asc' }],
      },
      timeOffRequests: {
        where: { endDate: { gte: today } },
        select: { id: true, startDate: true, endDate: true, reason: true, status: true },
        orderBy: { startDate: 'asc' },
      },
      assignments: {
        where: { shiftDate: { gte: today }, schedule: { status: 'PUBLISHED' } },
        select: {
          id: true,
          shiftDate: true,
          template: { select: { name: true, startMinute: true, endMinute: true } },
          position: { select: { name: true, color: true } },
        },
        orderBy: { shiftDate: 'asc' },
        take: 30,
      },
    },
  });
}
export type StaffProfileFacts = NonNullable<Awaited<ReturnType<typeof loadStaffProfileFacts>>>;

export function loadRosterForExport(db: Db, siteId: number) {
  return db.staff.findMany({
    where: { siteId },
    select: staffSummarySelect,
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
  });
}

/** The accounts with these emails, with what a roster import compares. */
export function findUsersWithStaffByEmail(db: Db, emails: string[]) {
  return db.user.findMany({
    where: { email: { in: emails } },
    select: {
      id: true,
      email: true,
      staff: {
        select: {
          id: true,
          siteId: true,
          firstName: true,
          lastName: true,
          employmentType: true,
          hourlyRateCents: true,
          minWeeklyMinutes: true,
          targetWeeklyMinutes: true,
          maxWeeklyMinutes: true,
          phone: true,
          active: true,
          user: { select: { role: true } },
          positions: { select: { positionId: true } },
        },
      },
    },
  });
}

export function countPositions(db: Db, ids: number[]): Promise<number> {
  return db.position.count({ where: { id: { in: ids } } });
}

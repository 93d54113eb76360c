// Prisma access for staff members, their sign-ins and positions. Plain objects out.
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../db';
import { ceCreditSelect } from './credentials';
import type { StaffListFilter } from '../schemas/staff';

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

function staffListWhere(siteId: number, filter: StaffListFilter): Prisma.StaffWhereInput {
  const where: Prisma.StaffWhereInput = { siteId };
  if (filter.active === 'active') where.active = true;
  if (filter.active === 'inactive') where.active = false;
  if (filter.employment) where.employmentType = filter.employment;
  if (filter.position) where.positions = { some: { positionId: Number(filter.position) } };
  if (filter.q) {
    // SQLite's LIKE (what Prisma's `contains` becomes) ignores ASCII case.
    where.OR = [
      { firstName: { contains: filter.q } },
      { lastName: { contains: filter.q } },
      { user: { email: { contains: filter.q } } },
    ];
  }
  return where;
}

/** One page of the staff list under its filters, by name. */
export function listStaff(
  db: Db,
  siteId: number,
  filter: StaffListFilter,
  page: { skip: number; take: number },
): Promise<StaffListRow[]> {
  return db.staff.findMany({
    where: staffListWhere(siteId, filter),
    select: staffListSelect,
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
    skip: page.skip,
    take: page.take,
  });
}

export function countStaff(db: Db, siteId: number, filter: StaffListFilter): Promise<number> {
  return db.staff.count({ where: staffListWhere(siteId, filter) });
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
        select: {
          id: true,
          number: true,
          issuedOn: true,
          expiresOn: true,
          verifiedAt: true,
          verifiedBy: { select: { email: true, staff: { select: { firstName: true, lastName: true } } } },
          credentialType: {
            select: {
              id: true,
              name: true,
              code: true,
              ceHoursPerCycle: true,
              ceLawHours: true,
              cePatientSafetyHours: true,
            },
          },
        },
        orderBy: [{ expiresOn: 'asc' }],
      },
      ceCredits: { select: ceCreditSelect, orderBy: { earnedOn: 'desc' } },
      availabilityRules: {
        select: { id: true, weekday: true, startMinute: true, endMinute: true, kind: true },
        orderBy: [{ weekday: 'asc' }, { startMinute: 'asc' }],
      },
      availabilityExceptions: {
        where: { date: { gte: today } },
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

// Prisma access for credentials, CE credits, credential types and position requirements.
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../db/client';

/** A position's requirement rows, as `toRequiredTypes` (credentials/qualification.ts) reads them. */
export const positionRequirementSelect = {
  anyOfGroup: true,
  siteStateOnly: true,
  credentialType: { select: { id: true, name: true } },
} as const;

/** A CE credit as the profile and "My credentials" list it. */
export const ceCreditSelect = {
  id: true,
  credentialTypeId: true,
  earnedOn: true,
  hours: true,
  topic: true,
  title: true,
  provider: true,
  credentialType: { select: { name: true } },
} as const;

/** A credential's own fields with its type, as the profile and the credential pages show them. */
export const credentialFieldsSelect = {
  id: true,
  number: true,
  issuingState: true,
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
} as const;

/** A credential with its holder, for pages that check the holder's site. */
export const credentialSelect = {
  ...credentialFieldsSelect,
  staffId: true,
  verifiedById: true,
  staff: { select: { id: true, siteId: true, firstName: true, lastName: true } },
} as const;

export function findCredential(db: Db, id: number) {
  return db.credential.findUnique({ where: { id }, select: credentialSelect });
}

const credentialTypeSelect = {
  id: true,
  code: true,
  name: true,
  issuingBody: true,
  renewalMonths: true,
  ceHoursPerCycle: true,
  ceLawHours: true,
  cePatientSafetyHours: true,
} as const;

export function listCredentialTypes(db: Db) {
  return db.credentialType.findMany({
    select: {
      ...credentialTypeSelect,
      positions: { select: { position: { select: { id: true, name: true } } } },
      _count: { select: { credentials: true } },
    },
    orderBy: { name: 'asc' },
  });
}
export type CredentialTypeRow = Awaited<ReturnType<typeof listCredentialTypes>>[number];

export function findCredentialType(db: Db, id: number) {
  return db.credentialType.findUnique({
    where: { id },
    select: credentialTypeSelect,
  });
}

/** Every credential of the site's active staff, with what expiry reports and qualification need. */
export function loadSiteCredentialFacts(db: Db, siteId: number) {
  return db.staff.findMany({
    where: { siteId, active: true },
    select: {
      id: true,
      firstName: true,
      lastName: true,
      positions: {
        select: {
          position: {
            select: {
              id: true,
              name: true,
              sortOrder: true,
              requiredCredentials: { select: positionRequirementSelect },
            },
          },
        },
      },
      credentials: {
        select: {
          id: true,
          issuedOn: true,
          expiresOn: true,
          issuingState: true,
          number: true,
          credentialType: {
            select: {
              id: true,
              name: true,
              ceHoursPerCycle: true,
              ceLawHours: true,
              cePatientSafetyHours: true,
            },
          },
        },
      },
      ceCredits: { select: { credentialTypeId: true, earnedOn: true, hours: true, topic: true } },
    },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
  });
}
export type SiteCredentialFacts = Awaited<ReturnType<typeof loadSiteCredentialFacts>>;

export function loadOwnCredentialFacts(db: Db, staffId: number) {
  return db.staff.findUnique({
    where: { id: staffId },
    select: {
      id: true,
      firstName: true,
      lastName: true,
      positions: {
        select: {
          position: {
            select: {
              id: true,
              name: true,
              color: true,
              sortOrder: true,
              requiredCredentials: { select: positionRequirementSelect },
            },
          },
        },
      },
      // Credentials that never expire first, as SQLite sorts NULL; PostgreSQL would put them last.
      credentials: { select: credentialSelect, orderBy: { expiresOn: { sort: 'asc', nulls: 'first' } } },
      ceCredits: { select: ceCreditSelect, orderBy: { earnedOn: 'desc' } },
    },
  });
}

export function findCeCredit(db: Db, id: number) {
  return db.ceCredit.findUnique({
    where: { id },
    select: { id: true, staffId: true, title: true, hours: true, staff: { select: { siteId: true } } },
  });
}

export function listPositionsWithRequirements(db: Db) {
  return db.position.findMany({
    select: {
      id: true,
      code: true,
      name: true,
      color: true,
      requiredCredentials: { select: { credentialTypeId: true, anyOfGroup: true, siteStateOnly: true } },
    },
    orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
  });
}

/**
 * Assignments of the latest published version of every week of the site that reach `fromDate` or
 * later, from that date on: the shifts a lapsing credential can put at risk.
 */
export async function loadPublishedAssignmentsFrom(db: Db, siteId: number, fromDate: string) {
  const versions = await db.schedule.findMany({
    where: { siteId, status: 'PUBLISHED', periodEnd: { gte: fromDate } },
    select: { id: true, periodStart: true, version: true },
    orderBy: [{ periodStart: 'asc' }, { version: 'desc' }],
  });
  const latest = new Map<string, number>();
  for (const v of versions) if (!latest.has(v.periodStart)) latest.set(v.periodStart, v.id);
  if (latest.size === 0) return [];
  return db.assignment.findMany({
    where: { scheduleId: { in: [...latest.values()] }, shiftDate: { gte: fromDate } },
    select: {
      id: true,
      scheduleId: true,
      staffId: true,
      shiftDate: true,
      positionId: true,
      template: { select: { name: true } },
    },
    orderBy: [{ shiftDate: 'asc' }, { id: 'asc' }],
  });
}
export type PublishedAssignmentRow = Awaited<ReturnType<typeof loadPublishedAssignmentsFrom>>[number];
export interface CredentialWrite {
  credentialTypeId: number;
  number: string;
  issuingState: string | null;
  issuedOn: string;
  expiresOn: string | null;
  verifiedById: number | null;
  verifiedAt: Date | null;
}

export async function createCredentialRow(db: Db, staffId: number, data: CredentialWrite): Promise<number> {
  const row = await db.credential.create({ data: { staffId, ...data }, select: { id: true } });
  return row.id;
}

export async function updateCredentialRow(db: Db, id: number, data: CredentialWrite): Promise<void> {
  await db.credential.update({ where: { id }, data, select: { id: true } });
}

export async function deleteCredentialRow(db: Db, id: number): Promise<void> {
  await db.credential.delete({ where: { id }, select: { id: true } });
}

export async function createCeCreditRow(
  db: Db,
  staffId: number,
  data: Omit<Prisma.CeCreditUncheckedCreateInput, 'staffId'>,
): Promise<number> {
  const row = await db.ceCredit.create({ data: { staffId, ...data }, select: { id: true } });
  return row.id;
}

export async function deleteCeCreditRow(db: Db, id: number): Promise<void> {
  await db.ceCredit.delete({ where: { id }, select: { id: true } });
}

/** The id of the credential type with this code, if any. */
export async function findCredentialTypeIdByCode(db: Db, code: string): Promise<number | null> {
  const row = await db.credentialType.findUnique({ where: { code }, select: { id: true } });
  return row?.id ?? null;
}

/** Creates the credential type (id null) or updates it; returns its id. */
export async function saveCredentialTypeRow(
  db: Db,
  id: number | null,
  data: Prisma.CredentialTypeCreateInput,
): Promise<number> {
  const row =
    id === null
      ? await db.credentialType.create({ data, select: { id: true } })
      : await db.credentialType.update({ where: { id }, data, select: { id: true } });
  return row.id;
}

export async function countCredentialTypes(db: Db, ids: number[]): Promise<number> {
  return db.credentialType.count({ where: { id: { in: ids } } });
}

export function findPositionName(db: Db, id: number) {
  return db.position.findUnique({ where: { id }, select: { name: true } });
}

/** Replaces the credential types a position requires (with how it needs each), in one transaction. */
export async function replacePositionRequirements(
  db: Db,
  positionId: number,
  needs: { credentialTypeId: number; anyOfGroup: number | null; siteStateOnly: boolean }[],
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.positionCredential.deleteMany({ where: { positionId } });
    if (needs.length > 0)
      await tx.positionCredential.createMany({ data: needs.map((n) => ({ positionId, ...n })) });
  });
}

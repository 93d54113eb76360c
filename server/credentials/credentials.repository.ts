// Prisma access for credentials, CE credits, credential types and position requirements.
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

export const credentialSelect = {
  id: true,
  staffId: true,
  number: true,
  issuingState: true,
  issuedOn: true,
  expiresOn: true,
  verifiedAt: true,
  verifiedById: true,
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
  staff: { select: { id: true, siteId: true, firstName: true, lastName: true } },
} as const;

export function findCredential(db: Db, id: number) {
  return db.credential.findUnique({ where: { id }, select: credentialSelect });
}

export function listCredentialTypes(db: Db) {
  return db.credentialType.findMany({
    select: {
      id: true,
      code: true,
      name: true,
      issuingBody: true,
      renewalMonths: true,
      ceHoursPerCycle: true,
      ceLawHours: true,
      cePatientSafetyHours: true,
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
    select: {
      id: true,
      code: true,
      name: true,
      issuingBody: true,
      renewalMonths: true,
      ceHoursPerCycle: true,
      ceLawHours: true,
      cePatientSafetyHours: true,
    },
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
      credentials: { select: credentialSelect, orderBy: { expiresOn: 'asc' } },
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
      staffId: true,
      shiftDate: true,
      positionId: true,
      template: { select: { name: true } },
    },
    orderBy: [{ shiftDate: 'asc' }, { id: 'asc' }],
  });
}
export type PublishedAssignmentRow = Awaited<ReturnType<typeof loadPublishedAssignmentsFrom>>[number];

// Credentials and CE credits of staff, and a person's own credentials. Every credential change is
// audited. The expiry report: expiry-report.service.ts; credential types and position
// requirements: credential-types.service.ts.
import { DateTime } from 'luxon';
import type { Db } from '../db/client';
import { NotFoundError, ValidationError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import * as repo from './credentials.repository';
import type { CeCreditFormData, CredentialFormData } from './credentials.schemas';
import { recordAudit } from '../account/auth.service';
import type { CeProgress } from './ce.service';
import { qualifiesOn, toRequiredTypes, type Qualification } from './qualification';
import { getSiteForUser, todayAt, type SiteSummary } from '../sites/sites.service';
import { ceProgressFor, credentialFacts, getStaffAtSite } from '../people/staff.service';
import { buildExpiryReport } from './expiry-report.service';

export const EXPIRY_WINDOWS = [30, 60, 90] as const;

/** A credential of someone at the manager's site, or 404. */
export async function getCredentialAtSite(db: Db, actor: CurrentUser, id: number) {
  const site = await getSiteForUser(db, actor);
  const credential = await repo.findCredential(db, id);
  if (!credential || credential.staff.siteId !== site.id)
    throw new NotFoundError('No credential with that id.');
  return credential;
}

async function resolveExpiry(db: Db, form: CredentialFormData): Promise<string | null> {
  const type = await repo.findCredentialType(db, form.credentialTypeId);
  if (!type) throw new ValidationError({ credentialTypeId: 'Choose a credential type from the list.' });
  if (form.expiresOn !== null || type.renewalMonths === null) return form.expiresOn;
  // A blank expiry means "the usual renewal period": the day before the same date N months on.
  return DateTime.fromISO(form.issuedOn).plus({ months: type.renewalMonths }).minus({ days: 1 }).toISODate();
}

export async function createCredential(
  db: Db,
  actor: CurrentUser,
  staffId: number,
  form: CredentialFormData,
): Promise<number> {
  const staff = await getStaffAtSite(db, actor, staffId);
  const expiresOn = await resolveExpiry(db, form);
  const id = await repo.createCredentialRow(db, staffId, {
    credentialTypeId: form.credentialTypeId,
    number: form.number,
    issuingState: form.issuingState,
    issuedOn: form.issuedOn,
    expiresOn,
    verifiedById: form.verified ? actor.id : null,
    verifiedAt: form.verified ? new Date() : null,
  });
  await recordAudit(db, {
    actorId: actor.id,
    action: 'credential.create',
    entity: 'Credential',
    entityId: id,
    detail: `${staff.firstName} ${staff.lastName}: type ${form.credentialTypeId}, ${form.issuedOn} – ${expiresOn ?? 'no expiry'}${form.verified ? ', verified' : ''}`,
  });
  return id;
}

export async function updateCredential(
  db: Db,
  actor: CurrentUser,
  id: number,
  form: CredentialFormData,
): Promise<number> {
  const before = await getCredentialAtSite(db, actor, id);
  const expiresOn = await resolveExpiry(db, form);
  // Keep who verified it first; unticking clears the verification.
  const keepVerification = form.verified && before.verifiedById !== null;
  await repo.updateCredentialRow(db, id, {
    credentialTypeId: form.credentialTypeId,
    number: form.number,
    issuingState: form.issuingState,
    issuedOn: form.issuedOn,
    expiresOn,
    verifiedById: form.verified ? (keepVerification ? before.verifiedById : actor.id) : null,
    verifiedAt: form.verified ? (keepVerification ? before.verifiedAt : new Date()) : null,
  });
  await recordAudit(db, {
    actorId: actor.id,
    action: 'credential.update',
    entity: 'Credential',
    entityId: id,
    detail: `${before.issuedOn} – ${before.expiresOn ?? 'no expiry'} → ${form.issuedOn} – ${expiresOn ?? 'no expiry'}${form.verified ? ', verified' : ''}`,
  });
  return before.staffId;
}

export async function deleteCredential(db: Db, actor: CurrentUser, id: number): Promise<number> {
  const before = await getCredentialAtSite(db, actor, id);
  await repo.deleteCredentialRow(db, id);
  await recordAudit(db, {
    actorId: actor.id,
    action: 'credential.delete',
    entity: 'Credential',
    entityId: id,
    detail: `${before.staff.firstName} ${before.staff.lastName}: ${before.credentialType.name} ${before.number} (${before.issuedOn} – ${before.expiresOn ?? 'no expiry'})`,
  });
  return before.staffId;
}

export function credentialFormValues(
  c: NonNullable<Awaited<ReturnType<typeof repo.findCredential>>>,
): Record<string, string> {
  return {
    credentialTypeId: String(c.credentialType.id),
    number: c.number,
    issuingState: c.issuingState ?? '',
    issuedOn: c.issuedOn,
    expiresOn: c.expiresOn ?? '',
    ...(c.verifiedById !== null ? { verified: 'on' } : {}),
  };
}

export async function createCeCredit(
  db: Db,
  actor: CurrentUser,
  staffId: number,
  form: CeCreditFormData,
): Promise<void> {
  await getStaffAtSite(db, actor, staffId);
  if (form.credentialTypeId !== null && !(await repo.findCredentialType(db, form.credentialTypeId))) {
    throw new ValidationError({ credentialTypeId: 'Choose a credential from the list.' });
  }
  const creditId = await repo.createCeCreditRow(db, staffId, form);
  await recordAudit(db, {
    actorId: actor.id,
    action: 'ce.create',
    entity: 'CeCredit',
    entityId: creditId,
    detail: `${form.hours} h ${form.topic}: ${form.title}`,
  });
}

export async function deleteCeCredit(db: Db, actor: CurrentUser, id: number): Promise<number> {
  const site = await getSiteForUser(db, actor);
  const credit = await repo.findCeCredit(db, id);
  if (!credit || credit.staff.siteId !== site.id) throw new NotFoundError('No CE credit with that id.');
  await repo.deleteCeCreditRow(db, id);
  await recordAudit(db, {
    actorId: actor.id,
    action: 'ce.delete',
    entity: 'CeCredit',
    entityId: id,
    detail: `${credit.hours} h: ${credit.title}`,
  });
  return credit.staffId;
}

// ---------------------------------------------------------------------------------------------
// A staff member's own credentials (read-only)
// ---------------------------------------------------------------------------------------------

export interface MyCredentials {
  site: SiteSummary;
  today: string;
  /** The positions they work and whether they qualify for each today. */
  qualifications: { positionName: string; color: string; today: Qualification }[];
  staff: NonNullable<Awaited<ReturnType<typeof repo.loadOwnCredentialFacts>>>;
  ceProgress: CeProgress[];
  alerts: { message: string; severity: 'error' | 'info' }[];
}

export async function getMyCredentials(db: Db, user: CurrentUser, staffId: number): Promise<MyCredentials> {
  const site = await getSiteForUser(db, user);
  const today = todayAt(site.timeZone);
  const staff = await repo.loadOwnCredentialFacts(db, staffId);
  if (!staff) throw new NotFoundError('Your account is not linked to a staff record.');
  const ceProgress = ceProgressFor(staff, today);
  const report = buildExpiryReport(
    [
      {
        id: staff.id,
        firstName: staff.firstName,
        lastName: staff.lastName,
        positions: staff.positions,
        credentials: staff.credentials,
      },
    ],
    today,
    60,
    site.usState,
  );
  const alerts: MyCredentials['alerts'] = [
    ...report.expired.map((i) => ({
      severity: 'error' as const,
      message: `Your ${i.credentialName} expired on ${i.expiresOn}${losing(i.positionsLost, 'you cannot work as')}. Tell your manager when it is renewed.`,
    })),
    ...report.expiring.map((i) => ({
      severity: 'info' as const,
      message: `Your ${i.credentialName} expires on ${i.expiresOn} (in ${i.daysLeft} days)${losing(i.positionsLost, 'after that you cannot work as')}.`,
    })),
    ...ceProgress
      .filter((p) => p.atRisk)
      .map((p) => ({
        severity: 'info' as const,
        message: `${p.credentialTypeName}: ${p.remaining} CE hours still needed before ${p.dueOn} (${p.summary}).`,
      })),
  ];
  const facts = credentialFacts(staff.credentials);
  const qualifications = [...staff.positions]
    .sort((a, b) => a.position.sortOrder - b.position.sortOrder)
    .map(({ position: p }) => ({
      positionName: p.name,
      color: p.color,
      today: qualifiesOn(
        facts,
        {
          positionId: p.id,
          positionName: p.name,
          requiredCredentialTypes: toRequiredTypes(p.requiredCredentials),
          siteState: site.usState,
        },
        today,
      ),
    }));
  return { site, today, staff, qualifications, ceProgress, alerts };
}

/** "; you cannot work as IV technician or Oncology technician", or nothing when no position is lost. */
function losing(positions: string[], phrase: string): string {
  return positions.length === 0 ? '' : `; ${phrase} ${positions.join(' or ')}`;
}

// Credentials and CE credits of staff; the expiry report (who loses which positions when a
// credential lapses) and a person's own credentials. Every credential change is audited.
// Credential types and position requirements: credential-types.service.ts.
import { DateTime } from 'luxon';
import type { Db } from '../db/client';
import { NotFoundError, ValidationError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import * as repo from './credentials.repository';
import type { CeCreditFormData, CredentialFormData } from './credentials.schemas';
import { recordAudit } from '../account/auth.service';
import type { CeProgress } from './ce.service';
import {
  isValidOn,
  qualifiesOn,
  toRequiredTypes,
  type CredentialFact,
  type Qualification,
  type RequirementRow,
} from './qualification';
import { addDays, getSiteForUser, todayAt, type SiteSummary } from '../sites/sites.service';
import { ceProgressFor, credentialFacts, getStaffAtSite } from '../people/staff.service';

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
// Expiry report
// ---------------------------------------------------------------------------------------------

export interface ExpiryItem {
  credentialId: number;
  staffId: number;
  staffName: string;
  credentialName: string;
  number: string;
  expiresOn: string;
  /** Negative when already expired. */
  daysLeft: number;
  /** Positions they work that need this credential and that they will lose (or have lost). */
  positionsLost: string[];
  /**
   * Published shifts (today or later, after the credential's last valid day) in a position they lose:
   * each needs the credential renewed first, or a call-out repair.
   */
  shiftsAtRisk: ShiftAtRisk[];
}

/** A published shift a lapsing credential puts at risk, with the assignment a call-out repair starts from. */
export interface ShiftAtRisk {
  date: string;
  shiftName: string;
  positionName: string;
  scheduleId: number;
  assignmentId: number;
}

/** "Published schedule at risk": one shift, whose credential it is, and when that lapses. */
export interface ScheduleRiskItem extends ShiftAtRisk {
  staffId: number;
  staffName: string;
  credentialId: number;
  credentialName: string;
  expiresOn: string;
}

type PublishedShift = Pick<
  repo.PublishedAssignmentRow,
  'id' | 'scheduleId' | 'staffId' | 'shiftDate' | 'positionId' | 'template'
>;

export interface ExpiryReport {
  site: SiteSummary;
  today: string;
  within: number;
  expired: ExpiryItem[];
  expiring: ExpiryItem[];
  counts: { expired: number; within30: number; within60: number; within90: number };
  /** Every published shift from today on whose credential lapses before it, soonest first. */
  scheduleAtRisk: ScheduleRiskItem[];
  /** Incomplete CE with the renewal within 90 days (or past). */
  ceAtRisk: CeRiskItem[];
}

export interface CeRiskItem {
  staffId: number;
  staffName: string;
  progress: CeProgress;
}

/**
 * Credentials that have lapsed or lapse within `within` days, each with the positions the person
 * loses. A credential already replaced by a renewal on file is left out: nothing to act on.
 */
export interface ExpiryStaffFacts {
  id: number;
  firstName: string;
  lastName: string;
  positions: {
    position: {
      id: number;
      name: string;
      sortOrder: number;
      requiredCredentials: RequirementRow[];
    };
  }[];
  credentials: {
    id: number;
    number: string;
    issuedOn: string;
    expiresOn: string | null;
    issuingState: string | null;
    credentialType: { id: number; name: string };
  }[];
}

/**
 * `siteState` is the site's state: a requirement that accepts only that state's licence does not
 * count a licence from elsewhere, as for the scheduler. The report reaches 90 days ahead, or to the
 * last published shift when that is further, so every published shift a lapse puts at risk is found.
 */
export function buildExpiryReport(
  staff: ExpiryStaffFacts[],
  today: string,
  within: number,
  siteState: string,
  published: PublishedShift[] = [],
): Omit<ExpiryReport, 'site' | 'within' | 'ceAtRisk'> {
  const lastShift = published.reduce((last, a) => (a.shiftDate > last ? a.shiftDate : last), today);
  const horizon = [addDays(today, 90), lastShift].sort().at(-1)!;
  const all: ExpiryItem[] = [];
  for (const s of staff) {
    const facts: CredentialFact[] = credentialFacts(s.credentials);
    for (const c of s.credentials) {
      if (c.expiresOn === null || c.expiresOn > horizon) continue;
      const dayAfter = addDays(c.expiresOn, 1);
      // A licence of another state is not a renewal of this one: it is judged on its own.
      const sameType = s.credentials.filter(
        (o) =>
          o.credentialType.id === c.credentialType.id &&
          o.id !== c.id &&
          (o.issuingState ?? null) === (c.issuingState ?? null),
      );
      // Renewed: another credential of the type is valid the day after this one ends (or today, for lapsed ones).
      const checkDay = c.expiresOn < today ? today : dayAfter;
      if (sameType.some((o) => isValidOn(o, checkDay))) continue;
      // Superseded long ago: a later credential of the same type exists (it too may have lapsed; it is reported itself).
      if (sameType.some((o) => (o.expiresOn ?? '9999-12-31') > c.expiresOn!)) continue;
      const positionsLost = s.positions
        .map((p) => p.position)
        .filter((p) => p.requiredCredentials.some((r) => r.credentialType.id === c.credentialType.id))
        .filter((p) => {
          const requirement = {
            positionId: p.id,
            positionName: p.name,
            requiredCredentialTypes: toRequiredTypes(p.requiredCredentials),
            siteState,
          };
          return !qualifiesOn(facts, requirement, checkDay).qualified;
        })
        .sort((a, b) => a.sortOrder - b.sortOrder);
      const lostIds = new Set(positionsLost.map((p) => p.id));
      const from = c.expiresOn < today ? today : dayAfter;
      const shiftsAtRisk = published
        .filter((a) => a.staffId === s.id && a.shiftDate >= from && lostIds.has(a.positionId))
        .map((a) => ({
          date: a.shiftDate,
          shiftName: a.template.name,
          positionName: positionsLost.find((p) => p.id === a.positionId)?.name ?? '',
          scheduleId: a.scheduleId,
          assignmentId: a.id,
        }));
      all.push({
        credentialId: c.id,
        staffId: s.id,
        staffName: `${s.firstName} ${s.lastName}`,
        credentialName: c.credentialType.name,
        number: c.number,
        expiresOn: c.expiresOn,
        daysLeft: Math.round(DateTime.fromISO(c.expiresOn).diff(DateTime.fromISO(today), 'days').days),
        positionsLost: positionsLost.map((p) => p.name),
        shiftsAtRisk,
      });
    }
  }
  all.sort((a, b) => a.expiresOn.localeCompare(b.expiresOn) || a.staffName.localeCompare(b.staffName));
  const expired = all.filter((i) => i.daysLeft < 0);
  const upcoming = all.filter((i) => i.daysLeft >= 0);
  const scheduleAtRisk = all
    .flatMap((i) =>
      i.shiftsAtRisk.map((shift) => ({
        ...shift,
        staffId: i.staffId,
        staffName: i.staffName,
        credentialId: i.credentialId,
        credentialName: i.credentialName,
        expiresOn: i.expiresOn,
      })),
    )
    .sort((a, b) => a.date.localeCompare(b.date) || a.staffName.localeCompare(b.staffName));
  return {
    today,
    expired,
    expiring: upcoming.filter((i) => i.daysLeft <= within),
    counts: {
      expired: expired.length,
      within30: upcoming.filter((i) => i.daysLeft <= 30).length,
      within60: upcoming.filter((i) => i.daysLeft <= 60).length,
      within90: upcoming.filter((i) => i.daysLeft <= 90).length,
    },
    scheduleAtRisk,
  };
}

export async function getExpiryReport(db: Db, user: CurrentUser, within: number): Promise<ExpiryReport> {
  const site = await getSiteForUser(db, user);
  const today = todayAt(site.timeZone);
  const staff = await repo.loadSiteCredentialFacts(db, site.id);
  const ceAtRisk = staff.flatMap((s) =>
    ceProgressFor(s, today)
      .filter((p) => p.atRisk)
      .map((progress) => ({ staffId: s.id, staffName: `${s.firstName} ${s.lastName}`, progress })),
  );
  ceAtRisk.sort((a, b) => a.progress.dueOn.localeCompare(b.progress.dueOn));
  const published = await repo.loadPublishedAssignmentsFrom(db, site.id, today);
  return { site, within, ceAtRisk, ...buildExpiryReport(staff, today, within, site.usState, published) };
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

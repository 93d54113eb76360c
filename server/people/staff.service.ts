// Staff members: the roster list, the profile page (qualification today and on a chosen date,
// credentials, CE, availability, upcoming shifts), create / edit / deactivate.
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client';
import { NotFoundError, ValidationError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import * as repo from './staff.repository';
import type { StaffFormData, StaffListFilter } from './staff.schemas';
import { recordAudit } from '../account/auth.service';
import { computeCeProgress, type CeCreditFact, type CeProgress } from '../credentials/ce.service';
import { hashPassword } from '../account/passwords';
import { inviteStaff } from '../account/account-tokens.service';
import {
  qualifiesOn,
  type CredentialFact,
  type PositionRequirement,
  type Qualification,
} from '../credentials/qualification';
import { getSiteForUser, todayAt, type SiteSummary } from '../sites/sites.service';
import { pagerFor, type Pager } from '../lib/pagination';

export interface StaffListPage {
  site: SiteSummary;
  today: string;
  staff: (repo.StaffListRow & { notQualifiedToday: { positionName: string; reason: string }[] })[];
  positions: repo.PositionRow[];
  filter: StaffListFilter;
  pager: Pager;
}

/** One page of the roster, each person with the positions they work but are not qualified for today. */
export async function getStaffList(
  db: Db,
  user: CurrentUser,
  filter: StaffListFilter,
): Promise<StaffListPage> {
  const site = await getSiteForUser(db, user);
  const today = todayAt(site.timeZone);
  const pager = pagerFor(filter.page, await repo.countStaff(db, site.id, filter));
  const [staff, positions] = await Promise.all([
    repo.listStaff(db, site.id, filter, pager),
    repo.listPositions(db),
  ]);
  const requirements = new Map(positions.map((p) => [p.id, toRequirement(p, site.usState)]));
  return {
    site,
    today,
    positions,
    filter,
    pager,
    staff: staff.map((s) => {
      const facts = credentialFacts(s.credentials);
      const notQualifiedToday = s.positions.flatMap(({ position }) => {
        const requirement = requirements.get(position.id);
        const q = requirement ? qualifiesOn(facts, requirement, today) : ({ qualified: true } as const);
        return q.qualified ? [] : [{ positionName: position.name, reason: q.reason }];
      });
      return { ...s, notQualifiedToday };
    }),
  };
}

function toRequirement(p: repo.PositionRow, siteState: string): PositionRequirement {
  return {
    positionId: p.id,
    positionName: p.name,
    requiredCredentialTypes: p.requiredCredentials.map((r) => ({
      id: r.credentialType.id,
      name: r.credentialType.name,
      anyOfGroup: r.anyOfGroup,
      siteStateOnly: r.siteStateOnly,
    })),
    siteState,
  };
}

export function listPositions(db: Db): Promise<repo.PositionRow[]> {
  return repo.listPositions(db);
}

export interface PositionQualification {
  positionId: number;
  positionName: string;
  color: string;
  today: Qualification;
  onDate: Qualification;
}

export interface StaffProfile {
  site: SiteSummary;
  today: string;
  onDate: string;
  staff: repo.StaffProfileFacts;
  qualifications: PositionQualification[];
  /** Positions they are not employed for but hold every required credential for today. */
  alsoQualifiedFor: string[];
  ceProgress: CeProgress[];
}

export function credentialFacts(
  credentials: {
    issuedOn: string;
    expiresOn: string | null;
    issuingState?: string | null;
    credentialType: { id: number; name: string };
  }[],
): CredentialFact[] {
  return credentials.map((c) => ({
    credentialTypeId: c.credentialType.id,
    credentialTypeName: c.credentialType.name,
    issuedOn: c.issuedOn,
    expiresOn: c.expiresOn,
    issuingState: c.issuingState ?? null,
  }));
}

/** The profile of a person at the manager's site; `onDate` is the "qualified on" date asked for. */
export async function getStaffProfile(
  db: Db,
  user: CurrentUser,
  staffId: number,
  onDate: string | null,
): Promise<StaffProfile> {
  const site = await getSiteForUser(db, user);
  const today = todayAt(site.timeZone);
  const staff = await repo.loadStaffProfileFacts(db, staffId, today);
  if (!staff || staff.siteId !== site.id)
    throw new NotFoundError('No staff member with that id works at this site.');
  const positions = await repo.listPositions(db);
  const facts = credentialFacts(staff.credentials);
  const date = onDate ?? today;
  const employed = new Set(staff.positions.map((p) => p.position.id));
  const qualifications = positions
    .filter((p) => employed.has(p.id))
    .map((p) => {
      const requirement = toRequirement(p, site.usState);
      return {
        positionId: p.id,
        positionName: p.name,
        color: p.color,
        today: qualifiesOn(facts, requirement, today),
        onDate: qualifiesOn(facts, requirement, date),
      };
    });
  const alsoQualifiedFor = positions
    .filter((p) => !employed.has(p.id) && p.requiredCredentials.length > 0)
    .filter((p) => qualifiesOn(facts, toRequirement(p, site.usState), today).qualified)
    .map((p) => p.name);
  return {
    site,
    today,
    onDate: date,
    staff,
    qualifications,
    alsoQualifiedFor,
    ceProgress: ceProgressFor(staff, today),
  };
}

/** CE progress for each credential that asks for CE: the latest one of each type. */
export interface CeFacts {
  credentials: {
    issuedOn: string;
    expiresOn: string | null;
    credentialType: {
      id: number;
      name: string;
      ceHoursPerCycle: number | null;
      ceLawHours: number | null;
      cePatientSafetyHours: number | null;
    };
  }[];
  ceCredits: CeCreditFact[];
}

export function ceProgressFor(staff: CeFacts, today: string): CeProgress[] {
  const latest = new Map<number, CeFacts['credentials'][number]>();
  for (const c of staff.credentials) {
    const prev = latest.get(c.credentialType.id);
    if (!prev || (prev.expiresOn ?? '9999') < (c.expiresOn ?? '9999')) latest.set(c.credentialType.id, c);
  }
  const out: CeProgress[] = [];
  for (const c of latest.values()) {
    const progress = computeCeProgress(
      {
        credentialTypeId: c.credentialType.id,
        credentialTypeName: c.credentialType.name,
        ceHoursPerCycle: c.credentialType.ceHoursPerCycle,
        ceLawHours: c.credentialType.ceLawHours,
        cePatientSafetyHours: c.credentialType.cePatientSafetyHours,
      },
      c,
      staff.ceCredits,
      today,
    );
    if (progress) out.push(progress);
  }
  return out.sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}

function staffWrite(form: StaffFormData) {
  return {
    firstName: form.firstName,
    lastName: form.lastName,
    employmentType: form.employmentType,
    hourlyRateCents: form.hourlyRate,
    minWeeklyMinutes: Math.round(form.minWeeklyHours * 60),
    targetWeeklyMinutes: Math.round(form.targetWeeklyHours * 60),
    maxWeeklyMinutes: Math.round(form.maxWeeklyHours * 60),
    phone: form.phone,
  };
}

/** A password to hand over once: 16 characters from an alphabet without look-alikes (0/O, 1/l). */
export function generateOneTimePassword(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

async function assertPositionsExist(db: Db, positionIds: number[]): Promise<void> {
  if (positionIds.length === 0) return;
  const count = await repo.countPositions(db, positionIds);
  if (count !== new Set(positionIds).size)
    throw new ValidationError({ positions: 'Choose positions from the list.' });
}

/**
 * Creates the staff member and their sign-in. With `invite`, an invitation link is emailed to them
 * (in the same transaction) to choose their own password; otherwise, for someone without an email
 * inbox, a one-time password the manager hands over, returned once and never stored, which the
 * person must change at first sign-in.
 */
export async function createStaff(
  db: Db,
  actor: CurrentUser,
  form: StaffFormData,
  positionIds: number[],
  invite = true,
): Promise<{ staffId: number; oneTimePassword: string | null }> {
  const site = await getSiteForUser(db, actor);
  await assertPositionsExist(db, positionIds);
  if (await repo.findUserByEmail(db, form.email))
    throw new ValidationError({ email: 'Someone already signs in with this email address.' });
  // An invited person's password is a secret nobody is shown: they choose their own with the link.
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  const staffId = await db.$transaction(async (tx) => {
    const id = await repo.createStaffWithUser(
      tx,
      { siteId: site.id, ...staffWrite(form) },
      { email: form.email, role: form.role, passwordHash },
      positionIds,
    );
    if (invite)
      await inviteStaff(
        tx,
        { staffId: id, name: `${form.firstName} ${form.lastName}` },
        actor.displayName,
        site.name,
      );
    return id;
  });
  await recordAudit(db, {
    actorId: actor.id,
    action: 'staff.create',
    entity: 'Staff',
    entityId: staffId,
    detail: form.email,
  });
  return { staffId, oneTimePassword: invite ? null : oneTimePassword };
}

export async function updateStaff(
  db: Db,
  actor: CurrentUser,
  staffId: number,
  form: StaffFormData,
  positionIds: number[],
): Promise<void> {
  const existing = await getStaffAtSite(db, actor, staffId);
  await assertPositionsExist(db, positionIds);
  const other = await repo.findUserByEmail(db, form.email);
  if (other && other.staffId !== staffId)
    throw new ValidationError({ email: 'Someone else already signs in with this email address.' });
  if (existing.user && existing.user.id === actor.id && form.role !== 'MANAGER') {
    throw new ValidationError({ role: 'You cannot remove your own manager role.' });
  }
  await db.$transaction((tx) =>
    repo.updateStaffWithUser(
      tx,
      staffId,
      staffWrite(form),
      { email: form.email, role: form.role },
      positionIds,
    ),
  );
  await recordAudit(db, { actorId: actor.id, action: 'staff.update', entity: 'Staff', entityId: staffId });
  // What someone may do changes with the app role: the log says from what to what.
  if (existing.user && existing.user.role !== form.role) {
    await recordAudit(db, {
      actorId: actor.id,
      action: 'staff.role_change',
      entity: 'Staff',
      entityId: staffId,
      detail: `${existing.user.role} → ${form.role}`,
    });
  }
}

/** Deactivating keeps every shift and record (never a hard delete) and blocks sign-in. */
export async function setStaffActive(
  db: Db,
  actor: CurrentUser,
  staffId: number,
  active: boolean,
): Promise<repo.StaffSummaryRow> {
  const staff = await getStaffAtSite(db, actor, staffId);
  if (!active && staff.user?.id === actor.id)
    throw new ValidationError({ _form: 'You cannot deactivate yourself.' });
  await db.$transaction((tx) => repo.setStaffActive(tx, staffId, active));
  await recordAudit(db, {
    actorId: actor.id,
    action: active ? 'staff.reactivate' : 'staff.deactivate',
    entity: 'Staff',
    entityId: staffId,
  });
  return staff;
}

export async function getStaffAtSite(
  db: Db,
  actor: CurrentUser,
  staffId: number,
): Promise<repo.StaffSummaryRow & { siteId: number }> {
  const site = await getSiteForUser(db, actor);
  const staff = await repo.findStaffSummary(db, staffId);
  if (!staff || staff.siteId !== site.id)
    throw new NotFoundError('No staff member with that id works at this site.');
  return staff;
}

/** Form values for editing an existing staff member. */
export function staffFormValues(staff: repo.StaffSummaryRow): Record<string, string> {
  const values: Record<string, string> = {
    firstName: staff.firstName,
    lastName: staff.lastName,
    email: staff.user?.email ?? '',
    role: staff.user?.role ?? 'STAFF',
    employmentType: staff.employmentType,
    hourlyRate: (staff.hourlyRateCents / 100).toFixed(2),
    minWeeklyHours: String(staff.minWeeklyMinutes / 60),
    targetWeeklyHours: String(staff.targetWeeklyMinutes / 60),
    maxWeeklyHours: String(staff.maxWeeklyMinutes / 60),
    phone: staff.phone ?? '',
  };
  for (const p of staff.positions) values[`position_${p.position.id}`] = 'on';
  return values;
}

// The expiry report: credentials lapsed or lapsing, the positions each person loses (a licence
// counts only where its state is accepted), the published shifts a lapse puts at risk, and CE
// behind before a renewal. The expiring page, the manager's dashboard and My credentials use it.
import { DateTime } from 'luxon';
import type { Db } from '../db/client';
import type { CurrentUser } from '../http/request-context';
import * as repo from './credentials.repository';
import type { CeProgress } from './ce.service';
import {
  isValidOn,
  qualifiesOn,
  toRequiredTypes,
  type CredentialFact,
  type RequirementRow,
} from './qualification';
import { addDays, getSiteForUser, todayAt, type SiteSummary } from '../sites/sites.service';
import { ceProgressFor, credentialFacts } from '../people/staff.service';

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

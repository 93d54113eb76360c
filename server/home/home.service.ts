import type { Db } from '../db/client';
import type { CurrentUser } from '../http/request-context';
import * as repo from './home.repository';
import { listCurrentSchedules } from '../scheduling/schedules.repository';
import { getExpiryReport, type ExpiryReport } from '../credentials/expiry-report.service';
import { findMyTasks, type MyTask } from '../boards/my-tasks.service';
import { getMyShifts, type MyShifts } from '../shifts/my-shifts.service';
import { findPublishedBreaks, type PublishedBreak } from '../scheduling/published-breaks.service';
import { addDays, getSiteForUser, todayAt, type SiteSummary } from '../sites/sites.service';

export interface ShiftLine {
  id: number;
  shiftDate: string;
  templateName: string;
  startMinute: number;
  endMinute: number;
  positionName: string;
  positionColor: string;
  staffName: string;
}

export interface ManagerDashboard {
  site: SiteSummary;
  today: string;
  activeStaff: number;
  /** Credentials lapsed or lapsing within 30 days (no renewal on file), with the positions lost. */
  credentialExpiry: Pick<ExpiryReport, 'expired' | 'expiring' | 'counts' | 'ceAtRisk'>;
  /** "Published schedule at risk": future published shifts whose credential lapses before them. */
  scheduleAtRisk: ExpiryReport['scheduleAtRisk'];
  pendingTimeOff: number;
  /** Staff asking to be unavailable on a day they hold a published shift. */
  pendingUnavailability: number;
  openTasks: { board: string; count: number }[];
  schedules: { id: number; periodStart: string; status: string; version: number; assignments: number }[];
  /** Published weeks that break a rule with today's data, each with the page that fixes it. */
  publishedBreaks: PublishedBreak[];
}

export async function getManagerDashboard(db: Db, user: CurrentUser): Promise<ManagerDashboard> {
  const site = await getSiteForUser(db, user);
  const today = todayAt(site.timeZone);
  const [
    activeStaff,
    credentialExpiry,
    pendingTimeOff,
    pendingUnavailability,
    openTasks,
    schedules,
    publishedBreaks,
  ] = await Promise.all([
    repo.countActiveStaff(db, site.id),
    getExpiryReport(db, user, 30),
    repo.countPendingTimeOff(db, site.id),
    repo.countPendingUnavailability(db, site.id),
    repo.countOpenTasksByBoard(db, site.id),
    listCurrentSchedules(db, site.id, today, 6),
    findPublishedBreaks(db, site.id, site.timeZone),
  ]);
  return {
    site,
    today,
    activeStaff,
    credentialExpiry: {
      expired: credentialExpiry.expired,
      expiring: credentialExpiry.expiring,
      counts: credentialExpiry.counts,
      ceAtRisk: credentialExpiry.ceAtRisk,
    },
    scheduleAtRisk: credentialExpiry.scheduleAtRisk,
    pendingTimeOff,
    pendingUnavailability,
    openTasks,
    schedules: schedules.map((s) => ({
      id: s.id,
      periodStart: s.periodStart,
      status: s.status,
      version: s.version,
      assignments: s.assignmentCount,
    })),
    publishedBreaks,
  };
}

// The lead's Today page lives in lead-today.ts (task boards area).
export { getLeadToday, type LeadToday } from '../boards/lead-today.service';

export interface StaffHome {
  site: SiteSummary;
  today: string;
  /** Published shifts (list and this week), marked new/changed since the last visit; null without a staff record. */
  myShifts: MyShifts | null;
  openTasks: MyTask[];
  credentialAlerts: { credential: string; expiresOn: string; expired: boolean }[];
}

export async function getStaffHome(db: Db, user: CurrentUser): Promise<StaffHome> {
  const site = await getSiteForUser(db, user);
  const today = todayAt(site.timeZone);
  if (user.staffId === null) return { site, today, myShifts: null, openTasks: [], credentialAlerts: [] };
  const [myShifts, openTasks, credentials] = await Promise.all([
    getMyShifts(db, user),
    findMyTasks(db, user.staffId, site.timeZone),
    repo.listCredentialsExpiringBy(db, user.staffId, addDays(today, 60)),
  ]);
  return {
    site,
    today,
    myShifts,
    openTasks,
    credentialAlerts: credentials.map((c) => ({
      credential: c.credential,
      expiresOn: c.expiresOn ?? '',
      expired: (c.expiresOn ?? '') < today,
    })),
  };
}

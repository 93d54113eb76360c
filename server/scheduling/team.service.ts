// The team schedule: the published week of a site for everyone to read, if the manager allows it.
import type { Db } from '../db/client';
import { ForbiddenError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import { findPublishedSlotsOfSite, type SlotRow } from './assignments.repository';
import { findPublishedVersionsForWeek } from './schedules.repository';
import { setTeamScheduleVisible, readTeamScheduleVisible } from './team.repository';
import { recordAudit } from '../account/auth.service';
import { mondayOf, paidMinutesOf } from '../shifts/my-shifts.service';
import { addDays, getSiteForUser, todayAt, type SiteSummary } from '../sites/sites.service';

export const teamMessages = {
  hidden:
    'Your manager has not shared the team schedule for this pharmacy. Your own shifts are on "My shifts"; ask your operations manager if you need to see the whole team.',
  shown: 'Staff can now see the team schedule.',
  hiddenNow: 'The team schedule is now visible to leads and managers only.',
} as const;

export interface TeamRow {
  staffId: number;
  staffName: string;
  isMe: boolean;
  minutes: number;
  cells: SlotRow[][];
}

export interface TeamSchedule {
  site: SiteSummary;
  today: string;
  visibleToStaff: boolean;
  week: { start: string; end: string; prev: string; next: string; isCurrent: boolean; days: string[] };
  rows: TeamRow[];
  versions: { version: number; publishedAt: Date | null }[];
}

/**
 * The published schedule of the user's site for one week, as a staff × days grid. Staff may read
 * it only when the site allows it (Site.teamScheduleVisible); leads and managers always.
 *
 * @throws ForbiddenError with a friendly message for staff when the site keeps it private.
 */
export async function getTeamSchedule(db: Db, user: CurrentUser, week?: string): Promise<TeamSchedule> {
  const site = await getSiteForUser(db, user);
  const visibleToStaff = await readTeamScheduleVisible(db, site.id);
  if (user.role === 'STAFF' && !visibleToStaff) throw new ForbiddenError(teamMessages.hidden);
  const today = todayAt(site.timeZone);
  const start = mondayOf(week ?? today);
  const end = addDays(start, 6);
  const days = Array.from({ length: 7 }, (_, i) => addDays(start, i));
  const [slots, versions] = await Promise.all([
    findPublishedSlotsOfSite(db, site.id, start, end),
    findPublishedVersionsForWeek(db, site.id, start, end),
  ]);

  const byStaff = new Map<number, TeamRow>();
  for (const s of slots) {
    let row = byStaff.get(s.staffId);
    if (!row) {
      row = {
        staffId: s.staffId,
        staffName: s.staffName,
        isMe: s.staffId === user.staffId,
        minutes: 0,
        cells: days.map(() => []),
      };
      byStaff.set(s.staffId, row);
    }
    row.cells[days.indexOf(s.shiftDate)]?.push(s);
    row.minutes += paidMinutesOf(s, site.timeZone);
  }
  return {
    site,
    today,
    visibleToStaff,
    week: {
      start,
      end,
      prev: addDays(start, -7),
      next: addDays(start, 7),
      isCurrent: start === mondayOf(today),
      days,
    },
    rows: [...byStaff.values()].sort(
      (a, b) => Number(b.isMe) - Number(a.isMe) || a.staffName.localeCompare(b.staffName),
    ),
    versions,
  };
}

/** A manager shows or hides the team schedule from staff at their site (audit-logged). */
export async function setTeamVisibility(
  db: Db,
  user: CurrentUser,
  visible: boolean,
  ip: string,
): Promise<void> {
  const site = await getSiteForUser(db, user);
  await setTeamScheduleVisible(db, site.id, visible);
  await recordAudit(db, {
    actorId: user.id,
    action: 'site.team_schedule_visibility',
    entity: 'Site',
    entityId: site.id,
    detail: visible ? 'visible to staff' : 'hidden from staff',
    ip,
  });
}

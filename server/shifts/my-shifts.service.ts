// "My shifts": a person's published shifts as a list and a week view, with times in the site's
// zone, what changed since they last looked, and the change lists of recent versions that touch them.
import { DateTime } from 'luxon';
import type { Db } from '../db/client';
import type { CurrentUser } from '../http/request-context';
import {
  anyPublishedSince,
  findSchedules,
  listPublishedVersionsOverlapping,
  type ScheduleRow,
} from '../scheduling/schedules.repository';
import {
  findPublishedSlotsOfStaff,
  findSlotsOfSchedules,
  type SlotRow,
} from '../scheduling/assignments.repository';
import { markShiftsSeen, readShiftsSeenAt } from './my-shifts.repository';
import { describeDay, describeShift, diffSlots, type ScheduleChange } from '../scheduling/schedule-changes';
import { addDays, getSiteForUser, todayAt, type SiteSummary } from '../sites/sites.service';
import { isIsoDate, mondayOf } from '../lib/time';
import { breakTimes } from '../scheduling/paid-hours';

/** Start and end instants of a shift that starts on `date` (local), minutes from local midnight. */
export function shiftInterval(
  date: string,
  startMinute: number,
  endMinute: number,
  zone: string,
): { start: DateTime; end: DateTime } {
  // Pure and asked for the same few shifts on every page view; luxon's zone arithmetic is the
  // costly part of "my shifts", so results are kept (DateTimes are immutable).
  const key = `${date}|${startMinute}|${endMinute}|${zone}`;
  const known = intervals.get(key);
  if (known) return known;
  if (intervals.size >= INTERVAL_CACHE_SIZE) intervals.clear();
  const interval = computeShiftInterval(date, startMinute, endMinute, zone);
  intervals.set(key, interval);
  return interval;
}

const INTERVAL_CACHE_SIZE = 20_000;
const intervals = new Map<string, { start: DateTime; end: DateTime }>();

function computeShiftInterval(
  date: string,
  startMinute: number,
  endMinute: number,
  zone: string,
): { start: DateTime; end: DateTime } {
  const day = DateTime.fromISO(date, { zone }).startOf('day');
  // Wall-clock times, not "midnight + minutes": on a DST day 07:00 is still 07:00.
  const at = (d: DateTime, minute: number) =>
    minute >= 1440
      ? d.plus({ days: 1 }).startOf('day')
      : d.set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 });
  const start = at(day, startMinute);
  const end = endMinute <= startMinute ? at(day.plus({ days: 1 }), endMinute) : at(day, endMinute);
  return { start, end };
}

/**
 * Paid minutes of one shift (its paid hours): its real length in the site's zone, so a
 * night across a daylight-saving change counts the hour it gains or loses, minus the unpaid break.
 */
export function paidMinutesOf(
  s: { shiftDate: string; startMinute: number; endMinute: number; breakMinutes: number },
  zone: string,
): number {
  const { start, end } = shiftInterval(s.shiftDate, s.startMinute, s.endMinute, zone);
  return Math.max(0, Math.round(end.diff(start, 'minutes').minutes) - s.breakMinutes);
}

export type ShiftMark = 'new' | 'changed' | null;

export interface MyShift {
  assignmentId: number;
  scheduleId: number;
  version: number;
  shiftDate: string;
  templateName: string;
  startMinute: number;
  endMinute: number;
  /** Local date the shift ends on; later than `shiftDate` for a shift that crosses midnight. */
  endDate: string;
  crossesMidnight: boolean;
  positionName: string;
  positionColor: string;
  siteName: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  /** Paid minutes: the length minus the unpaid break. */
  minutes: number;
  breakMinutes: number;
  /** The break's clock times, "12:00–12:30"; empty without one. */
  breakTimes: string;
  /** Published or changed since the person last looked. */
  mark: ShiftMark;
  /** For a changed shift: what it was, e.g. "was Day 07:00–15:30 as Pharmacist". */
  markNote: string | null;
}

export interface MyVersionChanges {
  scheduleId: number;
  version: number;
  periodStart: string;
  publishedAt: Date;
  /** Published after the person last looked. */
  isNew: boolean;
  lines: string[];
}

export interface MyShifts {
  site: SiteSummary;
  today: string;
  /** When the person looked before this visit (null: never). */
  seenBefore: Date | null;
  upcoming: MyShift[];
  week: {
    start: string;
    end: string;
    prev: string;
    next: string;
    isCurrent: boolean;
    totalMinutes: number;
    days: { date: string; isToday: boolean; shifts: MyShift[] }[];
  };
  recentChanges: MyVersionChanges[];
  newCount: number;
  changedCount: number;
}

export interface MyShiftsOptions {
  /** Any date in the week to show; default this week. */
  week?: string;
  /** Record this visit, so the marks shown now are not shown again. Default true. */
  markSeen?: boolean;
  now?: Date;
}

const UPCOMING_DAYS = 28;
const RECENT_CHANGE_DAYS = 28;

/**
 * A person's published shifts: the upcoming ones (from a shift still running now to four weeks
 * ahead) and one week (Monday to Sunday), each shift marked "new" or "changed" when a version
 * published since the person's last visit (User.shiftsSeenAt) added or changed it, plus the change
 * lists of recent versions filtered to that person. Then records the visit.
 */
export async function getMyShifts(
  db: Db,
  user: CurrentUser,
  options: MyShiftsOptions = {},
): Promise<MyShifts> {
  const now = options.now ?? new Date();
  const site = await getSiteForUser(db, user);
  const today = todayAt(site.timeZone, now);
  const weekStart = mondayOf(options.week && isIsoDate(options.week) ? options.week : today);
  const weekEnd = addDays(weekStart, 6);
  const seenBefore = await readShiftsSeenAt(db, user.id);

  const lastUpcomingDay = addDays(today, UPCOMING_DAYS - 1);
  const weekAgo = addDays(today, -6);
  const from = [addDays(today, -1), weekStart].sort()[0]!;
  const to = [lastUpcomingDay, weekEnd].sort().at(-1)!;
  const staffId = user.staffId;
  const slots = staffId === null ? [] : await findPublishedSlotsOfStaff(db, staffId, from, to);

  // Every published version of the weeks involved, then the person's assignments in all of the
  // versions the marks and change lists compare, in one query each: no query per week or version.
  // The versions of the person's own site normally hold every schedule their shifts are in; only
  // schedules of other sites are looked up on their own, together with those sites' versions.
  const historyFrom = [from, weekAgo].sort()[0]!;
  const ownVersions =
    staffId === null ? [] : await listPublishedVersionsOverlapping(db, [site.id], historyFrom, to);
  const ownById = new Map(ownVersions.map((v) => [v.id, v]));
  const slotScheduleIds = [...new Set(slots.map((s) => s.scheduleId))];
  const elsewhere = await findSchedules(
    db,
    slotScheduleIds.filter((id) => !ownById.has(id)),
  );
  const heads = new Map<number, ScheduleRow>();
  for (const id of slotScheduleIds) {
    const head = ownById.get(id) ?? elsewhere.get(id);
    if (head) heads.set(id, head);
  }
  const otherSites = [...new Set([...elsewhere.values()].map((h) => h.siteId))].filter(
    (id) => id !== site.id,
  );
  const versions =
    otherSites.length === 0
      ? ownVersions
      : [...ownVersions, ...(await listPublishedVersionsOverlapping(db, otherSites, historyFrom, to))];
  const baselines = new Map<number, ScheduleRow | undefined>();
  for (const head of heads.values()) {
    if (seenBefore && head.publishedAt && head.publishedAt <= seenBefore) continue;
    baselines.set(head.id, lastSeenVersion(versions, head, seenBefore));
  }
  const since = new Date(now.getTime() - RECENT_CHANGE_DAYS * 86_400_000);
  const recent = versions
    .filter(
      (v) =>
        v.siteId === site.id && v.publishedAt !== null && v.publishedAt >= since && v.periodEnd >= weekAgo,
    )
    .sort((a, b) => b.publishedAt!.getTime() - a.publishedAt!.getTime());
  const needed = new Set<number>();
  for (const [id, base] of baselines) {
    needed.add(id);
    if (base) needed.add(base.id);
  }
  for (const v of recent) {
    needed.add(v.id);
    if (v.basedOnId !== null) needed.add(v.basedOnId);
  }
  const mine =
    staffId === null ? new Map<number, SlotRow[]>() : await findSlotsOfSchedules(db, [...needed], staffId);
  const slotsOf = (id: number) => mine.get(id) ?? [];

  const marks = new Map<string, Mark>();
  for (const [id, base] of baselines) {
    for (const c of diffSlots(base ? slotsOf(base.id) : [], slotsOf(id))) {
      if (!c.after) continue;
      const key = `${c.after.shiftDate}|${c.after.templateId}`;
      if (c.kind === 'added') marks.set(key, { mark: 'new', note: null });
      else if (c.kind === 'moved')
        marks.set(key, {
          mark: 'changed',
          note: `was ${c.before!.templateName} as ${c.before!.positionName}`,
        });
      else marks.set(key, { mark: 'changed', note: `was ${c.before!.positionName}` });
    }
  }

  const shifts: MyShift[] = [];
  for (const s of slots) {
    const head = heads.get(s.scheduleId);
    if (!head) continue;
    const { start, end } = shiftInterval(s.shiftDate, s.startMinute, s.endMinute, head.timeZone);
    const mark = marks.get(`${s.shiftDate}|${s.templateId}`);
    shifts.push({
      assignmentId: s.id,
      scheduleId: s.scheduleId,
      version: head.version,
      shiftDate: s.shiftDate,
      templateName: s.templateName,
      startMinute: s.startMinute,
      endMinute: s.endMinute,
      endDate: end.toISODate() ?? s.shiftDate,
      crossesMidnight: (end.toISODate() ?? s.shiftDate) !== s.shiftDate,
      positionName: s.positionName,
      positionColor: s.positionColor,
      siteName: head.siteName,
      timeZone: head.timeZone,
      startsAt: start.toJSDate(),
      endsAt: end.toJSDate(),
      minutes: paidMinutesOf(s, head.timeZone),
      breakMinutes: s.breakMinutes,
      breakTimes: breakTimes(s),
      mark: mark?.mark ?? null,
      markNote: mark?.note ?? null,
    });
  }
  shifts.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());

  const upcoming = shifts.filter((s) => s.endsAt > now && s.shiftDate <= lastUpcomingDay);
  const weekShifts = shifts.filter((s) => s.shiftDate >= weekStart && s.shiftDate <= weekEnd);
  const recentChanges = recent.flatMap((v): MyVersionChanges[] => {
    const lines = changeLinesFor(v, slotsOf(v.id), v.basedOnId === null ? null : slotsOf(v.basedOnId));
    if (lines.length === 0) return [];
    return [
      {
        scheduleId: v.id,
        version: v.version,
        periodStart: v.periodStart,
        publishedAt: v.publishedAt!,
        isNew: seenBefore === null || v.publishedAt! > seenBefore,
        lines,
      },
    ];
  });

  // The visit is recorded only when something was published since the last recorded one: every
  // mark and change list compares publish instants with it, and none of them lies between the two
  // visits, so the pages read the same — without a database write on every visit of a busy page.
  if ((options.markSeen ?? true) && (seenBefore === null || (await anyPublishedSince(db, seenBefore, now))))
    await markShiftsSeen(db, user.id, now);

  return {
    site,
    today,
    seenBefore,
    upcoming,
    week: {
      start: weekStart,
      end: weekEnd,
      prev: addDays(weekStart, -7),
      next: addDays(weekStart, 7),
      isCurrent: weekStart === mondayOf(today),
      totalMinutes: weekShifts.reduce((sum, s) => sum + s.minutes, 0),
      days: Array.from({ length: 7 }, (_, i) => {
        const date = addDays(weekStart, i);
        return { date, isToday: date === today, shifts: weekShifts.filter((s) => s.shiftDate === date) };
      }),
    },
    recentChanges,
    newCount: upcoming.filter((s) => s.mark === 'new').length,
    changedCount: upcoming.filter((s) => s.mark === 'changed').length,
  };
}

interface Mark {
  mark: Exclude<ShiftMark, null>;
  note: string | null;
}

/**
 * The version of a published schedule's week the person last saw: the newest one published at or
 * before their last visit. None when they never looked, or the week was first published since.
 */
function lastSeenVersion(
  versions: ScheduleRow[],
  head: ScheduleRow,
  seenAt: Date | null,
): ScheduleRow | undefined {
  if (!seenAt) return undefined;
  return versions
    .filter(
      (v) =>
        v.siteId === head.siteId &&
        v.periodStart === head.periodStart &&
        v.publishedAt !== null &&
        v.publishedAt <= seenAt,
    )
    .sort((a, b) => b.version - a.version)[0];
}

/** One version's changes for one person, as sentences; a first version says how many shifts they have. */
function changeLinesFor(version: ScheduleRow, after: SlotRow[], before: SlotRow[] | null): string[] {
  if (before === null) {
    if (after.length === 0) return [];
    const count = after.length === 1 ? '1 shift' : `${after.length} shifts`;
    return [`Schedule for the week of ${describeDay(version.periodStart)} published: you have ${count}.`];
  }
  return diffSlots(before, after).map(formatOwnChange);
}

/** A change told to the person it is about: "Tue 1 Dec: You were moved from … to …". */
function formatOwnChange(c: ScheduleChange): string {
  const day = describeDay(c.shiftDate);
  switch (c.kind) {
    case 'added':
      return `${day}: You were added to ${describeShift(c.after!)} as ${c.after!.positionName}`;
    case 'removed':
      return `${day}: You were removed from ${describeShift(c.before!)} (${c.before!.positionName})`;
    case 'moved':
      return `${day}: You were moved from ${describeShift(c.before!)} (${c.before!.positionName}) to ${describeShift(c.after!)} (${c.after!.positionName})`;
    case 'position':
      return `${day}: On ${describeShift(c.after!)} you now work as ${c.after!.positionName} instead of ${c.before!.positionName}`;
  }
}

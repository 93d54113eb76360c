// Site-time arithmetic of a schedule week: Mondays, when a shift starts in the site's zone, whether
// it has started or falls inside the notice window, and solver minutes counted from the week's start
// (luxon, so daylight-saving days have 23 or 25 hours).
import { DateTime } from 'luxon';
import type { SiteRulesFact } from './week-facts';
import { mondayOf } from '../lib/time';

/** The Monday after the current week where the site is: the week a manager usually plans. */
export function nextWeekStart(timeZone: string, now: Date = new Date()): string {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).toISODate() ?? '';
  return mondayOf(DateTime.fromISO(today, { zone: 'utc' }).plus({ days: 7 }).toISODate() ?? today);
}

/** The instant a shift starts: its local start time on its date in the site's zone (luxon). */
export function shiftStartsAt(zone: string, shift: { date: string; startMinute: number }): DateTime {
  return DateTime.fromISO(shift.date, { zone }).set({
    hour: Math.floor(shift.startMinute / 60),
    minute: shift.startMinute % 60,
    second: 0,
    millisecond: 0,
  });
}

/** A started shift: its start, site time, has passed. Re-solves, repairs and edits leave it alone. */
export function hasStarted(zone: string, shift: { date: string; startMinute: number }, now: Date): boolean {
  return shiftStartsAt(zone, shift).toMillis() <= now.getTime();
}

/** Whether a shift that has not started yet starts inside the site's notice window from `now`. */
export function insideNoticeWindow(
  site: Pick<SiteRulesFact, 'timeZone' | 'noticeWindowDays'>,
  shift: { date: string; startMinute: number },
  now: Date,
): boolean {
  const start = shiftStartsAt(site.timeZone, shift).toMillis();
  return start > now.getTime() && start < now.getTime() + site.noticeWindowDays * 86_400_000;
}

export function addDaysIso(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() ?? date;
}

/**
 * Real minutes from local midnight of `periodStart` to the wall-clock time `minute` on `date`.
 * The clock time is set field by field (not added as a duration), so 07:30 stays 07:30 on a day
 * with 23 or 25 hours; a time skipped by spring-forward resolves to the same instant luxon picks.
 */
export function minutesFromStart(zone: string, periodStart: string, date: string, minute: number): number {
  // Time-zone arithmetic is the slowest part of building a week's input (luxon asks Intl for each
  // offset) and the same few hundred clock times recur in every build: the answers are kept.
  const key = `${zone}|${periodStart}|${date}|${minute}`;
  let known = knownMinutes.get(key);
  if (known === undefined) {
    known = computeMinutesFromStart(zone, periodStart, date, minute);
    if (knownMinutes.size >= KNOWN_MINUTES_LIMIT) knownMinutes.clear();
    knownMinutes.set(key, known);
  }
  return known;
}

const knownMinutes = new Map<string, number>();
const KNOWN_MINUTES_LIMIT = 100_000;

function computeMinutesFromStart(zone: string, periodStart: string, date: string, minute: number): number {
  const origin = DateTime.fromISO(periodStart, { zone }).startOf('day');
  const day = minute >= 1440 ? addDaysIso(date, 1) : date;
  const m = minute % 1440;
  const at = DateTime.fromISO(day, { zone }).set({
    hour: Math.floor(m / 60),
    minute: m % 60,
    second: 0,
    millisecond: 0,
  });
  return Math.round(at.diff(origin, 'minutes').minutes);
}

/**
 * Minutes from local midnight of `periodStart` in `fromZone` to local midnight of the same date in
 * `zone`: what to add to a shift's minutes at a site in `zone` to count them on the clock of a week
 * kept in `fromZone` (60 from New York to Chicago). 0 for the same zone.
 */
export function zoneOffsetMinutes(fromZone: string, zone: string, periodStart: string): number {
  if (fromZone === zone) return 0;
  const origin = DateTime.fromISO(periodStart, { zone: fromZone }).startOf('day');
  const other = DateTime.fromISO(periodStart, { zone }).startOf('day');
  return Math.round(other.diff(origin, 'minutes').minutes);
}

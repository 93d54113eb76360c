// The week's shift instances for the solver, and the rest and run-of-days carried across the week's edges.
import { DateTime } from 'luxon';
import type { Staff as SolverStaff } from '../../solver/core/types';
import {
  shiftKey,
  staffKey,
  WEEK_DAYS,
  type AssignmentFact,
  type BoundaryShiftFact,
  type ShiftInfo,
  type SiteRulesFact,
  type TemplateFact,
} from './week-facts';
import { addDaysIso, minutesFromStart, zoneOffsetMinutes } from './week-time';
import { clock } from '../lib/time';
import { breakStartClock } from './paid-hours';

/** The shift instances of the week from the active templates, ordered by start. */
export function buildShifts(
  site: Pick<SiteRulesFact, 'timeZone'>,
  periodStart: string,
  templates: TemplateFact[],
): ShiftInfo[] {
  const shifts: ShiftInfo[] = [];
  for (let day = 0; day < WEEK_DAYS; day++) {
    const date = addDaysIso(periodStart, day);
    const weekday = DateTime.fromISO(date, { zone: 'utc' }).weekday;
    for (const t of templates) {
      const weekdays = t.weekdays.split(',').map((w) => Number(w.trim()));
      if (!weekdays.includes(weekday)) continue;
      const crosses = t.endMinute <= t.startMinute;
      const start = minutesFromStart(site.timeZone, periodStart, date, t.startMinute);
      const end = minutesFromStart(
        site.timeZone,
        periodStart,
        crosses ? addDaysIso(date, 1) : date,
        t.endMinute,
      );
      // The break's clock time on the shift's first or second day, in real minutes (luxon), so a
      // daylight-saving night keeps 02:30 at 02:30.
      const breakStartMinute = breakStartClock(t);
      const breakStart = minutesFromStart(
        site.timeZone,
        periodStart,
        crosses && breakStartMinute < t.startMinute ? addDaysIso(date, 1) : date,
        breakStartMinute,
      );
      const weekdayName = DateTime.fromISO(date, { zone: 'utc' }).toFormat('ccc');
      shifts.push({
        id: shiftKey(t.id, date),
        templateId: t.id,
        templateName: t.name,
        shiftType: t.shiftType,
        date,
        day,
        startMinute: t.startMinute,
        endMinute: t.endMinute,
        start,
        end,
        breakMinutes: t.breakMinutes,
        breakStartMinute,
        breakStart,
        label: `${weekdayName} ${clock(t.startMinute)}–${clock(t.endMinute)} ${t.name}`,
      });
    }
  }
  return shifts.sort((a, b) => a.start - b.start || a.end - b.end || a.templateId - b.templateId);
}

/**
 * Makes shifts of the week unavailable to someone whose published shift just outside the week (at this
 * site or another they work at) would overlap them or leave less than the site's minimum rest between
 * them: the rule verifySchedule applies inside the week, carried over both edges.
 */
export function blockRestAcrossWeekEdges(
  staff: SolverStaff[],
  site: Pick<SiteRulesFact, 'timeZone' | 'minRestMinutes'>,
  periodStart: string,
  shifts: ShiftInfo[],
  outside: BoundaryShiftFact[],
): void {
  const hours = (m: number): string => `${Math.round((m / 60) * 10) / 10} h`;
  for (const o of outside) {
    const person = staff.find((p) => p.id === staffKey(o.staffId));
    if (!person) continue;
    const crosses = o.endMinute <= o.startMinute;
    // A shift elsewhere is on its own site's clock, moved onto this site's (as for the week's shifts elsewhere).
    const zone = o.elsewhere?.timeZone ?? site.timeZone;
    const offset = zoneOffsetMinutes(site.timeZone, zone, periodStart);
    const start = offset + minutesFromStart(zone, periodStart, o.shiftDate, o.startMinute);
    const end =
      offset +
      minutesFromStart(zone, periodStart, crosses ? addDaysIso(o.shiftDate, 1) : o.shiftDate, o.endMinute);
    const isBefore = start < 0;
    const where = o.elsewhere ? ` at ${o.elsewhere.siteName}` : '';
    const label = `${DateTime.fromISO(o.shiftDate, { zone: 'utc' }).toFormat('ccc')} ${clock(o.startMinute)}–${clock(o.endMinute)} ${o.templateName}${where} of the week ${isBefore ? 'before' : 'after'}`;
    for (const s of shifts) {
      const rest = isBefore ? s.start - end : start - s.end;
      if (rest >= site.minRestMinutes) continue;
      if (person.availability?.[s.id]?.status === 'unavailable') continue;
      const reason =
        rest < 0
          ? `works ${label}, which overlaps`
          : `rest ${isBefore ? 'after' : 'before'} ${label} would be ${hours(rest)}, the site requires ${hours(site.minRestMinutes)}`;
      person.availability = { ...person.availability, [s.id]: { status: 'unavailable', reason } };
    }
  }
}

/** How many days before the week to look back at most: a full run longer than this changes nothing. */
const LOOKBACK_DAYS = 14;

/**
 * Sets `workedDaysBefore`: the days in a row each person worked, by the published schedules of every
 * site, up to the day before the week (Sunday), so that a run crossing into the week counts for max
 * consecutive days.
 */
export function carryWorkedDaysBefore(
  staff: SolverStaff[],
  periodStart: string,
  before: Pick<AssignmentFact, 'staffId' | 'shiftDate'>[],
): void {
  const worked = new Set(before.map((a) => `${staffKey(a.staffId)}@${a.shiftDate}`));
  for (const person of staff) {
    let days = 0;
    while (days < LOOKBACK_DAYS && worked.has(`${person.id}@${addDaysIso(periodStart, -(days + 1))}`))
      days += 1;
    if (days > 0) person.workedDaysBefore = days;
  }
}

// Published weeks that now break a rule. A published week is checked when it is published, but the
// data moves on afterwards: time off is approved, a credential lapses, someone becomes unavailable.
// Each break is found by running verifySchedule on the published rows against today's data, and
// comes with the page that fixes it: the call-out repair of the shift to blame, or the schedule
// when no single shift is (the technician ratio) or the shift has already ended.
import { DateTime } from 'luxon';
import { verifySchedule } from '../../solver';
import type { Db } from '../db/client';
import { listPublishedWeeksFrom } from './schedules.repository';
import { listAssignments, type AssignmentRow } from './assignments.repository';
import { ruleLabel } from './rule-labels';
import { addDays, todayAt } from '../sites/sites.service';
import {
  describeViolation,
  shiftKey,
  staffKey,
  toSolverAssignments,
  type SolverInputContext,
} from './week-facts';
import { loadSolverInput } from './solver-input.service';

export interface PublishedBreak {
  scheduleId: number;
  periodStart: string;
  version: number;
  /** The rule in plain words ("available", "minimum rest"). */
  rule: string;
  message: string;
  /** Who and which shift the link repairs; null when the link is to the schedule. */
  staffId: number | null;
  shiftDate: string | null;
  shiftLabel: string | null;
  url: string;
}

/** When a shift (local date and minutes, ending the next day when end ≤ start) ends. */
export function shiftEndsAt(timeZone: string, date: string, startMinute: number, endMinute: number): Date {
  const day = DateTime.fromISO(date, { zone: timeZone }).startOf('day');
  const endDay = endMinute <= startMinute ? day.plus({ days: 1 }) : day;
  return endDay.plus({ minutes: endMinute }).toJSDate();
}

/** The breaks of one published week, checked against the data in `ctx`. */
export function weekBreaks(
  ctx: SolverInputContext,
  rows: AssignmentRow[],
  week: { id: number; periodStart: string; version: number },
  now: Date,
): PublishedBreak[] {
  const timeZone = ctx.site.timeZone;
  const found: PublishedBreak[] = [];
  const shiftById = new Map(ctx.shifts.map((s) => [s.id, s]));
  const rowsByKey = new Map(
    rows.map((r) => [`${staffKey(r.staffId)}|${shiftKey(r.templateId, r.shiftDate)}`, r]),
  );
  const scheduleUrl = `/schedules/${week.id}`;
  for (const v of verifySchedule(ctx.input, toSolverAssignments(ctx, rows))) {
    // The shift to repair: this person's latest shift named by the break that has not ended.
    const candidates = (v.staff === undefined ? [] : (v.shifts ?? []))
      .map((id) => ({ shift: shiftById.get(id), row: rowsByKey.get(`${v.staff}|${id}`) }))
      .filter((c) => c.shift !== undefined && c.row !== undefined)
      .filter((c) => shiftEndsAt(timeZone, c.shift!.date, c.shift!.startMinute, c.shift!.endMinute) > now);
    const target = v.rule === 'RATIO' || v.rule === 'MAX_COVER' ? undefined : candidates.at(-1);
    found.push({
      scheduleId: week.id,
      periodStart: week.periodStart,
      version: week.version,
      rule: ruleLabel(v.rule),
      message: describeViolation(ctx, v.message),
      staffId: target ? target.row!.staffId : null,
      shiftDate: target ? target.shift!.date : null,
      shiftLabel: target ? target.shift!.label : null,
      url: target ? `${scheduleUrl}/callout/${target.row!.id}` : scheduleUrl,
    });
  }
  return found;
}

/** Every break in the site's published weeks whose last day is today or later. */
export async function findPublishedBreaks(
  db: Db,
  siteId: number,
  timeZone: string,
  now: Date = new Date(),
): Promise<PublishedBreak[]> {
  const today = todayAt(timeZone, now);
  const weeks = await listPublishedWeeksFrom(db, siteId, today);
  const found: PublishedBreak[] = [];
  for (const week of weeks) {
    const [rows, ctx] = await Promise.all([
      listAssignments(db, week.id),
      loadSolverInput(db, siteId, week.periodStart, { previousFrom: 'none' }),
    ]);
    found.push(...weekBreaks(ctx, rows, week, now));
  }
  return found;
}

/** The breaks one person's approved absence from `startDate` to `endDate` left (a night shift into the first day counts). */
export async function breaksOfAbsence(
  db: Db,
  siteId: number,
  timeZone: string,
  staffId: number,
  startDate: string,
  endDate: string,
): Promise<PublishedBreak[]> {
  const from = addDays(startDate, -1);
  return (await findPublishedBreaks(db, siteId, timeZone)).filter(
    (b) => b.staffId === staffId && b.shiftDate !== null && b.shiftDate >= from && b.shiftDate <= endDate,
  );
}

// Turns the database facts of one site and one week into the solver's plain input (solver/core/types.ts),
// and keeps the maps back from the solver's string ids to database ids.
//
// `buildSolverInput` is pure (facts in, input out) so the mapping is unit-tested without a database;
// `loadSolverInput` reads the facts through the schedules repository and calls it.
//
// Times: the solver counts minutes from 00:00 local time on the Monday of the week. Each shift's
// start and end are computed with luxon in the site's zone, so an overnight shift across a
// daylight-saving change is 7.5 h or 9.5 h long, not 8.5 h, and every later shift moves by the hour.
import { DateTime } from 'luxon';
import type {
  Assignment as SolverAssignment,
  AvailabilityEntry,
  Demand,
  Position as SolverPosition,
  ScheduleInput,
  ShiftInstance,
  Staff as SolverStaff,
} from '../../solver/core/types';
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../db/client';
import { NotFoundError } from '../http/errors';
import {
  loadPublishedAssignments,
  loadScheduleAssignments,
  loadShiftsNextToWeek,
  loadSiteWeekFacts,
  type AssignmentFact,
} from './schedules.repository';
import { shiftDates } from '../availability/availability-rules';
import { resolveAvailability, type AvailabilityInput } from '../availability/availability.service';
import {
  qualifiesForShift,
  type CredentialFact,
  type RequiredCredentialType,
} from '../credentials/qualification';

export type { AssignmentFact } from './schedules.repository';

export const WEEK_DAYS = 7;

export interface SiteRulesFact {
  id: number;
  name: string;
  timeZone: string;
  /** Two-letter state: requirements limited to the site's state accept only its licences. */
  usState: string;
  minRestMinutes: number;
  maxConsecutiveDays: number;
  techRatio: number | null;
  overtimeThresholdMinutes: number;
  weightCoverageGap: number;
  weightUnderMinHours: number;
  weightTargetDeviation: number;
  weightUndesiredShift: number;
  weightNonPreferredShift: number;
  weightWeekendFairness: number;
  weightLabourCost: number;
  weightStability: number;
  /** Days ahead inside which a change to the published schedule costs `weightNoticeChange` more. */
  noticeWindowDays: number;
  weightNoticeChange: number;
}

export interface TemplateFact {
  id: number;
  name: string;
  shiftType: string;
  /** ISO weekdays, comma-separated. */
  weekdays: string;
  startMinute: number;
  endMinute: number;
  /** Unpaid meal break, minutes: hours count the length minus it (paid hours). */
  breakMinutes: number;
  coverage: { positionId: number; min: number; max: number | null }[];
}

export interface PositionFact {
  id: number;
  code: string;
  name: string;
  ratioClass: 'PHARMACIST' | 'TECHNICIAN' | 'NONE';
  color: string;
  sortOrder: number;
  requiredCredentialTypes: RequiredCredentialType[];
}

export interface StaffFact {
  id: number;
  firstName: string;
  lastName: string;
  hourlyRateCents: number;
  minWeeklyMinutes: number;
  targetWeeklyMinutes: number;
  maxWeeklyMinutes: number;
  /** Positions the person is employed to work (StaffPosition). */
  positionIds: number[];
  credentials: CredentialFact[];
  availability: AvailabilityInput;
}

export interface SiteWeekFacts {
  site: SiteRulesFact;
  /** Monday, YYYY-MM-DD. */
  periodStart: string;
  templates: TemplateFact[];
  positions: PositionFact[];
  /** Active staff of the site. */
  staff: StaffFact[];
  /** Assignments the solver must keep. */
  locked: AssignmentFact[];
  /** The schedule to stay close to (the published version, or the draft being re-solved). */
  previous: AssignmentFact[];
  /**
   * Published shifts of the day before and the day after the week (optional). The solver sees one
   * week only, so a Sunday night shift that ends on Monday morning would otherwise not count for rest
   * or overlap.
   */
  outside?: BoundaryShiftFact[];
  /**
   * Published assignments of the weeks before (optional; only their staff and dates are used): the
   * days each person worked in a row up to the day before the week carry into the max-consecutive-days
   * rule as `workedDaysBefore`.
   */
  before?: Pick<AssignmentFact, 'staffId' | 'shiftDate'>[];
}

/** A published shift just outside the week, with its times. */
export interface BoundaryShiftFact {
  staffId: number;
  shiftDate: string;
  templateName: string;
  startMinute: number;
  endMinute: number;
}

/** One concrete shift of the week, with what the pages need to show it. */
export interface ShiftInfo {
  id: string;
  templateId: number;
  templateName: string;
  shiftType: string;
  /** Local date the shift starts on. */
  date: string;
  day: number;
  startMinute: number;
  endMinute: number;
  /** Minutes from the start of the week (solver time). */
  start: number;
  end: number;
  /** Unpaid meal break, minutes. */
  breakMinutes: number;
  label: string;
}

export interface StaffInfo {
  id: string;
  staffId: number;
  name: string;
  hourlyRateCents: number;
  minWeeklyMinutes: number;
  targetWeeklyMinutes: number;
  maxWeeklyMinutes: number;
}

export interface PositionInfo {
  id: string;
  positionId: number;
  code: string;
  name: string;
  color: string;
  sortOrder: number;
}

export interface SolverInputContext {
  input: ScheduleInput;
  site: SiteRulesFact;
  periodStart: string;
  periodEnd: string;
  dates: string[];
  shifts: ShiftInfo[];
  staff: StaffInfo[];
  positions: PositionInfo[];
}

/** Solver id of a shift instance: template and local start date. */
export function shiftKey(templateId: number, date: string): string {
  return `t${templateId}@${date}`;
}

export function staffKey(staffId: number): string {
  return `s${staffId}`;
}

/** Monday of the week containing `date` (ISO weekdays: Monday is 1). */
export function mondayOf(date: string): string {
  const d = DateTime.fromISO(date, { zone: 'utc' });
  return d.minus({ days: d.weekday - 1 }).toISODate() ?? date;
}

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

/** A started shift (DESIGN.md): its start, site time, has passed. Re-solves, repairs and edits leave it alone. */
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

function addDaysIso(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() ?? date;
}

/**
 * Real minutes from local midnight of `periodStart` to the wall-clock time `minute` on `date`.
 * The clock time is set field by field (not added as a duration), so 07:30 stays 07:30 on a day
 * with 23 or 25 hours; a time skipped by spring-forward resolves to the same instant luxon picks.
 */
function minutesFromStart(zone: string, periodStart: string, date: string, minute: number): number {
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

function clock(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

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
        label: `${weekdayName} ${clock(t.startMinute)}–${clock(t.endMinute)} ${t.name}`,
      });
    }
  }
  return shifts.sort((a, b) => a.start - b.start || a.end - b.end || a.templateId - b.templateId);
}

/**
 * Makes shifts of the week unavailable to someone whose published shift just outside the week would
 * overlap them or leave less than the site's minimum rest between them: the rule verifySchedule
 * applies inside the week, carried over both edges.
 */
function blockRestAcrossWeekEdges(
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
    const start = minutesFromStart(site.timeZone, periodStart, o.shiftDate, o.startMinute);
    const end = minutesFromStart(
      site.timeZone,
      periodStart,
      crosses ? addDaysIso(o.shiftDate, 1) : o.shiftDate,
      o.endMinute,
    );
    const isBefore = start < 0;
    const label = `${DateTime.fromISO(o.shiftDate, { zone: 'utc' }).toFormat('ccc')} ${clock(o.startMinute)}–${clock(o.endMinute)} ${o.templateName} of the week ${isBefore ? 'before' : 'after'}`;
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
 * Sets `workedDaysBefore`: the days in a row each person worked, by the published schedules, up to the
 * day before the week (Sunday), so that a run crossing into the week counts for max consecutive days.
 */
function carryWorkedDaysBefore(
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

function ratioRoleOf(p: PositionFact): SolverPosition['ratioRole'] {
  if (p.ratioClass === 'PHARMACIST') return 'pharmacist';
  if (p.ratioClass === 'TECHNICIAN') return 'technician';
  return undefined;
}

/** Database facts → the solver's input, plus the maps back to database ids. Pure. */
export function buildSolverInput(facts: SiteWeekFacts): SolverInputContext {
  const { site, periodStart } = facts;
  const dates = Array.from({ length: WEEK_DAYS }, (_, i) => addDaysIso(periodStart, i));
  const activeTemplates = facts.templates;
  const shifts = buildShifts(site, periodStart, activeTemplates);
  const templateById = new Map(activeTemplates.map((t) => [t.id, t]));
  const positionById = new Map(facts.positions.map((p) => [p.id, p]));

  const positions: PositionInfo[] = [...facts.positions]
    .sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id)
    .map((p) => ({
      id: p.code,
      positionId: p.id,
      code: p.code,
      name: p.name,
      color: p.color,
      sortOrder: p.sortOrder,
    }));

  const demands: Demand[] = [];
  for (const s of shifts) {
    for (const c of templateById.get(s.templateId)?.coverage ?? []) {
      const position = positionById.get(c.positionId);
      if (!position) continue;
      demands.push({
        shift: s.id,
        position: position.code,
        min: c.min,
        ...(c.max !== null ? { max: c.max } : {}),
      });
    }
  }

  const solverStaff: SolverStaff[] = facts.staff.map((p) => toSolverStaff(p, site, shifts, positionById));
  blockRestAcrossWeekEdges(solverStaff, site, periodStart, shifts, facts.outside ?? []);
  carryWorkedDaysBefore(solverStaff, periodStart, facts.before ?? []);

  const known = { shifts, staff: facts.staff.map((p) => ({ staffId: p.id })), positions };
  const locked = toSolverAssignments(known, facts.locked);
  const previous = toSolverAssignments(known, facts.previous);

  const input: ScheduleInput = {
    horizon: { startDate: periodStart, days: WEEK_DAYS },
    shifts: shifts.map((s): ShiftInstance => ({
      id: s.id,
      day: s.day,
      start: s.start,
      end: s.end,
      // A daylight-saving night can be shorter than the break on a very short shift: never below 0 paid.
      ...(s.breakMinutes > 0 ? { breakMinutes: Math.min(s.breakMinutes, s.end - s.start) } : {}),
      type: s.shiftType,
      label: s.label,
    })),
    positions: positions.map((p) => {
      const fact = positionById.get(p.positionId);
      const ratioRole = fact ? ratioRoleOf(fact) : undefined;
      return { id: p.id, name: p.name, ...(ratioRole ? { ratioRole } : {}) };
    }),
    demands,
    staff: solverStaff,
    rules: {
      minRestMinutes: site.minRestMinutes,
      maxConsecutiveDays: site.maxConsecutiveDays,
      technicianRatio: site.techRatio,
      overtimeMinutesPerWeek: site.overtimeThresholdMinutes,
    },
    weights: {
      underCover: site.weightCoverageGap,
      underMinMinutes: site.weightUnderMinHours,
      targetDeviation: site.weightTargetDeviation,
      undesired: site.weightUndesiredShift,
      // Preferred shifts are steered by penalising the non-preferred ones (below), not by a reward,
      // which would pay the optimiser for every extra preferred shift anyone works.
      preferred: 0,
      // Site weight is per $100 of labour; hourly costs reach the solver in dollars.
      laborCost: site.weightLabourCost / 100,
      change: site.weightStability,
      // Per weekend shift a person works above the fair share (solver/core/types.ts Weights.fairness).
      fairness: site.weightWeekendFairness,
    },
    ...(locked.length > 0 ? { locked } : {}),
    ...(previous.length > 0 ? { previous } : {}),
  };

  return {
    input,
    site,
    periodStart,
    periodEnd: dates[WEEK_DAYS - 1] ?? periodStart,
    dates,
    shifts,
    staff: facts.staff.map((p) => ({
      id: staffKey(p.id),
      staffId: p.id,
      name: `${p.firstName} ${p.lastName}`,
      hourlyRateCents: p.hourlyRateCents,
      minWeeklyMinutes: p.minWeeklyMinutes,
      targetWeeklyMinutes: p.targetWeeklyMinutes,
      maxWeeklyMinutes: p.maxWeeklyMinutes,
    })),
    positions,
  };
}

function toSolverStaff(
  p: StaffFact,
  site: SiteRulesFact,
  shifts: ShiftInfo[],
  positionById: Map<number, PositionFact>,
): SolverStaff {
  const held = p.positionIds
    .map((id) => positionById.get(id))
    .filter((x): x is PositionFact => x !== undefined);
  const heldCodes = held.map((x) => x.code);
  const qualifiedByShift: Record<string, string[]> = {};
  const unqualifiedReasons: NonNullable<SolverStaff['unqualifiedReasons']> = [];
  const availability: Record<string, AvailabilityEntry> = {};
  const hasPreferences = p.availability.rules.some((r) => r.kind === 'PREFERRED');

  for (const s of shifts) {
    const time = { date: s.date, startMinute: s.startMinute, endMinute: s.endMinute };
    const dates = shiftDates(time);
    const qualified: string[] = [];
    for (const position of held) {
      const q = qualifiesForShift(
        p.credentials,
        {
          positionId: position.id,
          positionName: position.name,
          requiredCredentialTypes: position.requiredCredentialTypes,
          siteState: site.usState,
        },
        dates,
      );
      if (q.qualified) qualified.push(position.code);
      else unqualifiedReasons.push({ shift: s.id, position: position.code, reason: q.reason });
    }
    if (qualified.length !== heldCodes.length) qualifiedByShift[s.id] = qualified;

    const verdict = resolveAvailability(p.availability, time);
    if (verdict.kind === 'UNAVAILABLE') {
      availability[s.id] = { status: 'unavailable', reason: verdict.reason ?? 'unavailable' };
    } else if (verdict.kind === 'PREFERRED') {
      availability[s.id] = { status: 'preferred', reason: verdict.reason ?? 'within their preferred hours' };
    } else if (hasPreferences) {
      availability[s.id] = {
        status: 'undesired',
        weight: site.weightNonPreferredShift,
        reason: 'outside their preferred hours',
      };
    }
  }

  return {
    id: staffKey(p.id),
    name: `${p.firstName} ${p.lastName}`,
    positions: heldCodes,
    ...(Object.keys(qualifiedByShift).length > 0 ? { qualifiedByShift } : {}),
    ...(unqualifiedReasons.length > 0 ? { unqualifiedReasons } : {}),
    availability,
    maxMinutesPerWeek: p.maxWeeklyMinutes,
    ...(p.minWeeklyMinutes > 0 ? { minMinutesPerWeek: p.minWeeklyMinutes } : {}),
    targetMinutes: p.targetWeeklyMinutes,
    hourlyCost: p.hourlyRateCents / 100,
    overtimeMinutesPerWeek: site.overtimeThresholdMinutes,
  };
}

/** Maps database assignments of a context into solver assignments (unknown ones are dropped). */
export function toSolverAssignments(
  ctx: Pick<SolverInputContext, 'shifts' | 'positions'> & { staff: { staffId: number }[] },
  rows: AssignmentFact[],
): SolverAssignment[] {
  const shiftIds = new Set(ctx.shifts.map((s) => s.id));
  const staffIds = new Set(ctx.staff.map((s) => s.staffId));
  const codeById = new Map(ctx.positions.map((p) => [p.positionId, p.code]));
  const out: SolverAssignment[] = [];
  for (const a of rows) {
    const shift = shiftKey(a.templateId, a.shiftDate);
    const position = codeById.get(a.positionId);
    if (!shiftIds.has(shift) || !staffIds.has(a.staffId) || position === undefined) continue;
    out.push({ staff: staffKey(a.staffId), shift, position });
  }
  return out;
}

/**
 * A violation's sentence for people: the solver names positions by their codes (its ids), the
 * pages by their names ("IV_TECH" → "IV technician (sterile compounding)").
 */
export function describeViolation(ctx: Pick<SolverInputContext, 'positions'>, message: string): string {
  return ctx.positions.reduce((text, p) => text.replace(new RegExp(`\\b${p.code}\\b`, 'g'), p.name), message);
}

/** Solver assignment → database ids. */
export function fromSolverAssignment(ctx: SolverInputContext, a: SolverAssignment): AssignmentFact {
  const shift = ctx.shifts.find((s) => s.id === a.shift);
  const staff = ctx.staff.find((s) => s.id === a.staff);
  const position = ctx.positions.find((p) => p.id === a.position);
  if (!shift || !staff || !position)
    throw new Error(`Unknown solver assignment ${a.staff} ${a.shift} ${a.position}`);
  return {
    shiftDate: shift.date,
    templateId: shift.templateId,
    staffId: staff.staffId,
    positionId: position.positionId,
  };
}

export interface LoadInputOptions {
  /** Assignments the solver must keep; default none. */
  locked?: AssignmentFact[];
  /**
   * What to stay close to: a schedule id, or `published` (default) for the latest published version
   * of the site-week.
   */
  previousFrom?: number | 'published' | 'none';
  /**
   * For solves: the moment the solve is for. Shifts that have started by then are frozen with the
   * people `previous` has on them (plus the locks), and changes to shifts starting inside the site's
   * notice window cost `weightNoticeChange` more than other changes.
   */
  now?: Date;
}

/** Reads a site-week from the database and builds the solver input. */
export async function loadSolverInput(
  db: Db | Prisma.TransactionClient,
  siteId: number,
  periodStart: string,
  options: LoadInputOptions = {},
): Promise<SolverInputContext> {
  const facts = await loadSiteWeekFacts(db, siteId, periodStart);
  if (!facts) throw new NotFoundError('That pharmacy site does not exist.');
  const from = options.previousFrom ?? 'published';
  const previous =
    from === 'none'
      ? []
      : from === 'published'
        ? await loadPublishedAssignments(db, siteId, periodStart)
        : await loadScheduleAssignments(db, from);
  const outside = await loadShiftsNextToWeek(db, siteId, periodStart);
  const before = [
    ...(await loadPublishedAssignments(db, siteId, addDaysIso(periodStart, -14))),
    ...(await loadPublishedAssignments(db, siteId, addDaysIso(periodStart, -7))),
  ];
  const ctx = buildSolverInput({ ...facts, locked: options.locked ?? [], previous, outside, before });
  return options.now ? freezeStartedShifts(ctx, previous, options.now) : ctx;
}

/**
 * Marks the shifts that have started at `now` frozen: the solver keeps exactly the people `previous`
 * has on them (added to the locks) and places nobody else there. Changes to later shifts that start
 * inside the notice window cost the stability weight plus the notice-window weight. Pure.
 */
export function freezeStartedShifts(
  ctx: SolverInputContext,
  previous: AssignmentFact[],
  now: Date,
): SolverInputContext {
  const zone = ctx.site.timeZone;
  const frozen = ctx.shifts.filter((s) => hasStarted(zone, s, now)).map((s) => s.id);
  const frozenSet = new Set(frozen);
  const changeCosts: Record<string, number> = {};
  for (const s of ctx.shifts) {
    if (!frozenSet.has(s.id) && insideNoticeWindow(ctx.site, s, now))
      changeCosts[s.id] = ctx.site.weightStability + ctx.site.weightNoticeChange;
  }
  const keyOf = (a: SolverAssignment) => `${a.staff}|${a.shift}|${a.position}`;
  const locked = new Map((ctx.input.locked ?? []).map((a) => [keyOf(a), a]));
  for (const a of toSolverAssignments(ctx, previous)) if (frozenSet.has(a.shift)) locked.set(keyOf(a), a);
  const input: ScheduleInput = {
    ...ctx.input,
    ...(locked.size > 0 ? { locked: [...locked.values()] } : {}),
    ...(frozen.length > 0 ? { frozenShifts: frozen } : {}),
    ...(Object.keys(changeCosts).length > 0 ? { changeCosts } : {}),
  };
  return { ...ctx, input };
}

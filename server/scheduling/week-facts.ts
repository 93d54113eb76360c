// The plain facts of one site-week as the repositories hand them out (site rules, templates,
// positions, staff, assignments by database ids), the solver-input shapes built from them, and the
// id mapping between the two (a shift is `t<templateId>@<date>`, a person `s<staffId>`). Types and
// pure functions only, so repositories and services can share them.
import type { Assignment as SolverAssignment, ScheduleInput } from '../../solver/core/types';
import type { AvailabilityInput } from '../availability/availability.service';
import type { CredentialFact, RequiredCredentialType } from '../credentials/qualification';

/** An assignment by database ids: what the schedule tables store. */
export interface AssignmentFact {
  shiftDate: string;
  templateId: number;
  staffId: number;
  positionId: number;
}

export const WEEK_DAYS = 7;

export interface SiteRulesFact {
  id: number;
  name: string;
  timeZone: string;
  /** Two-letter state: requirements limited to the site's state accept only its licences. */
  usState: string;
  /** With the state it chooses the technician-ratio rule pack. */
  setting: 'COMMUNITY' | 'HOSPITAL';
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
  /** When the break starts, minutes from local midnight; null or absent: centred in the shift. */
  breakStartMinute?: number | null;
  coverage: { positionId: number; min: number; max: number | null }[];
}

export interface PositionFact {
  id: number;
  code: string;
  name: string;
  ratioClass: 'PHARMACIST' | 'TECHNICIAN' | 'INTERN' | 'NONE';
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
  /**
   * Absent for the site's own staff and the people who float to it. `former`: taken off the site's
   * float list but still on shifts of its week (the shift keys): they keep those and may take no other.
   * `district`: attached to another site of the district only, a call-out's stand-in from a nearby store.
   */
  standing?: { kind: 'former'; shifts: string[] } | { kind: 'district'; homeSite: string };
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
  /**
   * The week's shifts these people already have at other sites (optional): a floater's busy time.
   * They are fixed for the solver, and hours, rest, overlap and consecutive days count them.
   */
  elsewhere?: ElsewhereShiftFact[];
}

/** An assignment at another site of the same week, with that site's zone and the shift's times. */
export interface ElsewhereShiftFact extends AssignmentFact {
  siteId: number;
  siteName: string;
  timeZone: string;
  templateName: string;
  shiftType: string;
  startMinute: number;
  endMinute: number;
  breakMinutes: number;
}

/** A published shift just outside the week, with its times. */
export interface BoundaryShiftFact {
  staffId: number;
  shiftDate: string;
  templateName: string;
  startMinute: number;
  endMinute: number;
  /** A floater's shift at another site (its name and zone); absent for the site's own. */
  elsewhere?: { siteName: string; timeZone: string };
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
  /** When the break starts: minutes from local midnight (the set time or the centred default). */
  breakStartMinute: number;
  /** The same instant in minutes from the start of the week (solver time). */
  breakStart: number;
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
  /** Someone of another site of the district who does not work here: their home site (a call-out's stand-in). */
  homeSite?: string;
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
  /** Includes the shifts and fixed assignments of `elsewhere`; `shifts` has only the site's own. */
  input: ScheduleInput;
  site: SiteRulesFact;
  periodStart: string;
  periodEnd: string;
  dates: string[];
  shifts: ShiftInfo[];
  staff: StaffInfo[];
  positions: PositionInfo[];
  /**
   * Fixed assignments of these people at other sites this week (in `input.locked`, on frozen shifts
   * of `input.shifts`): every check of the week counts them, so a floater is never double-booked.
   */
  elsewhere?: ElsewhereShift[];
}

/** A shift someone works at another site, as the solver sees it and as the pages name it. */
export interface ElsewhereShift {
  assignment: SolverAssignment;
  staffId: number;
  siteId: number;
  siteName: string;
  /** Local date at that site. */
  date: string;
  startMinute: number;
  endMinute: number;
  templateName: string;
}

/** Solver id of a shift instance: template and local start date. */
export function shiftKey(templateId: number, date: string): string {
  return `t${templateId}@${date}`;
}

export function staffKey(staffId: number): string {
  return `s${staffId}`;
}

/**
 * Maps database assignments of a context into solver assignments (unknown ones are dropped), followed
 * by the people's fixed assignments at other sites (`ctx.elsewhere`), so that every check of the week
 * sees a floater's whole week.
 */
export function toSolverAssignments(
  ctx: Pick<SolverInputContext, 'shifts' | 'positions' | 'elsewhere'> & { staff: { staffId: number }[] },
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
  for (const e of ctx.elsewhere ?? []) out.push(e.assignment);
  return out;
}

/** The solver assignments of a context that belong to its own site (not the fixed ones elsewhere). */
export function ownAssignments(ctx: Pick<SolverInputContext, 'shifts'>, assignments: SolverAssignment[]) {
  const own = new Set(ctx.shifts.map((s) => s.id));
  return assignments.filter((a) => own.has(a.shift));
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

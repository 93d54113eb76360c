// The checks behind open shifts, claims, swaps and drops: a change to the published week is tried
// with verifySchedule on the whole week as it would be, and refused with the rule named when it
// breaks one the week did not already break. A change that passes is published as a new version
// through the publish guard (publishInTransaction), in the caller's transaction.
import { summarizeSchedule, verifySchedule, type Assignment as SolverAssignment } from '../../solver';
import { ConflictError, NotFoundError } from '../http/errors';
import { findPublishedFor, type ScheduleRow } from '../scheduling/schedules.repository';
import { findSlots, type SlotRow } from '../scheduling/assignments.repository';
import {
  draftFromPublishedInTransaction,
  publishInTransaction,
  type PublishResult,
} from '../scheduling/publish.service';
import { deleteAssignment, insertAssignment, listAssignments } from '../scheduling/assignments.repository';
import { RULE_NAMES } from '../scheduling/rule-labels';
import { loadSolverInput } from '../scheduling/solver-input.service';
import { shiftKey, type SolverInputContext } from '../scheduling/week-facts';
import { staffKey } from '../scheduling/week-facts';
import { toSolverAssignments } from '../scheduling/week-facts';
import { hasStarted } from '../scheduling/week-time';
import { describeViolation } from '../scheduling/week-facts';
import type { DbOrTx } from './exchange.repository';

export const exchangeMessages = {
  notPublished: 'This week has no published schedule.',
  started: (label: string) =>
    `${label} has started: started shifts are history and can no longer be swapped, dropped or claimed.`,
  openDraft: (version: number) =>
    `The manager is editing this week (draft version ${version}); try again once it is published.`,
  changed: 'The published week no longer has this shift as it was; reload the page.',
  coverageWorse: 'It would leave a shift below its required staffing.',
} as const;

/** One person on one shift in one position, by database ids. */
export interface SlotFact {
  shiftDate: string;
  templateId: number;
  staffId: number;
  positionId: number;
}

/** The published version of a site-week with its rows and the solver's view of the week. */
export interface PublishedWeek {
  head: ScheduleRow;
  rows: SlotRow[];
  ctx: SolverInputContext;
}

export async function loadPublishedWeek(
  db: DbOrTx,
  siteId: number,
  periodStart: string,
): Promise<PublishedWeek> {
  const head = await findPublishedFor(db, siteId, periodStart);
  if (!head) throw new ConflictError(exchangeMessages.notPublished);
  const [rows, ctx] = await Promise.all([
    findSlots(db, head.id),
    loadSolverInput(db, siteId, periodStart, { previousFrom: 'none' }),
  ]);
  return { head, rows, ctx };
}

const keyOf = (a: SlotFact): string => `${a.staffId}|${a.templateId}|${a.shiftDate}|${a.positionId}`;

/** The label of a shift of the week ("Tue 1 Dec Weekday day 07:00–15:30"), or its date. */
export function shiftLabel(week: PublishedWeek, slot: Pick<SlotFact, 'templateId' | 'shiftDate'>): string {
  return (
    week.ctx.shifts.find((s) => s.id === shiftKey(slot.templateId, slot.shiftDate))?.label ?? slot.shiftDate
  );
}

/** Whether a shift of the week has started at `now` (unknown shifts count as started: nothing to change). */
export function shiftHasStarted(
  week: PublishedWeek,
  slot: Pick<SlotFact, 'templateId' | 'shiftDate'>,
  now: Date,
): boolean {
  const shift = week.ctx.shifts.find((s) => s.id === shiftKey(slot.templateId, slot.shiftDate));
  return !shift || hasStarted(week.ctx.site.timeZone, shift, now);
}

const baselines = new WeakMap<
  PublishedWeek,
  { known: Set<string>; summary: ReturnType<typeof summarizeSchedule> }
>();

/** The week's own breaks and summary, worked out once per loaded week (ranking tries every person). */
function baselineOf(week: PublishedWeek) {
  let base = baselines.get(week);
  if (!base) {
    const before = toSolverAssignments(week.ctx, week.rows);
    base = {
      known: new Set(verifySchedule(week.ctx.input, before).map((v) => v.message)),
      summary: summarizeSchedule(week.ctx.input, before),
    };
    baselines.set(week, base);
  }
  return base;
}

export interface TrialResult {
  /** Hard rules the change newly breaks, each as «Rule “qualified”: …». Empty: it may be published. */
  problems: string[];
  /** A (shift, position) is further below its minimum than before. */
  worsensCoverage: boolean;
  /** Paid minutes of the week per staff id after the change. */
  minutesAfter: Map<number, number>;
  minutesBefore: Map<number, number>;
}

/**
 * Tries a change on the published week: `removes` leave it, `adds` join it; verifySchedule on the
 * whole week before and after, and only breaks the week did not already have count.
 */
export function tryChange(week: PublishedWeek, removes: SlotFact[], adds: SlotFact[]): TrialResult {
  const { ctx } = week;
  const gone = new Set(removes.map(keyOf));
  const { known, summary: sBefore } = baselineOf(week);
  const kept = week.rows.filter((r) => !gone.has(keyOf(r)));
  const after: SolverAssignment[] = toSolverAssignments(ctx, [...kept, ...adds]);
  const fresh = verifySchedule(ctx.input, after).filter((v) => !known.has(v.message));
  // The ratio is checked at every moment a count changes: one sentence says enough.
  const ratio = fresh.filter((v) => v.rule === 'RATIO').slice(0, 1);
  const problems = [...fresh.filter((v) => v.rule !== 'RATIO'), ...ratio].map(
    (v) => `Rule “${RULE_NAMES[v.rule]}”: ${describeViolation(ctx, v.message)}`,
  );
  const sAfter = summarizeSchedule(ctx.input, after);
  const missingBefore = new Map(sBefore.gaps.map((g) => [`${g.shift}|${g.position}`, g.missing]));
  const worsensCoverage = sAfter.gaps.some(
    (g) => g.missing > (missingBefore.get(`${g.shift}|${g.position}`) ?? 0),
  );
  const byStaffId = (list: { staff: string; total: number }[]) =>
    new Map(
      list.flatMap((m) => {
        const info = ctx.staff.find((s) => s.id === m.staff);
        return info ? [[info.staffId, m.total] as const] : [];
      }),
    );
  return {
    problems,
    worsensCoverage,
    minutesBefore: byStaffId(sBefore.minutes),
    minutesAfter: byStaffId(sAfter.minutes),
  };
}

export interface Eligible {
  staffId: number;
  name: string;
  minutesAfter: number;
  targetMinutes: number;
  overtimeMinutes: number;
}

export interface Ineligible {
  staffId: number;
  name: string;
  /** The first rule the person would break, «Rule “…”: …». */
  reason: string;
}

/**
 * Everyone of the site who could take an open place (a shift, a position) without breaking a hard
 * rule, ranked as a call-out ranks them: least overtime added, then furthest below target hours,
 * then by name; and everyone else who works the position, with the rule that rules them out.
 * `vacating` is the person whose place it is (a dropped shift): they leave as the taker joins.
 */
export function rankCandidates(
  week: PublishedWeek,
  place: Omit<SlotFact, 'staffId'>,
  vacating: number | null,
  exclude: number[] = [],
): { eligible: Eligible[]; ineligible: Ineligible[] } {
  const { ctx } = week;
  const position = ctx.positions.find((p) => p.positionId === place.positionId);
  const shiftId = shiftKey(place.templateId, place.shiftDate);
  if (!position) throw new NotFoundError();
  const threshold = ctx.site.overtimeThresholdMinutes;
  const eligible: Eligible[] = [];
  const ineligible: Ineligible[] = [];
  for (const person of ctx.input.staff) {
    const info = ctx.staff.find((s) => s.id === person.id);
    if (!info || info.staffId === vacating || exclude.includes(info.staffId)) continue;
    const works = person.positions.includes(position.code);
    if (!works) continue;
    if (week.rows.some((r) => r.staffId === info.staffId && shiftKey(r.templateId, r.shiftDate) === shiftId))
      continue;
    const removes = vacating === null ? [] : [{ ...place, staffId: vacating }];
    const trial = tryChange(week, removes, [{ ...place, staffId: info.staffId }]);
    if (trial.problems.length > 0) {
      ineligible.push({ staffId: info.staffId, name: info.name, reason: trial.problems[0]! });
      continue;
    }
    const was = trial.minutesBefore.get(info.staffId) ?? 0;
    const now = trial.minutesAfter.get(info.staffId) ?? 0;
    eligible.push({
      staffId: info.staffId,
      name: info.name,
      minutesAfter: now,
      targetMinutes: info.targetWeeklyMinutes,
      overtimeMinutes: Math.max(0, now - threshold) - Math.max(0, was - threshold),
    });
  }
  eligible.sort(
    (a, b) =>
      a.overtimeMinutes - b.overtimeMinutes ||
      a.minutesAfter - a.targetMinutes - (b.minutesAfter - b.targetMinutes) ||
      a.name.localeCompare(b.name),
  );
  return { eligible, ineligible };
}

/** Whether the solver's view of the week knows a person (active staff of the site). */
export function knowsStaff(week: PublishedWeek, staffId: number): boolean {
  return week.ctx.staff.some((s) => s.id === staffKey(staffId));
}

/**
 * Publishes a change to the published week as its next version, inside the caller's transaction:
 * a draft copy of the published version, the removes and adds applied to it, then
 * `publishInTransaction` (the guard of every published version: hard rules, started shifts),
 * which writes the change list and the audit entry. Refused while a manager's draft of the week is
 * open, since publishing would either take their unfinished edits along or make their draft stale.
 */
export async function publishChange(
  tx: DbOrTx,
  week: PublishedWeek,
  userId: number,
  removes: SlotFact[],
  adds: SlotFact[],
): Promise<PublishResult> {
  const draft = await draftFromPublishedInTransaction(tx, week.head.id, userId);
  if (!draft.created) throw new ConflictError(exchangeMessages.openDraft(draft.version));
  const rows = await listAssignments(tx, draft.id);
  for (const r of removes) {
    const row = rows.find((x) => keyOf(x) === keyOf(r));
    if (!row) throw new ConflictError(exchangeMessages.changed);
    await deleteAssignment(tx, row.id);
  }
  for (const a of adds) await insertAssignment(tx, draft.id, { ...a, source: 'MANUAL' });
  return publishInTransaction(tx, draft.id, userId, { confirmGaps: true });
}

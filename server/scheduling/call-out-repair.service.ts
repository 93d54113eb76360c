// The repair offered after a call-out: a direct replacement, or a short chain of moves, that keeps
// every hard rule and changes as little as possible; each candidate ruled out says why.
import {
  summarizeSchedule,
  verifySchedule,
  type Assignment as SolverAssignment,
  type ScheduleInput,
  type Violation,
} from '../../solver';
import { type Db, type Tx } from '../db/client';
import { ConflictError, NotFoundError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import { listAssignments, type AssignmentRow } from './assignments.repository';
import { type ScheduleRow } from './schedules.repository';
import { type AssignmentFact } from './week-facts';
import {
  describeViolation,
  shiftKey,
  staffKey,
  ownAssignments,
  toSolverAssignments,
  type ShiftInfo,
  type SolverInputContext,
} from './week-facts';
import { hasStarted } from './week-time';
import { listDistrictSiteIds } from './week-facts.repository';
import { loadSolverInput } from './solver-input.service';
import { ruleLabel } from './rule-labels';
import { getScheduleOrThrow, scheduleMessages } from './schedule-access.service';
import { weekCostCents } from './paid-hours';

export interface RepairCandidate {
  /** Names the repair in the form: "<staffId>" for a single stand-in, "<mover>><assignmentId>><cover>" for a chain. */
  key: string;
  /** The person who comes in (for a chain, the one who takes the moved person's shift). */
  staffId: number;
  name: string;
  /** Their home site when they come from another site of the district (they never float here). */
  fromSite: string | null;
  /** What happens, in order, in plain words. */
  steps: string[];
  removes: AssignmentFact[];
  adds: AssignmentFact[];
  minutesAfter: number;
  targetMinutes: number;
  overtimeMinutes: number;
  addedCostCents: number;
  undesired: boolean;
  why: string;
}

export interface RepairProposal {
  schedule: ScheduleRow;
  assignment: AssignmentRow;
  person: string;
  shift: ShiftInfo;
  positionName: string;
  candidates: RepairCandidate[];
  /** Why nobody can simply take the shift, when nobody can. */
  blocked: string[];
  /** Everyone else who works the position and cannot simply step in, with the rule that rules them out. */
  ruledOut: RuledOut[];
}

export interface RuledOut {
  staffId: number;
  name: string;
  /** The rule in plain words ("available", "minimum rest"). */
  rule: string;
  reason: string;
}

/** At most this many two-step repairs are listed. */
const MAX_CHAINS = 8;

interface RepairContext {
  ctx: SolverInputContext;
  input: ScheduleInput;
  rows: AssignmentRow[];
  existing: Set<string>;
  minutesBefore: Map<string, number>;
}

/** Hard-rule violations an assignment list has that the schedule without the caller did not have. */
function freshViolations(rc: RepairContext, assignments: SolverAssignment[]): Violation[] {
  return verifySchedule(rc.input, assignments).filter((v) => !rc.existing.has(v.message));
}

/** Overtime, cost and hours of the people a repair changes, against the schedule before it. */
function measureRepair(rc: RepairContext, after: SolverAssignment[], cover: string) {
  const threshold = rc.ctx.site.overtimeThresholdMinutes;
  const minutesAfter = new Map(summarizeSchedule(rc.input, after).minutes.map((m) => [m.staff, m.total]));
  let overtime = 0;
  let cost = 0;
  for (const person of rc.ctx.staff) {
    const was = rc.minutesBefore.get(person.id) ?? 0;
    const now = minutesAfter.get(person.id) ?? 0;
    if (was === now) continue;
    overtime += Math.max(0, now - threshold) - Math.max(0, was - threshold);
    cost +=
      weekCostCents(person.hourlyRateCents, now, threshold) -
      weekCostCents(person.hourlyRateCents, was, threshold);
  }
  return { overtime, cost, coverMinutes: minutesAfter.get(cover) ?? 0 };
}

function canHold(person: ScheduleInput['staff'][number], shiftId: string, position: string): boolean {
  return (person.qualifiedByShift?.[shiftId] ?? person.positions).includes(position);
}

/**
 * The call-out repair changes only what it must: the person who called out leaves the shift and one
 * person joins it; everyone else keeps their shifts. When nobody can simply step in, it looks one
 * step further: someone on another shift moves into this one and a third person takes theirs.
 * Candidates come from the site's own people and floaters first, then from the people of the
 * district's other sites (their shifts there, rest and hours count), each group cheapest in overtime
 * first, then labour cost, then whoever is furthest below their target hours (fairness).
 */
export async function proposeCallOutRepair(
  db: Db | Tx,
  user: CurrentUser,
  scheduleId: number,
  assignmentId: number,
): Promise<RepairProposal> {
  const schedule = await getScheduleOrThrow(db, scheduleId, user);
  if (schedule.status !== 'PUBLISHED') throw new ConflictError(scheduleMessages.calloutNotPublished);
  const rows = await listAssignments(db, scheduleId);
  const assignment = rows.find((r) => r.id === assignmentId);
  if (!assignment) throw new NotFoundError();
  // The district's other stores are searched too: their people with their shifts there as busy time.
  const nearby = (await listDistrictSiteIds(db, schedule.siteId)).filter((id) => id !== schedule.siteId);
  const ctx = await loadSolverInput(db, schedule.siteId, schedule.periodStart, {
    previousFrom: 'none',
    peopleOf: nearby,
  });
  const shift = ctx.shifts.find((s) => s.id === shiftKey(assignment.templateId, assignment.shiftDate));
  const position = ctx.positions.find((p) => p.positionId === assignment.positionId);
  if (!shift || !position) throw new NotFoundError();
  const now = new Date();
  if (hasStarted(ctx.site.timeZone, shift, now))
    throw new ConflictError(scheduleMessages.calloutStarted(shift.label));
  const caller = staffKey(assignment.staffId);
  // The person who called out is unavailable for the shift from now on, whatever the data said.
  const input: ScheduleInput = {
    ...ctx.input,
    staff: ctx.input.staff.map((s) =>
      s.id === caller
        ? {
            ...s,
            availability: { ...s.availability, [shift.id]: { status: 'unavailable', reason: 'called out' } },
          }
        : s,
    ),
  };
  const remainingRows = rows.filter((r) => r.id !== assignmentId);
  const remaining = toSolverAssignments(ctx, remainingRows);
  const rc: RepairContext = {
    ctx,
    input,
    rows: remainingRows,
    existing: new Set(verifySchedule(input, remaining).map((v) => v.message)),
    minutesBefore: new Map(summarizeSchedule(input, remaining).minutes.map((m) => [m.staff, m.total])),
  };
  const nameOf = (id: string): string => ctx.staff.find((s) => s.id === id)?.name ?? id;
  const infoOf = (id: string) => ctx.staff.find((s) => s.id === id)!;
  const vacated: SolverAssignment = { staff: '', shift: shift.id, position: position.code };

  const candidate = (
    key: string,
    cover: string,
    coverShift: string,
    steps: string[],
    after: SolverAssignment[],
    removes: AssignmentFact[],
    adds: AssignmentFact[],
  ): RepairCandidate => {
    const info = infoOf(cover);
    const m = measureRepair(rc, after, cover);
    const entry = input.staff.find((s) => s.id === cover)?.availability?.[coverShift];
    return {
      key,
      staffId: info.staffId,
      name: info.name,
      fromSite: info.homeSite ?? null,
      steps,
      removes,
      adds,
      minutesAfter: m.coverMinutes,
      targetMinutes: info.targetWeeklyMinutes,
      overtimeMinutes: m.overtime,
      addedCostCents: m.cost,
      undesired: entry?.status === 'undesired',
      why: whyCandidate(
        m.coverMinutes,
        info.targetWeeklyMinutes,
        ctx.site.overtimeThresholdMinutes,
        entry?.status,
      ),
    };
  };
  const vacatedFact: AssignmentFact = {
    shiftDate: assignment.shiftDate,
    templateId: assignment.templateId,
    staffId: assignment.staffId,
    positionId: assignment.positionId,
  };

  const candidates: RepairCandidate[] = [];
  const blocked: string[] = [];
  const ruledOut: RuledOut[] = [];
  for (const person of input.staff) {
    if (person.id === caller) continue;
    if (!canHold(person, shift.id, position.code)) {
      const why = person.unqualifiedReasons?.find(
        (r) => r.position === position.code && (r.shift === undefined || r.shift === shift.id),
      );
      if (why) {
        const info = infoOf(person.id);
        ruledOut.push({
          staffId: info.staffId,
          name: info.name,
          rule: ruleLabel('UNQUALIFIED'),
          reason: why.reason,
        });
      }
      continue;
    }
    const trial = { ...vacated, staff: person.id };
    const fresh = freshViolations(rc, [...remaining, trial]);
    if (fresh.length > 0) {
      const message = describeViolation(ctx, fresh[0]!.message);
      blocked.push(message);
      const info = infoOf(person.id);
      ruledOut.push({
        staffId: info.staffId,
        name: info.name,
        rule: ruleLabel(fresh[0]!.rule),
        reason: message,
      });
      continue;
    }
    const info = infoOf(person.id);
    const from = info.homeSite ? ` (from ${info.homeSite})` : '';
    candidates.push(
      candidate(
        String(info.staffId),
        person.id,
        shift.id,
        [`${info.name}${from} works ${shift.label} as ${position.name}.`],
        [...remaining, trial],
        [vacatedFact],
        [{ ...vacatedFact, staffId: info.staffId }],
      ),
    );
  }

  if (candidates.length === 0) {
    // Two steps: a qualified person leaves one of their shifts for this one, and someone else takes theirs.
    const chains: RepairCandidate[] = [];
    // Within the site only: a chain moves this site's people between its own shifts.
    const local = input.staff.filter((p) => infoOf(p.id).homeSite === undefined);
    for (const mover of local) {
      if (mover.id === caller || !canHold(mover, shift.id, position.code)) continue;
      // Nobody leaves a shift that has started.
      const movable = remainingRows.filter(
        (r) =>
          staffKey(r.staffId) === mover.id &&
          !hasStarted(ctx.site.timeZone, { date: r.shiftDate, startMinute: startMinuteOf(ctx, r) }, now),
      );
      for (const row of movable) {
        const [moved] = ownAssignments(ctx, toSolverAssignments(ctx, [row]));
        if (!moved) continue;
        const without = remaining.filter((a) => !(a.staff === moved.staff && a.shift === moved.shift));
        const step1 = [...without, { ...vacated, staff: mover.id }];
        if (freshViolations(rc, step1).length > 0) continue;
        for (const cover of local) {
          if (cover.id === caller || cover.id === mover.id || !canHold(cover, moved.shift, moved.position))
            continue;
          const step2 = [...step1, { ...moved, staff: cover.id }];
          if (freshViolations(rc, step2).length > 0) continue;
          const movedLabel = ctx.shifts.find((s) => s.id === moved.shift)?.label ?? moved.shift;
          const movedPosition = ctx.positions.find((p) => p.id === moved.position)?.name ?? moved.position;
          const coverInfo = infoOf(cover.id);
          chains.push(
            candidate(
              `${infoOf(mover.id).staffId}>${row.id}>${coverInfo.staffId}`,
              cover.id,
              moved.shift,
              [
                `${nameOf(mover.id)} moves from ${movedLabel} to ${shift.label} as ${position.name}.`,
                `${coverInfo.name} works ${movedLabel} as ${movedPosition}.`,
              ],
              step2,
              [vacatedFact, row],
              [
                { ...vacatedFact, staffId: infoOf(mover.id).staffId },
                {
                  shiftDate: row.shiftDate,
                  templateId: row.templateId,
                  staffId: coverInfo.staffId,
                  positionId: row.positionId,
                },
              ],
            ),
          );
        }
      }
    }
    candidates.push(...chains);
  }
  candidates.sort(
    (a, b) =>
      a.steps.length - b.steps.length ||
      // The site's own people and floaters first, then those of the district's other stores.
      Number(a.fromSite !== null) - Number(b.fromSite !== null) ||
      a.overtimeMinutes - b.overtimeMinutes ||
      a.addedCostCents - b.addedCostCents ||
      a.minutesAfter - a.targetMinutes - (b.minutesAfter - b.targetMinutes) ||
      Number(a.undesired) - Number(b.undesired) ||
      a.name.localeCompare(b.name),
  );
  const singles = candidates.filter((c) => c.steps.length === 1);
  return {
    schedule,
    assignment,
    person: nameOf(caller),
    shift,
    positionName: position.name,
    candidates: singles.length > 0 ? singles : candidates.slice(0, MAX_CHAINS),
    blocked,
    ruledOut,
  };
}

function startMinuteOf(ctx: SolverInputContext, row: AssignmentFact): number {
  return ctx.shifts.find((x) => x.id === shiftKey(row.templateId, row.shiftDate))?.startMinute ?? 0;
}

function whyCandidate(
  minutes: number,
  target: number,
  threshold: number,
  status: string | undefined,
): string {
  const parts = [`${minutes / 60} h this week (target ${target / 60} h)`];
  if (minutes > threshold) parts.push(`${(minutes - threshold) / 60} h overtime`);
  if (status === 'preferred') parts.push('within their preferred hours');
  if (status === 'undesired') parts.push('outside their preferred hours');
  return parts.join(', ');
}

// Turns the database facts of one site and one week into the solver's plain input (solver/core/types.ts),
// and keeps the maps back from the solver's string ids to database ids.
//
// `buildSolverInput` is pure (facts in, input out) so the mapping is unit-tested without a database;
// `loadSolverInput` reads the facts through the schedules repository and calls it. The fact types
// and id mapping are in week-facts.ts, the site-time arithmetic in week-time.ts.
//
// Times: the solver counts minutes from 00:00 local time on the Monday of the week. Each shift's
// start and end are computed with luxon in the site's zone, so an overnight shift across a
// daylight-saving change is 7.5 h or 9.5 h long, not 8.5 h, and every later shift moves by the hour.
import type {
  Assignment as SolverAssignment,
  AvailabilityEntry,
  Demand,
  Position as SolverPosition,
  ScheduleInput,
  ShiftInstance,
  Staff as SolverStaff,
} from '../../solver/core/types';
import type { Db, Tx } from '../db/client';
import { NotFoundError } from '../http/errors';
import { loadPublishedAssignments, loadScheduleAssignments } from './assignments.repository';
import {
  loadPublishedDaysWorked,
  loadShiftsElsewhere,
  loadShiftsNextToWeek,
  loadSiteWeekFacts,
} from './week-facts.repository';
import {
  staffKey,
  toSolverAssignments,
  WEEK_DAYS,
  type AssignmentFact,
  type PositionFact,
  type PositionInfo,
  type ShiftInfo,
  type SiteRulesFact,
  type SiteWeekFacts,
  type SolverInputContext,
  type StaffFact,
} from './week-facts';
import { addDaysIso, hasStarted, insideNoticeWindow } from './week-time';
import { shiftDates } from '../availability/availability-rules';
import { resolveAvailability } from '../availability/availability.service';
import { certifiedForRatio, qualifiesForShift } from '../credentials/qualification';
import { sitePack } from '../sites/ratio-pack';
import { solverBudget } from '../volume/budget.service';
import { blockRestAcrossWeekEdges, buildShifts, carryWorkedDaysBefore } from './solver-shifts';
import { addShiftsElsewhere, buildShiftsElsewhere } from './elsewhere-shifts';

function ratioRoleOf(p: PositionFact): SolverPosition['ratioRole'] {
  if (p.ratioClass === 'PHARMACIST') return 'pharmacist';
  if (p.ratioClass === 'TECHNICIAN') return 'technician';
  if (p.ratioClass === 'INTERN') return 'intern';
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

  const ownInput: ScheduleInput = {
    horizon: { startDate: periodStart, days: WEEK_DAYS },
    shifts: shifts.map((s): ShiftInstance => ({
      id: s.id,
      day: s.day,
      start: s.start,
      end: s.end,
      // A daylight-saving night can be shorter than the break on a very short shift: never below 0 paid.
      ...(s.breakMinutes > 0
        ? { breakMinutes: Math.min(s.breakMinutes, s.end - s.start), breakStart: s.breakStart }
        : {}),
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
      ratioPack: sitePack(site),
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
  const codeById = new Map(facts.positions.map((p) => [p.id, p.code]));
  const elsewhere = buildShiftsElsewhere(site.timeZone, periodStart, facts.elsewhere ?? [], codeById);
  const input = addShiftsElsewhere(ownInput, elsewhere);

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
      ...(p.standing?.kind === 'district' ? { homeSite: p.standing.homeSite } : {}),
    })),
    positions,
    ...(elsewhere.fixed.length > 0 ? { elsewhere: elsewhere.fixed } : {}),
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
  const certifiedByShift: Record<string, boolean> = {};
  // Off the site's float list: the shifts they still have here stay theirs, no other is.
  const keeps = p.standing?.kind === 'former' ? new Set(p.standing.shifts) : null;
  if (keeps) {
    for (const code of heldCodes)
      unqualifiedReasons.push({
        position: code,
        reason: `no longer works at ${site.name} (not on its float list)`,
      });
  }

  for (const s of shifts) {
    if (keeps && !keeps.has(s.id)) {
      qualifiedByShift[s.id] = [];
      continue;
    }
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
    if (certifiedForRatio(p.credentials, dates)) certifiedByShift[s.id] = true;

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
    ...(Object.keys(certifiedByShift).length > 0 ? { certifiedByShift } : {}),
    availability,
    maxMinutesPerWeek: p.maxWeeklyMinutes,
    ...(p.minWeeklyMinutes > 0 ? { minMinutesPerWeek: p.minWeeklyMinutes } : {}),
    targetMinutes: p.targetWeeklyMinutes,
    hourlyCost: p.hourlyRateCents / 100,
    overtimeMinutesPerWeek: site.overtimeThresholdMinutes,
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
  /** Other sites solved in the same input (a district solve): their shifts are not fixed elsewhere. */
  solvedWith?: number[];
  /**
   * Other sites whose people join the input too, with their shifts everywhere as busy time: a
   * call-out's search of the district's other stores.
   */
  peopleOf?: number[];
}

const factKey = (a: AssignmentFact): string => `${a.staffId}|${a.templateId}|${a.shiftDate}|${a.positionId}`;

/** Reads a site-week from the database and builds the solver input. */
export async function loadSolverInput(
  db: Db | Tx,
  siteId: number,
  periodStart: string,
  options: LoadInputOptions = {},
): Promise<SolverInputContext> {
  const facts = await loadSiteWeekFacts(db, siteId, periodStart, options.peopleOf);
  if (!facts) throw new NotFoundError('That pharmacy site does not exist.');
  const from = options.previousFrom ?? 'published';
  const previous =
    from === 'none'
      ? []
      : from === 'published'
        ? await loadPublishedAssignments(db, siteId, periodStart)
        : await loadScheduleAssignments(db, from);
  const staffIds = facts.staff.map((p) => p.id);
  // A floater's published shifts at every site count across the week's edges, not only this site's.
  const outside = await loadShiftsNextToWeek(db, siteId, periodStart, staffIds);
  const before = await loadPublishedDaysWorked(
    db,
    staffIds,
    addDaysIso(periodStart, -14),
    addDaysIso(periodStart, -1),
  );
  const elsewhere = await loadShiftsElsewhere(
    db,
    staffIds,
    [siteId, ...(options.solvedWith ?? [])],
    periodStart,
  );
  // Whoever was taken off the float list keeps the shifts the solve starts from, fixed.
  const former = new Set(facts.staff.filter((p) => p.standing?.kind === 'former').map((p) => p.id));
  const locked = options.locked ?? [];
  const lockedKeys = new Set(locked.map(factKey));
  const keptFormer = previous.filter((a) => former.has(a.staffId) && !lockedKeys.has(factKey(a)));
  const built = buildSolverInput({
    ...facts,
    locked: [...locked, ...keptFormer],
    previous,
    outside,
    before,
    elsewhere,
  });
  const ctx = withBudget(built, await solverBudget(db, siteId, periodStart));
  return options.now ? freezeStartedShifts(ctx, previous, options.now) : ctx;
}

/** The week's labour budget (server/volume) added to the solver's rules and weights. Pure. */
export function withBudget(
  ctx: SolverInputContext,
  budget: Awaited<ReturnType<typeof solverBudget>>,
): SolverInputContext {
  if (!budget) return ctx;
  return {
    ...ctx,
    input: {
      ...ctx.input,
      rules: { ...ctx.input.rules, budget: budget.budget },
      weights: { ...ctx.input.weights, overBudget: budget.overBudgetWeight },
    },
  };
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
  const started = ctx.shifts.filter((s) => hasStarted(zone, s, now)).map((s) => s.id);
  const frozenSet = new Set(started);
  const frozen = [...(ctx.input.frozenShifts ?? []), ...started];
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

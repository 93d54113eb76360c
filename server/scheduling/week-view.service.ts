// The schedule page's picture of one version: the week grid, coverage per shift with the gap
// explanations, hours per person, cost and the chart; kept per schedule until the data changes.
import {
  explainGaps,
  summarizeSchedule,
  verifySchedule,
  type ScheduleInput,
  type SolveStatus,
} from '../../solver';
import type { AssignmentSource } from '../../generated/prisma/enums';
import { scopedDataStamp, type Db } from '../db/client';
import { StampCache } from '../lib/stamp-cache';
import { NotFoundError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import { listAssignments, type AssignmentRow } from './assignments.repository';
import { findSchedule, findWeekRevision, type ScheduleRow } from './schedules.repository';
import { formatChange } from './schedule-changes';
import { getScheduleHead, pendingChanges } from './schedule-versions.service';
import type { SolverDetails } from './solve-jobs.service';
import { solvedAssignmentsKey } from './solve-fingerprint';
import {
  describeViolation,
  fromSolverAssignment,
  shiftKey,
  toSolverAssignments,
  type ShiftInfo,
} from './week-facts';
import { loadSolverInput } from './solver-input.service';
import { shiftEndsAt, weekBreaks } from './published-breaks.service';
import { fingerprintOf } from './solve-fingerprint';
import { factKey } from './schedule-edits.service';
import { siteAccessOf } from './schedule-access.service';
import { coverageChart } from './week-chart';
import { gapWords, type GapWords } from './gap-words';
import { weekCostCents } from './paid-hours';
import { hasBudget } from '../volume/budget';
import { budgetFigures } from '../volume/report';
import { weekVolume } from '../volume/week-volume.service';

export interface CellEntry {
  assignmentId: number;
  shiftId: string;
  templateName: string;
  startMinute: number;
  endMinute: number;
  positionName: string;
  color: string;
  locked: boolean;
  source: AssignmentSource;
}

export interface CoverageLine {
  positionId: number;
  positionCode: string;
  positionName: string;
  color: string;
  min: number;
  max: number | null;
  assigned: number;
  people: { assignmentId: number; name: string; locked: boolean }[];
  gap: GapWords | null;
  /** Why the gap is there, without the shift and position the page already shows. */
  gapReasons: string;
}

export interface ShiftView extends ShiftInfo {
  /** When the shift ends (epoch ms): an ended shift offers no call-out. */
  endsAt: number;
  lines: CoverageLine[];
  required: number;
  assigned: number;
  missing: number;
}

export interface HoursLine {
  staffId: number;
  name: string;
  minutes: number;
  shifts: number;
  min: number;
  target: number;
  max: number;
  overtimeMinutes: number;
  costCents: number;
  belowMin: boolean;
}

export type ScheduleView = Awaited<ReturnType<typeof buildScheduleView>>;

/** Kept views per database client (tests run several apps, each on its own database). */
const viewCaches = new WeakMap<Db, StampCache<ScheduleView>>();

const VIEW_CACHE_SIZE = 50;

/**
 * The schedule page. Building it is the expensive part of the page (the week's solver input,
 * verifySchedule, explainGaps and the summaries: 15–90 ms), and it is read far more often than
 * anything it depends on changes, so the built view is kept per schedule together with a stamp of
 * the data its site's pages can show (scopedDataStamp in server/db/client.ts). It is only reused
 * while the stamp is unchanged, i.e. while no such data was written: an edit (edits touch
 * Schedule.updatedAt too, but that alone would not cover a credential, availability, time-off,
 * template or neighbouring-week change), a publish, a staff change, a floater's week at another
 * site — anything but a session or another store's schedules. A stale view is therefore
 * impossible; the price is that unrelated writes (a card moved) also cost one rebuild.
 * The stamp is read again after a rebuild: a commit during the build leaves the result uncached.
 * Concurrent requests for the same schedule and stamp share one build (server/lib/stamp-cache.ts).
 * The view holds no user's data; access is checked on every request.
 */
export async function getScheduleView(
  db: Db,
  user: CurrentUser,
  id: number,
): Promise<ScheduleView & { readOnly: boolean }> {
  let cache = viewCaches.get(db);
  if (!cache) {
    cache = new StampCache({ maxEntries: VIEW_CACHE_SIZE });
    viewCaches.set(db, cache);
  }
  const found = await findSchedule(db, id);
  const access = found ? await siteAccessOf(db, user, found.siteId) : 'none';
  if (!found || access === 'none') throw new NotFoundError();
  // A schedule's site never changes, so the view is kept under its site's stamp.
  const { value: view } = await cache.fetch(
    String(id),
    async () => {
      const schedule = await findSchedule(db, id);
      if (!schedule) throw new NotFoundError();
      return buildScheduleView(db, schedule);
    },
    undefined,
    () => scopedDataStamp(db, { siteId: found.siteId, staffId: null, colleagues: true }),
  );
  // Another site of the user's district: shown read-only, without its edit and publish forms.
  const readOnly = access === 'view';
  return { ...view!, readOnly, editable: view!.editable && !readOnly };
}

async function buildScheduleView(db: Db, schedule: ScheduleRow) {
  const id = schedule.id;
  const rows = await listAssignments(db, id);
  const ctx = await loadSolverInput(db, schedule.siteId, schedule.periodStart, {
    locked: rows.filter((r) => r.locked),
    previousFrom: 'none',
  });
  const assignments = toSolverAssignments(ctx, rows);
  const summary = summarizeSchedule(ctx.input, assignments);
  const violations = verifySchedule(ctx.input, assignments).map((v) => ({
    ...v,
    message: describeViolation(ctx, v.message),
  }));
  const status = (schedule.solverStatus ?? 'optimal') as SolveStatus;
  const details = parseDetails(schedule.solverDetails);
  // Every edit form carries it: a form from before another manager's change is refused (409).
  const weekRevision = await findWeekRevision(db, schedule.siteId, schedule.periodStart);
  // Explanations use today's data; the optimiser's choices are cited only while the data and the
  // schedule are still exactly what the solve saw and made.
  const solvedOnSameData = details?.inputFingerprint === fingerprintOf(ctx.input, assignments);
  const explanations = explainGaps(
    ctx.input,
    { assignments, gaps: summary.gaps, status },
    { changedSinceSolve: !solvedOnSameData },
  ).map((e) => gapWords(ctx.input, e, (message) => describeViolation(ctx, message)));
  // What publishing this draft would change for staff, against the version it replaces.
  const pending =
    schedule.status === 'DRAFT'
      ? await pendingChanges(db, await getScheduleHead(db, id))
      : { baseVersion: null, changes: [] };

  const shiftById = new Map(ctx.shifts.map((s) => [s.id, s]));
  const positionByDbId = new Map(ctx.positions.map((p) => [p.positionId, p]));
  const staffByDbId = new Map(ctx.staff.map((s) => [s.staffId, s]));
  const demandsByShift = new Map<string, ScheduleInput['demands']>();
  for (const d of ctx.input.demands) demandsByShift.set(d.shift, [...(demandsByShift.get(d.shift) ?? []), d]);

  // Staff × days grid; people without a shift this week are listed too, so the manager sees who is free.
  const grid = ctx.staff.map((person) => ({
    staffId: person.staffId,
    name: person.name,
    days: ctx.dates.map(() => [] as CellEntry[]),
    // A floater's shifts at other sites this week, so the manager sees why they are not free.
    elsewhere: ctx.dates.map((date) =>
      (ctx.elsewhere ?? []).filter((e) => e.staffId === person.staffId && e.date === date),
    ),
  }));
  const gridByStaff = new Map(grid.map((g) => [g.staffId, g]));
  const unknown: AssignmentRow[] = [];
  for (const row of rows) {
    const shift = shiftById.get(shiftKey(row.templateId, row.shiftDate));
    const position = positionByDbId.get(row.positionId);
    const line = gridByStaff.get(row.staffId);
    if (!shift || !position || !line) {
      unknown.push(row);
      continue;
    }
    line.days[shift.day]?.push({
      assignmentId: row.id,
      shiftId: shift.id,
      templateName: shift.templateName,
      startMinute: shift.startMinute,
      endMinute: shift.endMinute,
      positionName: position.name,
      color: position.color,
      locked: row.locked,
      source: row.source,
    });
  }

  const gapByKey = new Map(explanations.map((e) => [`${e.shift}|${e.position}`, e]));
  const byShift: ShiftView[] = ctx.shifts.map((shift) => {
    const lines: CoverageLine[] = (demandsByShift.get(shift.id) ?? []).map((d) => {
      const position = ctx.positions.find((p) => p.id === d.position);
      const people = rows
        .filter(
          (r) =>
            shiftKey(r.templateId, r.shiftDate) === shift.id &&
            positionByDbId.get(r.positionId)?.id === d.position,
        )
        .map((r) => ({
          assignmentId: r.id,
          staffId: r.staffId,
          name: staffByDbId.get(r.staffId)?.name ?? `#${r.staffId}`,
          locked: r.locked,
        }));
      return {
        positionId: position?.positionId ?? 0,
        positionCode: d.position,
        positionName: position?.name ?? d.position,
        color: position?.color ?? '#64748b',
        min: d.min,
        max: d.max ?? null,
        assigned: people.length,
        people,
        gap: gapByKey.get(`${shift.id}|${d.position}`) ?? null,
        gapReasons: reasonsOrEmpty(gapByKey.get(`${shift.id}|${d.position}`)),
      };
    });
    const required = lines.reduce((n, l) => n + l.min, 0);
    const covered = lines.reduce((n, l) => n + Math.min(l.assigned, l.min), 0);
    return {
      ...shift,
      endsAt: shiftEndsAt(ctx.site.timeZone, shift.date, shift.startMinute, shift.endMinute).getTime(),
      lines,
      required,
      assigned: lines.reduce((n, l) => n + l.assigned, 0),
      missing: required - covered,
    };
  });

  const minutesByStaff = new Map(summary.minutes.map((m) => [m.staff, m]));
  const threshold = ctx.site.overtimeThresholdMinutes;
  const hours: HoursLine[] = ctx.staff.map((person) => {
    const m = minutesByStaff.get(person.id);
    const minutes = m?.total ?? 0;
    return {
      staffId: person.staffId,
      name: person.name,
      minutes,
      shifts: m?.shifts ?? 0,
      min: person.minWeeklyMinutes,
      target: person.targetWeeklyMinutes,
      max: person.maxWeeklyMinutes,
      overtimeMinutes: Math.max(0, minutes - threshold),
      costCents: weekCostCents(person.hourlyRateCents, minutes, threshold),
      belowMin: minutes < person.minWeeklyMinutes,
    };
  });
  const totalCostCents = hours.reduce((n, h) => n + h.costCents, 0);
  const overtimeMinutes = hours.reduce((n, h) => n + h.overtimeMinutes, 0);
  // The week against its labour budget and volume: prescriptions per labour hour planned from the
  // forecast, and actual once the week is past and its counts are imported.
  const volume = await weekVolume(db, schedule.siteId, schedule.periodStart);
  const labour = budgetFigures(
    {
      minutes: hours.reduce((n, h) => n + h.minutes, 0),
      overtimeMinutes,
      costCents: totalCostCents,
    },
    {
      forecast: volume.forecast.total,
      actual: volume.complete ? volume.actualPrescriptions : null,
    },
    volume.budget,
  );

  const rowByFact = new Map(rows.map((r) => [factKey(r), r]));
  /** A fix the page can apply with one edit (add, or move), in the edit forms' terms. */
  const fixForm = (e: GapWords) => {
    const add = e.fix?.adds[0];
    if (!e.fix || !add || e.fix.adds.length !== 1) return null;
    const staffId = ctx.staff.find((s) => s.id === add.staff)?.staffId;
    const positionId = ctx.positions.find((p) => p.id === add.position)?.positionId;
    if (staffId === undefined || positionId === undefined) return null;
    const removed = e.fix.removes[0];
    const moved = removed ? rowByFact.get(factKey(fromSolverAssignment(ctx, removed))) : undefined;
    if (removed && !moved) return null;
    return { shiftId: add.shift, staffId, positionId, assignmentId: moved?.id ?? null };
  };
  const breakUrls =
    schedule.status === 'PUBLISHED'
      ? new Map(weekBreaks(ctx, rows, schedule, new Date()).map((b) => [b.message, b.url] as const))
      : new Map<string, string>();

  return {
    schedule,
    site: ctx.site,
    dates: ctx.dates,
    /** The solve's data or schedule changed since: explanations use today's data (Re-solve to refresh). */
    changedSinceSolve: details?.inputFingerprint !== undefined && !solvedOnSameData,
    positions: ctx.positions,
    shifts: ctx.shifts,
    staffOptions: ctx.staff.map((s) => ({ staffId: s.staffId, name: s.name })),
    grid,
    byShift,
    explanations: explanations.map((e) => ({
      ...e,
      label: shiftById.get(e.shift)?.label ?? e.shift,
      positionName: ctx.positions.find((p) => p.id === e.position)?.name ?? e.position,
      reasons: e.reasons,
      fixForm: fixForm(e),
    })),
    violations: violations.map((v) => ({ ...v, repairUrl: breakUrls.get(v.message) ?? null })),
    hours,
    totalCostCents,
    overtimeMinutes,
    /** Hours and pay against the budget, prescriptions per labour hour; null for a site without volume or budget. */
    labour:
      hasBudget(volume.budget) || volume.forecast.total > 0
        ? { ...labour, centsFrom: volume.budget.centsFrom, hard: volume.budget.hard }
        : null,
    objective: summary.objective,
    objectiveTerms: summary.objectiveTerms,
    details,
    madeBy: madeByOf(schedule.solverStatus, details, rows),
    chart: coverageChart(byShift, ctx.dates),
    pendingChanges: { baseVersion: pending.baseVersion, lines: pending.changes.map(formatChange) },
    assignmentCount: rows.length,
    unknownAssignments: unknown.length,
    gapCount: summary.gaps.length,
    missingTotal: summary.gaps.reduce((n, g) => n + g.missing, 0),
    editable: schedule.status !== 'ARCHIVED',
    weekRevision,
  };
}

/**
 * Who made the schedule, in a manager's words. "The best schedule these rules allow" holds only for
 * exactly what the optimiser proved it for: once a person or shift was changed by hand it no longer does.
 */
function madeByOf(status: string | null, details: SolverDetails | null, rows: AssignmentRow[]): string {
  const edited =
    details?.solvedAssignments === undefined
      ? rows.some((r) => r.source !== 'SOLVER')
      : details.solvedAssignments !== solvedAssignmentsKey(rows);
  if (edited) return 'Made by the optimiser, then changed by hand';
  if (status === 'optimal') return 'Made by the optimiser: the best schedule these rules allow';
  if (status === 'feasible' || status === 'timed out')
    return 'Made by the optimiser: a good schedule, found within the time limit (a better one may exist)';
  return 'Made by the optimiser';
}

function reasonsOrEmpty(e: GapWords | undefined): string {
  return e ? e.reasons : '';
}

function parseDetails(json: string | null): SolverDetails | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as SolverDetails;
  } catch {
    return null;
  }
}

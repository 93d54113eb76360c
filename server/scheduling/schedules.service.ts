// The manager's schedule work: the week's picture (grid, coverage per shift, gap explanations,
// hours, cost, chart), edits checked against every hard rule before they are saved, and the
// call-out repair. Generation and re-solving run as solve jobs (solve-jobs.ts).
import {
  explainGaps,
  summarizeSchedule,
  verifySchedule,
  type Assignment as SolverAssignment,
  type ScheduleInput,
  type SolveStatus,
  type Violation,
} from '../../solver';
import type { Prisma } from '../../generated/prisma/client';
import type { AssignmentSource } from '../../generated/prisma/enums';
import { dataStamp, type Db } from '../db/client';
import { ConflictError, HttpError, NotFoundError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import {
  deleteAssignment,
  findOpenDraftOf,
  findSchedule,
  findWeekRevision,
  insertAssignment,
  insertHistoryCorrection,
  insertUnavailability,
  listAssignments,
  listRecentSolveJobs,
  listSchedules,
  listSites,
  touchSchedule,
  updateAssignment,
  type AssignmentFact,
  type AssignmentRow,
  type ScheduleRow,
} from './schedules.repository';
import { recordAudit } from '../account/auth.service';
import {
  draftFromPublishedInTransaction,
  formatChange,
  getScheduleHead,
  pendingChanges,
  publishInTransaction,
  publishMessages,
} from './publish.service';
import {
  progressOf,
  requestSolve,
  solvedAssignmentsKey,
  type SolveRunOptions,
  type SolverDetails,
} from './solve-jobs.service';
import {
  describeViolation,
  hasStarted,
  fromSolverAssignment,
  loadSolverInput,
  mondayOf,
  nextWeekStart,
  shiftKey,
  staffKey,
  toSolverAssignments,
  type ShiftInfo,
  type SolverInputContext,
} from './solver-input.service';
import { findPublishedBreaks, shiftEndsAt, weekBreaks } from './published-breaks.service';
import { gapWords, type GapWords } from './gap-words';
import { fingerprintOf } from './solve-fingerprint';
import { ruleLabel } from './rule-labels';
import { getSiteForUser } from '../sites/sites.service';

export const scheduleMessages = {
  archived: 'This version is archived (history); edit the current draft or published version instead.',
  lockedRemove: 'This assignment is locked. Unlock it before removing or moving it.',
  duplicate: 'That person already has that shift in this schedule.',
  unknownShift: 'That shift does not run in this week.',
  unknownStaff: 'That person is not active staff of this site.',
  unknownPosition: 'That position does not exist.',
  calloutNotPublished: 'A call-out repairs the published version; this schedule is not published.',
  stale:
    'This week changed while you were looking at it (another manager edited it). Here is its current state; check it and try again.',
  calloutStarted: (label: string) =>
    `${label} has started, so a call-out cannot change it. If it was not worked as published, record a correction of history on the schedule page.`,
  openDraft: (version: number) =>
    `Draft version ${version} of this week is open with unpublished edits. Make the call-out change there (remove and add), then publish it.`,
} as const;

/**
 * An edit refused because it breaks a rule; `soft` when the manager may save it anyway, `started`
 * when it touches a shift that has started (the manager may record it as a correction of history).
 */
export class EditRefusedError extends HttpError {
  constructor(
    readonly problems: string[],
    readonly soft: boolean,
    readonly started: boolean = false,
  ) {
    super(400, problems.join(' '));
    this.name = 'EditRefusedError';
  }
}

/** A stale edit: the week changed since the page it came from was shown. Nothing was written. */
export class StaleScheduleError extends ConflictError {
  constructor() {
    super(scheduleMessages.stale);
    this.name = 'StaleScheduleError';
  }
}

// ---------------------------------------------------------------------------------------------
// The schedules list
// ---------------------------------------------------------------------------------------------

export async function getSchedulesIndex(
  db: Db,
  user: CurrentUser,
  siteIdParam: number | undefined,
  weekParam: string | undefined,
) {
  const home = await getSiteForUser(db, user);
  const sites = (await listSites(db)).filter((s) => user.siteId === null || s.id === user.siteId);
  const site = sites.find((s) => s.id === siteIdParam) ?? sites.find((s) => s.id === home.id) ?? sites[0];
  if (!site) throw new NotFoundError('No pharmacy site has been set up yet.');
  const defaultWeek = nextWeekStart(site.timeZone);
  const week = weekParam ? mondayOf(weekParam) : defaultWeek;
  const fromDate = mondayOf(new Date(Date.now() - 28 * 86_400_000).toISOString().slice(0, 10));
  const schedules = await listSchedules(db, site.id, fromDate);
  const weeks = new Map<string, typeof schedules>();
  for (const s of schedules) weeks.set(s.periodStart, [...(weeks.get(s.periodStart) ?? []), s]);
  const jobs = (await listRecentSolveJobs(db, site.id, 8)).map((j) => ({
    ...j,
    progressView: progressOf(j),
  }));
  return {
    sites,
    site,
    week,
    defaultWeek,
    publishedBreaks: await findPublishedBreaks(db, site.id, site.timeZone),
    weeks: [...weeks.entries()].map(([periodStart, list]) => ({ periodStart, list })),
    jobs,
  };
}

/** A manager attached to one site works on that site's schedules only. */
export function assertSiteAccess(user: CurrentUser, siteId: number): void {
  if (user.siteId !== null && user.siteId !== siteId) throw new NotFoundError();
}

export async function getScheduleOrThrow(
  db: Db | Prisma.TransactionClient,
  id: number,
  user: CurrentUser,
): Promise<ScheduleRow> {
  const schedule = await findSchedule(db, id);
  if (!schedule) throw new NotFoundError();
  assertSiteAccess(user, schedule.siteId);
  return schedule;
}

// ---------------------------------------------------------------------------------------------
// The schedule page
// ---------------------------------------------------------------------------------------------

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

export interface ChartBar {
  x: number;
  label: string;
  required: number;
  assigned: number;
  requiredHeight: number;
  assignedHeight: number;
  missing: number;
}

/** Wages for the week: regular minutes at the rate, overtime minutes at 1.5×. */
function weekCostCents(rateCents: number, minutes: number, thresholdMinutes: number): number {
  const regular = Math.min(minutes, thresholdMinutes);
  const overtime = Math.max(0, minutes - thresholdMinutes);
  return Math.round((rateCents * (regular + 1.5 * overtime)) / 60);
}

export type ScheduleView = Awaited<ReturnType<typeof buildScheduleView>>;

interface CachedView {
  stamp: string;
  view: Promise<ScheduleView>;
}

/** Cached views per database client (tests run several apps, each on its own database). */
const viewCaches = new WeakMap<Db, Map<number, CachedView>>();
const VIEW_CACHE_SIZE = 50;

/**
 * The schedule page. Building it is the expensive part of the page (the week's solver input,
 * verifySchedule, explainGaps and the summaries: 15–90 ms), and it is read far more often than
 * anything it depends on changes, so the built view is kept per schedule together with a stamp of
 * the data (dataStamp in server/db/client.ts). It is only reused while the stamp is unchanged, i.e. while
 * no data was written: an edit (edits touch Schedule.updatedAt too, but that alone would not
 * cover a credential, availability, time-off, template or neighbouring-week change), a publish, a
 * staff change — anything but a session. A stale view is therefore impossible; the price is that
 * unrelated writes (a card moved) also cost one rebuild.
 * The stamp is read again after a rebuild: a commit during the build leaves the result uncached.
 * Concurrent requests for the same schedule and stamp share one build.
 * The view holds no user's data; access is checked on every request.
 */
export async function getScheduleView(db: Db, user: CurrentUser, id: number): Promise<ScheduleView> {
  let cache = viewCaches.get(db);
  if (!cache) {
    cache = new Map();
    viewCaches.set(db, cache);
  }
  const stamp = dataStamp(db);
  const cached = cache.get(id);
  if (cached && cached.stamp === stamp) {
    const view = await cached.view;
    assertSiteAccess(user, view.schedule.siteId);
    return view;
  }
  const before = stamp;
  const schedule = await getScheduleOrThrow(db, id, user);
  const view = buildScheduleView(db, schedule);
  const entry: CachedView = { stamp: before, view };
  cache.delete(id);
  cache.set(id, entry);
  if (cache.size > VIEW_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  try {
    const built = await view;
    if (dataStamp(db) !== before && cache.get(id) === entry) cache.delete(id);
    return built;
  } catch (err) {
    if (cache.get(id) === entry) cache.delete(id);
    throw err;
  }
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

const CHART = { width: 720, height: 220, top: 20, bottom: 40, left: 40, right: 10 } as const;

/** Required vs assigned person-shifts per day, as bar geometry for a server-rendered SVG. */
function coverageChart(byShift: ShiftView[], dates: string[]) {
  const perDay = dates.map((date, day) => {
    const shifts = byShift.filter((s) => s.day === day);
    const required = shifts.reduce((n, s) => n + s.required, 0);
    const covered = shifts.reduce((n, s) => n + (s.required - s.missing), 0);
    return { date, required, covered, missing: required - covered };
  });
  const peak = Math.max(1, ...perDay.map((d) => d.required));
  const plot = CHART.height - CHART.top - CHART.bottom;
  const slot = (CHART.width - CHART.left - CHART.right) / Math.max(1, dates.length);
  const bars: ChartBar[] = perDay.map((d, i) => ({
    x: CHART.left + i * slot + slot * 0.15,
    label: d.date,
    required: d.required,
    assigned: d.covered,
    requiredHeight: (d.required / peak) * plot,
    assignedHeight: (d.covered / peak) * plot,
    missing: d.missing,
  }));
  const ticks = [0, Math.round(peak / 2), peak].map((v) => ({
    value: v,
    y: CHART.top + plot - (v / peak) * plot,
  }));
  return { ...CHART, plot, barWidth: slot * 0.7, baseline: CHART.top + plot, bars, ticks };
}

/**
 * Re-solves a week from a schedule: its locked assignments stay and its assignments are the
 * baseline to stay close to. A published version with an open draft re-solves that draft, so the
 * manager's edits and locks in it are kept rather than forked into a second draft.
 */
export async function startResolve(
  db: Db,
  user: CurrentUser,
  schedule: ScheduleRow,
  options: SolveRunOptions,
): Promise<{ jobId: number; joined: boolean }> {
  if (schedule.status === 'ARCHIVED') throw new ConflictError(scheduleMessages.archived);
  const open = schedule.status === 'PUBLISHED' ? await findOpenDraftOf(db, schedule.id) : null;
  return requestSolve(
    db,
    {
      siteId: schedule.siteId,
      periodStart: schedule.periodStart,
      kind: 'RESOLVE',
      userId: user.id,
      baseScheduleId: open?.id ?? schedule.id,
    },
    options,
  );
}

// ---------------------------------------------------------------------------------------------
// Edits
// ---------------------------------------------------------------------------------------------

export type EditCommand =
  | { kind: 'add'; shiftId: string; staffId: number; positionId: number }
  | { kind: 'move'; assignmentId: number; shiftId: string; staffId: number; positionId: number }
  | { kind: 'remove'; assignmentId: number }
  | { kind: 'lock'; assignmentId: number; locked: boolean };

export interface EditResult {
  /** The schedule the edit landed in: a new draft when the edited one was published. */
  scheduleId: number;
  message: string;
  newDraft: boolean;
}

const factKey = (a: AssignmentFact): string => `${a.staffId}|${a.templateId}|${a.shiftDate}|${a.positionId}`;

function parseShiftId(ctx: SolverInputContext, shiftId: string): ShiftInfo {
  const shift = ctx.shifts.find((s) => s.id === shiftId);
  if (!shift) throw new EditRefusedError([scheduleMessages.unknownShift], false);
  return shift;
}

/**
 * Applies one edit, read, checked and written in one transaction. A published schedule is never
 * changed in place: the edit goes into the draft that edits it (draftFromPublished). The form
 * carries the week's revision: when another manager changed the week since the page was shown, the
 * edit is refused (StaleScheduleError, 409) and nothing is written. Every change of who works what
 * is checked with verifySchedule on the whole week and refused with the broken rule named; soft
 * concerns (a new coverage gap, overtime, a non-preferred shift, hours below the minimum) need
 * `override`. A shift that has started changes only as a correction of history: with
 * `correctionReason`, recorded (who, why) on the draft and listed apart when it is published.
 */
export async function applyEdit(
  db: Db,
  user: CurrentUser,
  scheduleId: number,
  command: EditCommand,
  override: boolean,
  revision: number,
  correctionReason: string | null = null,
): Promise<EditResult> {
  return db.$transaction((tx) =>
    applyEditInTransaction(tx, user, scheduleId, command, override, revision, correctionReason),
  );
}

async function applyEditInTransaction(
  tx: Prisma.TransactionClient,
  user: CurrentUser,
  scheduleId: number,
  command: EditCommand,
  override: boolean,
  revision: number,
  correctionReason: string | null,
): Promise<EditResult> {
  const original = await getScheduleOrThrow(tx, scheduleId, user);
  if (original.status === 'ARCHIVED') throw new ConflictError(scheduleMessages.archived);
  if ((await findWeekRevision(tx, original.siteId, original.periodStart)) !== revision)
    throw new StaleScheduleError();
  let targetId = scheduleId;
  let newDraft = false;
  let rows = await listAssignments(tx, scheduleId);
  // Resolve the assignment the command names before switching schedules: ids differ in the copy.
  const named = 'assignmentId' in command ? rows.find((r) => r.id === command.assignmentId) : undefined;
  if ('assignmentId' in command && !named) throw new NotFoundError();

  // A published version is edited through its draft: the open one, or a copy made once the edit passes.
  let copyPublished = false;
  if (original.status === 'PUBLISHED') {
    const open = await findOpenDraftOf(tx, scheduleId);
    if (open) {
      targetId = open.id;
      rows = await listAssignments(tx, targetId);
    } else {
      copyPublished = true;
    }
  }
  let target = named ? rows.find((r) => factKey(r) === factKey(named)) : undefined;
  if (named && !target)
    throw new ConflictError('That assignment is no longer in the current draft; reload the page.');

  const ctx = await loadSolverInput(tx, original.siteId, original.periodStart, { previousFrom: 'none' });
  const positionByDbId = new Map(ctx.positions.map((p) => [p.positionId, p]));

  /** Makes the draft copy of the published version and finds the target assignment in it. */
  const switchToDraft = async (): Promise<void> => {
    if (!copyPublished) return;
    const draft = await draftFromPublishedInTransaction(tx, scheduleId, user.id);
    targetId = draft.id;
    newDraft = draft.created;
    const copy = await listAssignments(tx, targetId);
    const was = target;
    target = was ? copy.find((r) => factKey(r) === factKey(was)) : undefined;
    if (was && !target)
      throw new ConflictError('That assignment is no longer in the current draft; reload the page.');
  };

  if (command.kind === 'lock') {
    await switchToDraft();
    await updateAssignment(tx, target!.id, { locked: command.locked });
    await touchSchedule(tx, targetId);
    return {
      scheduleId: targetId,
      newDraft,
      message: command.locked ? 'Assignment locked: re-solving keeps it.' : 'Assignment unlocked.',
    };
  }

  let after: AssignmentFact[] = rows.map(({ shiftDate, templateId, staffId, positionId }) => ({
    shiftDate,
    templateId,
    staffId,
    positionId,
  }));
  let added: AssignmentFact | null = null;
  if (command.kind === 'remove' || command.kind === 'move') {
    if (target!.locked) throw new EditRefusedError([scheduleMessages.lockedRemove], false);
    after = after.filter((a) => factKey(a) !== factKey(target!));
  }
  if (command.kind === 'add' || command.kind === 'move') {
    const shift = parseShiftId(ctx, command.shiftId);
    if (!ctx.staff.some((s) => s.staffId === command.staffId))
      throw new EditRefusedError([scheduleMessages.unknownStaff], false);
    if (!positionByDbId.has(command.positionId))
      throw new EditRefusedError([scheduleMessages.unknownPosition], false);
    added = {
      shiftDate: shift.date,
      templateId: shift.templateId,
      staffId: command.staffId,
      positionId: command.positionId,
    };
    if (
      after.some(
        (a) =>
          a.staffId === added!.staffId &&
          a.templateId === added!.templateId &&
          a.shiftDate === added!.shiftDate,
      )
    ) {
      throw new EditRefusedError([scheduleMessages.duplicate], false);
    }
    after.push(added);
  }

  // Started shifts the edit touches: only a correction of history may change them.
  const now = new Date();
  const started = [command.kind === 'add' ? null : target!, added]
    .filter((a): a is AssignmentFact => a !== null)
    .map((a) => ({ fact: a, shift: ctx.shifts.find((x) => x.id === shiftKey(a.templateId, a.shiftDate)) }))
    .filter((x) => x.shift !== undefined && hasStarted(ctx.site.timeZone, x.shift, now));
  if (started.length > 0 && correctionReason === null) {
    throw new EditRefusedError(
      [...new Set(started.map((x) => publishMessages.startedShift(x.shift!.label)))],
      false,
      true,
    );
  }

  const lockedRows = rows.filter((r) => r.locked && (command.kind !== 'move' || r.id !== target!.id));
  const checkCtx = { ...ctx, input: { ...ctx.input, locked: toSolverAssignments(ctx, lockedRows) } };
  const problems = checkChange(
    checkCtx,
    toSolverAssignments(ctx, rows),
    toSolverAssignments(ctx, after),
    added,
  );
  if (problems.hard.length > 0) throw new EditRefusedError(problems.hard, false);
  if (problems.soft.length > 0 && !override) throw new EditRefusedError(problems.soft, true);

  await switchToDraft();
  const source: AssignmentSource = 'MANUAL';
  if (command.kind === 'remove') await deleteAssignment(tx, target!.id);
  if (command.kind === 'move') await updateAssignment(tx, target!.id, { ...added!, source });
  if (command.kind === 'add') await insertAssignment(tx, targetId, { ...added!, source });
  await touchSchedule(tx, targetId);
  for (const x of started) {
    await insertHistoryCorrection(tx, {
      scheduleId: targetId,
      shiftDate: x.fact.shiftDate,
      templateId: x.fact.templateId,
      staffId: x.fact.staffId,
      byUserId: user.id,
      reason: correctionReason!,
    });
  }
  const detail = [
    added ? describeFact(ctx, added) : null,
    target ? `was ${describeFact(ctx, target)}` : null,
    override && problems.soft.length > 0 ? `override: ${problems.soft.join(' ')}` : null,
  ]
    .filter(Boolean)
    .join('; ');
  await recordAudit(tx, {
    actorId: user.id,
    action: `schedule.${command.kind}`,
    entity: 'Schedule',
    entityId: targetId,
    detail,
  });
  if (started.length > 0) {
    await recordAudit(tx, {
      actorId: user.id,
      action: 'schedule.correct_history',
      entity: 'Schedule',
      entityId: targetId,
      detail: `${command.kind}: ${detail}; why: ${correctionReason}`,
    });
  }
  const verb = command.kind === 'add' ? 'Added' : command.kind === 'move' ? 'Moved' : 'Removed';
  const what = added ? describeFact(ctx, added) : target ? describeFact(ctx, target) : '';
  return {
    scheduleId: targetId,
    newDraft,
    message: `${verb}: ${what}.${started.length > 0 ? ' Recorded as a correction of history.' : ''}${newDraft ? ' This is a new draft version; publish it so staff see the change.' : ''}`,
  };
}

function describeFact(ctx: SolverInputContext, a: AssignmentFact): string {
  const person = ctx.staff.find((s) => s.staffId === a.staffId)?.name ?? `#${a.staffId}`;
  const shift =
    ctx.shifts.find((s) => s.id === shiftKey(a.templateId, a.shiftDate))?.label ?? `${a.shiftDate}`;
  const position = ctx.positions.find((p) => p.positionId === a.positionId)?.name ?? '';
  return `${person} — ${shift} as ${position}`;
}

/**
 * What an edit newly breaks. Hard: every verifySchedule violation of the whole week that the
 * schedule did not already have. Soft: a new or larger coverage gap, overtime, a shift outside the
 * person's preferred hours, hours falling below the person's minimum.
 */
export function checkChange(
  ctx: SolverInputContext,
  before: SolverAssignment[],
  after: SolverAssignment[],
  added: AssignmentFact | null,
): { hard: string[]; soft: string[] } {
  const existing = new Set(verifySchedule(ctx.input, before).map((v) => v.message));
  const fresh = verifySchedule(ctx.input, after).filter((v: Violation) => !existing.has(v.message));
  // The ratio is checked at every moment a count changes: one sentence says enough.
  const ratio = fresh.filter((v) => v.rule === 'RATIO');
  const hard = [...fresh.filter((v) => v.rule !== 'RATIO'), ...ratio.slice(0, 1)].map((v) =>
    describeViolation(ctx, v.message),
  );
  if (ratio.length > 1) hard.push(`(The ratio is exceeded at ${ratio.length - 1} more moments that day.)`);
  const soft: string[] = [];
  const sBefore = summarizeSchedule(ctx.input, before);
  const sAfter = summarizeSchedule(ctx.input, after);
  const missingBefore = new Map(sBefore.gaps.map((g) => [`${g.shift}|${g.position}`, g.missing]));
  for (const g of sAfter.gaps) {
    if (g.missing > (missingBefore.get(`${g.shift}|${g.position}`) ?? 0)) {
      const label = ctx.shifts.find((s) => s.id === g.shift)?.label ?? g.shift;
      const name = ctx.positions.find((p) => p.id === g.position)?.name ?? g.position;
      soft.push(`${label} would have ${g.assigned} of ${g.required} ${name} (a coverage gap).`);
    }
  }
  const minutesBefore = new Map(sBefore.minutes.map((m) => [m.staff, m.total]));
  for (const m of sAfter.minutes) {
    const person = ctx.staff.find((s) => s.id === m.staff);
    if (!person) continue;
    const was = minutesBefore.get(m.staff) ?? 0;
    const threshold = ctx.site.overtimeThresholdMinutes;
    if (m.total > was && m.total > threshold) {
      soft.push(
        `${person.name} would work ${m.total / 60} h, ${(m.total - threshold) / 60} h of it overtime.`,
      );
    }
    if (m.total < was && m.total < person.minWeeklyMinutes) {
      soft.push(
        `${person.name} would work ${m.total / 60} h, below their minimum of ${person.minWeeklyMinutes / 60} h.`,
      );
    }
  }
  if (added) {
    const entry = ctx.input.staff.find((s) => s.id === staffKey(added.staffId))?.availability?.[
      shiftKey(added.templateId, added.shiftDate)
    ];
    if (entry?.status === 'undesired') {
      const person = ctx.staff.find((s) => s.staffId === added.staffId)?.name ?? '';
      soft.push(`${person} would work a shift ${entry.reason ?? 'they would rather not work'}.`);
    }
  }
  return { hard, soft };
}

// ---------------------------------------------------------------------------------------------
// Call-out repair
// ---------------------------------------------------------------------------------------------

export interface RepairCandidate {
  /** Names the repair in the form: "<staffId>" for a single stand-in, "<mover>><assignmentId>><cover>" for a chain. */
  key: string;
  /** The person who comes in (for a chain, the one who takes the moved person's shift). */
  staffId: number;
  name: string;
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
 * Candidates come cheapest in overtime first, then labour cost, then whoever is furthest below their
 * target hours (fairness).
 */
export async function proposeCallOutRepair(
  db: Db | Prisma.TransactionClient,
  user: CurrentUser,
  scheduleId: number,
  assignmentId: number,
): Promise<RepairProposal> {
  const schedule = await getScheduleOrThrow(db, scheduleId, user);
  if (schedule.status !== 'PUBLISHED') throw new ConflictError(scheduleMessages.calloutNotPublished);
  const rows = await listAssignments(db, scheduleId);
  const assignment = rows.find((r) => r.id === assignmentId);
  if (!assignment) throw new NotFoundError();
  const ctx = await loadSolverInput(db, schedule.siteId, schedule.periodStart, { previousFrom: 'none' });
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
    candidates.push(
      candidate(
        String(info.staffId),
        person.id,
        shift.id,
        [`${info.name} works ${shift.label} as ${position.name}.`],
        [...remaining, trial],
        [vacatedFact],
        [{ ...vacatedFact, staffId: info.staffId }],
      ),
    );
  }

  if (candidates.length === 0) {
    // Two steps: a qualified person leaves one of their shifts for this one, and someone else takes theirs.
    const chains: RepairCandidate[] = [];
    for (const mover of input.staff) {
      if (mover.id === caller || !canHold(mover, shift.id, position.code)) continue;
      // Nobody leaves a shift that has started.
      const movable = remainingRows.filter(
        (r) =>
          staffKey(r.staffId) === mover.id &&
          !hasStarted(ctx.site.timeZone, { date: r.shiftDate, startMinute: startMinuteOf(ctx, r) }, now),
      );
      for (const row of movable) {
        const [moved] = toSolverAssignments(ctx, [row]);
        if (!moved) continue;
        const without = remaining.filter((a) => !(a.staff === moved.staff && a.shift === moved.shift));
        const step1 = [...without, { ...vacated, staff: mover.id }];
        if (freshViolations(rc, step1).length > 0) continue;
        for (const cover of input.staff) {
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

/**
 * Accepts a repair as one transaction, all or nothing: records the person as unavailable for the
 * shift (so later solves know), makes the next version from the published one, applies the repair's
 * changes (none but the removal when `repairKey` is null: the shift is left open), publishes it
 * through the publish guard, so the people affected see it, and writes the audit entry.
 */
export async function acceptCallOutRepair(
  db: Db,
  user: CurrentUser,
  scheduleId: number,
  assignmentId: number,
  repairKey: string | null,
  reason: string,
): Promise<{ scheduleId: number; version: number; message: string }> {
  return db.$transaction((tx) =>
    acceptCallOutRepairInTransaction(tx, user, scheduleId, assignmentId, repairKey, reason),
  );
}

/** `acceptCallOutRepair` inside a caller's transaction (a call-out offered to the ranked candidates). */
export async function acceptCallOutRepairInTransaction(
  tx: Prisma.TransactionClient,
  user: CurrentUser,
  scheduleId: number,
  assignmentId: number,
  repairKey: string | null,
  reason: string,
): Promise<{ scheduleId: number; version: number; message: string }> {
  const proposal = await proposeCallOutRepair(tx, user, scheduleId, assignmentId);
  const chosen = repairKey === null ? null : proposal.candidates.find((c) => c.key === repairKey);
  if (repairKey !== null && !chosen) {
    throw new EditRefusedError(['That repair no longer works without breaking a rule; pick another.'], false);
  }
  const draft = await draftFromPublishedInTransaction(tx, scheduleId, user.id);
  // Publishing an open draft would also publish its unfinished edits: the call-out goes there by hand.
  if (!draft.created) throw new ConflictError(scheduleMessages.openDraft(draft.version));
  const draftRows = await listAssignments(tx, draft.id);
  const removes = chosen?.removes ?? [proposal.assignment];
  const toDelete = removes.map((r) => draftRows.find((d) => factKey(d) === factKey(r)));
  if (toDelete.some((d) => d === undefined)) {
    throw new ConflictError(
      'The draft of this week no longer matches the published version; open the draft and edit it there.',
    );
  }
  const { shift } = proposal;
  await recordCallOut(tx, proposal, reason);
  for (const row of toDelete) await deleteAssignment(tx, row!.id);
  for (const add of chosen?.adds ?? []) await insertAssignment(tx, draft.id, { ...add, source: 'REPAIR' });
  const published = await publishInTransaction(tx, draft.id, user.id, { confirmGaps: true });
  const what = chosen ? chosen.steps.join(' ') : 'The shift is left open.';
  await recordAudit(tx, {
    actorId: user.id,
    action: 'schedule.callout',
    entity: 'Schedule',
    entityId: published.scheduleId,
    detail: `${proposal.person} called out of ${shift.label} (${reason}). ${what}`,
  });
  const message = `${proposal.person} is off ${shift.label}. ${what} Version ${published.version} is published.`;
  return { scheduleId: published.scheduleId, version: published.version, message };
}

/** The called-out person is unavailable for that shift from now on (the rest of the day when it crosses midnight). */
async function recordCallOut(
  db: Parameters<typeof insertUnavailability>[0],
  proposal: RepairProposal,
  reason: string,
): Promise<void> {
  const { shift } = proposal;
  await insertUnavailability(db, {
    staffId: proposal.assignment.staffId,
    date: shift.date,
    startMinute: shift.startMinute,
    endMinute: shift.endMinute > shift.startMinute ? shift.endMinute : 1440,
    note: `Called out: ${reason}`,
  });
}

/**
 * When no quick repair fits (or the manager prefers it): records the call-out, then re-solves the
 * week from the published version (or its open draft) with everyone else's shifts as the baseline,
 * so the optimiser changes as little as it can. The result is a draft the manager reviews and publishes.
 */
export async function startCallOutResolve(
  db: Db,
  user: CurrentUser,
  scheduleId: number,
  assignmentId: number,
  reason: string,
  options: SolveRunOptions,
): Promise<{ jobId: number; joined: boolean }> {
  const proposal = await db.$transaction(async (tx) => {
    const found = await proposeCallOutRepair(tx, user, scheduleId, assignmentId);
    await recordCallOut(tx, found, reason);
    await recordAudit(tx, {
      actorId: user.id,
      action: 'schedule.callout',
      entity: 'Schedule',
      entityId: scheduleId,
      detail: `${found.person} called out of ${found.shift.label} (${reason}); re-solving the week`,
    });
    return found;
  });
  const open = await findOpenDraftOf(db, scheduleId);
  return requestSolve(
    db,
    {
      siteId: proposal.schedule.siteId,
      periodStart: proposal.schedule.periodStart,
      kind: 'REPAIR',
      userId: user.id,
      baseScheduleId: open?.id ?? scheduleId,
    },
    options,
  );
}

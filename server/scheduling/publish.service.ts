// Publishing a weekly schedule: a draft becomes the version staff see, the version it replaces is
// archived (kept readable), and the difference between the two is written down as a change list
// staff can read. Edits to a published schedule happen on a new draft version (`draftFromPublished`).
import { DateTime } from 'luxon';
import { verifySchedule, type ViolationRule } from '../../solver';
import type { Db } from '../db/client';
import { ConflictError, HttpError, NotFoundError, ValidationError } from '../http/errors';
import {
  archiveOtherPublished,
  copyAsDraft,
  findCorrections,
  findCoverageTemplates,
  findDraftBasedOn,
  findHighestVersion,
  findPublishedFor,
  findScheduleHead,
  findSlots,
  listVersions,
  markPublished,
  type CorrectionRow,
  type CoverageTemplate,
  type DbOrTx,
  type ScheduleHead,
  type SlotRow,
} from './publish.repository';
import { recordAudit } from '../account/auth.service';
import { queueNotifications } from '../notifications/notifications.service';
import { scheduleChangeEvents } from './schedule-notifications';
import {
  describeViolation,
  hasStarted,
  insideNoticeWindow,
  loadSolverInput,
  shiftKey,
  toSolverAssignments,
} from './solver-input.service';

export const publishMessages = {
  notDraft: (status: string) => `Only a draft can be published; this version is ${status.toLowerCase()}.`,
  lostRace:
    'Someone else published or changed this draft a moment ago. Reload the page to see the current version.',
  staleBase: (version: number) =>
    `Version ${version} was published after this draft was started, so publishing it would undo those changes. Start a new version from version ${version} instead.`,
  gapsChanged: (now: number) =>
    `The gaps changed since you confirmed them: the schedule now has ${now === 1 ? '1 gap' : `${now} gaps`}. Review them and confirm again.`,
  gapsNeedConfirmation: (n: number) =>
    `This schedule leaves ${n === 1 ? '1 shift position' : `${n} shift positions`} below the required minimum. Confirm that you want to publish it with ${n === 1 ? 'this gap' : 'these gaps'}.`,
  notPublished: 'A new version can only be started from the published version.',
  hardRules: 'Not published: this schedule breaks a hard rule.',
  startedShift: (label: string) =>
    `${label} has started: its assignments are history and stay as they are. If they are wrong, record a correction of history with the reason.`,
} as const;

/** The rule names of README's constraint table, for messages that name the rule broken. */
export const RULE_NAMES: Record<ViolationRule, string> = {
  UNKNOWN_REFERENCE: 'known people and shifts',
  UNQUALIFIED: 'qualified',
  UNAVAILABLE: 'available',
  DUPLICATE: 'one shift at a time',
  OVERLAP: 'one shift at a time',
  MAX_SHIFTS_PER_DAY: 'one shift at a time',
  MIN_REST: 'minimum rest',
  FORBIDDEN_SUCCESSION: 'minimum rest',
  MAX_MINUTES_WEEK: 'maximum hours',
  MAX_MINUTES_TOTAL: 'maximum hours',
  MIN_MINUTES_WEEK: 'minimum hours',
  MIN_MINUTES_TOTAL: 'minimum hours',
  MAX_SHIFTS_PER_TYPE: 'shifts per type',
  MAX_CONSECUTIVE_DAYS: 'consecutive days',
  MIN_CONSECUTIVE_DAYS: 'consecutive days',
  MIN_CONSECUTIVE_DAYS_OFF: 'days off',
  MAX_WEEKENDS: 'weekends',
  RATIO: 'technician ratio',
  MAX_COVER: 'maximum headcount',
  LOCKED: 'locked',
  FROZEN: 'started shifts',
};

/**
 * A published version refused: it breaks a hard rule (each named with the assignment) or changes a
 * shift that has started without a recorded correction of history. Nothing was written.
 */
export class PublishRefusedError extends HttpError {
  constructor(readonly problems: string[]) {
    super(409, `${publishMessages.hardRules} ${problems.join(' ')}`);
    this.name = 'PublishRefusedError';
  }
}

// ---------------------------------------------------------------------------------------------
// Coverage gaps
// ---------------------------------------------------------------------------------------------

/** A (shift instance, position) whose minimum is not met. */
export interface CoverageGap {
  shiftDate: string;
  templateId: number;
  templateName: string;
  startMinute: number;
  endMinute: number;
  positionId: number;
  positionName: string;
  required: number;
  assigned: number;
  missing: number;
}

/** Every date from `start` to `end`, inclusive (ISO dates). */
export function datesBetween(start: string, end: string): string[] {
  const out: string[] = [];
  let d = DateTime.fromISO(start, { zone: 'utc' });
  const last = DateTime.fromISO(end, { zone: 'utc' });
  if (!d.isValid || !last.isValid) return out;
  // A schedule is a week or a few; the bound only guards against a malformed period.
  while (d <= last && out.length < 400) {
    out.push(d.toISODate() ?? '');
    d = d.plus({ days: 1 });
  }
  return out;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of an ISO date, independent of any zone. */
export function isoWeekday(isoDate: string): number {
  return DateTime.fromISO(isoDate, { zone: 'utc' }).weekday;
}

/**
 * Compares coverage requirements with assignments for every shift instance of the period: each
 * template runs on its weekdays, and every position it requires must have at least `min` people.
 * Pure; ordered by day, shift start and position.
 */
export function computeCoverageGaps(
  period: { start: string; end: string },
  templates: CoverageTemplate[],
  slots: Pick<SlotRow, 'shiftDate' | 'templateId' | 'positionId'>[],
): CoverageGap[] {
  const counts = new Map<string, number>();
  for (const s of slots) {
    const key = `${s.shiftDate}|${s.templateId}|${s.positionId}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const gaps: CoverageGap[] = [];
  for (const date of datesBetween(period.start, period.end)) {
    const weekday = isoWeekday(date);
    for (const t of templates) {
      if (!t.weekdays.includes(weekday)) continue;
      for (const c of t.coverage) {
        const assigned = counts.get(`${date}|${t.id}|${c.positionId}`) ?? 0;
        if (assigned >= c.min) continue;
        gaps.push({
          shiftDate: date,
          templateId: t.id,
          templateName: t.name,
          startMinute: t.startMinute,
          endMinute: t.endMinute,
          positionId: c.positionId,
          positionName: c.positionName,
          required: c.min,
          assigned,
          missing: c.min - assigned,
        });
      }
    }
  }
  return gaps;
}

/** The coverage gaps of a schedule as it is now (after any manual edit), computed from the database. */
export async function listCoverageGaps(db: DbOrTx, scheduleId: number): Promise<CoverageGap[]> {
  const head = await findScheduleHead(db, scheduleId);
  if (!head) throw new NotFoundError();
  return gapsOf(db, head, await findSlots(db, scheduleId));
}

/**
 * How many (shift instance, position) pairs of a schedule are below their minimum — the number the
 * publish confirmation shows and `publishSchedule`'s `gapCount` is compared against.
 */
export async function countCoverageGaps(db: DbOrTx, scheduleId: number): Promise<number> {
  return (await listCoverageGaps(db, scheduleId)).length;
}

async function gapsOf(db: DbOrTx, head: ScheduleHead, slots: SlotRow[]): Promise<CoverageGap[]> {
  const templates = await findCoverageTemplates(db, head.siteId, [
    ...new Set(slots.map((s) => s.templateId)),
  ]);
  return computeCoverageGaps({ start: head.periodStart, end: head.periodEnd }, templates, slots);
}

/**
 * The plain-sentence gap explanations the solve stored with the schedule (`solverDetails.explanations`,
 * see SolverDetails in solve-jobs.ts), each with its suggested fix. They describe the schedule at
 * solve time, before any manual edit, so the confirmation page shows them as background only.
 */
export function readSolverGapNotes(solverDetails: string | null): string[] {
  if (!solverDetails) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(solverDetails);
  } catch {
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null) return [];
  const record = parsed as Record<string, unknown>;
  const list = record.explanations;
  if (!Array.isArray(list)) return [];
  const notes: string[] = [];
  for (const e of list.slice(0, 50)) {
    if (typeof e !== 'object' || e === null) continue;
    const { summary, suggestion } = e as Record<string, unknown>;
    if (typeof summary !== 'string') continue;
    notes.push(
      typeof suggestion === 'string' && suggestion !== '' ? `${summary} Suggested: ${suggestion}` : summary,
    );
  }
  return notes;
}

/** Thrown when a schedule with gaps is published without confirming them; carries the gaps to list. */
export class UnconfirmedGapsError extends ValidationError {
  constructor(
    readonly gaps: CoverageGap[],
    message: string = publishMessages.gapsNeedConfirmation(gaps.length),
  ) {
    super({ confirmGaps: message }, message);
    this.name = 'UnconfirmedGapsError';
  }
}

// ---------------------------------------------------------------------------------------------
// Change lists
// ---------------------------------------------------------------------------------------------

/** The facts about one assignment that a change list talks about. */
export type SlotFact = Pick<
  SlotRow,
  | 'staffId'
  | 'staffName'
  | 'shiftDate'
  | 'templateId'
  | 'templateName'
  | 'startMinute'
  | 'endMinute'
  | 'positionId'
  | 'positionName'
>;

/**
 * One person's change on one day between two versions:
 * - `added` / `removed`: a shift they did not have / no longer have that day;
 * - `moved`: a different shift the same day (paired in order of start time);
 * - `position`: the same shift in another position.
 */
export interface ScheduleChange {
  kind: 'added' | 'removed' | 'moved' | 'position';
  staffId: number;
  staffName: string;
  shiftDate: string;
  before: SlotFact | null;
  after: SlotFact | null;
}

/**
 * Everything that differs between two versions' assignments, person by person and day by day,
 * ordered by day, shift start and name. Pure.
 */
export function diffSlots(before: SlotFact[], after: SlotFact[]): ScheduleChange[] {
  const group = (slots: SlotFact[]) => {
    const map = new Map<string, SlotFact[]>();
    for (const s of slots) {
      const key = `${s.staffId}|${s.shiftDate}`;
      const list = map.get(key);
      if (list) list.push(s);
      else map.set(key, [s]);
    }
    return map;
  };
  const beforeByDay = group(before);
  const afterByDay = group(after);
  const keys = new Set([...beforeByDay.keys(), ...afterByDay.keys()]);
  const changes: ScheduleChange[] = [];
  const byStart = (a: SlotFact, b: SlotFact) => a.startMinute - b.startMinute || a.templateId - b.templateId;

  for (const key of keys) {
    const was = (beforeByDay.get(key) ?? []).sort(byStart);
    const now = (afterByDay.get(key) ?? []).sort(byStart);
    const person = (now[0] ?? was[0])!;
    const base = { staffId: person.staffId, staffName: person.staffName, shiftDate: person.shiftDate };
    const removed: SlotFact[] = [];
    for (const w of was) {
      const same = now.find((n) => n.templateId === w.templateId);
      if (!same) removed.push(w);
      else if (same.positionId !== w.positionId)
        changes.push({ ...base, kind: 'position', before: w, after: same });
    }
    const added = now.filter((n) => !was.some((w) => w.templateId === n.templateId));
    const pairs = Math.min(removed.length, added.length);
    for (let i = 0; i < pairs; i++)
      changes.push({ ...base, kind: 'moved', before: removed[i]!, after: added[i]! });
    for (const r of removed.slice(pairs)) changes.push({ ...base, kind: 'removed', before: r, after: null });
    for (const a of added.slice(pairs)) changes.push({ ...base, kind: 'added', before: null, after: a });
  }
  const startOf = (c: ScheduleChange) => (c.after ?? c.before)!.startMinute;
  return changes.sort(
    (a, b) =>
      a.shiftDate.localeCompare(b.shiftDate) ||
      startOf(a) - startOf(b) ||
      a.staffName.localeCompare(b.staffName),
  );
}

function clock(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return minutes === 1440
    ? '24:00'
    : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** "Evening 15:00–23:30" */
export function describeShift(s: Pick<SlotFact, 'templateName' | 'startMinute' | 'endMinute'>): string {
  return `${s.templateName} ${clock(s.startMinute)}–${clock(s.endMinute)}`;
}

/** "Tue 1 Dec" */
export function describeDay(isoDate: string): string {
  const d = DateTime.fromISO(isoDate, { zone: 'utc' });
  return d.isValid ? d.toFormat('ccc d LLL') : isoDate;
}

/** One change as a sentence, e.g. "Tue 1 Dec: Priya Raman moved from Day 07:00–15:30 (Pharmacist) to Evening 15:00–23:30 (Pharmacist)". */
export function formatChange(c: ScheduleChange): string {
  const day = describeDay(c.shiftDate);
  switch (c.kind) {
    case 'added':
      return `${day}: ${c.staffName} added to ${describeShift(c.after!)} as ${c.after!.positionName}`;
    case 'removed':
      return `${day}: ${c.staffName} removed from ${describeShift(c.before!)} (${c.before!.positionName})`;
    case 'moved':
      return `${day}: ${c.staffName} moved from ${describeShift(c.before!)} (${c.before!.positionName}) to ${describeShift(c.after!)} (${c.after!.positionName})`;
    case 'position':
      return `${day}: ${c.staffName} on ${describeShift(c.after!)} now works as ${c.after!.positionName} instead of ${c.before!.positionName}`;
  }
}

/**
 * The plain-text change list stored on a published version: a heading line, then one "- " line
 * per change. Without a previous version it says how many assignments the first version has.
 */
export function summarizeChanges(
  baseVersion: number | null,
  changes: ScheduleChange[],
  assignmentCount: number,
  sections: GuardedVersion = { insideNotice: [], corrected: [] },
): string {
  if (baseVersion === null) {
    return `First published version: ${assignmentCount === 1 ? '1 assignment' : `${assignmentCount} assignments`}.`;
  }
  if (changes.length === 0) return `No changes against version ${baseVersion}.`;
  const count = (kind: ScheduleChange['kind']) => changes.filter((c) => c.kind === kind).length;
  const parts = [
    [count('added'), 'added'],
    [count('removed'), 'removed'],
    [count('moved'), 'moved'],
    [count('position'), 'position changed'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, word]) => `${n} ${word}`);
  // Changes inside the notice window and corrections of history are listed apart, after the others.
  const apart = new Set(
    [...sections.insideNotice, ...sections.corrected.map((c) => c.change)].map(formatChange),
  );
  const lines = [
    `Changes against version ${baseVersion} (${parts.join(', ')}):`,
    ...changes.filter((c) => !apart.has(formatChange(c))).map((c) => `- ${formatChange(c)}`),
  ];
  if (sections.insideNotice.length > 0) {
    lines.push('Inside the notice window:', ...sections.insideNotice.map((c) => `- ${formatChange(c)}`));
  }
  if (sections.corrected.length > 0) {
    lines.push(
      'Corrections of history:',
      ...sections.corrected.map(
        ({ change, correction }) =>
          `- ${formatChange(change)} — corrected by ${correction.byName}: ${correction.reason}`,
      ),
    );
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// The guard of every published version
// ---------------------------------------------------------------------------------------------

export interface GuardedVersion {
  /** Changes against the base to shifts starting inside the site's notice window. */
  insideNotice: ScheduleChange[];
  /** Changes to started shifts, each with its recorded correction of history. */
  corrected: { change: ScheduleChange; correction: CorrectionRow }[];
}

/**
 * The one check every path that creates a published version goes through (publishing a draft, an
 * edit of a published week, a call-out repair; later swaps and open-shift claims), inside the
 * transaction that writes it, on exactly the rows being published:
 * - `verifySchedule` on the whole week: a hard-rule break is refused with the rule and the
 *   assignment named. Breaks the replaced version already had (say a credential that expired since)
 *   do not block a change that leaves them as they were; a first version may have none.
 * - no change against the replaced version to a shift that had started at `now`, unless a manager
 *   recorded a correction of history for it on this draft.
 * Returns the changes inside the notice window and the corrections, for the change list.
 *
 * @throws PublishRefusedError listing every problem; the caller's transaction then writes nothing.
 */
export async function guardPublishedVersion(
  tx: DbOrTx,
  draft: ScheduleHead,
  rows: SlotRow[],
  base: { head: ScheduleHead; rows: SlotRow[] } | null,
  now: Date,
): Promise<GuardedVersion> {
  const ctx = await loadSolverInput(tx, draft.siteId, draft.periodStart, { previousFrom: 'none' });
  const known = base
    ? new Set(verifySchedule(ctx.input, toSolverAssignments(ctx, base.rows)).map((v) => v.message))
    : new Set<string>();
  const problems = verifySchedule(ctx.input, toSolverAssignments(ctx, rows))
    .filter((v) => !known.has(v.message))
    .map((v) => `Rule “${RULE_NAMES[v.rule]}”: ${describeViolation(ctx, v.message)}`);

  const insideNotice: ScheduleChange[] = [];
  const corrected: GuardedVersion['corrected'] = [];
  if (base) {
    const corrections = await findCorrections(tx, draft.id);
    const labelOf = (slot: SlotFact) =>
      ctx.shifts.find((x) => x.id === shiftKey(slot.templateId, slot.shiftDate))?.label ??
      `${describeDay(slot.shiftDate)} ${describeShift(slot)}`;
    const refused = new Set<string>();
    for (const change of diffSlots(base.rows, rows)) {
      const slots = [change.before, change.after].filter((x): x is SlotFact => x !== null);
      const started = slots.filter((x) =>
        hasStarted(draft.timeZone, { date: x.shiftDate, startMinute: x.startMinute }, now),
      );
      if (started.length === 0) {
        const first = (change.after ?? change.before)!;
        if (insideNoticeWindow(ctx.site, { date: first.shiftDate, startMinute: first.startMinute }, now))
          insideNotice.push(change);
        continue;
      }
      const correctionOf = (x: SlotFact) =>
        corrections.find(
          (c) => c.shiftDate === x.shiftDate && c.templateId === x.templateId && c.staffId === change.staffId,
        );
      const correction = started.every((x) => correctionOf(x) !== undefined)
        ? correctionOf(started[0]!)
        : undefined;
      if (correction) corrected.push({ change, correction });
      else for (const x of started) refused.add(publishMessages.startedShift(labelOf(x)));
    }
    problems.push(...refused);
  }
  if (problems.length > 0) throw new PublishRefusedError(problems);
  return { insideNotice, corrected };
}

// ---------------------------------------------------------------------------------------------
// Publishing and new versions
// ---------------------------------------------------------------------------------------------

export interface PublishOptions {
  /** The manager saw the gaps and publishes anyway. Required when the schedule has any gap. */
  confirmGaps: boolean;
  /**
   * The number of gaps the manager saw when confirming (confirmation page or schedule page). When
   * given and the schedule now has more, publishing is refused so nobody publishes gaps unseen.
   */
  gapCount?: number;
}

export interface PublishResult {
  scheduleId: number;
  version: number;
  /** The previously published version of the same site-week, now archived; null for a first publish. */
  archivedId: number | null;
  changeSummary: string;
  changes: ScheduleChange[];
  gapCount: number;
}

/**
 * Publishes a draft schedule in one transaction:
 * - `guardPublishedVersion` checks the exact rows: no new hard-rule break, no uncorrected change to
 *   a started shift;
 * - the draft becomes PUBLISHED (publishedAt/By set);
 * - the version published before it for the same site and week becomes ARCHIVED (still readable);
 * - `changeSummary` gets the plain-text change list against the version it is based on, or else
 *   against the version it replaces; `basedOnId` is set to that version so history links up;
 * - an audit entry `schedule.publish` is written.
 *
 * @throws NotFoundError when the schedule does not exist.
 * @throws ConflictError when it is not a draft (or stops being one mid-way), or when it was started
 *   from a version that has since been replaced by a newer published one.
 * @throws UnconfirmedGapsError (a ValidationError listing the gaps) when the schedule has coverage
 *   gaps and `confirmGaps` is false, or `gapCount` no longer matches.
 * @throws PublishRefusedError when the guard refuses it; nothing is written.
 */
export async function publishSchedule(
  db: Db,
  scheduleId: number,
  userId: number,
  options: PublishOptions,
): Promise<PublishResult> {
  return db.$transaction((tx) => publishInTransaction(tx, scheduleId, userId, options));
}

/**
 * `publishSchedule` inside a caller's transaction (a call-out repair publishes with the rest of its
 * change), audit entry included. Refuses what `guardPublishedVersion` refuses.
 */
export async function publishInTransaction(
  tx: DbOrTx,
  scheduleId: number,
  userId: number,
  options: PublishOptions,
): Promise<PublishResult> {
  const draft = await findScheduleHead(tx, scheduleId);
  if (!draft) throw new NotFoundError();
  if (draft.status !== 'DRAFT') throw new ConflictError(publishMessages.notDraft(draft.status));

  const slots = await findSlots(tx, draft.id);
  const gaps = await gapsOf(tx, draft, slots);
  if (gaps.length > 0 && !options.confirmGaps) throw new UnconfirmedGapsError(gaps);
  // Someone may have edited the draft since the manager looked: fewer gaps than confirmed is
  // safe to publish, more would publish gaps nobody saw.
  if (options.gapCount !== undefined && gaps.length > options.gapCount) {
    throw new UnconfirmedGapsError(gaps, publishMessages.gapsChanged(gaps.length));
  }

  const current = await findPublishedFor(tx, draft.siteId, draft.periodStart);
  if (draft.basedOnId !== null && current && current.id !== draft.basedOnId) {
    throw new ConflictError(publishMessages.staleBase(current.version));
  }
  const base = draft.basedOnId !== null ? await findScheduleHead(tx, draft.basedOnId) : current;
  const baseRows = base ? await findSlots(tx, base.id) : [];
  const now = new Date();
  const sections = await guardPublishedVersion(
    tx,
    draft,
    slots,
    base ? { head: base, rows: baseRows } : null,
    now,
  );
  const changes = base ? diffSlots(baseRows, slots) : [];
  const changeSummary = summarizeChanges(base?.version ?? null, changes, slots.length, sections);

  const ok = await markPublished(tx, draft.id, {
    publishedAt: now,
    publishedById: userId,
    changeSummary,
    basedOnId: base?.id ?? null,
  });
  if (!ok) throw new ConflictError(publishMessages.lostRace);
  await archiveOtherPublished(tx, draft);
  const result: PublishResult = {
    scheduleId: draft.id,
    version: draft.version,
    archivedId: current?.id ?? null,
    changeSummary,
    changes,
    gapCount: gaps.length,
  };
  await recordAudit(tx, {
    actorId: userId,
    action: 'schedule.publish',
    entity: 'Schedule',
    entityId: result.scheduleId,
    detail: `version ${result.version}; ${result.changes.length} changes; ${result.gapCount} gaps${result.archivedId ? `; archived schedule ${result.archivedId}` : ''}`,
  });
  // Each person is told of their own changes in the same transaction, so a publish never commits
  // without its messages nor sends them for a publish that rolled back.
  await queueNotifications(
    tx,
    scheduleChangeEvents({ ...draft, scheduleId: draft.id }, base ? changes : null, slots),
    now,
  );
  return result;
}

/**
 * Starts editing a published schedule: returns the draft version N+1 already based on it, or
 * creates one (version = highest of the site-week + 1) with a copy of every assignment, locked flags
 * and sources kept. Publishing that draft later archives the version it came from.
 *
 * @throws NotFoundError when the schedule does not exist.
 * @throws ConflictError when it is not the published version (a draft is edited directly; an
 *   archived version is history).
 */
export async function draftFromPublished(
  db: Db,
  scheduleId: number,
  userId: number,
): Promise<{ id: number; version: number; created: boolean }> {
  return db.$transaction((tx) => draftFromPublishedInTransaction(tx, scheduleId, userId));
}

/** `draftFromPublished` inside a caller's transaction (an edit or a call-out repair), audit included. */
export async function draftFromPublishedInTransaction(
  tx: DbOrTx,
  scheduleId: number,
  userId: number,
): Promise<{ id: number; version: number; created: boolean }> {
  const source = await findScheduleHead(tx, scheduleId);
  if (!source) throw new NotFoundError();
  if (source.status !== 'PUBLISHED') throw new ConflictError(publishMessages.notPublished);
  const existing = await findDraftBasedOn(tx, source.id);
  if (existing) return { ...existing, created: false };
  const version = (await findHighestVersion(tx, source.siteId, source.periodStart)) + 1;
  const id = await copyAsDraft(tx, source, version, userId);
  await recordAudit(tx, {
    actorId: userId,
    action: 'schedule.new_version',
    entity: 'Schedule',
    entityId: id,
    detail: `version ${version} from schedule ${scheduleId}`,
  });
  return { id, version, created: true };
}

// ---------------------------------------------------------------------------------------------
// Reading versions
// ---------------------------------------------------------------------------------------------

/** A schedule that must exist; the routes' 404. */
export async function getScheduleHead(db: DbOrTx, scheduleId: number): Promise<ScheduleHead> {
  const head = await findScheduleHead(db, scheduleId);
  if (!head) throw new NotFoundError();
  return head;
}

/** What a draft would change if published now, against the version it would replace. */
export async function pendingChanges(
  db: DbOrTx,
  draft: ScheduleHead,
): Promise<{ baseVersion: number | null; changes: ScheduleChange[] }> {
  const base =
    draft.basedOnId !== null
      ? await findScheduleHead(db, draft.basedOnId)
      : await findPublishedFor(db, draft.siteId, draft.periodStart);
  if (!base || base.id === draft.id) return { baseVersion: null, changes: [] };
  return {
    baseVersion: base.version,
    changes: diffSlots(await findSlots(db, base.id), await findSlots(db, draft.id)),
  };
}

export interface VersionEntry {
  head: ScheduleHead;
  /** The stored change list split into lines (published and archived versions). */
  summaryLines: string[];
  /** For a draft: what publishing it now would change, as sentences. */
  pendingLines: string[] | null;
  pendingBaseVersion: number | null;
}

/** Every version of the schedule's site-week, newest first, each with its change list. */
export async function getVersionHistory(
  db: DbOrTx,
  scheduleId: number,
): Promise<{ current: ScheduleHead; versions: VersionEntry[] }> {
  const current = await getScheduleHead(db, scheduleId);
  const heads = await listVersions(db, current.siteId, current.periodStart);
  const versions: VersionEntry[] = [];
  for (const head of heads) {
    if (head.status === 'DRAFT') {
      const pending = await pendingChanges(db, head);
      versions.push({
        head,
        summaryLines: [],
        pendingLines: pending.changes.map(formatChange),
        pendingBaseVersion: pending.baseVersion,
      });
    } else {
      versions.push({
        head,
        summaryLines: (head.changeSummary ?? '').split('\n').filter((l) => l.trim() !== ''),
        pendingLines: null,
        pendingBaseVersion: null,
      });
    }
  }
  return { current, versions };
}

// Publishing a weekly schedule: a draft becomes the version staff see, the version it replaces is
// archived (kept readable), and the difference between the two is written down as a change list
// staff can read. Edits to a published schedule happen on a new draft version (`draftFromPublished`).
import { withScheduleWeekLock } from '../db/locks';
import { verifySchedule } from '../../solver';
import { RULE_NAMES } from './rule-labels';
import type { Db, Tx } from '../db/client';
import { ConflictError, HttpError, NotFoundError, ValidationError } from '../http/errors';
import {
  archiveOtherPublished,
  copyAsDraft,
  findDraftBasedOn,
  findHighestVersion,
  findPublishedFor,
  findSchedule,
  markPublished,
  type ScheduleRow,
} from './schedules.repository';
import { findCorrections, findSlots, type CorrectionRow, type SlotRow } from './assignments.repository';
import { recordAudit } from '../account/auth.service';
import { queueNotifications } from '../notifications/notifications.service';
import { scheduleChangeEvents } from './schedule-notifications';
import { describeViolation, shiftKey, toSolverAssignments } from './week-facts';
import { hasStarted, insideNoticeWindow } from './week-time';
import { loadSolverInput } from './solver-input.service';
import { type CoverageGap, gapsOf } from './coverage-gaps.service';
import {
  type ScheduleChange,
  type SlotFact,
  describeDay,
  describeShift,
  diffSlots,
  summarizeChanges,
} from './schedule-changes';

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
  tx: Db | Tx,
  draft: ScheduleRow,
  rows: SlotRow[],
  base: { head: ScheduleRow; rows: SlotRow[] } | null,
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
  tx: Db | Tx,
  scheduleId: number,
  userId: number,
  options: PublishOptions,
): Promise<PublishResult> {
  await withScheduleWeekLock(tx, scheduleId);
  const draft = await findSchedule(tx, scheduleId);
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
  const base = draft.basedOnId !== null ? await findSchedule(tx, draft.basedOnId) : current;
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
  tx: Db | Tx,
  scheduleId: number,
  userId: number,
): Promise<{ id: number; version: number; created: boolean }> {
  await withScheduleWeekLock(tx, scheduleId);
  const source = await findSchedule(tx, scheduleId);
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

// Hand edits of a schedule (add, move, remove, lock, correct a started shift): each one checked
// against every hard rule before it is saved, in one transaction with its audit entry.
import {
  summarizeSchedule,
  verifySchedule,
  type Assignment as SolverAssignment,
  type Violation,
} from '../../solver';
import type { AssignmentSource } from '../../generated/prisma/enums';
import { type Db, type Tx } from '../db/client';
import { ConflictError, NotFoundError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import {
  deleteAssignment,
  insertAssignment,
  insertHistoryCorrection,
  listAssignments,
  updateAssignment,
} from './assignments.repository';
import { findDraftBasedOn, findWeekRevision, touchSchedule } from './schedules.repository';
import { type AssignmentFact } from './week-facts';
import { recordAudit } from '../account/auth.service';
import { draftFromPublishedInTransaction, publishMessages } from './publish.service';
import {
  describeViolation,
  shiftKey,
  staffKey,
  toSolverAssignments,
  type ShiftInfo,
  type SolverInputContext,
} from './week-facts';
import { hasStarted } from './week-time';
import { loadSolverInput } from './solver-input.service';
import {
  EditRefusedError,
  StaleScheduleError,
  getScheduleOrThrow,
  scheduleMessages,
} from './schedule-access.service';

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

export const factKey = (a: AssignmentFact): string =>
  `${a.staffId}|${a.templateId}|${a.shiftDate}|${a.positionId}`;

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
  tx: Tx,
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
    const open = await findDraftBasedOn(tx, scheduleId);
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

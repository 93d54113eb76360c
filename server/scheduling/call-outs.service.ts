// A call-out recorded (the person marked unavailable for the shift) and a proposed repair accepted
// (published at once, or on the open draft). The repair itself is found in call-out-repair.service.ts.
import { withScheduleWeekLock } from '../db/locks';
import { type Db, type Tx } from '../db/client';
import { ConflictError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import { deleteAssignment, insertAssignment, listAssignments } from './assignments.repository';
import { insertUnavailability } from './week-facts.repository';
import { recordAudit } from '../account/auth.service';
import { draftFromPublishedInTransaction, publishInTransaction } from './publish.service';
import { factKey } from './schedule-edits.service';
import { EditRefusedError, scheduleMessages } from './schedule-access.service';
import { type RepairProposal, proposeCallOutRepair } from './call-out-repair.service';

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
  tx: Tx,
  user: CurrentUser,
  scheduleId: number,
  assignmentId: number,
  repairKey: string | null,
  reason: string,
): Promise<{ scheduleId: number; version: number; message: string }> {
  await withScheduleWeekLock(tx, scheduleId);
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
export async function recordCallOut(
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

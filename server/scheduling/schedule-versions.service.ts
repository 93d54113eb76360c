// A schedule's versions: one version by id, the changes a draft would publish, and the history of a
// site-week with what each published version changed.
import type { Db, Tx } from '../db/client';
import { NotFoundError } from '../http/errors';
import { findPublishedFor, findSchedule, listVersions, type ScheduleRow } from './schedules.repository';
import { findSlots } from './assignments.repository';
import { type ScheduleChange, diffSlots, formatChange } from './schedule-changes';

/** A schedule that must exist; the routes' 404. */
export async function getScheduleHead(db: Db | Tx, scheduleId: number): Promise<ScheduleRow> {
  const head = await findSchedule(db, scheduleId);
  if (!head) throw new NotFoundError();
  return head;
}

/** What a draft would change if published now, against the version it would replace. */
export async function pendingChanges(
  db: Db | Tx,
  draft: ScheduleRow,
): Promise<{ baseVersion: number | null; changes: ScheduleChange[] }> {
  const base =
    draft.basedOnId !== null
      ? await findSchedule(db, draft.basedOnId)
      : await findPublishedFor(db, draft.siteId, draft.periodStart);
  if (!base || base.id === draft.id) return { baseVersion: null, changes: [] };
  return {
    baseVersion: base.version,
    changes: diffSlots(await findSlots(db, base.id), await findSlots(db, draft.id)),
  };
}

export interface VersionEntry {
  head: ScheduleRow;
  /** The stored change list split into lines (published and archived versions). */
  summaryLines: string[];
  /** For a draft: what publishing it now would change, as sentences. */
  pendingLines: string[] | null;
  pendingBaseVersion: number | null;
}

/** Every version of the schedule's site-week, newest first, each with its change list. */
export async function getVersionHistory(
  db: Db | Tx,
  scheduleId: number,
): Promise<{ current: ScheduleRow; versions: VersionEntry[] }> {
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

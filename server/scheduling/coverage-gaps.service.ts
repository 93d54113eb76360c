// Coverage gaps of a schedule: each shift-day-position with fewer people than its template needs,
// with the solver's note on why it could not be filled; publishing asks to confirm them.
import { DateTime } from 'luxon';
import type { Db, Tx } from '../db/client';
import { NotFoundError } from '../http/errors';
import { findSchedule, type ScheduleRow } from './schedules.repository';
import { findSlots, type SlotRow } from './assignments.repository';
import { listCoverageTemplates, type CoverageTemplate } from '../shifts/shift-templates.service';

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
export async function listCoverageGaps(db: Db | Tx, scheduleId: number): Promise<CoverageGap[]> {
  const head = await findSchedule(db, scheduleId);
  if (!head) throw new NotFoundError();
  return gapsOf(db, head, await findSlots(db, scheduleId));
}

/**
 * How many (shift instance, position) pairs of a schedule are below their minimum — the number the
 * publish confirmation shows and `publishSchedule`'s `gapCount` is compared against.
 */
export async function countCoverageGaps(db: Db | Tx, scheduleId: number): Promise<number> {
  return (await listCoverageGaps(db, scheduleId)).length;
}

export async function gapsOf(db: Db | Tx, head: ScheduleRow, slots: SlotRow[]): Promise<CoverageGap[]> {
  const templates = await listCoverageTemplates(db, head.siteId, [
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

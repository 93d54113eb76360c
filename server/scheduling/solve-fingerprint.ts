// What a solve saw: a digest of the week's data (people, availability, credentials by shift,
// coverage, rules, weights) and of the schedule it produced. Stored with the solve's details, it
// tells the schedule page whether the optimiser's choices can still be cited ("left it open because
// their other costs outweigh the gap") or whether the data or the schedule has changed since.
import { createHash } from 'node:crypto';
import type { Assignment, ScheduleInput } from '../../solver';

export function fingerprintOf(input: ScheduleInput, assignments: Assignment[]): string {
  // Locks and the baseline are how a solve was asked, not the week's facts.
  const facts = {
    horizon: input.horizon,
    shifts: input.shifts,
    positions: input.positions,
    demands: input.demands,
    staff: input.staff,
    rules: input.rules ?? null,
    weights: input.weights ?? null,
  };
  const schedule = assignments.map((a) => `${a.staff}|${a.shift}|${a.position}`).sort();
  return createHash('sha256')
    .update(JSON.stringify([facts, schedule]))
    .digest('hex');
}

/** The assignments of a schedule as one comparable text, independent of row order and ids. */
export function solvedAssignmentsKey(
  rows: { staffId: number; templateId: number; shiftDate: string; positionId: number }[],
): string {
  return rows
    .map((r) => `${r.shiftDate}:${r.templateId}:${r.staffId}:${r.positionId}`)
    .sort()
    .join(',');
}

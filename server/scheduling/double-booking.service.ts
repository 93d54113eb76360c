// The last check before a solve's schedule is saved: none of its people works a shift at another
// site, as that site's week stands now, at the same time. The solve planned around their shifts
// elsewhere, but another site's week may have changed while it ran.
import type { Db, Tx } from '../db/client';
import { buildShiftsElsewhere, findDoubleBookings } from './elsewhere-shifts';
import { shiftKey, staffKey, type AssignmentFact, type SolverInputContext } from './week-facts';
import { loadShiftsElsewhere } from './week-facts.repository';

/** Sentences naming each person the rows would double-book; empty when there is none. */
export async function findDoubleBookingsAtSave(
  db: Db | Tx,
  ctx: SolverInputContext,
  rows: AssignmentFact[],
  solvedWith: number[] = [],
): Promise<string[]> {
  const staffIds = [...new Set(rows.map((r) => r.staffId))];
  const facts = await loadShiftsElsewhere(db, staffIds, [ctx.site.id, ...solvedWith], ctx.periodStart);
  if (facts.length === 0) return [];
  const codeById = new Map(ctx.positions.map((p) => [p.positionId, p.code]));
  const elsewhere = buildShiftsElsewhere(ctx.site.timeZone, ctx.periodStart, facts, codeById);
  const shiftById = new Map(ctx.input.shifts.map((s) => [s.id, s]));
  const nameOf = new Map(ctx.staff.map((s) => [s.staffId, s.name]));
  const own = rows.flatMap((r) => {
    const shift = shiftById.get(shiftKey(r.templateId, r.shiftDate));
    return shift
      ? [{ staff: staffKey(r.staffId), name: nameOf.get(r.staffId) ?? `Staff ${r.staffId}`, shift }]
      : [];
  });
  return findDoubleBookings(own, elsewhere);
}

/** Why a solve's schedule was not saved: another site's week changed under it. */
export function doubleBookedMessage(problems: string[]): string {
  return `Not saved: a floater's week at another site changed during the solve. ${problems.join(' ')} Generate the week again.`;
}

// A floater's week at the other sites they work: those shifts enter the solver input as frozen shifts
// with the person locked on them, so the solver plans around them and verifySchedule counts them for
// overlap, rest, hours and consecutive days like any shift of the week. Pure.
import { DateTime } from 'luxon';
import type { ScheduleInput, ShiftInstance, Staff as SolverStaff } from '../../solver/core/types';
import { clock } from '../lib/time';
import { shiftKey, staffKey, WEEK_DAYS, type ElsewhereShift, type ElsewhereShiftFact } from './week-facts';
import { addDaysIso, minutesFromStart, zoneOffsetMinutes } from './week-time';

/** Days from `periodStart` to `date` (both ISO dates). */
function dayIndex(periodStart: string, date: string): number {
  return Math.round(
    DateTime.fromISO(date, { zone: 'utc' }).diff(DateTime.fromISO(periodStart, { zone: 'utc' }), 'days').days,
  );
}

/**
 * The week's shifts at other sites as solver shifts on the clock of `zone` (the site being solved),
 * each labelled with its site, and the assignments on them. Shifts outside the week are left out.
 */
export function buildShiftsElsewhere(
  zone: string,
  periodStart: string,
  facts: ElsewhereShiftFact[],
  positionCodeById: Map<number, string>,
): { shifts: ShiftInstance[]; fixed: ElsewhereShift[] } {
  const shifts = new Map<string, ShiftInstance>();
  const fixed: ElsewhereShift[] = [];
  for (const f of facts) {
    const day = dayIndex(periodStart, f.shiftDate);
    const position = positionCodeById.get(f.positionId);
    if (day < 0 || day >= WEEK_DAYS || position === undefined) continue;
    const id = shiftKey(f.templateId, f.shiftDate);
    if (!shifts.has(id)) {
      const offset = zoneOffsetMinutes(zone, f.timeZone, periodStart);
      const crosses = f.endMinute <= f.startMinute;
      const start = offset + minutesFromStart(f.timeZone, periodStart, f.shiftDate, f.startMinute);
      const end =
        offset +
        minutesFromStart(
          f.timeZone,
          periodStart,
          crosses ? addDaysIso(f.shiftDate, 1) : f.shiftDate,
          f.endMinute,
        );
      const weekday = DateTime.fromISO(f.shiftDate, { zone: 'utc' }).toFormat('ccc');
      shifts.set(id, {
        id,
        day,
        start,
        end,
        ...(f.breakMinutes > 0 ? { breakMinutes: Math.min(f.breakMinutes, end - start) } : {}),
        type: f.shiftType,
        site: f.siteName,
        label: `${weekday} ${clock(f.startMinute)}–${clock(f.endMinute)} ${f.templateName} at ${f.siteName}`,
      });
    }
    fixed.push({
      assignment: { staff: staffKey(f.staffId), shift: id, position },
      staffId: f.staffId,
      siteId: f.siteId,
      siteName: f.siteName,
      date: f.shiftDate,
      startMinute: f.startMinute,
      endMinute: f.endMinute,
      templateName: f.templateName,
    });
  }
  return { shifts: [...shifts.values()], fixed };
}

/**
 * Adds the shifts elsewhere to an input: frozen, with their people locked on them and qualified for
 * exactly the position they work there (checked by that site), outside every technician ratio here
 * (that site's own schedule answers for its ratio).
 */
export function addShiftsElsewhere(
  input: ScheduleInput,
  elsewhere: { shifts: ShiftInstance[]; fixed: ElsewhereShift[] },
): ScheduleInput {
  if (elsewhere.fixed.length === 0) return input;
  const staff: SolverStaff[] = input.staff.map((p) => {
    const mine = elsewhere.fixed.filter((e) => e.assignment.staff === p.id);
    if (mine.length === 0) return p;
    const qualifiedByShift = { ...p.qualifiedByShift };
    for (const e of mine) qualifiedByShift[e.assignment.shift] = [e.assignment.position];
    return { ...p, qualifiedByShift };
  });
  const ratioBySite = { ...input.rules?.technicianRatioBySite };
  const packBySite = { ...input.rules?.ratioPackBySite };
  for (const s of elsewhere.shifts) {
    if (s.site === undefined) continue;
    ratioBySite[s.site] = null;
    packBySite[s.site] = null;
  }
  return {
    ...input,
    shifts: [...input.shifts, ...elsewhere.shifts],
    staff,
    rules: { ...input.rules, technicianRatioBySite: ratioBySite, ratioPackBySite: packBySite },
    locked: [...(input.locked ?? []), ...elsewhere.fixed.map((e) => e.assignment)],
    frozenShifts: [...(input.frozenShifts ?? []), ...elsewhere.shifts.map((s) => s.id)],
  };
}

/**
 * Pairs of shifts one person would work at once: one of `own` (this site's, on its clock) and one of
 * their shifts elsewhere. Each as a sentence naming the person and both shifts.
 */
export function findDoubleBookings(
  own: { staff: string; name: string; shift: ShiftInstance }[],
  elsewhere: { shifts: ShiftInstance[]; fixed: ElsewhereShift[] },
): string[] {
  const byId = new Map(elsewhere.shifts.map((s) => [s.id, s]));
  const out: string[] = [];
  for (const o of own) {
    for (const e of elsewhere.fixed) {
      const other = byId.get(e.assignment.shift);
      if (e.assignment.staff !== o.staff || !other) continue;
      if (o.shift.start < other.end && other.start < o.shift.end)
        out.push(
          `${o.name} would work ${o.shift.label ?? o.shift.id} and ${other.label ?? other.id}, which overlap.`,
        );
    }
  }
  return out;
}

// Shared vocabulary for availability windows: weekday names, clock formatting, the shift's
// day segments. Kept apart from availability.ts so that the pure resolver and the form
// validation use the same words without importing each other's dependencies.

export type AvailabilityKind = 'AVAILABLE' | 'PREFERRED' | 'UNAVAILABLE';

export const AVAILABILITY_KINDS: readonly AvailabilityKind[] = ['AVAILABLE', 'PREFERRED', 'UNAVAILABLE'];

/** ISO weekday (1 = Monday … 7 = Sunday) → name. */
export const WEEKDAY_NAMES: Record<number, string> = {
  1: 'Monday',
  2: 'Tuesday',
  3: 'Wednesday',
  4: 'Thursday',
  5: 'Friday',
  6: 'Saturday',
  7: 'Sunday',
};

export const MINUTES_PER_DAY = 1440;

/**
 * ISO weekday of a calendar date. Computed from the date alone (UTC noon), so neither the
 * server's zone nor a daylight-saving change can move it.
 */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const js = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12)).getUTCDay();
  return js === 0 ? 7 : js;
}

/** The next calendar day of an ISO date. */
export function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + 1, 12)).toISOString().slice(0, 10);
}

/** "07:00"; 1440 is written "24:00" (the end of the day). */
export function formatClock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export interface DaySegment {
  date: string;
  startMinute: number;
  endMinute: number;
}

/**
 * The local days a shift touches, each with the part of the shift on it. An end at or before
 * the start means the shift ends the next day; an end of 00:00 ends exactly at midnight, so the
 * next day is not touched.
 */
export function shiftSegments(shift: { date: string; startMinute: number; endMinute: number }): DaySegment[] {
  if (shift.endMinute > shift.startMinute) return [{ ...shift }];
  const first: DaySegment = { date: shift.date, startMinute: shift.startMinute, endMinute: MINUTES_PER_DAY };
  if (shift.endMinute === 0) return [first];
  return [first, { date: nextDay(shift.date), startMinute: 0, endMinute: shift.endMinute }];
}

/** The local dates a shift touches (one, or two for a shift crossing midnight). */
export function shiftDates(shift: { date: string; startMinute: number; endMinute: number }): string[] {
  return shiftSegments(shift).map((s) => s.date);
}

export interface WindowLike {
  startMinute: number;
  endMinute: number;
  kind: AvailabilityKind;
}

/**
 * The first existing window of a different kind that overlaps the candidate on the same day, if
 * any: "available 07:00–15:00" and "unavailable 14:00–18:00" on one Tuesday would contradict
 * each other. Windows of the same kind may touch or overlap (they simply add up).
 */
export function findConflictingWindow<W extends WindowLike>(
  existing: W[],
  candidate: WindowLike,
): W | undefined {
  return existing.find(
    (w) =>
      w.kind !== candidate.kind && w.startMinute < candidate.endMinute && candidate.startMinute < w.endMinute,
  );
}

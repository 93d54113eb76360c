// Whether a person can work a shift, from their weekly pattern, dated exceptions and approved
// time off: nobody is scheduled when they are not available. Pure: the scheduler input and the staff pages call it with plain
// data.
//
// Times are local wall-clock minutes and dates are local calendar dates, so a daylight-saving
// change never moves a window: "Sunday 07:00–15:00" means 07:00–15:00 on the clock that Sunday,
// whether the day has 23, 24 or 25 hours.
//
// Precedence, strongest first:
//   1. inactive → unavailable;
//   2. approved time off covering any day the shift touches → unavailable;
//   3. a dated exception overrides the weekly pattern for the minutes it covers (a whole-day
//      exception covers the whole date);
//   4. the weekly pattern.
// On the resulting timeline: any UNAVAILABLE minute → unavailable; every minute PREFERRED →
// preferred; every minute AVAILABLE or PREFERRED → available. Minutes no window covers:
//   - a person with no AVAILABLE/PREFERRED weekly windows at all has "open" availability —
//     available whenever not marked unavailable (someone who has not filled in a pattern, or
//     only noted the evenings they cannot work);
//   - once a person states any AVAILABLE/PREFERRED weekly window, the pattern is the whole
//     truth: time outside it, including weekdays with no windows, is unavailable.

import {
  formatClock,
  isoWeekday,
  MINUTES_PER_DAY,
  shiftSegments,
  WEEKDAY_NAMES,
  type AvailabilityKind,
  type DaySegment,
} from './availability-rules';

export type { AvailabilityKind } from './availability-rules';

export interface AvailabilityRuleFact {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  startMinute: number;
  endMinute: number;
  kind: AvailabilityKind;
}

export interface AvailabilityExceptionFact {
  date: string;
  /** Both null: the whole day. */
  startMinute: number | null;
  endMinute: number | null;
  kind: AvailabilityKind;
  note: string | null;
}

export interface TimeOffFact {
  startDate: string;
  endDate: string;
  reason: string;
}

export interface AvailabilityInput {
  rules: AvailabilityRuleFact[];
  exceptions: AvailabilityExceptionFact[];
  approvedTimeOff: TimeOffFact[];
  active: boolean;
}

export interface ShiftTime {
  /** YYYY-MM-DD the shift starts on (local). */
  date: string;
  /** Local minutes; an end at or before the start means the shift ends the next day. */
  startMinute: number;
  endMinute: number;
}

export interface AvailabilityVerdict {
  kind: AvailabilityKind;
  reason?: string;
}

/** Resolves a person's availability for one shift; see the file header for the rules. */
export function resolveAvailability(input: AvailabilityInput, shift: ShiftTime): AvailabilityVerdict {
  if (!input.active) return { kind: 'UNAVAILABLE', reason: 'inactive' };
  const segments = shiftSegments(shift);
  for (const seg of segments) {
    const off = input.approvedTimeOff.find((t) => t.startDate <= seg.date && seg.date <= t.endDate);
    if (off) return { kind: 'UNAVAILABLE', reason: describeTimeOff(off) };
  }
  const openPattern = !input.rules.some((r) => r.kind !== 'UNAVAILABLE');
  const verdicts = segments.map((seg) => resolveSegment(input, seg, openPattern));
  const blocked = verdicts.find((v) => v.kind === 'UNAVAILABLE');
  if (blocked) return blocked;
  if (verdicts.every((v) => v.kind === 'PREFERRED'))
    return { kind: 'PREFERRED', reason: 'within their preferred hours' };
  return { kind: 'AVAILABLE' };
}

function describeTimeOff(t: TimeOffFact): string {
  const dates = t.startDate === t.endDate ? t.startDate : `${t.startDate} – ${t.endDate}`;
  return t.reason.trim() === '' ? `approved time off ${dates}` : `approved time off ${dates}: ${t.reason}`;
}

interface Window {
  start: number;
  end: number;
  kind: AvailabilityKind;
  /** How to name this window in a reason. */
  describe: string;
}

/** Restrictiveness when two windows of one source cover the same minute. */
const RANK: Record<AvailabilityKind, number> = { UNAVAILABLE: 3, AVAILABLE: 2, PREFERRED: 1 };

function resolveSegment(
  input: AvailabilityInput,
  seg: DaySegment,
  openPattern: boolean,
): AvailabilityVerdict {
  const weekday = isoWeekday(seg.date);
  const dayName = WEEKDAY_NAMES[weekday] ?? 'that day';
  const exceptionWindows: Window[] = input.exceptions
    .filter((e) => e.date === seg.date)
    .map((e) => {
      const start = e.startMinute ?? 0;
      const end = e.endMinute ?? MINUTES_PER_DAY;
      const when =
        e.startMinute === null ? seg.date : `${seg.date} ${formatClock(start)}–${formatClock(end)}`;
      const note = e.note !== null && e.note.trim() !== '' ? ` (${e.note})` : '';
      return { start, end, kind: e.kind, describe: `${when}${note}` };
    });
  const patternWindows: Window[] = input.rules
    .filter((r) => r.weekday === weekday)
    .map((r) => ({
      start: r.startMinute,
      end: r.endMinute,
      kind: r.kind,
      describe: `${dayName}s ${formatClock(r.startMinute)}–${formatClock(r.endMinute)}`,
    }));

  // Split the segment at every window edge; each piece is covered uniformly.
  const cuts = new Set<number>([seg.startMinute, seg.endMinute]);
  for (const w of [...exceptionWindows, ...patternWindows]) {
    if (w.start > seg.startMinute && w.start < seg.endMinute) cuts.add(w.start);
    if (w.end > seg.startMinute && w.end < seg.endMinute) cuts.add(w.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  let allPreferred = true;
  let touchedException = false;
  for (let i = 0; i + 1 < points.length; i++) {
    const mid = ((points[i] ?? 0) + (points[i + 1] ?? 0)) / 2;
    const fromException = strongest(exceptionWindows.filter((w) => w.start <= mid && mid < w.end));
    if (fromException) touchedException = true;
    const cover = fromException ?? strongest(patternWindows.filter((w) => w.start <= mid && mid < w.end));
    if (cover?.kind === 'UNAVAILABLE') {
      const reason = fromException
        ? `marked unavailable ${cover.describe}`
        : `unavailable on ${cover.describe}`;
      return { kind: 'UNAVAILABLE', reason };
    }
    if (!cover) {
      if (openPattern) {
        allPreferred = false;
        continue;
      }
      const where =
        touchedException || exceptionWindows.length > 0 ? `${dayName} ${seg.date}` : `${dayName}s`;
      return { kind: 'UNAVAILABLE', reason: `outside their availability on ${where}` };
    }
    if (cover.kind !== 'PREFERRED') allPreferred = false;
  }
  return allPreferred ? { kind: 'PREFERRED' } : { kind: 'AVAILABLE' };
}

function strongest(windows: Window[]): Window | undefined {
  return windows.reduce<Window | undefined>(
    (best, w) => (best === undefined || RANK[w.kind] > RANK[best.kind] ? w : best),
    undefined,
  );
}

// Calendar facts about the horizon shared by the model, the checker and the explanations: which days
// form weekends, which week a day is in, and how to name a shift in a sentence.
import type { Horizon, ShiftInstance } from './types';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** UTC midnight of each start date seen: parsing a date is by far the slowest step of naming a day. */
const startMs = new Map<string, number>();

function startOf(horizon: Horizon): number {
  let ms = startMs.get(horizon.startDate);
  if (ms === undefined) {
    ms = new Date(`${horizon.startDate}T00:00:00Z`).getTime();
    startMs.set(horizon.startDate, ms);
  }
  return ms;
}

/** Day of week (0 = Sunday) of day index `day`; the date is read as UTC so no zone can shift it. */
export function weekdayOf(horizon: Horizon, day: number): number {
  const start = new Date(startOf(horizon)).getUTCDay();
  return (((start + day) % 7) + 7) % 7;
}

export function weekOf(day: number): number {
  return Math.floor(day / 7);
}

/** Paid minutes of a shift: its length minus the unpaid meal break. */
export function paidMinutes(shift: ShiftInstance): number {
  return shift.end - shift.start - (shift.breakMinutes ?? 0);
}

/**
 * Minutes from a shift's start to its meal break when no time is set: the break centred in the
 * shift, rounded down to a quarter hour (08:00–16:30 with 30 minutes: 12:00).
 */
export function defaultBreakOffset(lengthMinutes: number, breakMinutes: number): number {
  return Math.max(0, Math.floor((lengthMinutes - breakMinutes) / 2 / 15) * 15);
}

/** The shift's meal break as minutes from the start of day 0, end exclusive; null without a break. */
export function breakWindow(shift: ShiftInstance): { start: number; end: number } | null {
  const minutes = shift.breakMinutes ?? 0;
  if (minutes <= 0) return null;
  const latest = shift.end - minutes;
  const wanted = shift.breakStart ?? shift.start + defaultBreakOffset(shift.end - shift.start, minutes);
  const start = Math.max(shift.start, Math.min(wanted, latest));
  return { start, end: Math.min(start + minutes, shift.end) };
}

export function weekCount(horizon: Horizon): number {
  return Math.ceil(horizon.days / 7);
}

/** Weekends as day-index groups: the caller's, or each Saturday with the Sunday after it. */
export function weekendsOf(horizon: Horizon): number[][] {
  if (horizon.weekends) return horizon.weekends;
  const weekends: number[][] = [];
  let current: number[] = [];
  for (let d = 0; d < horizon.days; d++) {
    const wd = weekdayOf(horizon, d);
    if (wd === 6) {
      current = [d];
      weekends.push(current);
    } else if (wd === 0) {
      if (current.length === 1 && current[0] === d - 1) current.push(d);
      else weekends.push([d]);
      current = [];
    }
  }
  return weekends;
}

function clock(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** The caller's label, else e.g. `Tue 15:00–23:00` (clock times assume 24-hour days; callers with DST pass labels). */
export function shiftLabel(horizon: Horizon, shift: ShiftInstance): string {
  if (shift.label) return shift.label;
  const base = shift.day * 1440;
  return `${WEEKDAYS[weekdayOf(horizon, shift.day)]} ${clock(shift.start - base)}–${clock(shift.end - base)}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** A day as a manager names it, e.g. `Tue 1 Dec` (the date read as UTC so no zone can shift it). */
export function dayLabel(horizon: Horizon, day: number): string {
  const date = new Date(startOf(horizon));
  date.setUTCDate(date.getUTCDate() + day);
  return `${WEEKDAYS[weekdayOf(horizon, day)]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
}

export function formatHours(minutes: number): string {
  const h = minutes / 60;
  return `${Number.isInteger(h) ? h : h.toFixed(1)} h`;
}

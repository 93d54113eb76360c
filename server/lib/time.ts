// Date and clock helpers every area shares, and the one strict ISO-date schema. Dates are local
// calendar dates written YYYY-MM-DD; clock times are minutes from local midnight.
import { DateTime } from 'luxon';
import { z } from 'zod';

/** Earliest and latest year a date field accepts: wide enough for licences and history, narrow enough for date arithmetic. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

/** "07:30" for 450; minutes past the day (an overnight end) wrap into the next day, 1440 is "00:00". */
export function clock(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** As clock, but an end at exactly midnight reads "24:00": the end of that day, not its start. */
export function endClock(minutes: number): string {
  return minutes === 1440 ? '24:00' : clock(minutes);
}

/** The Monday of the week containing a date (ISO weeks start on Monday). */
export function mondayOf(date: string): string {
  const d = DateTime.fromISO(date, { zone: 'utc' });
  return d.minus({ days: d.weekday - 1 }).toISODate() ?? date;
}

/** Whole days from one date to another; negative when `from` is later. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** True for a real calendar date written YYYY-MM-DD with a year between MIN_YEAR and MAX_YEAR. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  if (year < MIN_YEAR || year > MAX_YEAR) return false;
  // luxon refuses 2026-02-30 and 2026-13-01 rather than rolling them over as Date does.
  return DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

/** The one date schema: a real calendar date YYYY-MM-DD (what <input type="date"> sends). */
export function isoDateField(message = `Enter a date as YYYY-MM-DD between ${MIN_YEAR} and ${MAX_YEAR}.`) {
  return z.string({ message }).trim().refine(isIsoDate, message);
}

// Paid hours: a shift's length minus its unpaid meal break. The default break
// by length is the one rule of thumb many US employers apply (30 minutes on a shift over 6 hours);
// a manager sets another on the shift template.

const MINUTES_PER_DAY = 1440;

/** A shift over this many minutes gets the default meal break. */
const MEAL_BREAK_AFTER_MINUTES = 6 * 60;
const DEFAULT_MEAL_BREAK_MINUTES = 30;

/** Clock length of a template's shift; an end at or before the start runs past midnight. */
export function shiftLengthMinutes(startMinute: number, endMinute: number): number {
  return endMinute > startMinute ? endMinute - startMinute : endMinute + MINUTES_PER_DAY - startMinute;
}

/** The unpaid meal break a new shift of this length gets unless the manager sets one. */
export function defaultBreakMinutes(lengthMinutes: number): number {
  return lengthMinutes > MEAL_BREAK_AFTER_MINUTES ? DEFAULT_MEAL_BREAK_MINUTES : 0;
}

/** "30 min unpaid break" or "no unpaid break", for lists and calendar events. */
export function describeBreak(breakMinutes: number): string {
  return breakMinutes > 0 ? `${breakMinutes} min unpaid break` : 'no unpaid break';
}

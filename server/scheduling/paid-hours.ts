// Paid hours: a shift's length minus its unpaid meal break, and the week's pay for them. The default
// break by length is the one rule of thumb many US employers apply (30 minutes on a shift over 6
// hours); a manager sets another on the shift template. Every count of hours, overtime and pay (the
// schedule page, the week reports, the staffing suggestion) goes through these functions.
import { DEFAULT_RULES } from '../../solver/core/defaults';

const MINUTES_PER_DAY = 1440;

/** A shift over this many minutes gets the default meal break. */
const MEAL_BREAK_AFTER_MINUTES = 6 * 60;
const DEFAULT_MEAL_BREAK_MINUTES = 30;

/** Clock length of a template's shift; an end at or before the start runs past midnight. */
export function shiftLengthMinutes(startMinute: number, endMinute: number): number {
  return endMinute > startMinute ? endMinute - startMinute : endMinute + MINUTES_PER_DAY - startMinute;
}

/** Paid minutes of one shift of a template: its clock length less the unpaid break. */
export function templatePaidMinutes(template: {
  startMinute: number;
  endMinute: number;
  breakMinutes: number;
}): number {
  return shiftLengthMinutes(template.startMinute, template.endMinute) - template.breakMinutes;
}

/** The unpaid meal break a new shift of this length gets unless the manager sets one. */
export function defaultBreakMinutes(lengthMinutes: number): number {
  return lengthMinutes > MEAL_BREAK_AFTER_MINUTES ? DEFAULT_MEAL_BREAK_MINUTES : 0;
}

/** "30 min unpaid break" or "no unpaid break", for lists and calendar events. */
export function describeBreak(breakMinutes: number): string {
  return breakMinutes > 0 ? `${breakMinutes} min unpaid break` : 'no unpaid break';
}

/** A person's wages for the week: paid minutes up to the threshold at the rate, the rest at the overtime multiplier (1.5×). */
export function weekCostCents(
  rateCents: number,
  minutes: number,
  thresholdMinutes: number,
  overtimeMultiplier: number = DEFAULT_RULES.overtimeMultiplier,
): number {
  const regular = Math.min(minutes, thresholdMinutes);
  const overtime = Math.max(0, minutes - thresholdMinutes);
  return Math.round((rateCents * (regular + overtimeMultiplier * overtime)) / 60);
}

// Paid hours: a shift's length minus its unpaid meal break, and the week's pay for them. The default
// break by length is the one rule of thumb many US employers apply (30 minutes on a shift over 6
// hours); a manager sets another on the shift template. Every count of hours, overtime and pay (the
// schedule page, the week reports, the staffing suggestion) goes through these functions.
import { defaultBreakOffset } from '../../solver/core/calendar';
import { DEFAULT_RULES } from '../../solver/core/defaults';
import { clock } from '../lib/time';

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

interface TemplateBreak {
  startMinute: number;
  endMinute: number;
  breakMinutes: number;
  /** Minutes from local midnight; null or absent: the break centred in the shift. */
  breakStartMinute?: number | null;
}

/**
 * When the template's unpaid break starts, minutes from local midnight: the time the manager set,
 * else the break centred in the shift on a quarter hour (the solver's default too).
 */
export function breakStartClock(t: TemplateBreak): number {
  if (t.breakStartMinute !== undefined && t.breakStartMinute !== null) return t.breakStartMinute;
  const offset = defaultBreakOffset(shiftLengthMinutes(t.startMinute, t.endMinute), t.breakMinutes);
  return (t.startMinute + offset) % MINUTES_PER_DAY;
}

/** "12:00–12:30", the break's clock times; empty without a break. */
export function breakTimes(t: TemplateBreak): string {
  if (t.breakMinutes <= 0) return '';
  const start = breakStartClock(t);
  return `${clock(start)}–${clock((start + t.breakMinutes) % MINUTES_PER_DAY)}`;
}

/** "30 min unpaid break 12:00–12:30" or "no unpaid break", for lists. */
export function describeBreak(t: TemplateBreak): string {
  return t.breakMinutes > 0 ? `${t.breakMinutes} min unpaid break ${breakTimes(t)}` : 'no unpaid break';
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

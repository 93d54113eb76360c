import { z } from 'zod';
import { defaultBreakMinutes, shiftLengthMinutes } from '../scheduling/paid-hours';
import { clockTime, text } from '../people/people-fields.schemas';
import { clock } from '../lib/time';

/**
 * Name, type, times, the unpaid meal break (empty: the default by length) and when it starts (empty:
 * the middle of the shift); weekdays and coverage come as weekday_<1-7>, min_<positionId>,
 * max_<positionId>.
 */
export const ShiftTemplateForm = z
  .object({
    name: text('a name', 80),
    shiftType: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z][A-Z0-9_]{0,19}$/, 'Use a short type such as DAY, EVENING, NIGHT or IV.'),
    start: clockTime('a start time'),
    end: clockTime('an end time'),
    breakMinutes: z
      .string()
      .trim()
      .optional()
      .transform((s) => s ?? '')
      .refine(
        (s) => /^\d{0,4}$/.test(s),
        'Enter the unpaid break in whole minutes, e.g. 30, or leave it empty for the default.',
      )
      .transform((s) => (s === '' ? null : Number(s))),
    breakStart: z
      .string()
      .trim()
      .optional()
      .transform((s) => s ?? '')
      .refine(
        (s) => s === '' || /^\d{1,2}:\d{2}$/.test(s),
        'Enter the break start as a time, e.g. 12:30, or leave it empty for the middle of the shift.',
      )
      .transform((s) => {
        if (s === '') return null;
        const [h, m] = s.split(':').map(Number);
        return (h ?? 0) * 60 + (m ?? 0);
      })
      .refine((m) => m === null || m < 1440, 'Enter the break start between 00:00 and 23:59.'),
  })
  .refine((f) => f.end !== f.start, {
    path: ['end'],
    message: 'The end must differ from the start (an end before the start runs past midnight).',
  })
  .refine((f) => f.breakMinutes === null || f.breakMinutes < shiftLengthMinutes(f.start, f.end), {
    path: ['breakMinutes'],
    message: 'The unpaid break must be shorter than the shift.',
  })
  .superRefine((f, ctx) => {
    if (f.breakStart === null) return;
    const length = shiftLengthMinutes(f.start, f.end);
    const minutes = f.breakMinutes ?? defaultBreakMinutes(length);
    if (minutes === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['breakStart'],
        message: 'This shift has no unpaid break: leave the break start empty.',
      });
      return;
    }
    // The break's minutes from the shift's start; a start before the shift's reads as after midnight.
    const offset = (f.breakStart - f.start + 1440) % 1440;
    if (offset + minutes > length)
      ctx.addIssue({
        code: 'custom',
        path: ['breakStart'],
        message: `The break must lie inside the shift (${clock(f.start)}–${clock(f.end)}): start it between ${clock(f.start)} and ${clock(f.start + length - minutes)}.`,
      });
  })
  .transform((f) => ({
    ...f,
    breakMinutes: f.breakMinutes ?? defaultBreakMinutes(shiftLengthMinutes(f.start, f.end)),
  }));
export type ShiftTemplateFormData = z.infer<typeof ShiftTemplateForm>;

export interface CoverageEntry {
  positionId: number;
  min: number;
  max: number | null;
}

export const MAX_HEADCOUNT = 50;

/**
 * Reads the weekday boxes and the per-position min/max inputs, with one message per bad field.
 * A position with an empty min and max is not required on the shift.
 */
export function parseTemplateExtras(
  fields: Record<string, string>,
  positionIds: number[],
): { weekdays: number[]; coverage: CoverageEntry[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const weekdays = [1, 2, 3, 4, 5, 6, 7].filter((d) => (fields[`weekday_${d}`] ?? '') !== '');
  if (weekdays.length === 0) errors.weekdays = 'Choose at least one weekday.';
  const coverage: CoverageEntry[] = [];
  for (const id of positionIds) {
    const minText = (fields[`min_${id}`] ?? '').trim();
    const maxText = (fields[`max_${id}`] ?? '').trim();
    if (minText === '' && maxText === '') continue;
    const min = minText === '' ? 0 : Number(minText);
    const max = maxText === '' ? null : Number(maxText);
    if (!/^\d+$/.test(minText || '0') || min > MAX_HEADCOUNT) {
      errors[`min_${id}`] = `Enter a whole number from 0 to ${MAX_HEADCOUNT}.`;
      continue;
    }
    if (max !== null && (!/^\d+$/.test(maxText) || max > MAX_HEADCOUNT)) {
      errors[`max_${id}`] = `Enter a whole number up to ${MAX_HEADCOUNT}, or leave it empty for no maximum.`;
      continue;
    }
    if (max !== null && max < min) {
      errors[`max_${id}`] = 'The maximum cannot be below the minimum.';
      continue;
    }
    if (min === 0 && (max === null || max === 0)) continue;
    coverage.push({ positionId: id, min, max });
  }
  if (Object.keys(errors).length === 0 && coverage.length === 0)
    errors.coverage = 'Require at least one position on this shift.';
  return { weekdays, coverage, errors };
}

import { z } from 'zod';
import { isoDateField } from '../lib/schemas';
import { MAX_COUNT } from './volume-csv';

/** One day's total typed by hand. */
export const DayCountForm = z.object({
  date: isoDateField(),
  count: z
    .string()
    .trim()
    .regex(/^\d{1,6}$/, `Enter a whole number of prescriptions from 0 to ${MAX_COUNT}.`)
    .transform(Number)
    .refine((n) => n <= MAX_COUNT, `Enter a whole number of prescriptions from 0 to ${MAX_COUNT}.`),
});

/** A day's forecast multiplier: 0.4 for a holiday, 1.2 for a flu clinic, 1 to remove it. */
export const AdjustmentForm = z.object({
  date: isoDateField(),
  multiplier: z
    .string()
    .trim()
    .regex(/^\d{1,2}(\.\d{1,2})?$/, 'Enter a multiplier such as 0.5 or 1.2 (1 removes the adjustment).')
    .transform(Number)
    .refine((n) => n >= 0 && n <= 5, 'Enter a multiplier from 0 to 5 (1 removes the adjustment).'),
  note: z.string().trim().max(120, 'Keep the note under 120 characters.').default(''),
});

/** `?week=` of the forecast page: a date whose Monday is the week shown. */
export const WeekQuery = z.object({ week: isoDateField().optional().catch(undefined) });

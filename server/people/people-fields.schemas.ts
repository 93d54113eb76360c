// Field parsers shared by the people forms (staff, credentials, availability, time off, shift
// templates): calendar dates, clock times, hours. Every message says what to type.
import { z } from 'zod';
import { ValidationError } from '../http/errors';
import { parseForm } from '../http/forms';
import { parseIdText } from '../lib/schemas';
import { isIsoDate } from '../lib/time';

/** A real calendar date written YYYY-MM-DD (what <input type="date"> sends). */
export function isoDate(label: string) {
  return z
    .string()
    .trim()
    .min(1, `Enter ${label}.`)
    .refine(isIsoDate, `Enter ${label} as a date, e.g. 2026-12-01.`);
}

export function optionalIsoDate(label: string) {
  return z
    .string()
    .trim()
    .transform((s) => (s === '' ? null : s))
    .refine(
      (s) => s === null || isIsoDate(s),
      `Enter ${label} as a date, e.g. 2026-12-01, or leave it empty.`,
    );
}

/** "07:30" → 450 minutes from local midnight; "24:00" allowed only where `allowMidnightEnd`. */
export function clockTime(label: string, allowMidnightEnd = false) {
  return z
    .string()
    .trim()
    .min(1, `Enter ${label}.`)
    .refine((s) => /^\d{1,2}:\d{2}$/.test(s), `Enter ${label} as a time, e.g. 07:30.`)
    .transform((s) => {
      const [h, m] = s.split(':').map(Number);
      return (h ?? 0) * 60 + (m ?? 0);
    })
    .refine(
      (m) => m >= 0 && (allowMidnightEnd ? m <= 1440 : m < 1440),
      `Enter ${label} between 00:00 and ${allowMidnightEnd ? '24:00' : '23:59'}.`,
    );
}

export function optionalClockTime(label: string, allowMidnightEnd = false) {
  return z
    .string()
    .trim()
    .transform((s, ctx) => {
      if (s === '') return null;
      const match = /^(\d{1,2}):(\d{2})$/.exec(s);
      const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
      const max = allowMidnightEnd ? 1440 : 1439;
      if (!match || Number(match[2]) > 59 || minutes > max) {
        ctx.addIssue({ code: 'custom', message: `Enter ${label} as a time, e.g. 07:30, or leave it empty.` });
        return z.NEVER;
      }
      return minutes;
    });
}

/** Decimal hours ("7.5") with bounds, as a number. */
export function hours(label: string, max: number) {
  return z
    .string()
    .trim()
    .min(1, `Enter ${label}.`)
    .refine((s) => /^\d+(\.\d+)?$/.test(s), `Enter ${label} as a number of hours, e.g. 7.5.`)
    .transform(Number)
    .refine((n) => n >= 0 && n <= max, `Enter ${label} between 0 and ${max}.`);
}

/** Dollars ("23.50") → integer cents. */
export function dollars(label: string, max: number) {
  return z
    .string()
    .trim()
    .min(1, `Enter ${label}.`)
    .refine((s) => /^\$?\d+(\.\d{1,2})?$/.test(s), `Enter ${label} in dollars, e.g. 23.50.`)
    .transform((s) => Math.round(Number(s.replace('$', '')) * 100))
    .refine((c) => c <= max * 100, `Enter ${label} of at most $${max}.`);
}

export function text(label: string, max: number) {
  return z.string().trim().min(1, `Enter ${label}.`).max(max, `Keep ${label} under ${max} characters.`);
}

export function optionalText(label: string, max: number) {
  return z
    .string()
    .trim()
    .max(max, `Keep ${label} under ${max} characters.`)
    .transform((s) => (s === '' ? null : s));
}

/** A checkbox: present ("on") or absent. */
export const checkbox = z
  .string()
  .optional()
  .transform((v) => v !== undefined && v !== '');

/** A route parameter that must be a positive integer id; anything else is a missing page. */
export function parseId(value: unknown): number | null {
  return parseIdText(value);
}

/** Runs parseForm and hands back the field errors instead of throwing, for handlers that re-render. */
export function tryForm<S extends z.ZodType>(
  schema: S,
  fields: Record<string, string>,
): { ok: true; data: z.infer<S> } | { ok: false; errors: Record<string, string> } {
  try {
    return { ok: true, data: parseForm(schema, fields) };
  } catch (err) {
    if (err instanceof ValidationError) return { ok: false, errors: err.fieldErrors };
    throw err;
  }
}

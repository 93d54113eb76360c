// Field parsers every area shares: record ids and the text clean-up applied to
// every submitted field. One definition each, so a bound fixed here holds on every route.
import { z } from 'zod';

/** Ids are 32-bit integers in the database; a larger number can name no record and must not reach a query. */
export const MAX_ID = 2_147_483_647;

const DIGITS = /^\d{1,10}$/;

/** True for the text of a record id: 1 to 2147483647, digits only. */
export function isIdText(value: string): boolean {
  return DIGITS.test(value) && Number(value) >= 1 && Number(value) <= MAX_ID;
}

/** A record id in a form, query or route parameter (digits only, 1–2147483647). */
export function idField(message = 'Pick one from the list.') {
  return z.string({ message }).trim().refine(isIdText, message).transform(Number);
}

/** An optional id: '' or missing → null. */
export function optionalIdField(message = 'Pick one from the list.') {
  return z
    .string({ message })
    .trim()
    .optional()
    .refine((v) => v === undefined || v === '' || isIdText(v), message)
    .transform((v) => (v === undefined || v === '' ? null : Number(v)));
}

/** A route or query id where anything else is a page that does not exist: the number, or null. */
export function parseIdText(value: unknown): number | null {
  return typeof value === 'string' && isIdText(value) ? Number(value) : null;
}

// NUL and the other C0/C1 control characters except tab and line breaks, and the bidirectional
// embedding, override and isolate controls (which can make "evil.exe" read as "exe.live").
// PostgreSQL refuses NUL in text outright; none of these belong in a name or a note.
// eslint-disable-next-line no-control-regex
const HIDDEN_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
// Whitespace and zero-width characters at either end: a name made only of them is empty.
const INVISIBLE_ENDS = /^[\s\u200B-\u200D\u2060\uFEFF]+|[\s\u200B-\u200D\u2060\uFEFF]+$/g;

/**
 * Every submitted text field passes through this (server/http/forms.ts `formFields`): hidden
 * controls are removed and invisible characters at the ends trimmed, so "required" checks see a
 * name made only of zero-width spaces as empty.
 */
export function cleanText(value: string): string {
  return value.replace(HIDDEN_CONTROLS, '').replace(INVISIBLE_ENDS, '');
}

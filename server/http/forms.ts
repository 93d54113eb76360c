import type { z } from 'zod';
import { cleanText } from '../lib/schemas';
import { ValidationError } from './errors';

/** Passwords are compared exactly as typed: nothing is stripped from them. */
const VERBATIM = /password/i;

/**
 * Plain object of the submitted fields with single values (a repeated field keeps its last value),
 * each cleaned of hidden control characters and invisible ends (schemas/common.ts `cleanText`).
 */
export function formFields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return out;
  for (const [key, raw] of Object.entries(body)) {
    if (key === '_csrf') continue;
    const value = typeof raw === 'string' ? raw : Array.isArray(raw) ? raw.at(-1) : undefined;
    if (typeof value !== 'string') continue;
    out[key] = VERBATIM.test(key) ? value : cleanText(value);
  }
  return out;
}

/** Parses with a zod schema or throws a ValidationError with one message per field. */
export function parseForm<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '_form';
    fieldErrors[key] ??= issue.message;
  }
  throw new ValidationError(fieldErrors);
}

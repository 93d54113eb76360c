import { z } from 'zod';
import { normaliseBin } from './ndc';

// The payer settings form: a payer's BIN (and PCN, or every PCN) and its return-to-stock days.

/** A payer's window is days or weeks; a year is far beyond any contract and is a typing mistake. */
export const MAX_RETURN_TO_STOCK_DAYS = 365;

export const PayerForm = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter the payer (plan or PBM) name.')
    .max(120, 'Keep it under 120 characters.'),
  bin: z.string().transform((v, ctx) => {
    const parsed = normaliseBin(v);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }
    return parsed.value;
  }),
  pcn: z
    .string()
    .trim()
    .max(20, 'A PCN is at most 20 characters.')
    .regex(/^[A-Za-z0-9-]*$/, 'A PCN has only letters, digits and dashes.')
    .optional()
    .transform((v) => (v ?? '').toUpperCase()),
  returnToStockDays: z
    .string()
    .trim()
    .min(1, 'Enter the days the payer allows to reverse a claim.')
    .regex(/^\d+$/, `Enter a whole number of days from 1 to ${MAX_RETURN_TO_STOCK_DAYS}.`)
    .transform(Number)
    .refine(
      (n) => n >= 1 && n <= MAX_RETURN_TO_STOCK_DAYS,
      `Enter a whole number of days from 1 to ${MAX_RETURN_TO_STOCK_DAYS}.`,
    ),
  dayKind: z.enum(['CALENDAR', 'BUSINESS'], { message: 'Choose calendar or business days.' }),
});
export type PayerForm = z.infer<typeof PayerForm>;

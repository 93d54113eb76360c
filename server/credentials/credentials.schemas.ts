import { z } from 'zod';
import { checkbox, isoDate, optionalIsoDate, optionalText, text } from '../people/people-fields.schemas';
import { idField, isIdText } from '../lib/schemas';
import { US_STATES } from '../sites/site-rules';

const idOf = (what: string) => idField(`Choose ${what}.`);

/** Add / edit a credential. An empty expiry is filled from the type's renewal period. */
export const CredentialForm = z
  .object({
    credentialTypeId: idOf('a credential type'),
    number: text('the credential number', 60),
    issuingState: z
      .string()
      .optional()
      .transform((v) => (v ?? '').trim())
      .refine((v) => v === '' || (US_STATES as readonly string[]).includes(v), 'Pick a state from the list.')
      .transform((v) => (v === '' ? null : v)),
    issuedOn: isoDate('the issue date'),
    expiresOn: optionalIsoDate('the expiry date'),
    verified: checkbox,
  })
  .superRefine((f, ctx) => {
    if (f.issuedOn < '1950-01-01')
      ctx.addIssue({ code: 'custom', path: ['issuedOn'], message: 'The issue date is too far in the past.' });
    if (f.expiresOn !== null && f.expiresOn < f.issuedOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['expiresOn'],
        message: 'The expiry date must be on or after the issue date.',
      });
    }
    if (f.expiresOn !== null && f.expiresOn > '2100-12-31')
      ctx.addIssue({
        code: 'custom',
        path: ['expiresOn'],
        message: 'The expiry date is too far in the future.',
      });
  });
export type CredentialFormData = z.infer<typeof CredentialForm>;

export const CE_TOPICS = ['GENERAL', 'LAW', 'PATIENT_SAFETY', 'STERILE_COMPOUNDING', 'OTHER'] as const;

export const CeCreditForm = z.object({
  earnedOn: isoDate('the date earned').refine((d) => d >= '1990-01-01', 'The date is too far in the past.'),
  hours: z
    .string()
    .trim()
    .min(1, 'Enter the hours.')
    .refine((s) => /^\d+(\.\d+)?$/.test(s), 'Enter the hours as a number, e.g. 1.5.')
    .transform(Number)
    .refine((n) => n > 0 && n <= 100, 'Enter between 0.1 and 100 hours.'),
  topic: z.enum(CE_TOPICS, 'Choose a topic.'),
  title: text('the course title', 200),
  provider: optionalText('the provider', 120),
  credentialTypeId: z
    .string()
    .trim()
    .transform((s) => (s === '' ? null : s))
    .refine((s) => s === null || isIdText(s), 'Choose a credential or “any renewal”.')
    .transform((s) => (s === null ? null : Number(s))),
});
export type CeCreditFormData = z.infer<typeof CeCreditForm>;

const optionalNumber = (label: string, max: number, integer = false) =>
  z
    .string()
    .trim()
    .transform((s) => (s === '' ? null : s))
    .refine(
      (s) => s === null || (integer ? /^\d+$/ : /^\d+(\.\d+)?$/).test(s),
      `Enter ${label} as a ${integer ? 'whole ' : ''}number, or leave it empty.`,
    )
    .transform((s) => (s === null ? null : Number(s)))
    .refine((n) => n === null || n <= max, `Enter ${label} of at most ${max}.`);

export const CredentialTypeForm = z
  .object({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z][A-Z0-9_]{1,29}$/, 'Use 2–30 capital letters, digits or _ (e.g. CPHT).'),
    name: text('a name', 120),
    issuingBody: text('the issuing body', 160),
    renewalMonths: optionalNumber('the renewal period in months', 120, true),
    ceHoursPerCycle: optionalNumber('the CE hours per cycle', 200),
    ceLawHours: optionalNumber('the law hours', 200),
    cePatientSafetyHours: optionalNumber('the patient-safety hours', 200),
  })
  .superRefine((f, ctx) => {
    const minimums = (f.ceLawHours ?? 0) + (f.cePatientSafetyHours ?? 0);
    if (minimums > 0 && (f.ceHoursPerCycle ?? 0) < minimums) {
      ctx.addIssue({
        code: 'custom',
        path: ['ceHoursPerCycle'],
        message: 'CE hours per cycle must cover the law and patient-safety minimums.',
      });
    }
  });
export type CredentialTypeFormData = z.infer<typeof CredentialTypeForm>;

export const ExpiryQuery = z.object({ within: z.enum(['30', '60', '90']).catch('90').transform(Number) });

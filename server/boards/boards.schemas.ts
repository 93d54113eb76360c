import { z } from 'zod';
import { idField, isIdText, MAX_ID, optionalIdField } from '../lib/schemas';
import { isIsoDate } from '../lib/time';
import { normaliseBin, normaliseNdc, parseMoneyToCents } from './ndc';

// Forms of the task boards. Every value arrives as text; these turn it into domain values
// (integer cents, 11-digit NDCs, ISO dates) or one message per field.

const trimmed = (max: number, tooLong: string) => z.string().trim().max(max, tooLong);

const requiredText = (max: number, empty: string) =>
  trimmed(max, `Keep it under ${max} characters.`).min(1, empty);

/** '' → null, so an optional field cleared on a form is stored as missing, not as an empty string. */
const optionalText = (max: number) =>
  trimmed(max, `Keep it under ${max} characters.`)
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v));

const requiredDate = (empty: string) =>
  z.string().trim().min(1, empty).refine(isIsoDate, 'Enter a date as YYYY-MM-DD.');

const optionalDate = z
  .string()
  .trim()
  .optional()
  .refine((v) => v === undefined || v === '' || isIsoDate(v), 'Enter a date as YYYY-MM-DD.')
  .transform((v) => (v === undefined || v === '' ? null : v));

const optionalMoney = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === '') return null;
    const parsed = parseMoneyToCents(v);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }
    return parsed.value;
  });

const requiredMoney = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const parsed = parseMoneyToCents(v ?? '');
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }
    return parsed.value;
  });

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === 'on' || v === 'true' || v === '1');

const priority = z
  .enum(['LOW', 'NORMAL', 'HIGH', 'URGENT'], { error: 'Choose a priority.' })
  .default('NORMAL');

/** '' → null (unassigned); otherwise a staff id. */
const optionalStaffId = optionalIdField('Choose a person from the list.');

export const version = z.coerce
  .number({ error: 'This form is missing the card version; reload the page.' })
  .int()
  .min(1, 'This form is missing the card version; reload the page.')
  .max(MAX_ID, 'This form is missing the card version; reload the page.');

/** Fields every card has. The due date is a local calendar day; the service makes it an instant. */
const cardFields = {
  title: requiredText(160, 'Give the card a short title.'),
  assigneeId: optionalStaffId,
  dueDate: optionalDate,
  priority,
  description: optionalText(2000),
};

export const RETURN_REASONS = [
  'EXPIRED',
  'DAMAGED',
  'RECALLED',
  'OVERSTOCK',
  'MIS_SHIPPED',
  'THEFT_OR_LOSS',
] as const;

export const VendorReturnForm = z
  .object({
    ...cardFields,
    vendor: requiredText(120, 'Enter the wholesaler or reverse distributor.'),
    drugName: requiredText(160, 'Enter the drug name and strength.'),
    ndc: z.string().transform((v, ctx) => {
      const parsed = normaliseNdc(v);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: parsed.message });
        return z.NEVER;
      }
      return parsed.value;
    }),
    lot: requiredText(40, 'Enter the lot number from the package.'),
    expiryDate: requiredDate('Enter the expiry date from the package.'),
    quantity: z
      .string()
      .trim()
      .min(1, 'Enter how many units go back.')
      .regex(/^\d+$/, 'Enter a whole number of units.')
      .transform(Number)
      .refine((n) => n > 0, 'The quantity must be more than zero.')
      .refine((n) => n <= 1_000_000, 'That quantity is too large.'),
    reason: z.enum(RETURN_REASONS, { error: 'Choose why the product goes back.' }),
    raNumber: optionalText(60),
    expectedCredit: optionalMoney,
    receivedCredit: optionalMoney,
    zeroCreditReason: optionalText(500),
    shippedOn: optionalDate,
    trackingNumber: optionalText(60),
    scheduleII: checkbox,
    deaForm222Number: optionalText(20),
    lossDiscoveredOn: optionalDate,
    deaNoticeSentOn: optionalDate,
    dea106FiledOn: optionalDate,
  })
  .superRefine((form, ctx) => {
    if (form.reason === 'THEFT_OR_LOSS' && form.lossDiscoveredOn === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['lossDiscoveredOn'],
        message: 'Enter the day the theft or loss was discovered: the DEA clocks run from it.',
      });
    }
    if (form.reason !== 'THEFT_OR_LOSS' && form.lossDiscoveredOn !== null) {
      ctx.addIssue({
        code: 'custom',
        path: ['lossDiscoveredOn'],
        message: 'A discovery day is only for a theft or loss; choose that reason or clear it.',
      });
    }
    for (const key of ['deaNoticeSentOn', 'dea106FiledOn'] as const) {
      const day = form[key];
      if (day !== null && form.lossDiscoveredOn !== null && day < form.lossDiscoveredOn) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'This cannot be before the discovery day.' });
      }
    }
    if (form.deaForm222Number !== null && !form.scheduleII) {
      ctx.addIssue({
        code: 'custom',
        path: ['deaForm222Number'],
        message: 'A DEA Form 222 number is only for Schedule II returns; tick “Schedule II” or clear it.',
      });
    }
  });
export type VendorReturnForm = z.infer<typeof VendorReturnForm>;

/** The catalogue select's value for "a code that is not in the list", typed into `rejectCodeOther`. */
export const OTHER_REJECT_CODE = 'OTHER';

export const BillingIssueForm = z
  .object({
    ...cardFields,
    rxNumber: requiredText(20, 'Enter the prescription number.').regex(
      /^[A-Za-z0-9-]+$/,
      'A prescription number has only letters, digits and dashes.',
    ),
    dateOfService: requiredDate('Enter the date of service.'),
    payerName: requiredText(120, 'Enter the payer (plan or PBM) name.'),
    bin: z.string().transform((v, ctx) => {
      const parsed = normaliseBin(v);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: parsed.message });
        return z.NEVER;
      }
      return parsed.value;
    }),
    pcn: optionalText(20),
    rejectCode: z.string().trim().min(1, 'Choose the NCPDP reject code.'),
    rejectCodeOther: z.string().trim().optional(),
    amount: requiredMoney,
    notes: optionalText(2000),
    outcome: optionalText(500),
  })
  .transform((form, ctx) => {
    const code = (
      form.rejectCode === OTHER_REJECT_CODE ? (form.rejectCodeOther ?? '') : form.rejectCode
    ).toUpperCase();
    if (!/^[A-Z0-9]{1,3}$/.test(code)) {
      ctx.addIssue({
        code: 'custom',
        path: [form.rejectCode === OTHER_REJECT_CODE ? 'rejectCodeOther' : 'rejectCode'],
        message: 'An NCPDP reject code is 1 to 3 letters or digits, e.g. 75 or MR.',
      });
      return z.NEVER;
    }
    const { rejectCodeOther: _other, ...rest } = form;
    return { ...rest, rejectCode: code };
  });
export type BillingIssueForm = z.infer<typeof BillingIssueForm>;

/** A card moving to another column, with whatever facts the target status needs. */
export const MoveForm = z.object({
  to: z.string().trim().min(1, 'Choose where the card goes.').max(40),
  version,
  raNumber: optionalText(60),
  shippedOn: optionalDate,
  trackingNumber: optionalText(60),
  deaForm222Number: optionalText(20),
  receivedCredit: optionalMoney,
  zeroCreditReason: optionalText(500),
  outcome: optionalText(500),
});
export type MoveForm = z.infer<typeof MoveForm>;

export const AssignForm = z.object({ assigneeId: optionalStaffId, version });

export const CommentForm = z.object({
  body: requiredText(2000, 'Write a comment first.'),
});

export const DailyTaskEditForm = z.object({
  ...cardFields,
  version,
});

export const DAILY_RECURRENCES = ['DAILY', 'WEEKLY', 'MONTHLY'] as const;

/** "07:30" → 450 minutes from local midnight. */
const timeOfDay = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time as HH:MM, e.g. 09:00.')
  .transform((v) => Number(v.slice(0, 2)) * 60 + Number(v.slice(3, 5)));

/** `weekdays` arrives as the ticked checkboxes (the route passes every value, joined by commas). */
export const DailyTaskTemplateForm = z
  .object({
    title: requiredText(160, 'Give the task a title.'),
    description: optionalText(2000),
    recurrence: z.enum(DAILY_RECURRENCES, { error: 'Choose how often it recurs.' }),
    weekdays: z.string().optional(),
    dayOfMonth: z.string().optional(),
    dueTime: timeOfDay,
    priority,
    active: checkbox,
  })
  .transform((form, ctx) => {
    let weekdays: string | null = null;
    let dayOfMonth: number | null = null;
    if (form.recurrence === 'WEEKLY') {
      const days = [...new Set((form.weekdays ?? '').split(',').filter((d) => /^[1-7]$/.test(d)))].sort();
      if (days.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['weekdays'], message: 'Tick at least one weekday.' });
        return z.NEVER;
      }
      weekdays = days.join(',');
    }
    if (form.recurrence === 'MONTHLY') {
      const n = Number(form.dayOfMonth ?? '');
      if (!Number.isInteger(n) || n < 1 || n > 28) {
        ctx.addIssue({
          code: 'custom',
          path: ['dayOfMonth'],
          message: 'Choose a day from 1 to 28 (every month has those).',
        });
        return z.NEVER;
      }
      dayOfMonth = n;
    }
    return {
      title: form.title,
      description: form.description,
      recurrence: form.recurrence,
      weekdays,
      dayOfMonth,
      dueMinute: form.dueTime,
      priority: form.priority,
      active: form.active,
    };
  });
export type DailyTaskTemplateForm = z.infer<typeof DailyTaskTemplateForm>;

/** Board filters and sorting from the query string; anything unknown is ignored, not an error. */
export const BoardQuery = z.object({
  view: z.enum(['columns', 'list']).catch('columns'),
  assignee: z
    .string()
    .refine((v) => v === 'none' || v === '' || isIdText(v))
    .optional()
    .catch(undefined),
  priority: z.enum(['', 'LOW', 'NORMAL', 'HIGH', 'URGENT']).optional().catch(undefined),
  overdue: z
    .string()
    .optional()
    .transform((v) => v === '1' || v === 'on')
    .catch(false),
  party: z.string().trim().max(120).optional().catch(undefined),
  sort: z.enum(['due', 'age', 'priority', 'amount', 'status', 'title']).catch('due'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  closed: z
    .string()
    .optional()
    .transform((v) => v === '1' || v === 'on')
    .catch(false),
  date: z
    .string()
    .optional()
    .refine((v) => v === undefined || isIsoDate(v))
    .catch(undefined),
  /** One column only (the "N more" link of a capped column); checked against the board's flow. */
  status: z
    .string()
    .regex(/^[A-Z_]{1,40}$/)
    .optional()
    .catch(undefined),
  /** Page of the list view, from 1. */
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});
export type BoardQuery = z.infer<typeof BoardQuery>;

export const IdParam = z.object({ id: idField() });

/** The version an edit form was read at; parsed beside the edit form itself. */
export const VersionForm = z.object({ version });

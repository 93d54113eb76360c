import { z } from 'zod';
import { isoDateField } from '../lib/time';
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

const TASK_LINE = /^(\d{1,2})(?::00)?\s+(\d{1,2}(?:\.\d{1,2})?)\s*h\s*(.*)$/i;

/**
 * Fixed tasks typed one per line as "09:00 2h Receiving": the start hour, the labour hours and a
 * name. Returns the tasks, or the message for the first line that is not one.
 */
export function parseTaskLines(
  text: string,
):
  { ok: true; tasks: { startHour: number; hours: number; name: string }[] } | { ok: false; message: string } {
  const tasks: { startHour: number; hours: number; name: string }[] = [];
  for (const raw of text.split(/\r?\n|;/)) {
    const line = raw.trim();
    if (line === '') continue;
    const m = TASK_LINE.exec(line);
    const startHour = m ? Number(m[1]) : NaN;
    const hours = m ? Number(m[2]) : NaN;
    if (!m || startHour > 23 || hours <= 0 || hours > 24)
      return { ok: false, message: `“${line}” is not a task: write one per line as 09:00 2h Receiving.` };
    tasks.push({ startHour, hours, name: m[3]!.trim().slice(0, 60) });
  }
  return { ok: true, tasks };
}

/** One position's row of the standards form; `queues` are those the site's counts have. */
export function parseStandardFields(
  fields: Record<string, string>,
  positionId: number,
  queues: readonly string[],
): {
  value: {
    queue: string;
    rxPerLabourHour: number | null;
    minimumWhenOpen: number;
    fixedTasks: { startHour: number; hours: number; name: string }[];
  };
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  const rateText = (fields[`rate_${positionId}`] ?? '').trim();
  const rate = rateText === '' ? null : Number(rateText);
  if (rate !== null && !(/^\d{1,4}(\.\d{1,2})?$/.test(rateText) && rate > 0))
    errors[`rate_${positionId}`] = 'Enter prescriptions per labour hour, such as 15, or leave it empty.';
  const queue = (fields[`queue_${positionId}`] ?? '').trim();
  if (queue !== '' && !queues.includes(queue))
    errors[`queue_${positionId}`] = 'Choose a queue the imported counts have, or all prescriptions.';
  else if (queue !== '' && rate === null && !errors[`rate_${positionId}`])
    errors[`queue_${positionId}`] = 'A queue counts only with prescriptions per labour hour: enter a rate.';
  const minText = (fields[`min_${positionId}`] ?? '').trim();
  const min = minText === '' ? 0 : Number(minText);
  if (!/^\d{0,2}$/.test(minText) || min > 20)
    errors[`min_${positionId}`] = 'Enter a whole number of people from 0 to 20.';
  const tasks = parseTaskLines(fields[`tasks_${positionId}`] ?? '');
  if (!tasks.ok) errors[`tasks_${positionId}`] = tasks.message;
  return {
    value: { queue, rxPerLabourHour: rate, minimumWhenOpen: min, fixedTasks: tasks.ok ? tasks.tasks : [] },
    errors,
  };
}

const optionalNumber = (pattern: RegExp, message: string, max: number) =>
  z
    .string()
    .trim()
    .default('')
    .refine((v) => v === '' || (pattern.test(v) && Number(v) <= max), message)
    .transform((v) => (v === '' ? null : Number(v)));

/** The site's weekly labour budget; every amount may be left empty for none. */
export const BudgetForm = z
  .object({
    budgetHours: optionalNumber(/^\d{1,5}$/, 'Enter whole hours, such as 420, or leave it empty.', 20_000),
    budgetDollars: optionalNumber(
      /^\d{1,7}(\.\d{1,2})?$/,
      'Enter dollars, such as 12500, or leave it empty.',
      9_999_999,
    ),
    budgetLabourPercent: optionalNumber(
      /^\d{1,2}(\.\d{1,2})?$/,
      'Enter a percentage from 0 to 60, such as 13, or leave it empty.',
      60,
    ),
    revenuePerRx: optionalNumber(
      /^\d{1,4}(\.\d{1,2})?$/,
      'Enter dollars per prescription, such as 62.50, or leave it empty.',
      9999,
    ),
    budgetHard: z
      .string()
      .optional()
      .transform((v) => v === 'on'),
    weightOverBudget: z
      .string()
      .trim()
      .regex(/^\d{1,6}$/, 'Enter a whole number, such as 100.')
      .transform(Number),
  })
  .superRefine((form, ctx) => {
    if ((form.budgetLabourPercent === null) !== (form.revenuePerRx === null)) {
      const path = form.budgetLabourPercent === null ? 'budgetLabourPercent' : 'revenuePerRx';
      ctx.addIssue({
        code: 'custom',
        path: [path],
        message: 'A revenue share needs both the percentage and the revenue per prescription.',
      });
    }
  });

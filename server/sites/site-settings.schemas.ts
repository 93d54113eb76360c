import { z } from 'zod';

const wholeNumber = (label: string, max: number) =>
  z.coerce
    .number({ message: `${label} must be a whole number.` })
    .int(`${label} must be a whole number.`)
    .min(0, `${label} cannot be negative.`)
    .max(max, `${label} can be at most ${max}.`);

/** The site settings form: the notice window and what a change inside it costs the optimiser. */
export const SiteSettingsForm = z.object({
  noticeWindowDays: wholeNumber('The notice window', 90),
  weightNoticeChange: wholeNumber('The cost of a change inside the notice window', 100_000),
});

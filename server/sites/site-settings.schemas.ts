import { z } from 'zod';

const wholeNumber = (label: string, max: number) =>
  z.coerce
    .number({ message: `${label} must be a whole number.` })
    .int(`${label} must be a whole number.`)
    .min(0, `${label} cannot be negative.`)
    .max(max, `${label} can be at most ${max}.`);

/** The site settings form: the notice window and what a change inside it costs the optimiser; who gets open shifts; how swaps are approved. */
export const SiteSettingsForm = z.object({
  noticeWindowDays: wholeNumber('The notice window', 90),
  weightNoticeChange: wholeNumber('The cost of a change inside the notice window', 100_000),
  claimPolicy: z.enum(['FIRST_VALID', 'MANAGER_PICKS'], { message: 'Choose who gets an open shift.' }),
  swapApproval: z.enum(['AUTOMATIC', 'MANAGER'], { message: 'Choose how swaps are approved.' }),
});

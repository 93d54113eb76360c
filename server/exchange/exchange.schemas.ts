import { z } from 'zod';
import { idField, isIdText, optionalIdField } from '../lib/schemas';
import { isoDateField } from '../lib/time';

const note = z
  .string()
  .trim()
  .max(500, 'Keep the note under 500 characters.')
  .optional()
  .transform((v) => (v ? v : null));

/** Posting a coverage gap as an open shift: the published version, the shift and the position. */
export const PostGapForm = z.object({
  scheduleId: idField('Pick a gap from the list.'),
  shiftDate: isoDateField('Pick a gap from the list.'),
  templateId: idField('Pick a gap from the list.'),
  positionId: idField('Pick a gap from the list.'),
  note,
});

/** Offering a call-out's shift to the ranked candidates: why the person is off and how to offer it. */
export const CallOutOfferForm = z
  .object({
    reason: z
      .string()
      .trim()
      .min(1, 'Say why the person is off (e.g. sick).')
      .max(200, 'Keep the reason under 200 characters.'),
    offerMode: z.enum(['ALL', 'ONE_AT_A_TIME'], { message: 'Choose how to offer the shift.' }),
    offerMinutes: z.string().trim().optional(),
  })
  .transform((form, ctx) => {
    if (form.offerMode === 'ALL') return { ...form, offerMinutes: null };
    const minutes = Number(form.offerMinutes);
    if (!/^\d{1,4}$/.test(form.offerMinutes ?? '') || minutes < 5 || minutes > 1440) {
      ctx.addIssue({
        code: 'custom',
        path: ['offerMinutes'],
        message: 'Give each person 5 to 1440 minutes to answer.',
      });
      return z.NEVER;
    }
    return { ...form, offerMinutes: minutes };
  });

/** The manager gives an open shift to one of its claimants. */
export const PickForm = z.object({ staffId: idField('Pick one of the claimants.') });

/** "Swap or give away" from My shifts. */
export const ShiftOfferForm = z
  .object({
    action: z.enum(['give', 'swap', 'drop'], { message: 'Choose what to do with the shift.' }),
    colleagueId: optionalIdField('Pick the colleague to give it to.'),
    swapAssignmentId: optionalIdField('Pick the colleague’s shift you would take in return.'),
    note,
  })
  .superRefine((form, ctx) => {
    if (form.action === 'give' && form.colleagueId === null)
      ctx.addIssue({ code: 'custom', path: ['colleagueId'], message: 'Pick the colleague to give it to.' });
    if (form.action === 'swap' && form.swapAssignmentId === null)
      ctx.addIssue({
        code: 'custom',
        path: ['swapAssignmentId'],
        message: 'Pick the colleague’s shift you would take in return.',
      });
  });

/** The manager's decision on a swap or give-away; a denial needs a note. */
export const SwapDecisionForm = z.object({ note });

export const IdParam = z.object({ id: idField() });
export const AssignmentParams = z.object({ id: idField(), assignmentId: idField() });
/** `?shift=` of the swap form: one of my assignments; absent → pick one; anything else → null (404). */
export const OfferQuery = z.object({
  shift: z
    .string()
    .optional()
    .transform((v) => (v === undefined ? undefined : isIdText(v) ? Number(v) : null))
    .catch(null),
});

/** Who gets an open shift, and how an agreed swap or give-away is approved. */
export const ExchangeSettingsForm = z.object({
  claimPolicy: z.enum(['FIRST_VALID', 'MANAGER_PICKS'], { message: 'Choose who gets an open shift.' }),
  swapApproval: z.enum(['AUTOMATIC', 'MANAGER'], { message: 'Choose how swaps are approved.' }),
});

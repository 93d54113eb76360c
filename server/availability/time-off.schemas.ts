import { z } from 'zod';
import { pageQuery } from '../lib/pagination.schemas';
import { checkbox, isoDate, optionalText, text } from '../people/people-fields.schemas';

export const TimeOffForm = z
  .object({
    startDate: isoDate('the first day off'),
    endDate: isoDate('the last day off'),
    reason: text('a reason', 500),
  })
  .refine((f) => f.endDate >= f.startDate, {
    path: ['endDate'],
    message: 'The last day must be on or after the first day.',
  });
export type TimeOffFormData = z.infer<typeof TimeOffForm>;

export const TimeOffDecisionForm = z.object({
  note: optionalText('the note', 500),
  acknowledgeConflicts: checkbox,
});
export type TimeOffDecisionFormData = z.infer<typeof TimeOffDecisionForm>;

/** Pages of the time-off lists: `page` (mine, or pending at review) and `decidedPage`. */
export const TimeOffPagesQuery = z.object({ page: pageQuery, decidedPage: pageQuery });

import { z } from 'zod';
import { AVAILABILITY_KINDS } from './availability-rules';
import { clockTime, isoDate, optionalClockTime, optionalText } from '../people/people-fields.schemas';

/** A recurring weekly window; windows end on the day they start (use 24:00 for midnight). */
export const AvailabilityRuleForm = z
  .object({
    weekday: z.enum(['1', '2', '3', '4', '5', '6', '7'], 'Choose a weekday.').transform(Number),
    start: clockTime('a start time'),
    end: clockTime('an end time', true),
    kind: z.enum(AVAILABILITY_KINDS, 'Choose available, preferred or unavailable.'),
  })
  .refine((f) => f.end > f.start, {
    path: ['end'],
    message:
      'The end must be after the start. For a night, add two windows: until 24:00, and from 00:00 the next day.',
  });
export type AvailabilityRuleFormData = z.infer<typeof AvailabilityRuleForm>;

/** A dated exception: both times empty means the whole day. */
export const AvailabilityExceptionForm = z
  .object({
    date: isoDate('the date'),
    start: optionalClockTime('the start time'),
    end: optionalClockTime('the end time', true),
    kind: z.enum(AVAILABILITY_KINDS, 'Choose available, preferred or unavailable.'),
    note: optionalText('the note', 200),
  })
  .superRefine((f, ctx) => {
    if ((f.start === null) !== (f.end === null)) {
      ctx.addIssue({
        code: 'custom',
        path: [f.start === null ? 'start' : 'end'],
        message: 'Give both a start and an end, or neither for the whole day.',
      });
    } else if (f.start !== null && f.end !== null && f.end <= f.start) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'The end must be after the start.' });
    }
  });
export type AvailabilityExceptionFormData = z.infer<typeof AvailabilityExceptionForm>;

import { z } from 'zod';
import { idField } from '../lib/schemas';

/** `:id` of a schedule URL; anything but a positive integer is a page that does not exist. */
export const ScheduleIdParam = z.object({ id: idField() });

/** The publish button's form: `confirmGaps=on` once the manager has seen the gaps. */
export const PublishForm = z.object({
  confirmGaps: z
    .literal('on')
    .optional()
    .transform((v) => v === 'on'),
  gapCount: z.coerce.number().int().min(0).max(100_000).optional(),
});

import { z } from 'zod';

/** `?week=YYYY-MM-DD` (any day of the week to show); anything else shows the current week. */
export const WeekQuery = z.object({
  week: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
});

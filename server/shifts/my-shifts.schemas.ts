import { z } from 'zod';
import { isoDateField } from '../lib/time';

/** `?week=YYYY-MM-DD` (any day of the week to show); anything else shows the current week. */
export const WeekQuery = z.object({
  week: isoDateField().optional().catch(undefined),
});

import { z } from 'zod';
import { isoDateField } from './common';

/** `?week=YYYY-MM-DD` (any day of the week to show); anything else shows the current week. */
export const WeekQuery = z.object({
  week: isoDateField().optional().catch(undefined),
});

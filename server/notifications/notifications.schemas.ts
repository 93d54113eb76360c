import { z } from 'zod';
import { pageQuery } from '../lib/pagination.schemas';

export const InboxQuery = z.object({ page: pageQuery });

/** "HH:MM" → minutes from midnight; empty → null. */
const quietTime = z
  .string()
  .trim()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d)?$/, 'Enter a time as HH:MM, e.g. 22:00.')
  .transform((v) => (v === '' ? null : Number(v.slice(0, 2)) * 60 + Number(v.slice(3, 5))));

/** The settings form: `email_<KIND>` checkboxes ("on" when ticked) and the quiet hours. */
export const SettingsForm = z
  .object({ quietStart: quietTime.default(null), quietEnd: quietTime.default(null) })
  .catchall(z.string());

/** The signed token of a "no more emails of this kind" link. */
const token = z.string().trim().min(1).max(300);

export const UnsubscribeQuery = z.object({ token: token.catch('') });

export const UnsubscribeForm = z.object({ token, email: z.enum(['on', 'off']) });

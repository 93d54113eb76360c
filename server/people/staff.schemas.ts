import { z } from 'zod';
import { normaliseEmail } from '../account/email';
import { isIdText } from '../lib/schemas';
import { pageQuery } from '../lib/pagination.schemas';
import { dollars, hours, optionalText, text } from './people-fields.schemas';

export const EMPLOYMENT_TYPES = ['FULL_TIME', 'PART_TIME', 'PER_DIEM'] as const;
export const APP_ROLES = ['STAFF', 'LEAD', 'MANAGER'] as const;

/** Create / edit a staff member and their sign-in. Positions come as checkboxes position_<id>. */
export const StaffForm = z
  .object({
    firstName: text('a first name', 80),
    lastName: text('a last name', 80),
    // Stored in the form sign-in looks it up by (server/account/sign-in-limits.service.ts normaliseEmail).
    email: z
      .string()
      .transform(normaliseEmail)
      .pipe(
        z
          .string()
          .min(1, 'Enter an email address.')
          .max(254, 'That email address is too long.')
          .refine(
            (s) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s),
            'Enter an email address like name@example.org.',
          ),
      ),
    role: z.enum(APP_ROLES, 'Choose an app role.'),
    employmentType: z.enum(EMPLOYMENT_TYPES, 'Choose an employment type.'),
    hourlyRate: dollars('an hourly rate', 500),
    minWeeklyHours: hours('minimum weekly hours', 80),
    targetWeeklyHours: hours('target weekly hours', 80),
    maxWeeklyHours: hours('maximum weekly hours', 80),
    phone: optionalText('a phone number', 40),
  })
  .superRefine((f, ctx) => {
    if (f.targetWeeklyHours < f.minWeeklyHours) {
      ctx.addIssue({
        code: 'custom',
        path: ['targetWeeklyHours'],
        message: 'Target hours cannot be below the minimum.',
      });
    }
    if (f.maxWeeklyHours < f.targetWeeklyHours) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxWeeklyHours'],
        message: 'Maximum hours cannot be below the target.',
      });
    }
  });
export type StaffFormData = z.infer<typeof StaffForm>;

/** Query string of the staff list. Unknown values fall back to "any". */
export const StaffListQuery = z.object({
  q: z.string().trim().max(100).catch(''),
  position: z.string().refine(isIdText).optional().catch(undefined),
  employment: z.enum(EMPLOYMENT_TYPES).optional().catch(undefined),
  active: z.enum(['active', 'inactive', 'all']).catch('active'),
  page: pageQuery,
});
export type StaffListFilter = z.infer<typeof StaffListQuery>;

/** Position ids ticked on the staff form (checkboxes named position_<id>). */
export function positionIdsFrom(fields: Record<string, string>): number[] {
  return Object.keys(fields)
    .map((k) => /^position_(\d+)$/.exec(k)?.[1])
    .filter((id): id is string => id !== undefined && isIdText(id) && fields[`position_${id}`] !== '')
    .map(Number);
}

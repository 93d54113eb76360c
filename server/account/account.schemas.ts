import { z } from 'zod';

/** Long enough to resist guessing; no composition rules (NIST SP 800-63B). */
export const MIN_PASSWORD_LENGTH = 10;

export const PasswordChangeForm = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password.').max(1024),
    newPassword: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
      .max(1024, 'That password is too long.'),
    confirmPassword: z.string().max(1024),
    next: z.string().max(2000).optional(),
  })
  .refine((f) => f.newPassword === f.confirmPassword, {
    message: 'The two new passwords differ.',
    path: ['confirmPassword'],
  })
  .refine((f) => f.newPassword !== f.currentPassword, {
    message: 'Choose a password different from the current one.',
    path: ['newPassword'],
  });

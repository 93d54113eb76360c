import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from './account.schemas';

export const ForgotPasswordForm = z.object({
  email: z.string().trim().min(1, 'Enter your email address.').max(254, 'That email address is too long.'),
});

/** The secret of an emailed link: 32 random bytes, base64url. */
const token = z
  .string()
  .max(100)
  .regex(/^[A-Za-z0-9_-]*$/)
  .catch('');

export const SetPasswordQuery = z.object({ token });

export const SetPasswordForm = z
  .object({
    token,
    newPassword: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
      .max(1024, 'That password is too long.'),
    confirmPassword: z.string().max(1024),
  })
  .refine((f) => f.newPassword === f.confirmPassword, {
    message: 'The two passwords differ.',
    path: ['confirmPassword'],
  });

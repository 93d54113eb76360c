import { z } from 'zod';
import { normaliseEmail } from './email';

/** The email is normalised once here; sign-in, its limits and the audit log all use that form. */
export const SignInForm = z.object({
  email: z
    .string()
    .transform(normaliseEmail)
    .pipe(z.string().min(1, 'Enter your email address.').max(254, 'That email address is too long.')),
  password: z.string().min(1, 'Enter your password.').max(1024, 'That password is too long.'),
  next: z.string().max(2000).optional(),
});

import { ipKeyGenerator } from 'express-rate-limit';
import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { formFields } from '../http/forms';
import type { RouteDef } from '../http/routes';
import { tryForm } from '../people/people-fields.schemas';
import { MIN_PASSWORD_LENGTH } from './account.schemas';
import { ForgotPasswordForm, SetPasswordForm, SetPasswordQuery } from './account-tokens.schemas';
import { checkAccountToken, requestPasswordReset, setPasswordWithToken } from './account-tokens.service';
import { beginAttempt, type LimitPolicy } from './sign-in-limits.service';
import { normaliseEmail } from './email';

export const resetMessages = {
  sent: 'If an active account uses that address, a link to choose a new password is on its way. It works once, for one hour.',
  tooMany: 'Too many reset requests. Wait a while and try again.',
} as const;

/** Fixed windows: `limit` requests per `windowMs` (the last one locks), then refused until it ends. */
function windowPolicy(limit: number, windowMs: number): LimitPolicy {
  return {
    limit,
    windowMs,
    lockMs: (_failures, windowStart, now) => windowStart.getTime() + windowMs - now.getTime(),
    fixedWindow: true,
  };
}
/** Per address typed in (existing or not, so refusals tell nothing) and per client address. */
const PER_EMAIL = windowPolicy(3, 60 * 60_000);
const PER_ADDRESS = windowPolicy(20, 15 * 60_000);

export function accountTokenRoutes({ db }: AppDeps): RouteDef[] {
  function renderForgot(
    res: Response,
    values: Record<string, string>,
    errors: Record<string, string>,
    sent: string | null,
  ) {
    res.render('auth/forgot-password', { title: 'Forgot password', values, errors, sent });
  }

  /** GET /forgot-password — asks for the email address to send a reset link to */
  async function getForgotPassword(_req: Request, res: Response) {
    renderForgot(res, {}, {}, null);
  }

  /** POST /forgot-password — sends the link when the account exists; the same answer either way */
  async function postForgotPassword(req: Request, res: Response) {
    const values = formFields(req.body);
    const parsed = tryForm(ForgotPasswordForm, values);
    if (!parsed.ok) return renderForgot(res.status(400), values, parsed.errors, null);
    const email = normaliseEmail(parsed.data.email);
    const attempt = await beginAttempt(db, [
      { key: `reset:${email}`, policy: PER_EMAIL },
      { key: `reset-address:${ipKeyGenerator(req.ip ?? '')}`, policy: PER_ADDRESS },
    ]);
    if (!attempt.allowed) {
      res.set('Retry-After', String(attempt.retryAfterSeconds));
      return renderForgot(res.status(429), values, { email: resetMessages.tooMany }, null);
    }
    await requestPasswordReset(db, email);
    renderForgot(res, {}, {}, resetMessages.sent);
  }

  function renderSetPassword(
    res: Response,
    token: string,
    account: { email: string; purpose: string },
    errors: Record<string, string>,
  ) {
    res.render('auth/set-password', {
      title: account.purpose === 'INVITATION' ? 'Choose your password' : 'Choose a new password',
      token,
      account,
      errors,
      minLength: MIN_PASSWORD_LENGTH,
    });
  }

  /** GET /set-password — the page an invitation or reset link opens: choose a password */
  async function getSetPassword(req: Request, res: Response) {
    const { token } = SetPasswordQuery.parse(req.query);
    renderSetPassword(res, token, await checkAccountToken(db, token), {});
  }

  /** POST /set-password — sets it, spends the link and ends every session of the account */
  async function postSetPassword(req: Request, res: Response) {
    const fields = formFields(req.body);
    const parsed = tryForm(SetPasswordForm, fields);
    if (!parsed.ok) {
      const token = SetPasswordQuery.parse(fields).token;
      return renderSetPassword(res.status(400), token, await checkAccountToken(db, token), parsed.errors);
    }
    const { email } = await setPasswordWithToken(db, parsed.data.token, parsed.data.newPassword);
    res.render('auth/password-set', { title: 'Password saved', email });
  }

  return [
    { method: 'get', path: '/forgot-password', access: 'public', handler: getForgotPassword },
    { method: 'post', path: '/forgot-password', access: 'public', handler: postForgotPassword },
    { method: 'get', path: '/set-password', access: 'public', handler: getSetPassword },
    { method: 'post', path: '/set-password', access: 'public', handler: postSetPassword },
  ];
}

import type { NextFunction, Request, Response } from 'express';
import type { AppDeps } from '../app';
import { messages, ValidationError } from '../http/errors';
import { formFields, parseForm } from '../http/forms';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { flash, safeNext } from '../http/session-middleware';
import { MIN_PASSWORD_LENGTH, PasswordChangeForm } from './account.schemas';
import { changePassword } from './account.service';
import { accountPolicy, beginAttempt, endAttemptWithSuccess } from './sign-in-limits.service';

const PASSWORD_PAGE = '/account/password';

/**
 * Someone signed in with a one-time password goes to the password page first; nothing else opens
 * and no other form is carried out until they have chosen their own (whoever handed out the
 * one-time password may know it).
 */
export function requirePasswordChange(req: Request, res: Response, next: NextFunction): void {
  if (!req.user?.mustChangePassword || req.path === PASSWORD_PAGE || req.path === '/sign-out') return next();
  const back = req.method === 'GET' ? req.originalUrl : (req.get('referer') ?? '/');
  res.redirect(303, `${PASSWORD_PAGE}?next=${encodeURIComponent(safeNext(back))}`);
}

export function accountRoutes({ db, sessions, options }: AppDeps): RouteDef[] {
  const perUser = accountPolicy(options.signInAccountFreeFailures);

  function render(
    res: Response,
    user: CurrentUser,
    values: Record<string, string>,
    errors: Record<string, string>,
  ) {
    res.render('account/password', {
      title: 'Change password',
      values: { next: values.next ?? '' },
      errors,
      required: user.mustChangePassword,
      minLength: MIN_PASSWORD_LENGTH,
    });
  }

  /** GET /account/password — change my password (required after a one-time password) */
  async function getPassword(req: Request, res: Response, user: CurrentUser) {
    render(res, user, { next: typeof req.query.next === 'string' ? req.query.next : '' }, {});
  }

  /** POST /account/password — checks the current password, saves the new one */
  async function postPassword(req: Request, res: Response, user: CurrentUser) {
    const fields = formFields(req.body);
    try {
      const form = parseForm(PasswordChangeForm, fields);
      // The current-password check is a password guess like a sign-in: the same backoff per user.
      const limit = { key: `password:${user.id}`, policy: perUser };
      const attempt = await beginAttempt(db, [limit]);
      if (!attempt.allowed) {
        res.set('Retry-After', String(attempt.retryAfterSeconds));
        return render(res.status(429), user, fields, { currentPassword: messages.tooManyPasswordChecks });
      }
      await changePassword(
        db,
        { id: user.id, sessionId: req.sessionId! },
        form.currentPassword,
        form.newPassword,
      );
      await endAttemptWithSuccess(db, [limit.key], []);
      await flash(req, sessions, { kind: 'success', message: 'Your password has been changed.' });
      res.redirect(303, safeNext(form.next));
    } catch (err) {
      if (err instanceof ValidationError) return render(res.status(400), user, fields, err.fieldErrors);
      throw err;
    }
  }

  return [
    { method: 'get', path: PASSWORD_PAGE, access: 'STAFF', handler: getPassword },
    { method: 'post', path: PASSWORD_PAGE, access: 'STAFF', handler: postPassword },
  ];
}

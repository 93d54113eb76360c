import type { NextFunction, Request, Response } from 'express';
import type { AppDeps } from '../app';
import { ValidationError } from '../http/errors';
import { formFields, parseForm } from '../http/forms';
import type { RouteDef } from '../http/routes';
import { flash, safeNext } from '../http/session-middleware';
import { MIN_PASSWORD_LENGTH, PasswordChangeForm } from '../schemas/account';
import { changePassword } from '../services/account';

const PASSWORD_PAGE = '/account/password';

/**
 * Someone signed in with a one-time password goes to the password page first; nothing else opens
 * until they have chosen their own.
 */
export function requirePasswordChange(req: Request, res: Response, next: NextFunction): void {
  if (!req.user?.mustChangePassword || req.path === PASSWORD_PAGE || req.path === '/sign-out') return next();
  if (req.method !== 'GET') return next();
  res.redirect(303, `${PASSWORD_PAGE}?next=${encodeURIComponent(safeNext(req.originalUrl))}`);
}

export function accountRoutes({ db, sessions }: AppDeps): RouteDef[] {
  function render(
    res: Response,
    req: Request,
    values: Record<string, string>,
    errors: Record<string, string>,
  ) {
    res.render('account/password', {
      title: 'Change password',
      values: { next: values.next ?? '' },
      errors,
      required: req.user!.mustChangePassword,
      minLength: MIN_PASSWORD_LENGTH,
    });
  }

  /** GET /account/password — change my password (required after a one-time password) */
  async function getPassword(req: Request, res: Response) {
    render(res, req, { next: typeof req.query.next === 'string' ? req.query.next : '' }, {});
  }

  /** POST /account/password — checks the current password, saves the new one */
  async function postPassword(req: Request, res: Response) {
    const fields = formFields(req.body);
    try {
      const form = parseForm(PasswordChangeForm, fields);
      await changePassword(
        db,
        { id: req.user!.id, sessionId: req.sessionId! },
        form.currentPassword,
        form.newPassword,
      );
      await flash(req, sessions, { kind: 'success', message: 'Your password has been changed.' });
      res.redirect(303, safeNext(form.next));
    } catch (err) {
      if (err instanceof ValidationError) return render(res.status(400), req, fields, err.fieldErrors);
      throw err;
    }
  }

  return [
    { method: 'get', path: PASSWORD_PAGE, access: 'STAFF', handler: getPassword },
    { method: 'post', path: PASSWORD_PAGE, access: 'STAFF', handler: postPassword },
  ];
}

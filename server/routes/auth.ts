import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { messages, ValidationError } from '../http/errors';
import { formFields, parseForm } from '../http/forms';
import type { RouteDef } from '../http/routes';
import { cookieOptions, safeNext, SESSION_COOKIE } from '../http/session-middleware';
import { SignInForm } from '../schemas/auth';
import { authenticate, recordAudit } from '../services/auth';

export function authRoutes(deps: AppDeps): RouteDef[] {
  const { db, sessions, options } = deps;

  const signInLimiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: options.signInAttemptsPer15Minutes,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    // Per address and account, so one person mistyping cannot lock out a whole pharmacy behind one NAT.
    keyGenerator: (req) =>
      `${ipKeyGenerator(req.ip ?? '')}|${String((req.body as { email?: unknown })?.email ?? '').toLowerCase()}`,
    handler: (req, res) => {
      renderSignIn(res.status(429), formFields(req.body), {}, messages.tooManySignIns);
    },
  });

  function renderSignIn(
    res: Response,
    values: Record<string, string>,
    errors: Record<string, string>,
    formError?: string,
  ) {
    res.render('auth/sign-in', { title: 'Sign in', values, errors, formError: formError ?? null });
  }

  /** GET /sign-in — sign-in page */
  async function getSignIn(req: Request, res: Response) {
    if (req.user) return res.redirect(303, safeNext(req.query.next));
    renderSignIn(res, { next: typeof req.query.next === 'string' ? req.query.next : '' }, {});
  }

  /** POST /sign-in — checks the password, starts a fresh session, goes back to the page asked for */
  async function postSignIn(req: Request, res: Response) {
    const values = formFields(req.body);
    delete values.password;
    let form;
    try {
      form = parseForm(SignInForm, formFields(req.body));
    } catch (err) {
      if (err instanceof ValidationError) return renderSignIn(res.status(400), values, err.fieldErrors);
      throw err;
    }
    const user = await authenticate(db, form.email, form.password);
    if (!user) {
      await recordAudit(db, {
        actorId: null,
        action: 'auth.sign_in_failed',
        detail: form.email.slice(0, 254),
        ip: req.ip ?? '',
      });
      return renderSignIn(res.status(401), values, {}, messages.signInFailed);
    }
    // A new session id on every sign-in: a token planted before sign-in is never promoted.
    if (req.sessionId) await sessions.destroy(req.sessionId);
    const token = await sessions.create(user.id);
    await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
    await recordAudit(db, { actorId: user.id, action: 'auth.sign_in', ip: req.ip ?? '' });
    res.cookie(SESSION_COOKIE, token, cookieOptions(options.trustProxy));
    res.redirect(303, safeNext(form.next));
  }

  /** POST /sign-out — ends the server-side session */
  async function postSignOut(req: Request, res: Response) {
    if (req.sessionId) {
      await sessions.destroy(req.sessionId);
      await recordAudit(db, { actorId: req.user?.id ?? null, action: 'auth.sign_out', ip: req.ip ?? '' });
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/sign-in');
  }

  return [
    { method: 'get', path: '/sign-in', access: 'public', handler: getSignIn },
    {
      method: 'post',
      path: '/sign-in',
      access: 'public',
      handler: (req, res, next) => signInLimiter(req, res, () => postSignIn(req, res).catch(next)),
    },
    { method: 'post', path: '/sign-out', access: 'public', handler: postSignOut },
  ];
}

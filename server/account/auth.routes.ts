import { createHmac } from 'node:crypto';
import { ipKeyGenerator } from 'express-rate-limit';
import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { messages, ValidationError } from '../http/errors';
import { formFields, parseForm } from '../http/forms';
import type { RouteDef } from '../http/routes';
import { cookieOptions, safeNext, SESSION_COOKIE } from '../http/session-middleware';
import { SignInForm } from './auth.schemas';
import { readCookie } from '../http/cookies';
import { authenticate, findSiteOfAccount, recordAudit, recordSignIn } from './auth.service';
import { accountPolicy, addressPolicy, beginAttempt, endAttemptWithSuccess } from './sign-in-limits.service';

/** Names the account this browser last signed in to, so its owner is not locked out by others' failures. */
export const KNOWN_DEVICE_COOKIE = 'rx_known';
const KNOWN_DEVICE_DAYS = 365;

function knownDeviceValue(secret: string, email: string): string {
  return createHmac('sha256', secret).update(`known-device:${email}`).digest('base64url');
}

export function authRoutes(deps: AppDeps): RouteDef[] {
  const { db, sessions, options } = deps;
  const perAccount = accountPolicy(options.signInAccountFreeFailures);
  const perAddress = addressPolicy(options.signInAddressFailuresPer15Minutes);

  /** The browser signed in to this account before: it proves nothing about the password, only who usually uses it. */
  function isKnownDevice(req: Request, email: string): boolean {
    const sent = readCookie(req, KNOWN_DEVICE_COOKIE);
    return sent !== undefined && sent === knownDeviceValue(options.sessionSecret, email);
  }

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

  /**
   * POST /sign-in — checks the limits, then the password; starts a fresh session and goes back to
   * the page asked for
   */
  async function postSignIn(req: Request, res: Response) {
    const values = formFields(req.body);
    delete values.password;
    // One email and one password: with a repeated field, which one would be checked and which counted?
    const body = (req.body ?? {}) as Record<string, unknown>;
    const repeated = ['email', 'password'].filter((name) => Array.isArray(body[name]));
    if (repeated.length > 0) {
      const errors = Object.fromEntries(repeated.map((name) => [name, messages.repeatedField]));
      return renderSignIn(res.status(400), values, errors);
    }
    let form;
    try {
      form = parseForm(SignInForm, formFields(req.body));
    } catch (err) {
      if (err instanceof ValidationError) return renderSignIn(res.status(400), values, err.fieldErrors);
      throw err;
    }
    const ip = req.ip ?? '';
    const known = isKnownDevice(req, form.email);
    const accountKey = { key: `${known ? 'known' : 'account'}:${form.email}`, policy: perAccount };
    const addressKey = { key: `address:${ipKeyGenerator(ip)}`, policy: perAddress };
    const keys = known ? [accountKey] : [accountKey, addressKey];
    const attempt = await beginAttempt(db, keys);
    if (!attempt.allowed) {
      // Refusals are counted on the limit's row, not written to the audit log one by one.
      res.set('Retry-After', String(attempt.retryAfterSeconds));
      return renderSignIn(res.status(429), values, {}, messages.tooManySignIns);
    }
    const siteId = await findSiteOfAccount(db, form.email);
    for (const key of attempt.locked) {
      await recordAudit(db, { actorId: null, action: 'auth.sign_in_locked', detail: key, ip, siteId });
    }
    const user = await authenticate(db, form.email, form.password);
    if (!user) {
      await recordAudit(db, { actorId: null, action: 'auth.sign_in_failed', detail: form.email, ip, siteId });
      return renderSignIn(res.status(401), values, {}, messages.signInFailed);
    }
    await endAttemptWithSuccess(db, [accountKey.key], known ? [] : [addressKey]);
    // A new session id on every sign-in: a token planted before sign-in is never promoted.
    if (req.sessionId) await sessions.destroy(req.sessionId);
    const token = await sessions.create(user.id);
    await recordSignIn(db, user.id);
    await recordAudit(db, { actorId: user.id, action: 'auth.sign_in', ip });
    res.cookie(SESSION_COOKIE, token, cookieOptions(options.trustProxy));
    res.cookie(KNOWN_DEVICE_COOKIE, knownDeviceValue(options.sessionSecret, form.email), {
      ...cookieOptions(options.trustProxy),
      maxAge: KNOWN_DEVICE_DAYS * 24 * 60 * 60_000,
    });
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
      handler: postSignIn,
    },
    { method: 'post', path: '/sign-out', access: 'public', handler: postSignOut },
  ];
}

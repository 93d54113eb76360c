import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppRole } from '../../generated/prisma/enums';
import { hasRole } from '../account/roles';
import { createToken, type SessionData, type SessionStore } from '../account/sessions.service';
import { readCookie } from './cookies';
import { ForbiddenError, HttpError, messages } from './errors';
import type { Flash } from './request-context';

export const SESSION_COOKIE = 'rx_sid';
/**
 * Double-submit token for forms shown before sign-in (the sign-in form itself). Over HTTPS it
 * carries the `__Host-` prefix, which browsers accept only from this exact host, Secure and for
 * path /, so a sibling subdomain cannot plant a token of its own.
 */
export const ANON_CSRF_COOKIE = 'rx_csrf';
export const ANON_CSRF_COOKIE_HTTPS = '__Host-rx_csrf';

const sessionData = new WeakMap<Request, SessionData>();

export interface SessionMiddlewareOptions {
  store: SessionStore;
  secureCookies: boolean;
}

/** Attaches the signed-in user (if any), the CSRF token and pending flash messages to the request. */
export function sessionMiddleware({ store, secureCookies }: SessionMiddlewareOptions): RequestHandler {
  return async (req, res, next) => {
    const token = readCookie(req, SESSION_COOKIE);
    const session = token ? await store.load(token) : null;
    if (session) {
      req.user = session.user;
      req.sessionId = session.id;
      req.csrfToken = session.csrfToken;
      const pending = session.data.flash ?? [];
      res.locals.flash = pending;
      const data = pending.length > 0 ? { ...session.data, flash: [] } : session.data;
      sessionData.set(req, data);
      if (pending.length > 0) await store.saveData(session.id, data);
    } else {
      if (token) res.clearCookie(SESSION_COOKIE, { path: '/' });
      const anonCookie = req.secure ? ANON_CSRF_COOKIE_HTTPS : ANON_CSRF_COOKIE;
      let anon = readCookie(req, anonCookie);
      if (!anon || anon.length < 20) {
        anon = createToken();
        res.cookie(anonCookie, anon, cookieOptions(secureCookies || req.secure));
      }
      req.csrfToken = anon;
      res.locals.flash = [];
    }
    res.locals.currentUser = req.user ?? null;
    res.locals.csrfToken = req.csrfToken;
    // Pharmacy workstations are shared: no signed-in page (one-time passwords, the calendar's secret
    // address, exports) may stay in the browser's cache for the next person to find.
    if (req.user) res.set('Cache-Control', 'no-store');
    next();
  };
}

export function cookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/' };
}

/** Keeps a value in the session for the next page, which takes it with `takeOnce`. */
export async function keepOnce(
  req: Request,
  store: SessionStore,
  values: Omit<SessionData, 'flash'>,
): Promise<void> {
  if (!req.sessionId) return;
  const next = { ...(sessionData.get(req) ?? {}), ...values };
  sessionData.set(req, next);
  await store.saveData(req.sessionId, next);
}

/** Takes (and removes) a value kept with `keepOnce`. */
export async function takeOnce<K extends Exclude<keyof SessionData, 'flash'>>(
  req: Request,
  store: SessionStore,
  key: K,
): Promise<SessionData[K] | undefined> {
  const data = sessionData.get(req);
  if (!req.sessionId || !data || data[key] === undefined) return undefined;
  const { [key]: value, ...rest } = data;
  sessionData.set(req, rest);
  await store.saveData(req.sessionId, rest);
  return value;
}

/** Queues a message for the next page this user sees. */
export async function flash(req: Request, store: SessionStore, message: Flash): Promise<void> {
  if (!req.sessionId) return;
  const data = sessionData.get(req) ?? {};
  const next = { ...data, flash: [...(data.flash ?? []), message] };
  sessionData.set(req, next);
  await store.saveData(req.sessionId, next);
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Every state-changing request must carry the session's CSRF token in `_csrf` or `X-CSRF-Token`. */
export function csrfProtection(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!UNSAFE.has(req.method)) return next();
    const body: unknown = req.body;
    const fromBody =
      typeof body === 'object' && body !== null && '_csrf' in body
        ? (body as { _csrf: unknown })._csrf
        : undefined;
    const sent = typeof fromBody === 'string' ? fromBody : req.get('x-csrf-token');
    if (!sent || !safeEqual(sent, req.csrfToken)) return next(new HttpError(403, messages.csrf));
    next();
  };
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Signed-out visitors go to sign-in (and come back afterwards); a role below `minimum` gets 403. */
export function requireRole(minimum: AppRole): RequestHandler {
  return (req, res, next) => {
    if (!req.user) {
      const back = req.method === 'GET' ? req.originalUrl : (req.get('referer') ?? '/');
      return res.redirect(303, `/sign-in?next=${encodeURIComponent(safeNext(back))}`);
    }
    if (!hasRole(req.user.role, minimum)) return next(new ForbiddenError());
    next();
  };
}

/** Only same-site paths are followed after sign-in; anything else goes home. */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string') return '/';
  let path = value;
  if (/^https?:\/\//i.test(path)) {
    try {
      const url = new URL(path);
      path = url.pathname + url.search;
    } catch {
      return '/';
    }
  }
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return '/';
  if (path.startsWith('/sign-in') || path.startsWith('/sign-out')) return '/';
  return path;
}

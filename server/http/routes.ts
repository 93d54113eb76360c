import type { Express, Request, RequestHandler, Response } from 'express';
import type { AppRole } from '../../generated/prisma/enums';
import type { PageCache } from './page-cache';
import type { CurrentUser } from './request-context';
import { requireRole } from './session-middleware';

/** Who may call a route: anyone, or signed-in users with at least this app role. */
export type Access = 'public' | AppRole;

/** A handler behind an access level: it is handed the signed-in user the guard has checked. */
export type SignedInHandler = (req: Request, res: Response, user: CurrentUser) => unknown;

interface RouteBase {
  method: 'get' | 'post';
  path: string;
  /**
   * A GET page that only reads: its rendered HTML may be kept per user until anything is written
   * to the database (server/http/page-cache.ts). Leave it off for pages showing state that is not
   * in the database, or sessions or solve jobs (their writes do not count, server/db/change-counter.ts).
   */
  cache?: boolean;
}

export type RouteDef =
  | (RouteBase & { access: 'public'; handler: RequestHandler })
  | (RouteBase & { access: AppRole; handler: SignedInHandler });

/**
 * Every route is declared with its access level and mounted here, so no route can be added
 * without deciding who may use it; the access-matrix test reads the same list back from Express.
 */
export function mountRoutes(app: Express, routes: RouteDef[], pages?: PageCache): void {
  for (const route of routes) {
    const cache = route.cache && pages ? [pages.middleware()] : [];
    if (route.access === 'public') {
      app[route.method](route.path, ...cache, route.handler);
    } else {
      app[route.method](route.path, requireRole(route.access), ...cache, withUser(route.handler));
    }
  }
}

/** Runs after requireRole, which sends signed-out visitors to sign-in, so the user is there. */
function withUser(handler: SignedInHandler): RequestHandler {
  return (req, res, next) => {
    if (!req.user) return next(new Error('A signed-in route ran without a signed-in user'));
    return handler(req, res, req.user) as ReturnType<RequestHandler>;
  };
}

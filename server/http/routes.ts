import type { Express, RequestHandler } from 'express';
import type { AppRole } from '../../generated/prisma/enums';
import type { PageCache } from './page-cache';
import { requireRole } from './session-middleware';

/** Who may call a route: anyone, or signed-in users with at least this app role. */
export type Access = 'public' | AppRole;

export interface RouteDef {
  method: 'get' | 'post';
  path: string;
  access: Access;
  handler: RequestHandler;
  /**
   * A GET page that only reads: its rendered HTML may be kept per user until anything is written
   * to the database (server/http/page-cache.ts). Leave it off for pages showing state that is not
   * in the database, or sessions or solve jobs (their writes do not count, server/db/change-counter.ts).
   */
  cache?: boolean;
}

/**
 * Every route is declared with its access level and mounted here, so no route can be added
 * without deciding who may use it; the access-matrix test reads the same list back from Express.
 */
export function mountRoutes(app: Express, routes: RouteDef[], pages?: PageCache): void {
  for (const route of routes) {
    const guards = route.access === 'public' ? [] : [requireRole(route.access)];
    const cache = route.cache && pages ? [pages.middleware()] : [];
    app[route.method](route.path, ...guards, ...cache, route.handler);
  }
}

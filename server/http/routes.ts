import type { Express, RequestHandler } from 'express';
import type { AppRole } from '../../generated/prisma/enums';
import { requireRole } from './session-middleware';

/** Who may call a route: anyone, or signed-in users with at least this app role. */
export type Access = 'public' | AppRole;

export interface RouteDef {
  method: 'get' | 'post';
  path: string;
  access: Access;
  handler: RequestHandler;
}

/**
 * Every route is declared with its access level and mounted here, so no route can be added
 * without deciding who may use it; the access-matrix test reads the same list back from Express.
 */
export function mountRoutes(app: Express, routes: RouteDef[]): void {
  for (const route of routes) {
    const guards = route.access === 'public' ? [] : [requireRole(route.access)];
    app[route.method](route.path, ...guards, route.handler);
  }
}

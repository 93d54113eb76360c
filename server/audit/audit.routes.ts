import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { AUDIT_PAGE_SIZE, listAuditLog } from './audit.service';
import { describeAuditAction } from './audit-words';
import { getSiteForUser } from '../sites/sites.service';

const AuditQuery = z.object({
  action: z
    .string()
    .trim()
    .max(100)
    .regex(/^[a-z0-9._]*$/)
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export function auditRoutes({ db }: AppDeps): RouteDef[] {
  /** GET /audit — who signed in, published, changed credentials or moved cards, and when */
  async function getAuditLog(req: Request, res: Response, user: CurrentUser) {
    const query = AuditQuery.parse(req.query);
    const site = await getSiteForUser(db, user);
    const result = await listAuditLog(db, {
      page: query.page,
      siteId: user.siteId === null ? null : site.id,
      ...(query.action ? { action: query.action } : {}),
    });
    res.render('audit/list', {
      title: 'Audit log',
      ...result,
      action: query.action ?? '',
      page: query.page,
      pages: Math.max(1, Math.ceil(result.total / AUDIT_PAGE_SIZE)),
      zone: site.timeZone,
      describeAuditAction,
    });
  }

  return [{ method: 'get', path: '/audit', access: 'MANAGER', handler: getAuditLog }];
}

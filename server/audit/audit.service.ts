import type { Db } from '../db/client';

export interface AuditEntry {
  id: number;
  createdAt: Date;
  action: string;
  actor: string;
  entity: string | null;
  entityId: string | null;
  detail: string | null;
  ip: string | null;
}

export const AUDIT_PAGE_SIZE = 50;

/**
 * Newest first; `action` filters by prefix ("auth", "schedule.publish"…). `siteId` limits the log to
 * one site's entries (a site's manager never sees another site's sign-ins, names or addresses);
 * null is the whole log, for an administrator who belongs to no site.
 */
export async function listAuditLog(
  db: Db,
  filter: { action?: string; page: number; siteId: number | null },
): Promise<{ entries: AuditEntry[]; total: number; actions: string[] }> {
  const site = filter.siteId === null ? {} : { siteId: filter.siteId };
  const where = filter.action ? { ...site, action: { startsWith: filter.action } } : site;
  const [rows, total, actions] = await Promise.all([
    db.auditLog.findMany({
      where,
      select: {
        id: true,
        createdAt: true,
        action: true,
        entity: true,
        entityId: true,
        detail: true,
        ip: true,
        actor: { select: { email: true, staff: { select: { firstName: true, lastName: true } } } },
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (filter.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
    }),
    db.auditLog.count({ where }),
    db.auditLog.findMany({
      where: site,
      select: { action: true },
      distinct: ['action'],
      orderBy: { action: 'asc' },
    }),
  ]);
  return {
    total,
    actions: actions.map((a) => a.action),
    entries: rows.map((r) => ({
      id: r.id,
      createdAt: r.createdAt,
      action: r.action,
      actor: r.actor
        ? r.actor.staff
          ? `${r.actor.staff.firstName} ${r.actor.staff.lastName}`
          : r.actor.email
        : '—',
      entity: r.entity,
      entityId: r.entityId,
      detail: r.detail,
      ip: r.ip,
    })),
  };
}

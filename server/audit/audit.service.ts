import type { Db } from '../db/client';
import { findAuditPage } from './audit.repository';

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
  const { rows, total, actions } = await findAuditPage(db, {
    ...(filter.action ? { action: filter.action } : {}),
    siteId: filter.siteId,
    skip: (filter.page - 1) * AUDIT_PAGE_SIZE,
    take: AUDIT_PAGE_SIZE,
  });
  return {
    total,
    actions,
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

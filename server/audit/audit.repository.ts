// Prisma access for the audit log.
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../db/client';

export interface AuditRow {
  actorId: number | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  detail: string | null;
  ip: string | null;
  siteId: number | null;
}

export async function createAuditEntry(db: Db | Prisma.TransactionClient, row: AuditRow): Promise<void> {
  await db.auditLog.create({ data: row, select: { id: true } });
}

/** One page of the log, newest first; `siteId` null is the whole log. */
export async function findAuditPage(
  db: Db,
  filter: { action?: string; siteId: number | null; skip: number; take: number },
) {
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
      skip: filter.skip,
      take: filter.take,
    }),
    db.auditLog.count({ where }),
    db.auditLog.findMany({
      where: site,
      select: { action: true },
      distinct: ['action'],
      orderBy: { action: 'asc' },
    }),
  ]);
  return { rows, total, actions: actions.map((a) => a.action) };
}

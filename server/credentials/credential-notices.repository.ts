// Prisma calls of the daily credential-expiry check.
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../db/client';

type DbOrTx = Db | Prisma.TransactionClient;

export interface ExpiringCredentialRow {
  id: number;
  staffId: number;
  expiresOn: string;
  typeName: string;
  staffName: string;
  /** Stages already noticed for this expiry date. */
  noticed: number[];
}

/** Credentials of active staff of a site expiring between two dates (inclusive). */
export async function findExpiringCredentials(
  db: DbOrTx,
  siteId: number,
  from: string,
  to: string,
): Promise<ExpiringCredentialRow[]> {
  const rows = await db.credential.findMany({
    where: { expiresOn: { gte: from, lte: to }, staff: { siteId, active: true } },
    orderBy: [{ expiresOn: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      staffId: true,
      expiresOn: true,
      credentialType: { select: { name: true } },
      staff: { select: { firstName: true, lastName: true } },
      notices: { select: { expiresOn: true, stage: true } },
    },
  });
  return rows.map((c) => ({
    id: c.id,
    staffId: c.staffId,
    expiresOn: c.expiresOn ?? '',
    typeName: c.credentialType.name,
    staffName: `${c.staff.firstName} ${c.staff.lastName}`,
    noticed: c.notices.filter((n) => n.expiresOn === c.expiresOn).map((n) => n.stage),
  }));
}

/** Records a notice; false when it was already recorded (by another run or instance). */
export async function recordCredentialNotice(
  tx: DbOrTx,
  credentialId: number,
  expiresOn: string,
  stage: number,
): Promise<boolean> {
  const key = { credentialId_expiresOn_stage: { credentialId, expiresOn, stage } };
  if (await tx.credentialNotice.findUnique({ where: key, select: { stage: true } })) return false;
  await tx.credentialNotice.create({ data: { credentialId, expiresOn, stage }, select: { stage: true } });
  return true;
}

export async function listSites(db: DbOrTx): Promise<{ id: number; name: string; timeZone: string }[]> {
  return db.site.findMany({ orderBy: { id: 'asc' }, select: { id: true, name: true, timeZone: true } });
}

/** Active managers of a site, and managers with no staff record (they see every site). */
export async function findSiteManagerIds(db: DbOrTx, siteId: number): Promise<number[]> {
  const rows = await db.user.findMany({
    where: { role: 'MANAGER', active: true, OR: [{ staff: { siteId } }, { staffId: null }] },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

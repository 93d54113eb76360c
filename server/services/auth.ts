import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../db';
import { getDummyHash, verifyPassword } from './passwords';

export interface AuthenticatedUser {
  id: number;
  role: string;
}

/**
 * Checks an email and password. Unknown emails still cost one argon2 verification so the
 * response time does not tell an attacker which emails have accounts.
 */
export async function authenticate(
  db: Db,
  email: string,
  password: string,
): Promise<AuthenticatedUser | null> {
  const user = await db.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, role: true, active: true, passwordHash: true },
  });
  if (!user) {
    await verifyPassword(await getDummyHash(), password);
    return null;
  }
  const ok = await verifyPassword(user.passwordHash, password);
  if (!ok || !user.active) return null;
  return { id: user.id, role: user.role };
}

export async function recordAudit(
  db: Db | Prisma.TransactionClient,
  entry: {
    actorId: number | null;
    action: string;
    entity?: string;
    entityId?: string | number;
    detail?: string;
    ip?: string;
  },
): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      entity: entry.entity ?? null,
      entityId: entry.entityId === undefined ? null : String(entry.entityId),
      detail: entry.detail ?? null,
      ip: entry.ip ?? null,
    },
  });
}

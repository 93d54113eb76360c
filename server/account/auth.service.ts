import type { Db, Tx } from '../db/client';
import { createAuditEntry } from '../audit/audit.repository';
import { getDummyHash, verifyPassword } from './passwords';
import { findSiteIdOfEmail, findSiteIdOfUser, findUserForSignIn, updateLastSignIn } from './users.repository';

export interface AuthenticatedUser {
  id: number;
  role: string;
}

/**
 * Checks an email (normalised by SignInForm) and password. Unknown emails still cost one argon2 verification so the
 * response time does not tell an attacker which emails have accounts.
 */
export async function authenticate(
  db: Db,
  email: string,
  password: string,
): Promise<AuthenticatedUser | null> {
  const user = await findUserForSignIn(db, email);
  if (!user) {
    await verifyPassword(await getDummyHash(), password);
    return null;
  }
  const ok = await verifyPassword(user.passwordHash, password);
  if (!ok || !user.active) return null;
  return { id: user.id, role: user.role };
}

/** The site of the account with this email, for audit entries about attempts on it. */
export function findSiteOfAccount(db: Db, email: string): Promise<number | null> {
  return findSiteIdOfEmail(db, email);
}

/**
 * Writes an audit entry. It belongs to `siteId` when given, otherwise to the actor's site, so a
 * manager's audit log shows only their own site.
 */
export async function recordAudit(
  db: Db | Tx,
  entry: {
    actorId: number | null;
    action: string;
    entity?: string;
    entityId?: string | number;
    detail?: string;
    ip?: string;
    siteId?: number | null;
  },
): Promise<void> {
  let siteId = entry.siteId ?? null;
  if (entry.siteId === undefined && entry.actorId !== null) {
    siteId = await findSiteIdOfUser(db, entry.actorId);
  }
  await createAuditEntry(db, {
    actorId: entry.actorId,
    action: entry.action,
    entity: entry.entity ?? null,
    entityId: entry.entityId === undefined ? null : String(entry.entityId),
    detail: entry.detail?.slice(0, 1000) ?? null,
    ip: entry.ip ?? null,
    siteId,
  });
}

/** The password was right: stamps the account with the time of this sign-in. */
export async function recordSignIn(db: Db, userId: number): Promise<void> {
  await updateLastSignIn(db, userId, new Date());
}

import type { Db } from '../db/client';
import { ValidationError } from '../http/errors';
import { recordAudit } from './auth.service';
import { hashPassword, verifyPassword } from './passwords';
import { findPasswordHash, replacePassword } from './users.repository';

/**
 * Replaces a user's password after checking the current one, clears the one-time-password flag,
 * and ends the user's other sessions (a password change should lock out whoever knew the old one).
 */
export async function changePassword(
  db: Db,
  user: { id: number; sessionId: string },
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  if (!(await verifyPassword(await findPasswordHash(db, user.id), currentPassword))) {
    throw new ValidationError({ currentPassword: 'That is not your current password.' });
  }
  const passwordHash = await hashPassword(newPassword);
  await replacePassword(db, user.id, user.sessionId, passwordHash);
  await recordAudit(db, { actorId: user.id, action: 'auth.password_change' });
}

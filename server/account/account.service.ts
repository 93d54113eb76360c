import type { Db } from '../db/client';
import { ValidationError } from '../http/errors';
import { recordAudit } from './auth.service';
import { hashPassword, verifyPassword } from './passwords';

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
  const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(row.passwordHash, currentPassword))) {
    throw new ValidationError({ currentPassword: 'That is not your current password.' });
  }
  const passwordHash = await hashPassword(newPassword);
  await db.$transaction([
    db.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: false } }),
    db.session.deleteMany({ where: { userId: user.id, id: { not: user.sessionId } } }),
  ]);
  await recordAudit(db, { actorId: user.id, action: 'auth.password_change' });
}

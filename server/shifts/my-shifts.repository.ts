// The User column behind "new since you last looked" on My shifts: when the person last saw them.
import type { Db } from '../db/client';

/** When the person last opened My shifts; null before the first visit. */
export async function readShiftsSeenAt(db: Db, userId: number): Promise<Date | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { shiftsSeenAt: true } });
  return user?.shiftsSeenAt ?? null;
}

export async function markShiftsSeen(db: Db, userId: number, at: Date): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { shiftsSeenAt: at }, select: { id: true } });
}

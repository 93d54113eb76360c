// Prisma calls of notifications: the in-app list, the email outbox and each person's choices.
// Writers take the client or a transaction, so a notification commits with the change it reports.
import type { Prisma } from '../../generated/prisma/client';
import type { NotificationKind, OutboxStatus } from '../../generated/prisma/enums';
import type { Db } from '../db/client';

export type DbOrTx = Db | Prisma.TransactionClient;

/** Who a notification goes to, with what decides whether and when they get an email. */
export interface RecipientRow {
  userId: number;
  staffId: number | null;
  email: string;
  active: boolean;
  /** The zone of the person's site; null for an account with no staff record. */
  timeZone: string | null;
  emailOff: string;
  quietStartMinute: number | null;
  quietEndMinute: number | null;
}

const recipientSelect = {
  id: true,
  staffId: true,
  email: true,
  active: true,
  staff: { select: { site: { select: { timeZone: true } } } },
  notificationSetting: { select: { emailOff: true, quietStartMinute: true, quietEndMinute: true } },
} as const;

/** The accounts given by id or by their staff record (staff without an account are left out). */
export async function findRecipients(
  db: DbOrTx,
  userIds: number[],
  staffIds: number[],
): Promise<RecipientRow[]> {
  if (userIds.length === 0 && staffIds.length === 0) return [];
  const rows = await db.user.findMany({
    where: { OR: [{ id: { in: userIds } }, { staffId: { in: staffIds } }] },
    select: recipientSelect,
  });
  return rows.map((u) => ({
    userId: u.id,
    staffId: u.staffId,
    email: u.email,
    active: u.active,
    timeZone: u.staff?.site.timeZone ?? null,
    emailOff: u.notificationSetting?.emailOff ?? '',
    quietStartMinute: u.notificationSetting?.quietStartMinute ?? null,
    quietEndMinute: u.notificationSetting?.quietEndMinute ?? null,
  }));
}

/** The zone of the first site, for accounts without a staff record (a single-site pharmacy's manager). */
export async function findFirstSiteZone(db: DbOrTx): Promise<string | null> {
  const site = await db.site.findFirst({ orderBy: { id: 'asc' }, select: { timeZone: true } });
  return site?.timeZone ?? null;
}

export interface NewNotification {
  userId: number;
  kind: NotificationKind;
  subject: string;
  text: string;
  link: string | null;
  entity: string | null;
  entityId: string | null;
}

export async function insertNotifications(db: DbOrTx, rows: NewNotification[]): Promise<void> {
  if (rows.length > 0) await db.notification.createMany({ data: rows });
}

export interface NewOutboxMessage {
  userId: number | null;
  toAddress: string;
  kind: NotificationKind;
  subject: string;
  text: string;
  html: string;
  entity: string | null;
  entityId: string | null;
  urgent: boolean;
  notBefore: Date;
}

export async function insertOutboxMessages(db: DbOrTx, rows: NewOutboxMessage[]): Promise<void> {
  if (rows.length > 0) await db.outboxMessage.createMany({ data: rows });
}

// ---------------------------------------------------------------------------------------------
// The in-app list
// ---------------------------------------------------------------------------------------------

export interface NotificationRow {
  id: number;
  kind: NotificationKind;
  subject: string;
  text: string;
  link: string | null;
  readAt: Date | null;
  createdAt: Date;
}

export async function countUnread(db: DbOrTx, userId: number): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}

export async function countNotifications(db: DbOrTx, userId: number): Promise<number> {
  return db.notification.count({ where: { userId } });
}

export async function listNotifications(
  db: DbOrTx,
  userId: number,
  skip: number,
  take: number,
): Promise<NotificationRow[]> {
  return db.notification.findMany({
    where: { userId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip,
    take,
    select: { id: true, kind: true, subject: true, text: true, link: true, readAt: true, createdAt: true },
  });
}

/** Marks one of the person's own entries read; null when they have no such entry, else its link. */
export async function markNotificationRead(
  db: DbOrTx,
  userId: number,
  id: number,
  now: Date,
): Promise<{ link: string | null } | null> {
  const found = await db.notification.findFirst({
    where: { id, userId },
    select: { readAt: true, link: true },
  });
  if (!found) return null;
  if (found.readAt === null) await db.notification.update({ where: { id }, data: { readAt: now } });
  return { link: found.link };
}

export async function markAllNotificationsRead(db: DbOrTx, userId: number, now: Date): Promise<number> {
  const { count } = await db.notification.updateMany({
    where: { userId, readAt: null },
    data: { readAt: now },
  });
  return count;
}

// ---------------------------------------------------------------------------------------------
// Preferences
// ---------------------------------------------------------------------------------------------

export interface SettingRow {
  emailOff: string;
  quietStartMinute: number | null;
  quietEndMinute: number | null;
}

export async function findSetting(db: DbOrTx, userId: number): Promise<SettingRow | null> {
  return db.notificationSetting.findUnique({
    where: { userId },
    select: { emailOff: true, quietStartMinute: true, quietEndMinute: true },
  });
}

export async function saveSetting(db: DbOrTx, userId: number, setting: SettingRow): Promise<void> {
  await db.notificationSetting.upsert({
    where: { userId },
    create: { userId, ...setting },
    update: setting,
  });
}

export async function userExists(db: DbOrTx, userId: number): Promise<boolean> {
  return (await db.user.count({ where: { id: userId } })) > 0;
}

// ---------------------------------------------------------------------------------------------
// The outbox
// ---------------------------------------------------------------------------------------------

export interface OutboxRow {
  id: number;
  userId: number | null;
  toAddress: string;
  kind: NotificationKind;
  subject: string;
  text: string;
  html: string;
  status: OutboxStatus;
  attempts: number;
  notBefore: Date;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
}

const outboxSelect = {
  id: true,
  userId: true,
  toAddress: true,
  kind: true,
  subject: true,
  text: true,
  html: true,
  status: true,
  attempts: true,
  notBefore: true,
  lastError: true,
  sentAt: true,
  createdAt: true,
} as const;

/**
 * Ids of messages due at `now`: queued ones whose time has come, and ones left SENDING by an
 * instance whose lease ran out (it died mid-send), oldest first.
 */
export async function findDueOutboxIds(db: DbOrTx, now: Date, take: number): Promise<number[]> {
  const rows = await db.outboxMessage.findMany({
    where: {
      OR: [
        { status: 'QUEUED', notBefore: { lte: now } },
        { status: 'SENDING', leaseUntil: { lt: now } },
      ],
    },
    orderBy: { id: 'asc' },
    take,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/**
 * Takes a due message for sending until `leaseUntil`: a conditional update, so of two instances
 * only one gets it. Returns the message, or null when another instance took it first.
 */
export async function claimOutboxMessage(
  db: DbOrTx,
  id: number,
  now: Date,
  leaseUntil: Date,
): Promise<OutboxRow | null> {
  const { count } = await db.outboxMessage.updateMany({
    where: {
      id,
      OR: [
        { status: 'QUEUED', notBefore: { lte: now } },
        { status: 'SENDING', leaseUntil: { lt: now } },
      ],
    },
    data: { status: 'SENDING', leaseUntil, attempts: { increment: 1 } },
  });
  if (count === 0) return null;
  return db.outboxMessage.findUnique({ where: { id }, select: outboxSelect });
}

export async function markOutboxSent(db: DbOrTx, id: number, now: Date): Promise<void> {
  await db.outboxMessage.updateMany({
    where: { id, status: 'SENDING' },
    data: { status: 'SENT', sentAt: now, leaseUntil: null, lastError: null },
  });
}

/** A failed attempt: back to the queue until `retryAt`, or FAILED for good when it is null. */
export async function markOutboxAttemptFailed(
  db: DbOrTx,
  id: number,
  error: string,
  retryAt: Date | null,
): Promise<void> {
  await db.outboxMessage.updateMany({
    where: { id, status: 'SENDING' },
    data: retryAt
      ? { status: 'QUEUED', notBefore: retryAt, leaseUntil: null, lastError: error }
      : { status: 'FAILED', leaseUntil: null, lastError: error },
  });
}

/** Messages to people of one site, or every message when `siteId` is null. */
function outboxWhere(siteId: number | null): Prisma.OutboxMessageWhereInput {
  return siteId === null ? {} : { user: { staff: { siteId } } };
}

export async function countOutbox(db: DbOrTx, siteId: number | null): Promise<number> {
  return db.outboxMessage.count({ where: outboxWhere(siteId) });
}

/** The newest messages first, for the demo outbox page. */
export async function listOutbox(
  db: DbOrTx,
  siteId: number | null,
  skip: number,
  take: number,
): Promise<OutboxRow[]> {
  return db.outboxMessage.findMany({
    where: outboxWhere(siteId),
    orderBy: { id: 'desc' },
    skip,
    take,
    select: outboxSelect,
  });
}

export async function findOutboxMessage(
  db: DbOrTx,
  siteId: number | null,
  id: number,
): Promise<OutboxRow | null> {
  return db.outboxMessage.findFirst({ where: { id, ...outboxWhere(siteId) }, select: outboxSelect });
}

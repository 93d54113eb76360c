// The pages of notifications: a person's in-app list and their email choices, the one-click "no
// more emails of this kind" link, and the managers' view of the outbox.
import type { NotificationKind } from '../../generated/prisma/enums';
import type { Db } from '../db/client';
import { NotFoundError, ValidationError } from '../http/errors';
import { pagerFor, type Pager } from '../lib/pagination';
import {
  countNotifications,
  countOutbox,
  countUnread,
  findOutboxMessage,
  findSetting,
  listNotifications,
  listOutbox,
  markAllNotificationsRead,
  markNotificationRead,
  saveSetting,
  userExists,
  type NotificationRow,
  type OutboxRow,
} from './notifications.repository';
import { ACCOUNT_KINDS, NOTIFICATION_KINDS, kindLabel, readUnsubscribeToken } from './notifications.service';

export const inboxMessages = {
  badLink: 'This link is not valid. Open your notification settings to choose which emails you get.',
  quietBoth: 'Give both the start and the end of your quiet hours, or neither.',
  quietSame: 'Quiet hours need a different start and end.',
} as const;

/** The unread count shown on the bell of every page. */
export async function unreadCount(db: Db, userId: number): Promise<number> {
  return countUnread(db, userId);
}

export async function getInbox(
  db: Db,
  userId: number,
  page: number | undefined,
): Promise<{ rows: NotificationRow[]; pager: Pager; unread: number }> {
  const pager = pagerFor(page, await countNotifications(db, userId));
  const [rows, unread] = await Promise.all([
    listNotifications(db, userId, pager.skip, pager.take),
    countUnread(db, userId),
  ]);
  return { rows, pager, unread };
}

/** Marks one of the person's entries read and returns the page it links to; 404 for someone else's. */
export async function readNotification(db: Db, userId: number, id: number): Promise<string | null> {
  const read = await markNotificationRead(db, userId, id, new Date());
  if (!read) throw new NotFoundError();
  return read.link;
}

export async function readAllNotifications(db: Db, userId: number): Promise<number> {
  return markAllNotificationsRead(db, userId, new Date());
}

/** The kinds a person can turn off for email (account emails cannot be). */
export const CHOOSABLE_KINDS = NOTIFICATION_KINDS.filter((k) => !ACCOUNT_KINDS.has(k.kind));

export interface NotificationChoices {
  /** Kinds sent by email. */
  email: Set<NotificationKind>;
  quietStartMinute: number | null;
  quietEndMinute: number | null;
}

export async function getChoices(db: Db, userId: number): Promise<NotificationChoices> {
  const row = await findSetting(db, userId);
  const off = new Set((row?.emailOff ?? '').split(','));
  return {
    email: new Set(CHOOSABLE_KINDS.filter((k) => !off.has(k.kind)).map((k) => k.kind)),
    quietStartMinute: row?.quietStartMinute ?? null,
    quietEndMinute: row?.quietEndMinute ?? null,
  };
}

/**
 * Saves a person's choices. Quiet hours are both given or both empty, and not the same minute.
 * @throws ValidationError naming the field.
 */
export async function saveChoices(db: Db, userId: number, choices: NotificationChoices): Promise<void> {
  const { quietStartMinute: start, quietEndMinute: end } = choices;
  if ((start === null) !== (end === null)) {
    throw new ValidationError({ [start === null ? 'quietStart' : 'quietEnd']: inboxMessages.quietBoth });
  }
  if (start !== null && start === end) throw new ValidationError({ quietEnd: inboxMessages.quietSame });
  await saveSetting(db, userId, {
    emailOff: CHOOSABLE_KINDS.filter((k) => !choices.email.has(k.kind))
      .map((k) => k.kind)
      .join(','),
    quietStartMinute: start,
    quietEndMinute: end,
  });
}

/**
 * Turns one kind of email on or off for the person a signed link was made for.
 * @throws NotFoundError when the link was not made by this server or its person is gone.
 */
export async function setEmailByLink(
  db: Db,
  token: string,
  on: boolean,
): Promise<{ kind: NotificationKind; label: string }> {
  const target = readUnsubscribeToken(token);
  if (!target || !(await userExists(db, target.userId))) throw new NotFoundError(inboxMessages.badLink);
  const choices = await getChoices(db, target.userId);
  if (on) choices.email.add(target.kind);
  else choices.email.delete(target.kind);
  await saveChoices(db, target.userId, choices);
  return { kind: target.kind, label: kindLabel(target.kind) };
}

/** One page of the outbox, newest first: a manager's own site, or everything for a manager with none. */
export async function getOutbox(
  db: Db,
  siteId: number | null,
  page: number | undefined,
): Promise<{ rows: OutboxRow[]; pager: Pager }> {
  const pager = pagerFor(page, await countOutbox(db, siteId));
  return { rows: await listOutbox(db, siteId, pager.skip, pager.take), pager };
}

export async function getOutboxMessage(db: Db, siteId: number | null, id: number): Promise<OutboxRow> {
  const row = await findOutboxMessage(db, siteId, id);
  if (!row) throw new NotFoundError();
  return row;
}

// Notifications: every event that concerns a person becomes, in the transaction of the change that
// causes it, an entry in their in-app list and (unless they turned that kind off) one email in the
// outbox, which the delivery loop sends (server/notifications/delivery.service.ts).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DateTime } from 'luxon';
import type { NotificationKind } from '../../generated/prisma/enums';
import { renderEmail, type MessageContent } from './email-render';
import {
  findFirstSiteZone,
  findRecipients,
  insertNotifications,
  insertOutboxMessages,
  type DbOrTx,
  type NewNotification,
  type NewOutboxMessage,
  type RecipientRow,
} from './notifications.repository';

export type { NotificationKind } from '../../generated/prisma/enums';
export type { MessageContent } from './email-render';
export { formatShiftTime } from './email-render';

/** Every kind, in the order the settings page lists them, with the words used for it. */
export const NOTIFICATION_KINDS: { kind: NotificationKind; label: string }[] = [
  { kind: 'SCHEDULE_CHANGED', label: 'schedule changes' },
  { kind: 'CALLOUT_OFFER', label: 'call-out offers' },
  { kind: 'OPEN_SHIFT', label: 'open shifts' },
  { kind: 'SWAP_REQUEST', label: 'swap and drop requests' },
  { kind: 'SWAP_OUTCOME', label: 'swap and drop outcomes' },
  { kind: 'TIME_OFF_DECISION', label: 'time-off decisions' },
  { kind: 'CREDENTIAL_EXPIRING', label: 'expiring credentials' },
  { kind: 'TASK_ASSIGNED', label: 'tasks assigned to me' },
  { kind: 'PASSWORD_RESET', label: 'password resets' },
  { kind: 'INVITATION', label: 'invitations' },
];

/** Kinds that are the email itself: always sent at once, never in the app list, never turned off. */
export const ACCOUNT_KINDS: ReadonlySet<NotificationKind> = new Set(['PASSWORD_RESET', 'INVITATION']);

export function kindLabel(kind: NotificationKind): string {
  return NOTIFICATION_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}

/**
 * One thing that happened, for one person. `to` names an account, or a staff member (whose account
 * gets it; a staff member without an account gets nothing). The content is plain text: the email's
 * HTML is built from it with everything escaped.
 */
export interface NotificationEvent extends MessageContent {
  to: { userId: number } | { staffId: number };
  kind: NotificationKind;
  /** The record it is about, e.g. `{ entity: 'Schedule', id: 12 }`. */
  about?: { entity: string; id: number | string };
  /** Sent even during the person's quiet hours (an urgent call-out offer). */
  urgent?: boolean;
}

/** Where links in emails point and the key that signs "turn this kind off" links. */
export interface NotificationSettings {
  /** The address people open the app at, e.g. https://rx.example.org */
  baseUrl: string;
  /** At least 32 characters; the session secret. */
  secret: string;
}

let settings: NotificationSettings = { baseUrl: 'http://127.0.0.1:3000', secret: '' };

/** Set once when the app is built (server/app.ts). */
export function configureNotifications(next: NotificationSettings): void {
  settings = next;
}

export function notificationSettings(): NotificationSettings {
  return settings;
}

// ---------------------------------------------------------------------------------------------
// One-click "no more emails of this kind"
// ---------------------------------------------------------------------------------------------

function signature(userId: number, kind: NotificationKind): string {
  return createHmac('sha256', settings.secret).update(`unsubscribe:${userId}:${kind}`).digest('base64url');
}

/** The token of a "turn this kind off" link: `<userId>.<kind>.<signature>`. */
export function unsubscribeToken(userId: number, kind: NotificationKind): string {
  return `${userId}.${kind}.${signature(userId, kind)}`;
}

/** The person and kind a token was made for, or null when it was not made by this server. */
export function readUnsubscribeToken(token: string): { userId: number; kind: NotificationKind } | null {
  const [id, kind, sig] = token.split('.');
  const userId = Number(id);
  if (!Number.isSafeInteger(userId) || userId < 1 || sig === undefined) return null;
  const known = NOTIFICATION_KINDS.find((k) => k.kind === kind && !ACCOUNT_KINDS.has(k.kind));
  if (!known) return null;
  const expected = Buffer.from(signature(userId, known.kind));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { userId, kind: known.kind };
}

export function unsubscribeUrl(userId: number, kind: NotificationKind): string {
  return `${settings.baseUrl.replace(/\/+$/, '')}/notifications/unsubscribe?token=${encodeURIComponent(
    unsubscribeToken(userId, kind),
  )}`;
}

// ---------------------------------------------------------------------------------------------
// Quiet hours
// ---------------------------------------------------------------------------------------------

/**
 * When an email may be sent: `now`, or the end of the person's quiet hours when `now` falls inside
 * them (local to `zone`; a window such as 22:00–07:00 crosses midnight).
 */
export function sendTimeAfterQuietHours(
  now: Date,
  zone: string,
  quiet: { start: number | null; end: number | null },
): Date {
  const { start, end } = quiet;
  if (start === null || end === null || start === end) return now;
  const local = DateTime.fromJSDate(now, { zone });
  const minute = local.hour * 60 + local.minute;
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return now;
  let until = local.startOf('day').plus({ minutes: end });
  if (until <= local) until = until.plus({ days: 1 });
  return until.toJSDate();
}

function emailOffKinds(row: RecipientRow): Set<string> {
  return new Set(row.emailOff.split(',').filter((k) => k !== ''));
}

// ---------------------------------------------------------------------------------------------
// Queueing
// ---------------------------------------------------------------------------------------------

/**
 * Writes the events inside the caller's transaction: for each recipient with an active account, one
 * in-app entry (invitations and resets excepted) and, unless they turned the kind off, one email in
 * the outbox, held until their quiet hours end unless urgent or an account email. Nothing is sent
 * here; if the caller's transaction rolls back, no notification exists.
 */
export async function queueNotifications(
  tx: DbOrTx,
  events: NotificationEvent[],
  now: Date = new Date(),
): Promise<{ inApp: number; emails: number }> {
  if (events.length === 0) return { inApp: 0, emails: 0 };
  const userIds = events.flatMap((e) => ('userId' in e.to ? [e.to.userId] : []));
  const staffIds = events.flatMap((e) => ('staffId' in e.to ? [e.to.staffId] : []));
  const recipients = await findRecipients(tx, [...new Set(userIds)], [...new Set(staffIds)]);
  const byUser = new Map(recipients.map((r) => [r.userId, r]));
  const byStaff = new Map(recipients.flatMap((r) => (r.staffId === null ? [] : [[r.staffId, r] as const])));
  let fallbackZone: string | null | undefined;

  const notifications: NewNotification[] = [];
  const emails: NewOutboxMessage[] = [];
  for (const event of events) {
    const who = 'userId' in event.to ? byUser.get(event.to.userId) : byStaff.get(event.to.staffId);
    if (!who || !who.active) continue;
    const entity = event.about?.entity ?? null;
    const entityId = event.about === undefined ? null : String(event.about.id);
    const account = ACCOUNT_KINDS.has(event.kind);
    if (!account) {
      notifications.push({
        userId: who.userId,
        kind: event.kind,
        subject: event.subject,
        text: [event.intro, ...(event.items ?? [])].join('\n'),
        link: event.link ?? null,
        entity,
        entityId,
      });
    }
    if (!account && emailOffKinds(who).has(event.kind)) continue;
    let notBefore = now;
    if (!account && !event.urgent) {
      if (fallbackZone === undefined && who.timeZone === null) fallbackZone = await findFirstSiteZone(tx);
      const zone = who.timeZone ?? fallbackZone ?? 'UTC';
      notBefore = sendTimeAfterQuietHours(now, zone, {
        start: who.quietStartMinute,
        end: who.quietEndMinute,
      });
    }
    const body = renderEmail(
      event,
      settings.baseUrl,
      account ? null : { url: unsubscribeUrl(who.userId, event.kind), kindLabel: kindLabel(event.kind) },
    );
    emails.push({
      userId: who.userId,
      toAddress: who.email,
      kind: event.kind,
      subject: event.subject,
      text: body.text,
      html: body.html,
      entity,
      entityId,
      urgent: event.urgent ?? false,
      notBefore,
    });
  }
  await insertNotifications(tx, notifications);
  await insertOutboxMessages(tx, emails);
  return { inApp: notifications.length, emails: emails.length };
}

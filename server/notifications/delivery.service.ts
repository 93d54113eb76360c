// The delivery loop: sends the outbox's due emails over SMTP. A message is claimed (SENDING, with a
// lease) in one committed update before it is sent and marked SENT after, so two instances never
// send the same row, a failure goes back to the queue with a growing back-off, and a row left
// SENDING by a process that died is taken over when its lease runs out. Its Message-ID is made from
// the row id, so in the one case a resend can happen (the process died after the server accepted
// the message and before SENT was written) mail servers and clients see the same message twice
// and keep one.
import nodemailer from 'nodemailer';
import type { Db } from '../db/client';
import {
  claimOutboxMessage,
  findDueOutboxIds,
  markOutboxAttemptFailed,
  markOutboxSent,
  type OutboxRow,
} from './notifications.repository';
import { ACCOUNT_KINDS, notificationSettings, unsubscribeUrl } from './notifications.service';

/** One email as handed to the SMTP server. */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
}

/** Sends one email; rejects when the server refuses it or cannot be reached. */
export type MailSender = (mail: OutgoingMail) => Promise<void>;

export interface DeliveryOptions {
  /** The From address (`MAIL_FROM`). */
  from: string;
  /** How long a claimed message is kept from other instances, ms; longer than a send can take. */
  leaseMs: number;
  /** Wait after the first failed attempt, ms; doubled after each further one, at most an hour. */
  retryBaseMs: number;
  /** Attempts before a message is marked FAILED for good. */
  maxAttempts: number;
}

export const DEFAULT_DELIVERY: Omit<DeliveryOptions, 'from'> = {
  leaseMs: 120_000,
  retryBaseMs: 30_000,
  maxAttempts: 8,
};

/**
 * A sender over `SMTP_URL` with nodemailer. `smtp://` requires STARTTLS (credentials never cross in
 * the clear); `smtps://` is TLS from the start. Query parameters of the URL (e.g.
 * `?tls.rejectUnauthorized=false` for a test server) override these defaults.
 */
export function smtpSender(url: string, timeoutMs: number): { send: MailSender; close: () => void } {
  const transport = nodemailer.createTransport({
    url,
    requireTLS: url.startsWith('smtp:'),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    send: async (mail) => {
      await transport.sendMail(mail);
    },
    close: () => transport.close(),
  };
}

function messageIdOf(row: OutboxRow): string {
  let host = 'rxroster.invalid';
  try {
    host = new URL(notificationSettings().baseUrl).hostname || host;
  } catch {
    // A base URL that does not parse keeps the placeholder host; the id stays unique by row.
  }
  return `<outbox-${row.id}@${host}>`;
}

function toMail(row: OutboxRow, from: string): OutgoingMail {
  const headers: Record<string, string> = { 'X-RxRoster-Kind': row.kind };
  if (row.userId !== null && !ACCOUNT_KINDS.has(row.kind)) {
    headers['List-Unsubscribe'] = `<${unsubscribeUrl(row.userId, row.kind)}>`;
  }
  return {
    from,
    to: row.toAddress,
    subject: row.subject,
    text: row.text,
    html: row.html,
    messageId: messageIdOf(row),
    headers,
  };
}

/** Back-off after the n-th failed attempt (1-based). */
export function retryDelayMs(attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * Sends every message due at `now`, one after another, each claimed first. Returns how many were
 * sent and how many attempts failed.
 */
export async function deliverDueMessages(
  db: Db,
  send: MailSender,
  options: DeliveryOptions,
  now: () => Date = () => new Date(),
): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (const id of await findDueOutboxIds(db, now(), 50)) {
    const start = now();
    const row = await claimOutboxMessage(db, id, start, new Date(start.getTime() + options.leaseMs));
    if (!row) continue;
    try {
      await send(toMail(row, options.from));
    } catch (err) {
      failed += 1;
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      const retryAt =
        row.attempts >= options.maxAttempts
          ? null
          : new Date(now().getTime() + retryDelayMs(row.attempts, options.retryBaseMs));
      await markOutboxAttemptFailed(db, row.id, message, retryAt);
      continue;
    }
    await markOutboxSent(db, row.id, now());
    sent += 1;
  }
  return { sent, failed };
}

/**
 * Runs `deliverDueMessages` every `intervalMs` until stopped; one round at a time. `stop` waits for
 * the round in progress.
 */
export function startDeliveryLoop(
  db: Db,
  send: MailSender,
  options: DeliveryOptions,
  intervalMs: number,
  onError: (err: unknown) => void,
): { stop: () => Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = deliverDueMessages(db, send, options)
      .then(() => undefined)
      .catch(onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  let timer = setTimeout(tick, 0);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

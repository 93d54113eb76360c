// The daily check of expiring credentials: 90, 60 and 30 days before a credential expires, and once
// it has expired, the person and their site's managers are told, each notice once. Runs at start and
// every hour (server/index.ts); the notice key makes repeated and concurrent runs harmless.
import type { Db } from '../db/client';
import { queueNotifications, type NotificationEvent } from '../notifications/notifications.service';
import { addDays, todayAt } from '../sites/sites.service';
import {
  findExpiringCredentials,
  findSiteManagerIds,
  listSites,
  recordCredentialNotice,
  type ExpiringCredentialRow,
} from './credential-notices.repository';

/** Days ahead a notice is sent; 0 is "has expired". */
export const EXPIRY_STAGES = [90, 60, 30, 0] as const;
/** An expiry older than this when the check first sees it is history, not news. */
const EXPIRED_NEWS_DAYS = 30;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The notice due for a credential `daysLeft` days before expiry: the nearest stage reached. */
export function stageFor(daysLeft: number): number | null {
  if (daysLeft < 0) return daysLeft >= -EXPIRED_NEWS_DAYS ? 0 : null;
  const reached = EXPIRY_STAGES.filter((s) => s > 0 && daysLeft <= s);
  return reached.length > 0 ? Math.min(...reached) : null;
}

function longDay(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!)).toLocaleDateString('en-US', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

function eventsFor(
  c: ExpiringCredentialRow,
  stage: number,
  daysLeft: number,
  managerIds: number[],
): NotificationEvent[] {
  const when = longDay(c.expiresOn);
  const own =
    stage === 0
      ? `Your ${c.typeName} expired on ${when}. You cannot be scheduled for shifts that need it until it is renewed.`
      : `Your ${c.typeName} expires on ${when}, in ${daysLeft === 1 ? '1 day' : `${daysLeft} days`}. Renew it in time to keep working shifts that need it.`;
  const theirs =
    stage === 0
      ? `${c.staffName}'s ${c.typeName} expired on ${when}.`
      : `${c.staffName}'s ${c.typeName} expires on ${when}, in ${daysLeft === 1 ? '1 day' : `${daysLeft} days`}.`;
  const subject = (who: string) =>
    stage === 0 ? `${who} ${c.typeName} has expired` : `${who} ${c.typeName} expires in ${daysLeft} days`;
  const about = { entity: 'Credential', id: c.id };
  return [
    {
      to: { staffId: c.staffId },
      kind: 'CREDENTIAL_EXPIRING',
      subject: subject('Your'),
      intro: own,
      link: '/my/credentials',
      linkLabel: 'See my credentials',
      about,
    },
    ...managerIds.map((userId): NotificationEvent => ({
      to: { userId },
      kind: 'CREDENTIAL_EXPIRING',
      subject: subject(`${c.staffName}'s`),
      intro: theirs,
      link: '/credentials/expiring',
      linkLabel: 'See expiring credentials',
      about,
    })),
  ];
}

/**
 * Sends the expiry notices due `now` (each site's own today) that were not sent yet, each credential
 * in its own transaction with its notice record. Returns how many notices were sent.
 */
export async function notifyExpiringCredentials(db: Db, now: Date = new Date()): Promise<number> {
  let sent = 0;
  for (const site of await listSites(db)) {
    const today = todayAt(site.timeZone, now);
    const credentials = await findExpiringCredentials(
      db,
      site.id,
      addDays(today, -EXPIRED_NEWS_DAYS),
      addDays(today, EXPIRY_STAGES[0]),
    );
    const due = credentials.flatMap((c) => {
      const daysLeft = daysBetween(today, c.expiresOn);
      const stage = stageFor(daysLeft);
      return stage === null || c.noticed.includes(stage) ? [] : [{ c, stage, daysLeft }];
    });
    if (due.length === 0) continue;
    const managerIds = await findSiteManagerIds(db, site.id);
    for (const { c, stage, daysLeft } of due) {
      await db.$transaction(async (tx) => {
        if (!(await recordCredentialNotice(tx, c.id, c.expiresOn, stage))) return;
        await queueNotifications(tx, eventsFor(c, stage, daysLeft, managerIds), now);
        sent += 1;
      });
    }
  }
  return sent;
}

// The private iCalendar feed of a person's published shifts. The token in the URL is the only
// credential (calendar apps cannot sign in), so it is long and random, the person can replace it,
// and a manager can revoke it; either way the old URL stops working at once.
import ical, { ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import { dataStamp, type Db } from '../db/client';
import { StampCache } from '../lib/stamp-cache';
import { NotFoundError } from '../http/errors';
import {
  clearFeedToken,
  findFeedOwner,
  findFeedOwnerByStaff,
  findFeedOwnerByUser,
  listFeedStatus,
  setFeedToken,
  type FeedStatusRow,
} from './calendar.repository';
import { findPublishedSlotsOfStaff } from '../scheduling/assignments.repository';
import { findSchedules } from '../scheduling/schedules.repository';
import { recordAudit } from '../account/auth.service';
import { describeShift } from '../scheduling/schedule-changes';
import { createToken } from '../account/sessions.service';
import { paidMinutesOf, shiftInterval } from './my-shifts.service';
import { addDays, todayAt } from '../sites/sites.service';
import { viewHelpers } from '../http/view-helpers';
import { breakTimes } from '../scheduling/paid-hours';

/** Days of past shifts kept in the feed, so last week's shifts stay visible in the calendar. */
const FEED_PAST_DAYS = 35;
/** Days ahead the feed looks; schedules are published a few weeks ahead at most. */
const FEED_FUTURE_DAYS = 180;

/** Tokens are 32 random bytes in base64url (43 characters); anything else is not worth a query. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const calendarMessages = {
  reset:
    'Your calendar link was replaced. Calendars subscribed to the old link stop updating; subscribe again with the new one.',
  created: 'Your calendar link is ready. Add it to your calendar app as a subscription.',
  revoked: (name: string) =>
    `${name}'s calendar link no longer works. They can create a new one from "My calendar".`,
  noneToRevoke: (name: string) => `${name} has no calendar link to revoke.`,
} as const;

/** A stable UID per assignment slot (site, day, shift, person), so a new version updates the event. */
export function eventUid(siteId: number, shiftDate: string, templateId: number, staffId: number): string {
  return `shift-${siteId}-${shiftDate}-${templateId}-${staffId}@rxroster`;
}

/**
 * The iCalendar text of a person's feed: their assignments in currently published schedules only
 * (never drafts or archived versions), from five weeks back to six months ahead. Times are written
 * in UTC, which every calendar app reads without needing the zone's rules; the site's zone is
 * named in each description. Each event's SEQUENCE is the schedule version, so a new version is
 * seen as an update.
 *
 * @throws NotFoundError for an unknown, revoked or malformed token, or an inactive account.
 */
export async function buildFeed(db: Db, token: string, now: Date = new Date()): Promise<string> {
  if (!TOKEN_PATTERN.test(token)) throw new NotFoundError();
  // Calendar apps poll feeds often and they change rarely: a feed is kept with a stamp of the data
  // and reused until any data is written (the same rule as the schedule page, see dataStamp) or the
  // site's date moves its window. The stamp is read again after the build: a
  // commit during the build leaves the result uncached.
  let cache = feedCaches.get(db);
  if (!cache) {
    cache = new StampCache({ stamp: () => dataStamp(db), maxEntries: FEED_CACHE_SIZE });
    feedCaches.set(db, cache);
  }
  const { value } = await cache.fetch(
    token,
    () => renderFeed(db, token, now),
    (kept) => kept.today === todayAt(kept.timeZone, now),
  );
  return value!.body;
}

/** Feeds kept per database client (tests run several apps in one process), least recently used dropped first. */
const feedCaches = new WeakMap<Db, StampCache<{ timeZone: string; today: string; body: string }>>();
const FEED_CACHE_SIZE = 1000;

async function renderFeed(
  db: Db,
  token: string,
  now: Date,
): Promise<{ timeZone: string; today: string; body: string }> {
  const owner = await findFeedOwner(db, token);
  if (!owner || !owner.active || owner.staffId === null) throw new NotFoundError();

  const timeZone = owner.timeZone ?? 'UTC';
  const today = todayAt(timeZone, now);
  const slots = await findPublishedSlotsOfStaff(
    db,
    owner.staffId,
    addDays(today, -FEED_PAST_DAYS),
    addDays(today, FEED_FUTURE_DAYS),
  );
  const heads = await findSchedules(db, [...new Set(slots.map((s) => s.scheduleId))]);

  const calendar = ical({
    name: `RxRoster shifts — ${owner.displayName}`,
    description: 'Your published shifts. Changes appear here when your manager publishes a new version.',
    prodId: { company: 'RxRoster', product: 'shifts', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60,
  });
  for (const s of slots) {
    const head = heads.get(s.scheduleId);
    if (!head) continue;
    const { start, end } = shiftInterval(s.shiftDate, s.startMinute, s.endMinute, head.timeZone);
    const published = head.publishedAt ?? now;
    calendar.createEvent({
      id: eventUid(head.siteId, s.shiftDate, s.templateId, s.staffId),
      sequence: head.version,
      start: start.toUTC(),
      end: end.toUTC(),
      stamp: DateTime.fromJSDate(published, { zone: 'utc' }),
      lastModified: DateTime.fromJSDate(published, { zone: 'utc' }),
      summary: `${s.templateName} — ${s.positionName}`,
      location: head.siteName,
      description: [
        `Position: ${s.positionName}`,
        `Shift: ${describeShift(s)} (${head.timeZone})`,
        `${s.breakMinutes > 0 ? `Unpaid meal break: ${s.breakMinutes} min, ${breakTimes(s)}` : 'No unpaid break'} (${viewHelpers.hours(paidMinutesOf(s, head.timeZone))} paid)`,
        `Schedule for the week of ${head.periodStart}, version ${head.version}`,
      ].join('\n'),
    });
  }
  return { timeZone, today, body: calendar.toString() };
}

export interface CalendarPage {
  /** The feed URL, only right after it was made (only its hash is kept); null otherwise. */
  feedUrl: string | null;
  /** The person has a working link, shown or not. */
  hasFeed: boolean;
  /** The same URL with the webcal: scheme, which opens the subscription dialog of calendar apps. */
  webcalUrl: string | null;
  hasStaffRecord: boolean;
}

/**
 * What "My calendar" shows; `origin` is the app's own scheme and host, e.g. https://rx.example.org.
 * `madeToken` is the token just made by a reset, the only moment its address can be shown.
 */
export async function getCalendarPage(
  db: Db,
  userId: number,
  origin: string,
  madeToken: string | null,
): Promise<CalendarPage> {
  const owner = await findFeedOwnerByUser(db, userId);
  const hasFeed = Boolean(owner?.icalToken);
  const current = madeToken !== null && (await findFeedOwner(db, madeToken))?.userId === userId;
  const feedUrl = hasFeed && current ? `${origin}/calendar/${madeToken}.ics` : null;
  return {
    feedUrl,
    hasFeed,
    webcalUrl: feedUrl ? feedUrl.replace(/^https?:/, 'webcal:') : null,
    hasStaffRecord: owner?.staffId !== null && owner?.staffId !== undefined,
  };
}

/**
 * Issues a new feed token for the person (the old URL stops working); returns it (to be shown once)
 * and whether one existed.
 */
export async function resetFeedToken(
  db: Db,
  userId: number,
  ip: string,
): Promise<{ replaced: boolean; token: string }> {
  const before = await findFeedOwnerByUser(db, userId);
  const token = createToken(32);
  await setFeedToken(db, userId, token);
  const replaced = Boolean(before?.icalToken);
  await recordAudit(db, {
    actorId: userId,
    action: replaced ? 'calendar.reset' : 'calendar.create',
    entity: 'User',
    entityId: userId,
    ip,
  });
  return { replaced, token };
}

/**
 * A manager turns off a staff member's feed (a leaked link, a person leaving). Audit-logged.
 *
 * @throws NotFoundError when the staff member has no account at the manager's site.
 */
export async function revokeFeedToken(
  db: Db,
  managerId: number,
  staffId: number,
  siteId: number | null,
  ip: string,
): Promise<{ name: string; revoked: boolean }> {
  const owner = await findFeedOwnerByStaff(db, staffId);
  if (!owner || (siteId !== null && owner.siteId !== siteId)) throw new NotFoundError();
  if (!owner.icalToken) return { name: owner.displayName, revoked: false };
  await clearFeedToken(db, owner.userId);
  await recordAudit(db, {
    actorId: managerId,
    action: 'calendar.revoke',
    entity: 'User',
    entityId: owner.userId,
    detail: `calendar feed of ${owner.displayName} revoked`,
    ip,
  });
  return { name: owner.displayName, revoked: true };
}

/** Who at a site has a working calendar link, for the manager's revoke page. */
export async function getFeedStatus(db: Db, siteId: number): Promise<FeedStatusRow[]> {
  return listFeedStatus(db, siteId);
}

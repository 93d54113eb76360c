// Open shifts from the staff side: my offers, claiming, declining, the manager's pick and cancel, and moving offers on as they expire.
import { DateTime } from 'luxon';
import type { Db } from '../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import { recordAudit } from '../account/auth.service';
import { queueNotifications } from '../notifications/notifications.service';
import {
  openShiftFilledEvents,
  openShiftOfferEvents,
  openShiftWithdrawnEvents,
} from './exchange-notifications';
import { getSiteForUser } from '../sites/sites.service';
import {
  closeOffers,
  findExpiredOffers,
  findOpenShift,
  listOpenShiftsForStaff,
  markOpenShiftCancelled,
  markOpenShiftFilled,
  setOpenShiftResult,
  updateOffer,
  type OpenShiftRow,
} from './open-shifts.repository';
import { findExchangeSettings, type DbOrTx } from './exchange.repository';
import {
  exchangeMessages,
  loadPublishedWeek,
  publishChange,
  shiftHasStarted,
  shiftLabel,
  tryChange,
} from './week-check.service';
import {
  ClaimRefusedError,
  describeOpenShift,
  expiry,
  getOpenShiftForManager,
  openShiftMessages,
  pick,
} from './open-shifts.service';

/** Open shifts offered to the signed-in person (and their own dropped shifts still open). */
export async function getMyOpenShifts(db: Db, user: CurrentUser, staffId: number, now: Date = new Date()) {
  await advanceOffers(db, now);
  const site = await getSiteForUser(db, user);
  const settings = await findExchangeSettings(db, site.id);
  const list = await listOpenShiftsForStaff(db, staffId);
  return {
    site,
    claimPolicy: settings!.claimPolicy,
    offers: list
      .filter((o) => o.droppedBy?.staffId !== staffId)
      .map((o) => ({ open: o, mine: o.offers.find((x) => x.staffId === staffId)! })),
    drops: list.filter((o) => o.droppedBy?.staffId === staffId),
  };
}

/** The live offer of an open shift to a person, or 404 (not offered to them) / 409 (closed). */
async function liveOffer(tx: DbOrTx, openShiftId: number, staffId: number) {
  const open = await findOpenShift(tx, openShiftId);
  const offer = open?.offers.find((o) => o.staffId === staffId);
  if (!open || !offer) throw new NotFoundError();
  if (open.status !== 'OPEN')
    throw new ConflictError(open.status === 'FILLED' ? openShiftMessages.taken : openShiftMessages.closed);
  if (offer.status === 'CLAIMED') throw new ConflictError(openShiftMessages.alreadyClaimed);
  if (offer.status !== 'OFFERED') throw new ConflictError(openShiftMessages.notOffered);
  return { open, offer };
}

/**
 * A person claims an open shift offered to them, checked again on the week as it is now. With the
 * site's claim policy "first valid claim wins" it is published at once as a new version and every
 * other offer closes; with "manager picks" the claim is recorded for the manager.
 * @throws ClaimRefusedError (409) naming the rule when taking it now breaks one; nothing is written.
 */
export async function claimOpenShift(
  db: Db,
  user: CurrentUser,
  staffId: number,
  openShiftId: number,
  now: Date = new Date(),
): Promise<{ published: boolean; message: string }> {
  await advanceOffers(db, now);
  return db.$transaction(async (tx) => {
    const { open, offer } = await liveOffer(tx, openShiftId, staffId);
    const settings = await findExchangeSettings(tx, open.siteId);
    const label = describeOpenShift(open);
    if (settings!.claimPolicy === 'MANAGER_PICKS') {
      const week = await loadPublishedWeek(tx, open.siteId, open.periodStart);
      const problems = problemsOfTaking(week, open, staffId, now);
      if (problems.length > 0) throw new ClaimRefusedError(openShiftMessages.refused(problems));
      await updateOffer(tx, offer.id, ['OFFERED'], { status: 'CLAIMED', claimedAt: now });
      await recordAudit(tx, {
        actorId: user.id,
        action: 'open_shift.claim',
        entity: 'OpenShift',
        entityId: open.id,
        detail: `${offer.person.name} claimed ${label} as ${open.positionName}; the manager picks`,
      });
      return {
        published: false,
        message: `You claimed ${label}. The manager picks who gets it; you will see the decision here and in My shifts.`,
      };
    }
    const version = await fillOpenShift(tx, open, staffId, user.id, now, (p) => openShiftMessages.refused(p));
    return {
      published: true,
      message: `${label} as ${open.positionName} is yours: version ${version} of the week is published.`,
    };
  });
}

/** The manager gives an open shift to one of its claimants, checked again now. */
export async function pickClaimant(
  db: Db,
  user: CurrentUser,
  openShiftId: number,
  staffId: number,
  now: Date = new Date(),
): Promise<{ message: string }> {
  return db.$transaction(async (tx) => {
    const open = await getOpenShiftForManager(tx, user, openShiftId);
    if (open.status !== 'OPEN') throw new ConflictError(openShiftMessages.closed);
    const offer = open.offers.find((o) => o.staffId === staffId && o.status === 'CLAIMED');
    if (!offer) throw new ValidationError({ staffId: openShiftMessages.notClaimant });
    const version = await fillOpenShift(tx, open, staffId, user.id, now, (p) =>
      openShiftMessages.pickRefused(offer.person.name, p),
    );
    return {
      message: `${offer.person.name} takes ${describeOpenShift(open)} as ${open.positionName}. Version ${version} is published.`,
    };
  });
}

function problemsOfTaking(
  week: Awaited<ReturnType<typeof loadPublishedWeek>>,
  open: OpenShiftRow,
  staffId: number,
  now: Date,
): string[] {
  const place = pick(open);
  if (shiftHasStarted(week, place, now)) return [exchangeMessages.started(shiftLabel(week, place))];
  const removes = open.droppedBy ? [{ ...place, staffId: open.droppedBy.staffId }] : [];
  return tryChange(week, removes, [{ ...place, staffId }]).problems;
}

/**
 * Gives an open shift to one person inside the caller's transaction: marked filled first (so two
 * claims at the same moment cannot both win), checked on the week as it is, published as the next
 * version, their offer taken and every other offer closed.
 */
async function fillOpenShift(
  tx: DbOrTx,
  open: OpenShiftRow,
  staffId: number,
  actorUserId: number,
  now: Date,
  refusal: (problems: string[]) => string,
): Promise<number> {
  if (!(await markOpenShiftFilled(tx, open.id, { filledById: staffId, filledAt: now })))
    throw new ConflictError(openShiftMessages.taken);
  const week = await loadPublishedWeek(tx, open.siteId, open.periodStart);
  const problems = problemsOfTaking(week, open, staffId, now);
  if (problems.length > 0) throw new ClaimRefusedError(refusal(problems));
  const place = pick(open);
  const removes = open.droppedBy ? [{ ...place, staffId: open.droppedBy.staffId }] : [];
  const result = await publishChange(tx, week, actorUserId, removes, [{ ...place, staffId }]);
  await setOpenShiftResult(tx, open.id, result.scheduleId);
  const offer = open.offers.find((o) => o.staffId === staffId)!;
  await queueNotifications(
    tx,
    openShiftFilledEvents(
      week.ctx.site.timeZone,
      open,
      { staffId, name: offer.person.name },
      open.offers.filter((o) => o.status === 'CLAIMED' && o.staffId !== staffId).map((o) => o.staffId),
      open.droppedBy,
    ),
    now,
  );
  await updateOffer(tx, offer.id, ['OFFERED', 'CLAIMED'], { status: 'TAKEN', closedAt: now });
  await closeOffers(tx, open.id, staffId, now);
  await recordAudit(tx, {
    actorId: actorUserId,
    action: 'open_shift.fill',
    entity: 'OpenShift',
    entityId: open.id,
    detail: `${offer.person.name} takes ${describeOpenShift(open)} as ${open.positionName}${
      open.droppedBy ? ` from ${open.droppedBy.name}` : ''
    }; version ${result.version}`,
  });
  return result.version;
}

/** A person turns an offer down; a one-at-a-time offer passes to the next in line. */
export async function declineOffer(
  db: Db,
  user: CurrentUser,
  staffId: number,
  openShiftId: number,
  now: Date = new Date(),
): Promise<void> {
  await db.$transaction(async (tx) => {
    const { open, offer } = await liveOffer(tx, openShiftId, staffId);
    await updateOffer(tx, offer.id, ['OFFERED'], { status: 'DECLINED', closedAt: now });
    await recordAudit(tx, {
      actorId: user.id,
      action: 'open_shift.decline',
      entity: 'OpenShift',
      entityId: open.id,
      detail: `${offer.person.name} declined ${describeOpenShift(open)}`,
    });
    if (open.offerMode === 'ONE_AT_A_TIME') await offerToNext(tx, open.id, now);
  });
}

/** The manager withdraws an open shift (or a person their drop): every offer closes. */
export async function cancelOpenShift(
  db: Db,
  user: CurrentUser,
  openShiftId: number,
  asStaffId: number | null,
  now: Date = new Date(),
): Promise<OpenShiftRow> {
  return db.$transaction(async (tx) => {
    const open =
      asStaffId === null
        ? await getOpenShiftForManager(tx, user, openShiftId)
        : await findOpenShift(tx, openShiftId);
    if (!open || (asStaffId !== null && open.droppedBy?.staffId !== asStaffId)) throw new NotFoundError();
    if (!(await markOpenShiftCancelled(tx, open.id))) throw new ConflictError(openShiftMessages.closed);
    await closeOffers(tx, open.id, null, now);
    // Whoever could act on it (a live offer or a claim waiting for the manager) hears it is gone;
    // people still waiting in line were never told of it.
    const told = open.offers
      .filter((o) => o.status === 'OFFERED' || o.status === 'CLAIMED')
      .map((o) => o.staffId);
    const site = await findExchangeSettings(tx, open.siteId);
    if (site && told.length > 0)
      await queueNotifications(tx, openShiftWithdrawnEvents(site.timeZone, open, told), now);
    await recordAudit(tx, {
      actorId: user.id,
      action: 'open_shift.cancel',
      entity: 'OpenShift',
      entityId: open.id,
      detail: `${describeOpenShift(open)} as ${open.positionName} withdrawn`,
    });
    return open;
  });
}

/**
 * Offers a one-at-a-time open shift to the next person in line who can still take it (the week may
 * have changed since it was posted); people who no longer can are passed over.
 */
async function offerToNext(tx: DbOrTx, openShiftId: number, now: Date): Promise<number | null> {
  const open = await findOpenShift(tx, openShiftId);
  if (!open || open.status !== 'OPEN') return null;
  if (open.offers.some((o) => o.status === 'OFFERED' || o.status === 'CLAIMED')) return null;
  const week = await loadPublishedWeek(tx, open.siteId, open.periodStart);
  for (const next of open.offers.filter((o) => o.status === 'WAITING')) {
    if (problemsOfTaking(week, open, next.staffId, now).length > 0) {
      await updateOffer(tx, next.id, ['WAITING'], { status: 'CLOSED', closedAt: now });
      continue;
    }
    const until = expiry(now, open.offerMinutes);
    await updateOffer(tx, next.id, ['WAITING'], { status: 'OFFERED', offeredAt: now, expiresAt: until });
    await queueNotifications(
      tx,
      openShiftOfferEvents(week.ctx.site.timeZone, open, [next.staffId], until),
      now,
    );
    return next.staffId;
  }
  return null;
}

/**
 * Passes one-at-a-time offers whose time ran out to the next in line. Run before open shifts are
 * shown or claimed, and every minute by the server (server/index.ts), so the next person hears of
 * it without anyone opening a page.
 */
export async function advanceOffers(db: Db, now: Date = new Date()): Promise<number> {
  const expired = await findExpiredOffers(db, now);
  for (const e of expired) {
    await db.$transaction(async (tx) => {
      if (await updateOffer(tx, e.id, ['OFFERED'], { status: 'EXPIRED', closedAt: now }))
        await offerToNext(tx, e.openShiftId, now);
    });
  }
  return expired.length;
}

/** Minutes left of a one-at-a-time offer, for the page ("27 min left"). */
export function minutesLeft(expiresAt: Date | null, now: Date = new Date()): number | null {
  if (!expiresAt) return null;
  return Math.max(
    0,
    Math.ceil(DateTime.fromJSDate(expiresAt).diff(DateTime.fromJSDate(now), 'minutes').minutes),
  );
}

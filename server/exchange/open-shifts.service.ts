// Open shifts: a manager posts an uncovered place of a published week (a coverage gap, or the shift
// a call-out left); everyone who could take it without breaking a hard rule is offered it, all at
// once or one at a time; a claim is checked again at the moment it is taken and becomes a new
// published version, and every other offer closes. A dropped shift is an open shift too: its
// holder keeps it until someone takes it.
import { DateTime } from 'luxon';
import type { OfferMode } from '../../generated/prisma/enums';
import type { Db } from '../db/client';
import { ConflictError, HttpError, NotFoundError, ValidationError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import { recordAudit } from '../account/auth.service';
import { queueNotifications } from '../notifications/notifications.service';
import { openShiftFilledEvents, openShiftOfferEvents } from './exchange-notifications';
import { findPublishedFor } from '../scheduling/schedules.repository';
import { getScheduleHead } from '../scheduling/schedule-versions.service';
import { describeShift } from '../scheduling/schedule-changes';
import { listCoverageGaps } from '../scheduling/coverage-gaps.service';
import { describeDay } from '../scheduling/schedule-changes';
import { type CoverageGap } from '../scheduling/coverage-gaps.service';
import { assertSiteAccess } from '../scheduling/schedule-access.service';
import { acceptCallOutRepairInTransaction } from '../scheduling/call-outs.service';
import { proposeCallOutRepair } from '../scheduling/call-out-repair.service';
import { mondayOf } from '../lib/time';
import { addDays, getSiteForUser, todayAt } from '../sites/sites.service';
import {
  closeOffers,
  countOpenFor,
  findExchangeSettings,
  findExpiredOffers,
  findOpenShift,
  insertOpenShift,
  listOpenShiftsForStaff,
  listOpenShiftsOfSite,
  markOpenShiftCancelled,
  markOpenShiftFilled,
  setOpenShiftResult,
  updateOffer,
  type DbOrTx,
  type NewOffer,
  type OpenShiftRow,
} from './exchange.repository';
import {
  exchangeMessages,
  loadPublishedWeek,
  publishChange,
  rankCandidates,
  shiftHasStarted,
  shiftLabel,
  tryChange,
  type Ineligible,
} from './week-check.service';

export const openShiftMessages = {
  nobody: 'Nobody can take this shift without breaking a rule, so it was not posted.',
  notAGap: 'This shift is no longer below its required staffing; reload the page.',
  alreadyPosted: 'This place is already posted as an open shift.',
  taken: 'Someone else took this shift a moment ago.',
  closed: 'This open shift is no longer open.',
  notOffered: 'This shift is not offered to you any more.',
  alreadyClaimed: 'You have already claimed this shift; the manager picks who gets it.',
  notClaimant: 'That person has not claimed this shift.',
  refused: (problems: string[]) => `You cannot take this shift now. ${problems.join(' ')}`,
  pickRefused: (name: string, problems: string[]) =>
    `${name} cannot take this shift now. ${problems.join(' ')}`,
} as const;

/** A claim that breaks a hard rule at the moment it is made: nothing was written. */
export class ClaimRefusedError extends HttpError {
  constructor(message: string) {
    super(409, message);
    this.name = 'ClaimRefusedError';
  }
}

/** How many weeks ahead (this one included) the manager's page looks for gaps to post. */
const WEEKS_AHEAD = 4;

/** "Tue 1 Dec Weekday day 07:00–15:30" */
export function describeOpenShift(
  o: Pick<OpenShiftRow, 'shiftDate' | 'templateName' | 'startMinute' | 'endMinute'>,
): string {
  return `${describeDay(o.shiftDate)} ${describeShift(o)}`;
}

export interface PostableGap extends CoverageGap {
  scheduleId: number;
  version: number;
  /** Places of this gap already posted and still open. */
  posted: number;
}

/** The manager's page: gaps of the published weeks ahead that have not started, and the open shifts. */
export async function getOpenShiftsPage(db: Db, user: CurrentUser, now: Date = new Date()) {
  const site = await getSiteForUser(db, user);
  const today = todayAt(site.timeZone, now);
  const gaps: PostableGap[] = [];
  for (let w = 0; w < WEEKS_AHEAD; w++) {
    const published = await findPublishedFor(db, site.id, mondayOf(addDays(today, 7 * w)));
    if (!published) continue;
    const week = await loadPublishedWeek(db, site.id, published.periodStart);
    for (const gap of await listCoverageGaps(db, published.id)) {
      if (shiftHasStarted(week, gap, now)) continue;
      const posted = await countOpenFor(db, { siteId: site.id, ...pick(gap) });
      gaps.push({ ...gap, scheduleId: published.id, version: published.version, posted });
    }
  }
  const settings = await findExchangeSettings(db, site.id);
  return {
    site,
    claimPolicy: settings!.claimPolicy,
    gaps,
    openShifts: await listOpenShiftsOfSite(db, site.id, today),
  };
}

const pick = (g: { shiftDate: string; templateId: number; positionId: number }) => ({
  shiftDate: g.shiftDate,
  templateId: g.templateId,
  positionId: g.positionId,
});

/** One open shift of the manager's site, with its offers; 404 for another site's. */
export async function getOpenShiftForManager(
  db: DbOrTx,
  user: CurrentUser,
  id: number,
): Promise<OpenShiftRow> {
  const open = await findOpenShift(db, id);
  if (!open) throw new NotFoundError();
  assertSiteAccess(user, open.siteId);
  return open;
}

/** Offers in rank order: everyone at once, or the first now and the rest waiting their turn. */
function offersFor(staffIds: number[], mode: OfferMode, minutes: number | null, now: Date): NewOffer[] {
  return staffIds.map((staffId, i) => {
    const live = mode === 'ALL' || i === 0;
    return {
      staffId,
      rank: i + 1,
      status: live ? 'OFFERED' : 'WAITING',
      offeredAt: live ? now : null,
      expiresAt: live && mode === 'ONE_AT_A_TIME' ? expiry(now, minutes) : null,
    };
  });
}

const expiry = (now: Date, minutes: number | null): Date =>
  new Date(now.getTime() + (minutes ?? 30) * 60_000);

function nobodyError(field: string, ineligible: Ineligible[]): ValidationError {
  const reasons = ineligible.slice(0, 5).map((i) => `${i.name}: ${i.reason}`);
  const message = [openShiftMessages.nobody, ...reasons].join(' ');
  return new ValidationError({ [field]: message }, message);
}

/**
 * Posts a coverage gap of a published week as an open shift and offers it to everyone who could
 * take it, in one transaction: the gap and everyone's eligibility are checked on the week as it is.
 * @throws ValidationError (field `gap`) when the place is no longer a gap, is already posted, or
 *   nobody can take it (each person named with the rule that stops them).
 */
export async function postGap(
  db: Db,
  user: CurrentUser,
  form: {
    scheduleId: number;
    shiftDate: string;
    templateId: number;
    positionId: number;
    note: string | null;
  },
  now: Date = new Date(),
): Promise<{ id: number; offered: number }> {
  return db.$transaction(async (tx) => {
    const head = await findPublishedHead(tx, user, form.scheduleId);
    const week = await loadPublishedWeek(tx, head.siteId, head.periodStart);
    if (week.head.id !== head.id) throw new ValidationError({ gap: openShiftMessages.notAGap });
    const place = pick(form);
    if (shiftHasStarted(week, place, now))
      throw new ValidationError({ gap: exchangeMessages.started(shiftLabel(week, place)) });
    const gap = (await listCoverageGaps(tx, head.id)).find(
      (g) =>
        g.shiftDate === place.shiftDate &&
        g.templateId === place.templateId &&
        g.positionId === place.positionId,
    );
    if (!gap) throw new ValidationError({ gap: openShiftMessages.notAGap });
    if ((await countOpenFor(tx, { siteId: head.siteId, ...place })) >= gap.missing)
      throw new ValidationError({ gap: openShiftMessages.alreadyPosted });
    const { eligible, ineligible } = rankCandidates(week, place, null);
    if (eligible.length === 0) throw nobodyError('gap', ineligible);
    const id = await insertOpenShift(
      tx,
      {
        siteId: head.siteId,
        periodStart: head.periodStart,
        ...place,
        origin: 'GAP',
        offerMode: 'ALL',
        offerMinutes: null,
        droppedById: null,
        postedById: user.id,
        note: form.note,
      },
      offersFor(
        eligible.map((e) => e.staffId),
        'ALL',
        null,
        now,
      ),
    );
    await recordAudit(tx, {
      actorId: user.id,
      action: 'open_shift.post',
      entity: 'OpenShift',
      entityId: id,
      detail: `${shiftLabel(week, place)} as ${gap.positionName}; offered to ${eligible.map((e) => e.name).join(', ')}`,
    });
    await queueNotifications(
      tx,
      openShiftOfferEvents(
        week.ctx.site.timeZone,
        { ...gap, id, origin: 'GAP' },
        eligible.map((e) => e.staffId),
        null,
      ),
      now,
    );
    return { id, offered: eligible.length };
  });
}

async function findPublishedHead(tx: DbOrTx, user: CurrentUser, scheduleId: number) {
  const head = await getScheduleHead(tx, scheduleId);
  assertSiteAccess(user, head.siteId);
  if (head.status !== 'PUBLISHED') throw new ValidationError({ gap: openShiftMessages.notAGap });
  return head;
}

/**
 * A call-out offered to the ranked candidates instead of one chosen by the manager, in one
 * transaction: the call-out is recorded and published with the shift left open (as "leave the
 * shift open" does), then everyone who could take it is offered it in rank order — all at once, or
 * one at a time for `minutes` each.
 * @throws ValidationError (field `offerMode`) when nobody can take it; nothing is written.
 */
export async function offerCallOut(
  db: Db,
  user: CurrentUser,
  scheduleId: number,
  assignmentId: number,
  form: { reason: string; offerMode: OfferMode; offerMinutes: number | null },
  now: Date = new Date(),
): Promise<{ id: number; offered: number; version: number; scheduleId: number }> {
  return db.$transaction(async (tx) => {
    const proposal = await proposeCallOutRepair(tx, user, scheduleId, assignmentId);
    const { assignment, schedule } = proposal;
    const place = {
      shiftDate: assignment.shiftDate,
      templateId: assignment.templateId,
      positionId: assignment.positionId,
    };
    const before = await loadPublishedWeek(tx, schedule.siteId, schedule.periodStart);
    const callerId = assignment.staffId;
    const { eligible, ineligible } = rankCandidates(before, place, callerId);
    if (eligible.length === 0) throw nobodyError('offerMode', ineligible);
    const published = await acceptCallOutRepairInTransaction(
      tx,
      user,
      scheduleId,
      assignmentId,
      null,
      form.reason,
    );
    const minutes = form.offerMode === 'ONE_AT_A_TIME' ? form.offerMinutes : null;
    const offers = offersFor(
      eligible.map((e) => e.staffId),
      form.offerMode,
      minutes,
      now,
    );
    const id = await insertOpenShift(
      tx,
      {
        siteId: schedule.siteId,
        periodStart: schedule.periodStart,
        ...place,
        origin: 'CALL_OUT',
        offerMode: form.offerMode,
        offerMinutes: minutes,
        droppedById: null,
        postedById: user.id,
        note: null,
      },
      offers,
    );

    await recordAudit(tx, {
      actorId: user.id,
      action: 'open_shift.post',
      entity: 'OpenShift',
      entityId: id,
      detail: `call-out of ${proposal.person}: ${proposal.shift.label} as ${proposal.positionName}; offered ${
        form.offerMode === 'ALL' ? 'to everyone at once' : `one at a time, ${minutes} minutes each`
      } in this order: ${eligible.map((e) => e.name).join(', ')}`,
    });
    const live = offers.filter((o) => o.status === 'OFFERED');
    await queueNotifications(
      tx,
      openShiftOfferEvents(
        before.ctx.site.timeZone,
        {
          ...proposal.shift,
          shiftDate: proposal.shift.date,
          positionName: proposal.positionName,
          id,
          origin: 'CALL_OUT',
        },
        live.map((o) => o.staffId),
        live[0]?.expiresAt ?? null,
      ),
      now,
    );
    return { id, offered: eligible.length, version: published.version, scheduleId: published.scheduleId };
  });
}

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

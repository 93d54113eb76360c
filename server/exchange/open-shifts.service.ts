// Open shifts: a manager posts an uncovered place of a published week (a coverage gap, or the shift
// a call-out left); everyone who could take it without breaking a hard rule is offered it, all at
// once or one at a time; a claim is checked again at the moment it is taken and becomes a new
// published version, and every other offer closes. A dropped shift is an open shift too: its
// holder keeps it until someone takes it.
import type { OfferMode } from '../../generated/prisma/enums';
import type { Db } from '../db/client';
import { HttpError, NotFoundError, ValidationError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import { recordAudit } from '../account/auth.service';
import { queueNotifications } from '../notifications/notifications.service';
import { openShiftOfferEvents } from './exchange-notifications';
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
  countOpenFor,
  findOpenShift,
  insertOpenShift,
  listOpenShiftsOfSite,
  type NewOffer,
  type OpenShiftRow,
} from './open-shifts.repository';
import { findExchangeSettings, type DbOrTx } from './exchange.repository';
import {
  exchangeMessages,
  loadPublishedWeek,
  rankCandidates,
  shiftHasStarted,
  shiftLabel,
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

export const pick = (g: { shiftDate: string; templateId: number; positionId: number }) => ({
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

export const expiry = (now: Date, minutes: number | null): Date =>
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

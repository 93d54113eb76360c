// Time-off requests: staff ask, managers approve or deny. A request that overlaps a published
// shift is flagged, and approving it needs the manager to acknowledge the clash (the schedule
// then has to be changed). Approved time off makes the person unavailable (resolveAvailability).
import type { Db } from '../db/client';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import * as repo from './time-off.repository';
import type { TimeOffDecisionFormData, TimeOffFormData } from './time-off.schemas';
import { shiftDates } from './availability-rules';
import { recordAudit } from '../account/auth.service';
import { pagerFor, type Pager } from '../lib/pagination';
import { addDays, getSiteForUser, todayAt, type SiteSummary } from '../sites/sites.service';
import { queueNotifications } from '../notifications/notifications.service';
import { timeOffDecisionEvent } from './time-off-notifications';

/** Requests may be made this far ahead and for at most this many days at once. */
export const MAX_DAYS_AHEAD = 366;
export const MAX_REQUEST_DAYS = 60;

export interface ShiftConflict {
  shiftDate: string;
  templateName: string;
  startMinute: number;
  endMinute: number;
  positionName: string;
}

export interface MyTimeOffPage {
  site: SiteSummary;
  today: string;
  requests: repo.TimeOffRow[];
  pager: Pager;
}

export async function getMyTimeOff(
  db: Db,
  user: CurrentUser,
  staffId: number,
  page?: number,
): Promise<MyTimeOffPage> {
  const site = await getSiteForUser(db, user);
  const pager = pagerFor(page, await repo.countOwnRequests(db, staffId));
  return {
    site,
    today: todayAt(site.timeZone),
    requests: await repo.listOwnRequests(db, staffId, pager),
    pager,
  };
}

export async function requestTimeOff(
  db: Db,
  user: CurrentUser,
  staffId: number,
  form: TimeOffFormData,
): Promise<number> {
  const site = await getSiteForUser(db, user);
  const today = todayAt(site.timeZone);
  if (form.startDate < today) throw new ValidationError({ startDate: 'Time off cannot start in the past.' });
  if (form.endDate > addDays(today, MAX_DAYS_AHEAD))
    throw new ValidationError({ endDate: 'Request time off within the next year.' });
  if (form.endDate > addDays(form.startDate, MAX_REQUEST_DAYS - 1)) {
    throw new ValidationError({
      endDate: `One request can cover at most ${MAX_REQUEST_DAYS} days; split longer leave.`,
    });
  }
  const overlap = await repo.findOverlappingOpen(db, staffId, form.startDate, form.endDate);
  if (overlap) {
    throw new ValidationError({
      startDate: `You already have ${overlap.status.toLowerCase()} time off ${overlap.startDate} – ${overlap.endDate} overlapping these dates.`,
    });
  }
  const row = await db.timeOffRequest.create({ data: { staffId, ...form }, select: { id: true } });
  return row.id;
}

/** Cancels one's own pending request, or an approved one that has not started yet. */
export async function cancelTimeOff(db: Db, user: CurrentUser, id: number): Promise<void> {
  const request = await repo.findRequest(db, id);
  if (!request) throw new NotFoundError('No time-off request with that id.');
  if (request.staffId !== user.staffId) throw new ForbiddenError('You can only cancel your own requests.');
  const site = await getSiteForUser(db, user);
  const today = todayAt(site.timeZone);
  const cancellable =
    request.status === 'PENDING' || (request.status === 'APPROVED' && request.startDate > today);
  if (!cancellable) throw new ConflictError('This request can no longer be cancelled; talk to your manager.');
  await db.timeOffRequest.update({ where: { id }, data: { status: 'CANCELLED' } });
}

/**
 * Published shifts each request would take its person away from (a night shift into the first
 * day counts), read in one query for all the requests.
 */
export async function findConflicts(
  db: Db,
  requests: { staffId: number; startDate: string; endDate: string }[],
): Promise<ShiftConflict[][]> {
  if (requests.length === 0) return [];
  const from = addDays(
    requests.reduce((m, r) => (r.startDate < m ? r.startDate : m), requests[0]!.startDate),
    -1,
  );
  const to = requests.reduce((m, r) => (r.endDate > m ? r.endDate : m), requests[0]!.endDate);
  const shifts = await repo.findPublishedShifts(db, [...new Set(requests.map((r) => r.staffId))], from, to);
  return requests.map((request) =>
    shifts
      .filter((s) => s.staffId === request.staffId)
      .filter((s) =>
        shiftDates({
          date: s.shiftDate,
          startMinute: s.template.startMinute,
          endMinute: s.template.endMinute,
        }).some((d) => d >= request.startDate && d <= request.endDate),
      )
      .map((s) => ({
        shiftDate: s.shiftDate,
        templateName: s.template.name,
        startMinute: s.template.startMinute,
        endMinute: s.template.endMinute,
        positionName: s.position.name,
      })),
  );
}

export interface ReviewPage {
  site: SiteSummary;
  today: string;
  pending: (repo.TimeOffRow & { conflicts: ShiftConflict[] })[];
  pendingPager: Pager;
  decided: repo.TimeOffRow[];
  decidedPager: Pager;
}

/** Pending requests (page `page`) and those decided and not over yet (page `decidedPage`). */
export async function getReviewPage(
  db: Db,
  user: CurrentUser,
  pages: { page?: number | undefined; decidedPage?: number | undefined } = {},
): Promise<ReviewPage> {
  const site = await getSiteForUser(db, user);
  const today = todayAt(site.timeZone);
  const pendingFilter = { status: 'PENDING' as const };
  const decidedFilter = { decidedSince: today };
  const [pendingTotal, decidedTotal] = await Promise.all([
    repo.countSiteRequests(db, site.id, pendingFilter),
    repo.countSiteRequests(db, site.id, decidedFilter),
  ]);
  const pendingPager = pagerFor(pages.page, pendingTotal);
  const decidedPager = pagerFor(pages.decidedPage, decidedTotal);
  const [pending, decided] = await Promise.all([
    repo.listSiteRequests(db, site.id, pendingFilter, pendingPager),
    repo.listSiteRequests(db, site.id, decidedFilter, decidedPager),
  ]);
  const conflicts = await findConflicts(db, pending);
  const withConflicts = pending.map((r, i) => ({ ...r, conflicts: conflicts[i] ?? [] }));
  return { site, today, pending: withConflicts, pendingPager, decided, decidedPager };
}

async function pendingAtSite(db: Db, user: CurrentUser, id: number) {
  const site = await getSiteForUser(db, user);
  const request = await repo.findRequest(db, id);
  if (!request || request.staff.siteId !== site.id)
    throw new NotFoundError('No time-off request with that id.');
  if (request.status !== 'PENDING')
    throw new ConflictError(`This request was already ${request.status.toLowerCase()}.`);
  return request;
}

/** Approves a pending request; a clash with a published shift must be acknowledged first. */
export async function approveTimeOff(
  db: Db,
  user: CurrentUser,
  id: number,
  form: TimeOffDecisionFormData,
): Promise<repo.TimeOffRow> {
  const request = await pendingAtSite(db, user, id);
  const conflicts = (await findConflicts(db, [request]))[0] ?? [];
  if (conflicts.length > 0 && !form.acknowledgeConflicts) {
    throw new ValidationError({
      acknowledgeConflicts: `This overlaps ${conflicts.length === 1 ? 'a published shift' : `${conflicts.length} published shifts`}; tick the box to approve anyway, then change the schedule.`,
    });
  }
  await db.$transaction(async (tx) => {
    await tx.timeOffRequest.update({
      where: { id },
      data: { status: 'APPROVED', reviewerId: user.id, reviewedAt: new Date(), reviewNote: form.note },
    });
    await recordAudit(tx, {
      actorId: user.id,
      action: 'time_off.approve',
      entity: 'TimeOffRequest',
      entityId: id,
      detail: `${request.startDate} – ${request.endDate}${conflicts.length > 0 ? `, ${conflicts.length} published shift(s) affected` : ''}`,
    });
    await queueNotifications(tx, [timeOffDecisionEvent(request, 'APPROVED', form.note, user.displayName)]);
  });
  return request;
}

export async function denyTimeOff(
  db: Db,
  user: CurrentUser,
  id: number,
  form: TimeOffDecisionFormData,
): Promise<repo.TimeOffRow> {
  const request = await pendingAtSite(db, user, id);
  if (form.note === null)
    throw new ValidationError({ note: 'Say why the request is denied; the staff member sees this note.' });
  const note = form.note;
  await db.$transaction(async (tx) => {
    await tx.timeOffRequest.update({
      where: { id },
      data: { status: 'DENIED', reviewerId: user.id, reviewedAt: new Date(), reviewNote: note },
    });
    await recordAudit(tx, {
      actorId: user.id,
      action: 'time_off.deny',
      entity: 'TimeOffRequest',
      entityId: id,
      detail: `${request.startDate} – ${request.endDate}`,
    });
    await queueNotifications(tx, [timeOffDecisionEvent(request, 'DENIED', note, user.displayName)]);
  });
  return request;
}

// Swap requests after they are made: the colleague's answer, cancelling, the manager's decision, and the request lists.
import type { ShiftRequestStatus } from '../../generated/prisma/enums';
import type { Db } from '../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import { recordAudit } from '../account/auth.service';
import { queueNotifications } from '../notifications/notifications.service';
import { swapEvents } from './exchange-notifications';
import { describeShift } from '../scheduling/schedule-changes';
import { describeDay } from '../scheduling/schedule-changes';
import { assertSiteAccess } from '../scheduling/schedule-access.service';
import { getSiteForUser } from '../sites/sites.service';
import {
  findExchangeSettings,
  findShiftNames,
  findSiteManagerUserIds,
  type DbOrTx,
} from './exchange.repository';
import {
  findShiftRequest,
  listRequestsOfSite,
  listRequestsOfStaff,
  updateShiftRequest,
  type ShiftRequestRow,
} from './shift-requests.repository';
import {
  exchangeMessages,
  loadPublishedWeek,
  publishChange,
  shiftHasStarted,
  shiftLabel,
  tryChange,
  type PublishedWeek,
  type SlotFact,
} from './week-check.service';
import { swapMessages } from './swaps.service';

/** The facts a request changes, found again in the week as it is now (null: no longer there). */
function changeOf(week: PublishedWeek, r: ShiftRequestRow): { removes: SlotFact[]; adds: SlotFact[] } | null {
  const mine: SlotFact = {
    shiftDate: r.shiftDate,
    templateId: r.templateId,
    staffId: r.fromStaffId,
    positionId: r.positionId,
  };
  const has = (f: SlotFact) =>
    week.rows.some(
      (x) =>
        x.staffId === f.staffId &&
        x.templateId === f.templateId &&
        x.shiftDate === f.shiftDate &&
        x.positionId === f.positionId,
    );
  if (!has(mine)) return null;
  if (r.kind === 'GIVE') return { removes: [mine], adds: [{ ...mine, staffId: r.toStaffId }] };
  const theirs: SlotFact = {
    shiftDate: r.swapShiftDate!,
    templateId: r.swapTemplateId!,
    staffId: r.toStaffId,
    positionId: r.swapPositionId!,
  };
  if (!has(theirs)) return null;
  return {
    removes: [mine, theirs],
    adds: [
      { ...theirs, staffId: r.fromStaffId },
      { ...mine, staffId: r.toStaffId },
    ],
  };
}

/** What re-checking a request on the week as it is now found. */
type Recheck =
  | {
      ok: true;
      week: PublishedWeek;
      change: { removes: SlotFact[]; adds: SlotFact[] };
      worsensCoverage: boolean;
    }
  | { ok: false; why: string };

function recheck(week: PublishedWeek, r: ShiftRequestRow, now: Date): Recheck {
  const change = changeOf(week, r);
  if (!change) return { ok: false, why: swapMessages.noLongerThere };
  const started = change.removes.find((f) => shiftHasStarted(week, f, now));
  if (started) return { ok: false, why: exchangeMessages.started(shiftLabel(week, started)) };
  const trial = tryChange(week, change.removes, change.adds);
  if (trial.problems.length > 0)
    return { ok: false, why: `${swapMessages.noLonger} ${trial.problems.join(' ')}` };
  return { ok: true, week, change, worsensCoverage: trial.worsensCoverage };
}

/**
 * The colleague answers. Declined: closed. Accepted: checked again on the week as it is now (it may
 * have changed since the request); when it no longer passes it is closed with the rule named.
 * When it passes, the site setting decides: published at once (if coverage is no worse) or sent to
 * the manager.
 */
export async function answerRequest(
  db: Db,
  user: CurrentUser,
  staffId: number,
  requestId: number,
  accept: boolean,
  now: Date = new Date(),
): Promise<{ status: ShiftRequestStatus; message: string }> {
  return db.$transaction(async (tx) => {
    const r = await findShiftRequest(tx, requestId);
    if (!r || r.toStaffId !== staffId) throw new NotFoundError();
    if (r.status !== 'PENDING_COLLEAGUE') throw new ConflictError(swapMessages.notPending);
    const described = await describeRequest(tx, r);
    if (!accept) {
      await moveRequest(
        tx,
        r,
        { status: 'DECLINED', outcome: `Declined by ${r.to.name}.` },
        user.id,
        described,
      );
      return { status: 'DECLINED', message: `You declined: ${described}.` };
    }
    const week = await loadPublishedWeek(tx, r.siteId, r.periodStart);
    const check = recheck(week, r, now);
    if (!check.ok) {
      await moveRequest(tx, r, { status: 'CANCELLED', outcome: check.why }, user.id, described);
      return { status: 'CANCELLED', message: `This request can no longer be granted. ${check.why}` };
    }
    const settings = await findExchangeSettings(tx, r.siteId);
    if (settings!.swapApproval === 'AUTOMATIC' && !check.worsensCoverage) {
      const result = await publishChange(tx, week, user.id, check.change.removes, check.change.adds);
      await moveRequest(
        tx,
        r,
        {
          status: 'APPROVED',
          outcome: `Approved automatically: it passes every rule. Version ${result.version}.`,
          resultScheduleId: result.scheduleId,
        },
        user.id,
        described,
      );
      return {
        status: 'APPROVED',
        message: `Done: ${described}. Version ${result.version} of the week is published.`,
      };
    }
    const why = check.worsensCoverage ? ` ${exchangeMessages.coverageWorse}` : '';
    await moveRequest(
      tx,
      r,
      { status: 'PENDING_MANAGER', outcome: `Accepted by ${r.to.name}.${why}` },
      user.id,
      described,
    );
    return {
      status: 'PENDING_MANAGER',
      message: `You accepted: ${described}. The manager approves it next.`,
    };
  });
}

/** The person who asked withdraws a request that is still pending. */
export async function cancelRequest(
  db: Db,
  user: CurrentUser,
  staffId: number,
  requestId: number,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const r = await findShiftRequest(tx, requestId);
    if (!r || r.fromStaffId !== staffId) throw new NotFoundError();
    if (r.status !== 'PENDING_COLLEAGUE' && r.status !== 'PENDING_MANAGER')
      throw new ConflictError(swapMessages.notPending);
    await moveRequest(
      tx,
      r,
      { status: 'CANCELLED', outcome: `Withdrawn by ${r.from.name}.` },
      user.id,
      await describeRequest(tx, r),
    );
  });
}

/**
 * The manager approves (checked again on the week as it is now, then published) or denies with a
 * note. An approval that no longer passes is refused with the rule named and nothing is written.
 * @throws ValidationError (`note`) when denying without a note; (`decision`) when it no longer passes.
 */
export async function decideRequest(
  db: Db,
  user: CurrentUser,
  requestId: number,
  approve: boolean,
  note: string | null,
  now: Date = new Date(),
): Promise<{ message: string }> {
  return db.$transaction(async (tx) => {
    const r = await findShiftRequest(tx, requestId);
    if (!r) throw new NotFoundError();
    assertSiteAccess(user, r.siteId);
    if (r.status !== 'PENDING_MANAGER') throw new ConflictError(swapMessages.notPending);
    const described = await describeRequest(tx, r);
    if (!approve) {
      if (!note) throw new ValidationError({ note: swapMessages.noteRequired });
      await moveRequest(tx, r, { status: 'DENIED', outcome: `Denied: ${note}` }, user.id, described);
      return { message: `Denied: ${described}.` };
    }
    const week = await loadPublishedWeek(tx, r.siteId, r.periodStart);
    const check = recheck(week, r, now);
    if (!check.ok) throw new ValidationError({ decision: check.why }, check.why);
    const result = await publishChange(tx, week, user.id, check.change.removes, check.change.adds);
    await moveRequest(
      tx,
      r,
      {
        status: 'APPROVED',
        outcome: `Approved${note ? `: ${note}` : ''}. Version ${result.version}.`,
        resultScheduleId: result.scheduleId,
      },
      user.id,
      described,
    );
    return { message: `Approved: ${described}. Version ${result.version} of the week is published.` };
  });
}

async function moveRequest(
  tx: DbOrTx,
  r: ShiftRequestRow,
  data: { status: ShiftRequestStatus; outcome: string; resultScheduleId?: number },
  actorId: number,
  described: string,
): Promise<void> {
  const decided = data.status !== 'PENDING_MANAGER';
  const moved = await updateShiftRequest(tx, r.id, r.status, {
    ...data,
    ...(decided ? { decidedById: actorId, decidedAt: new Date() } : {}),
  });
  if (!moved) throw new ConflictError(swapMessages.notPending);
  await recordAudit(tx, {
    actorId,
    action: `shift_request.${data.status.toLowerCase()}`,
    entity: 'ShiftRequest',
    entityId: r.id,
    detail: `${described}: ${data.outcome}`,
  });
  await queueNotifications(
    tx,
    outcomeEvents(r, data.status, data.outcome, actorId, described, await managersOf(tx, r, data.status)),
  );
}

async function managersOf(tx: DbOrTx, r: ShiftRequestRow, status: ShiftRequestStatus): Promise<number[]> {
  return status === 'PENDING_MANAGER' ? findSiteManagerUserIds(tx, r.siteId) : [];
}

/** Who hears of a request's move: the asker of an answer, both of a decision, the managers of an agreed one. */
function outcomeEvents(
  r: ShiftRequestRow,
  status: ShiftRequestStatus,
  outcome: string,
  actorId: number,
  described: string,
  managerIds: number[],
) {
  const from = { staffId: r.fromStaffId };
  const to = { staffId: r.toStaffId };
  const tell = (who: (typeof from)[], subject: string) =>
    swapEvents(who, 'SWAP_OUTCOME', r.id, subject, `${described}.`, [outcome], '/my/swaps');
  switch (status) {
    case 'DECLINED':
      return tell([from], `${r.to.name} declined your request`);
    case 'CANCELLED':
      return r.from.userId === actorId
        ? tell([to], `${r.from.name} withdrew their request`)
        : tell([from, to], 'A swap request can no longer be granted');
    case 'PENDING_MANAGER':
      return [
        ...tell([from], `${r.to.name} accepted; the manager approves it next`),
        ...swapEvents(
          managerIds.map((userId) => ({ userId })),
          'SWAP_REQUEST',
          r.id,
          'A swap request waits for your approval',
          `${described}.`,
          [outcome],
          '/approvals/swaps',
        ),
      ];
    case 'APPROVED':
      return tell([from, to], 'Swap request approved');
    case 'DENIED':
      return tell([from, to], 'Swap request denied');
    default:
      return [];
  }
}

/** "Aisha Thompson gives Tue 1 Dec Weekday day 07:00–15:30 (Technician) to Jordan Mitchell" */
async function describeRequest(db: DbOrTx, r: ShiftRequestRow): Promise<string> {
  return (await describeRequests(db, [r]))[0]!.text;
}

/** Requests with their sentence, in one pair of queries. */
export async function describeRequests(db: DbOrTx, list: ShiftRequestRow[]) {
  const names = await findShiftNames(
    db,
    list.flatMap((r) => [r.templateId, ...(r.swapTemplateId === null ? [] : [r.swapTemplateId])]),
    list.flatMap((r) => [r.positionId, ...(r.swapPositionId === null ? [] : [r.swapPositionId])]),
  );
  const slotText = (date: string, templateId: number, positionId: number) => {
    const t = names.templates.get(templateId);
    return `${describeDay(date)} ${t ? describeShift({ templateName: t.name, startMinute: t.startMinute, endMinute: t.endMinute }) : ''} (${names.positions.get(positionId) ?? ''})`;
  };
  return list.map((r) => ({
    request: r,
    text:
      r.kind === 'GIVE'
        ? `${r.from.name} gives ${slotText(r.shiftDate, r.templateId, r.positionId)} to ${r.to.name}`
        : `${r.from.name} swaps ${slotText(r.shiftDate, r.templateId, r.positionId)} for ${r.to.name}’s ${slotText(r.swapShiftDate!, r.swapTemplateId!, r.swapPositionId!)}`,
  }));
}

/** My requests: the ones waiting for my answer, and the ones I made or answered lately. */
export async function getMyRequests(db: Db, user: CurrentUser, staffId: number, now: Date = new Date()) {
  const since = new Date(now.getTime() - 14 * 86_400_000);
  const all = await describeRequests(db, await listRequestsOfStaff(db, staffId, since));
  return {
    site: await getSiteForUser(db, user),
    toAnswer: all.filter((x) => x.request.toStaffId === staffId && x.request.status === 'PENDING_COLLEAGUE'),
    others: all.filter((x) => !(x.request.toStaffId === staffId && x.request.status === 'PENDING_COLLEAGUE')),
    staffId,
  };
}

/** The manager's approvals: requests both colleagues agreed to, and the latest decided ones. */
export async function getSwapApprovals(db: Db, user: CurrentUser) {
  const site = await getSiteForUser(db, user);
  return {
    site,
    pending: await describeRequests(db, await listRequestsOfSite(db, site.id, ['PENDING_MANAGER'])),
    decided: await describeRequests(
      db,
      await listRequestsOfSite(db, site.id, ['APPROVED', 'DENIED', 'DECLINED', 'CANCELLED'], 20),
    ),
  };
}

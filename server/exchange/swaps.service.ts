// Swaps, give-aways and drops from My shifts. A request is checked with verifySchedule on the week
// as it would be when it is made, again when the colleague accepts and again when the manager
// approves (the week may have changed since: a request that no longer passes is closed with the rule
// named). An agreed request that passes every hard rule and leaves coverage no worse is published at
// once when the site says so; otherwise it waits on the manager's approvals page. A drop puts the
// shift in the open pool (an open shift): its holder keeps it until someone takes it.
import type { ShiftRequestStatus } from '../../generated/prisma/enums';
import type { Db } from '../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import { recordAudit } from '../account/auth.service';
import { queueNotifications } from '../notifications/notifications.service';
import { describeShiftForMessage, openShiftOfferEvents, swapEvents } from './exchange-notifications';
import { findSchedule } from '../scheduling/schedules.repository';
import { findPublishedSlotsOfStaff, findSlots, type SlotRow } from '../scheduling/assignments.repository';
import { describeShift } from '../scheduling/schedule-changes';
import { describeDay } from '../scheduling/schedule-changes';
import { assertSiteAccess } from '../scheduling/schedule-access.service';
import { hasStarted } from '../scheduling/week-time';
import { addDays, getSiteForUser, todayAt } from '../sites/sites.service';
import {
  findAssignmentSchedule,
  findExchangeSettings,
  findOpenDrop,
  findPendingRequestFor,
  findShiftNames,
  findShiftRequest,
  findSiteManagerUserIds,
  insertOpenShift,
  insertShiftRequest,
  listColleagues,
  listRequestsOfSite,
  listRequestsOfStaff,
  updateShiftRequest,
  type DbOrTx,
  type ShiftRequestRow,
} from './exchange.repository';
import {
  exchangeMessages,
  knowsStaff,
  loadPublishedWeek,
  publishChange,
  rankCandidates,
  shiftHasStarted,
  shiftLabel,
  tryChange,
  type PublishedWeek,
  type SlotFact,
} from './week-check.service';

export const swapMessages = {
  notYours: 'That shift is not yours.',
  pickColleague: 'Pick the colleague to give it to.',
  pickShift: 'Pick the colleague’s shift you would take in return.',
  sameWeek: 'A swap trades shifts of the same published week; pick one of the list.',
  alreadyAsked: 'You already asked about this shift; cancel that request first.',
  alreadyDropped: 'This shift is already in the open pool.',
  nobody: 'Nobody can take this shift without breaking a rule, so it was not dropped.',
  noLonger: 'The week changed since the request was made and it no longer works:',
  noLongerThere: 'The week changed since the request was made: one of the shifts is no longer as it was.',
  notPending: 'This request has already been answered.',
  noteRequired: 'Say why, for the people who asked.',
} as const;

export type OfferAction = 'give' | 'swap' | 'drop';

/** One of my published shifts that may still change hands (404 if not mine, 409 if started). */
async function myShift(db: DbOrTx, staffId: number, assignmentId: number, now: Date) {
  const row = await findAssignmentInPublished(db, assignmentId);
  if (!row || row.slot.staffId !== staffId) throw new NotFoundError();
  const week = await loadPublishedWeek(db, row.head.siteId, row.head.periodStart);
  if (week.head.id !== row.head.id) throw new NotFoundError();
  if (shiftHasStarted(week, row.slot, now))
    throw new ConflictError(exchangeMessages.started(shiftLabel(week, row.slot)));
  return { slot: row.slot, week };
}

/** An assignment of a published version, with its version. */
async function findAssignmentInPublished(db: DbOrTx, assignmentId: number) {
  const scheduleId = await findAssignmentSchedule(db, assignmentId);
  if (scheduleId === null) return null;
  const head = await findSchedule(db, scheduleId);
  if (!head || head.status !== 'PUBLISHED') return null;
  const slot = (await findSlots(db, scheduleId)).find((s) => s.id === assignmentId);
  return slot ? { head, slot } : null;
}

const factOf = (s: SlotRow): SlotFact => ({
  shiftDate: s.shiftDate,
  templateId: s.templateId,
  staffId: s.staffId,
  positionId: s.positionId,
});

/** "Tue 1 Dec Weekday day 07:00–15:30 (Technician)" */
const describeSlot = (s: SlotRow): string =>
  `${describeDay(s.shiftDate)} ${describeShift(s)} (${s.positionName})`;

/**
 * The form behind "Swap or give away" on My shifts: without a shift, my upcoming shifts to pick
 * from; with one, the colleagues and their shifts of that week.
 */
export async function getOfferForm(
  db: Db,
  user: CurrentUser,
  staffId: number,
  assignmentId: number | null,
  now: Date = new Date(),
) {
  const site = await getSiteForUser(db, user);
  if (assignmentId === null) {
    const today = todayAt(site.timeZone, now);
    const mine = await findPublishedSlotsOfStaff(db, staffId, today, addDays(today, 28));
    return {
      site,
      shift: null,
      choices: mine
        .filter((s) => !hasStarted(site.timeZone, { date: s.shiftDate, startMinute: s.startMinute }, now))
        .map((s) => ({ assignmentId: s.id, label: describeSlot(s) })),
      colleagues: [],
      theirShifts: [],
    };
  }
  const { slot, week } = await myShift(db, staffId, assignmentId, now);
  const colleagues = (await listColleagues(db, week.head.siteId, staffId)).filter((c) =>
    knowsStaff(week, c.staffId),
  );
  const theirShifts = week.rows
    .filter((r) => r.staffId !== staffId && !shiftHasStarted(week, r, now))
    .map((r) => ({ assignmentId: r.id, staffName: r.staffName, label: describeSlot(r) }))
    .sort((a, b) => a.staffName.localeCompare(b.staffName));
  return {
    site,
    shift: { assignmentId: slot.id, label: describeSlot(slot) },
    choices: [],
    colleagues,
    theirShifts,
  };
}

/**
 * Makes a request from one of my published shifts: give it to a colleague, swap it for one of
 * theirs (the same week), or drop it to the open pool. Checked now with verifySchedule on the week
 * as it would be; a break is refused with the rule named on the field it concerns.
 * @throws ValidationError with `colleagueId`, `swapAssignmentId` or `action` marked.
 */
export async function makeRequest(
  db: Db,
  user: CurrentUser,
  staffId: number,
  assignmentId: number,
  form: {
    action: OfferAction;
    colleagueId: number | null;
    swapAssignmentId: number | null;
    note: string | null;
  },
  now: Date = new Date(),
): Promise<{ message: string; requestId: number | null; openShiftId: number | null }> {
  return db.$transaction(async (tx) => {
    const { slot, week } = await myShift(tx, staffId, assignmentId, now);
    const mine = factOf(slot);
    const place = { shiftDate: mine.shiftDate, templateId: mine.templateId, positionId: mine.positionId };
    if (
      await findPendingRequestFor(tx, {
        fromStaffId: staffId,
        shiftDate: mine.shiftDate,
        templateId: mine.templateId,
      })
    )
      throw new ValidationError({ action: swapMessages.alreadyAsked });
    if (await findOpenDrop(tx, { staffId, shiftDate: mine.shiftDate, templateId: mine.templateId }))
      throw new ValidationError({ action: swapMessages.alreadyDropped });

    if (form.action === 'drop') {
      const { eligible, ineligible } = rankCandidates(week, place, staffId);
      if (eligible.length === 0) {
        const message = [
          swapMessages.nobody,
          ...ineligible.slice(0, 5).map((i) => `${i.name}: ${i.reason}`),
        ].join(' ');
        throw new ValidationError({ action: message }, message);
      }
      const openShiftId = await insertOpenShift(
        tx,
        {
          siteId: week.head.siteId,
          periodStart: week.head.periodStart,
          ...place,
          origin: 'DROP',
          offerMode: 'ALL',
          offerMinutes: null,
          droppedById: staffId,
          postedById: user.id,
          note: form.note,
        },
        eligible.map((e, i) => ({
          staffId: e.staffId,
          rank: i + 1,
          status: 'OFFERED',
          offeredAt: now,
          expiresAt: null,
        })),
      );
      await recordAudit(tx, {
        actorId: user.id,
        action: 'open_shift.drop',
        entity: 'OpenShift',
        entityId: openShiftId,
        detail: `${slot.staffName} dropped ${describeSlot(slot)}; offered to ${eligible.map((e) => e.name).join(', ')}`,
      });
      await queueNotifications(
        tx,
        openShiftOfferEvents(
          week.ctx.site.timeZone,
          { ...slot, id: openShiftId, origin: 'DROP' },
          eligible.map((e) => e.staffId),
          null,
        ),
        now,
      );
      return {
        requestId: null,
        openShiftId,
        message: `${describeSlot(slot)} is in the open pool, offered to ${eligible.length === 1 ? '1 colleague' : `${eligible.length} colleagues`} who could take it. It stays yours until one of them does.`,
      };
    }

    let adds: SlotFact[];
    let removes: SlotFact[] = [mine];
    let theirs: SlotRow | null = null;
    let colleagueId: number;
    let field: 'colleagueId' | 'swapAssignmentId';
    if (form.action === 'give') {
      field = 'colleagueId';
      if (form.colleagueId === null || form.colleagueId === staffId || !knowsStaff(week, form.colleagueId))
        throw new ValidationError({ colleagueId: swapMessages.pickColleague });
      colleagueId = form.colleagueId;
      adds = [{ ...mine, staffId: colleagueId }];
    } else {
      field = 'swapAssignmentId';
      theirs = week.rows.find((r) => r.id === form.swapAssignmentId && r.staffId !== staffId) ?? null;
      if (!theirs)
        throw new ValidationError({
          swapAssignmentId: form.swapAssignmentId === null ? swapMessages.pickShift : swapMessages.sameWeek,
        });
      if (shiftHasStarted(week, theirs, now))
        throw new ValidationError({ swapAssignmentId: exchangeMessages.started(shiftLabel(week, theirs)) });
      colleagueId = theirs.staffId;
      const other = factOf(theirs);
      removes = [mine, other];
      adds = [
        { ...other, staffId },
        { ...mine, staffId: colleagueId },
      ];
    }
    const trial = tryChange(week, removes, adds);
    if (trial.problems.length > 0) throw new ValidationError({ [field]: trial.problems.join(' ') });
    const requestId = await insertShiftRequest(tx, {
      siteId: week.head.siteId,
      periodStart: week.head.periodStart,
      kind: form.action === 'give' ? 'GIVE' : 'SWAP',
      fromStaffId: staffId,
      toStaffId: colleagueId,
      ...place,
      swapShiftDate: theirs?.shiftDate ?? null,
      swapTemplateId: theirs?.templateId ?? null,
      swapPositionId: theirs?.positionId ?? null,
      baseScheduleId: week.head.id,
      note: form.note,
    });
    const colleague = week.ctx.staff.find((s) => s.staffId === colleagueId)!.name;
    const what = theirs
      ? `swap ${describeSlot(slot)} for ${colleague}’s ${describeSlot(theirs)}`
      : `give ${describeSlot(slot)} to ${colleague}`;
    await recordAudit(tx, {
      actorId: user.id,
      action: 'shift_request.make',
      entity: 'ShiftRequest',
      entityId: requestId,
      detail: `${slot.staffName} asks to ${what}`,
    });
    await queueNotifications(
      tx,
      swapEvents(
        [{ staffId: colleagueId }],
        'SWAP_REQUEST',
        requestId,
        `${slot.staffName} asks you to ${theirs ? 'swap shifts' : 'take a shift'}`,
        `Request from ${slot.staffName}: ${what}. It passes every scheduling rule as the week stands.`,
        [
          describeShiftForMessage(week.ctx.site.timeZone, slot),
          ...(theirs ? [`In return: ${describeShiftForMessage(week.ctx.site.timeZone, theirs)}`] : []),
          ...(form.note ? [`Note: ${form.note}`] : []),
        ],
        '/my/swaps',
      ),
      now,
    );
    return {
      requestId,
      openShiftId: null,
      message: `Asked ${colleague} to ${theirs ? 'swap' : 'take your shift'}: ${what}. It passes every rule as the week stands.`,
    };
  });
}

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

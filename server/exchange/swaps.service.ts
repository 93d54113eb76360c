// Swaps, give-aways and drops from My shifts. A request is checked with verifySchedule on the week
// as it would be when it is made, again when the colleague accepts and again when the manager
// approves (the week may have changed since: a request that no longer passes is closed with the rule
// named). An agreed request that passes every hard rule and leaves coverage no worse is published at
// once when the site says so; otherwise it waits on the manager's approvals page. A drop puts the
// shift in the open pool (an open shift): its holder keeps it until someone takes it.
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
import { hasStarted } from '../scheduling/week-time';
import { addDays, getSiteForUser, todayAt } from '../sites/sites.service';
import { findAssignmentSchedule, listColleagues, type DbOrTx } from './exchange.repository';
import { findOpenDrop, insertOpenShift } from './open-shifts.repository';
import { findPendingRequestFor, insertShiftRequest } from './shift-requests.repository';
import {
  exchangeMessages,
  knowsStaff,
  loadPublishedWeek,
  rankCandidates,
  shiftHasStarted,
  shiftLabel,
  tryChange,
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

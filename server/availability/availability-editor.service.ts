// Editing availability: staff change their own weekly pattern and exceptions, managers anyone's
// at their site. Validation that needs the other windows (no contradicting overlaps) lives here;
// the form schemas check each window on its own.
import { DateTime } from 'luxon';
import type { Db } from '../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import * as repo from './availability.repository';
import { listTemplatesWithCoverage } from '../shifts/shift-templates.repository';
import { listPublishedShiftsOf } from '../scheduling/breaks.repository';
import type { AvailabilityExceptionFormData, AvailabilityRuleFormData } from './availability.schemas';
import {
  resolveAvailability,
  type AvailabilityInput,
  type AvailabilityVerdict,
} from './availability.service';
import {
  findConflictingWindow,
  formatClock,
  isoWeekday,
  MINUTES_PER_DAY,
  WEEKDAY_NAMES,
} from './availability-rules';
import { assertOwnOrManager } from '../people/people-access';
import { shiftEndsAt } from '../scheduling/published-breaks.service';
import { addDays, getSiteForUser, todayAt, type SiteSummary } from '../sites/sites.service';
import { getStaffAtSite } from '../people/staff.service';

export const availabilityMessages = {
  pendingRequest: 'You hold a published shift that day, so your manager decides this request.',
  calledOut: 'This was recorded when you called out of a shift; only a manager can remove it.',
  ruleTakesOff: (shifts: string) =>
    `This would take you off your published ${shifts}. Ask for the day off as a dated exception below instead; your manager decides it.`,
  removalTakesOff: (shifts: string) =>
    `Removing this would take you off your published ${shifts}. Ask your manager to change the schedule first.`,
} as const;

/** Exceptions can be planned this far ahead; further out is almost certainly a typo. */
export const EXCEPTION_DAYS_AHEAD = 366;
const PREVIEW_DAYS = 7;

export interface AvailabilityPage {
  site: SiteSummary;
  today: string;
  staffId: number;
  staffName: string;
  rules: Awaited<ReturnType<typeof repo.listRules>>;
  exceptions: Awaited<ReturnType<typeof repo.listExceptions>>;
  /** The coming week's shift templates resolved for this person, so the effect is visible. */
  preview: {
    date: string;
    templateName: string;
    startMinute: number;
    endMinute: number;
    verdict: AvailabilityVerdict;
  }[];
}

/** Loads a person's availability after checking the actor may see it (own, or a manager at the site). */
export async function getAvailabilityPage(
  db: Db,
  actor: CurrentUser,
  staffId: number,
): Promise<AvailabilityPage> {
  assertOwnOrManager(actor, staffId);
  const staff = await getStaffAtSite(db, actor, staffId);
  const site = await getSiteForUser(db, actor);
  const today = todayAt(site.timeZone);
  const last = addDays(today, PREVIEW_DAYS - 1);
  const [rules, exceptions, facts, templates] = await Promise.all([
    repo.listRules(db, staffId),
    repo.listExceptions(db, staffId, today),
    repo.loadAvailabilityFacts(db, staffId, today, addDays(last, 1)),
    listTemplatesWithCoverage(db, site.id).then((rows) =>
      rows.sort((a, b) => a.startMinute - b.startMinute || byName(a.name, b.name)),
    ),
  ]);
  // Only the shifts the person could be put on: those needing a position they work.
  const positions = new Set(staff.positions.map((p) => p.position.id));
  const relevant =
    positions.size === 0
      ? templates
      : templates.filter((t) => t.coverage.some((c) => positions.has(c.positionId)));
  const preview: AvailabilityPage['preview'] = [];
  if (facts) {
    for (let i = 0; i < PREVIEW_DAYS; i++) {
      const date = addDays(today, i);
      const weekday = String(isoWeekday(date));
      for (const t of relevant.filter((t) => t.weekdays.split(',').includes(weekday))) {
        preview.push({
          date,
          templateName: t.name,
          startMinute: t.startMinute,
          endMinute: t.endMinute,
          verdict: resolveAvailability(facts, { date, ...t }),
        });
      }
    }
  }
  return {
    site,
    today,
    staffId,
    staffName: `${staff.firstName} ${staff.lastName}`,
    rules,
    exceptions,
    preview,
  };
}

export async function addRule(
  db: Db,
  actor: CurrentUser,
  staffId: number,
  form: AvailabilityRuleFormData,
): Promise<void> {
  assertOwnOrManager(actor, staffId);
  await getStaffAtSite(db, actor, staffId);
  const sameDay = (await repo.listRules(db, staffId)).filter((r) => r.weekday === form.weekday);
  const candidate = { startMinute: form.start, endMinute: form.end, kind: form.kind };
  const clash = findConflictingWindow(sameDay, candidate);
  if (clash) {
    throw new ValidationError({
      start: `This overlaps your ${clash.kind.toLowerCase()} window ${formatClock(clash.startMinute)}–${formatClock(clash.endMinute)} on ${WEEKDAY_NAMES[form.weekday]}s. Remove that window first or choose other times.`,
    });
  }
  if (actor.role !== 'MANAGER') {
    const site = await getSiteForUser(db, actor);
    const lost = await publishedShiftsLost(db, staffId, site.timeZone, (facts) => ({
      ...facts,
      rules: [...facts.rules, { weekday: form.weekday, ...candidate }],
    }));
    if (lost.length > 0)
      throw new ValidationError({ start: availabilityMessages.ruleTakesOff(namedShifts(lost)) });
  }
  await repo.createRule(db, staffId, { weekday: form.weekday, ...candidate });
}

export async function addException(
  db: Db,
  actor: CurrentUser,
  staffId: number,
  form: AvailabilityExceptionFormData,
): Promise<{ pending: boolean }> {
  assertOwnOrManager(actor, staffId);
  await getStaffAtSite(db, actor, staffId);
  const site = await getSiteForUser(db, actor);
  const today = todayAt(site.timeZone);
  if (form.date < today)
    throw new ValidationError({ date: 'Choose today or a later date; past days cannot change.' });
  if (form.date > addDays(today, EXCEPTION_DAYS_AHEAD))
    throw new ValidationError({ date: 'Choose a date within the next year.' });
  const candidate = { startMinute: form.start ?? 0, endMinute: form.end ?? MINUTES_PER_DAY, kind: form.kind };
  const sameDay = (await repo.listExceptions(db, staffId, form.date))
    .filter((e) => e.date === form.date && e.status !== 'DENIED')
    .map((e) => ({ ...e, startMinute: e.startMinute ?? 0, endMinute: e.endMinute ?? MINUTES_PER_DAY }));
  const clash = findConflictingWindow(sameDay, candidate);
  if (clash) {
    throw new ValidationError({
      start: `This overlaps your ${clash.kind.toLowerCase()} exception ${formatClock(clash.startMinute)}–${formatClock(clash.endMinute)} on ${form.date}. Remove it first.`,
    });
  }
  const exception = {
    date: form.date,
    startMinute: form.start,
    endMinute: form.end,
    kind: form.kind,
    note: form.note,
  };
  // A staff member cannot leave a published shift on their own: that is a request the manager decides.
  const lost =
    actor.role === 'MANAGER'
      ? []
      : await publishedShiftsLost(db, staffId, site.timeZone, (facts) => ({
          ...facts,
          exceptions: [...facts.exceptions, exception],
        }));
  const status = lost.length > 0 ? 'PENDING' : 'APPROVED';
  await repo.createException(db, staffId, { ...exception, status });
  return { pending: status === 'PENDING' };
}

/**
 * The published shifts (not yet ended) that a change to a person's availability would take them
 * off: available before the change, unavailable after it. Named for messages ("shift Tue 8 Dec Weekday day").
 */
async function publishedShiftsLost(
  db: Db,
  staffId: number,
  timeZone: string,
  change: (facts: AvailabilityInput) => AvailabilityInput,
): Promise<string[]> {
  const now = new Date();
  const shifts = (await listPublishedShiftsOf(db, staffId, addDays(todayAt(timeZone, now), -1))).filter(
    (s) => shiftEndsAt(timeZone, s.shiftDate, s.template.startMinute, s.template.endMinute) > now,
  );
  if (shifts.length === 0) return [];
  const first = shifts[0]!.shiftDate;
  const last = addDays(shifts[shifts.length - 1]!.shiftDate, 1);
  const facts = await repo.loadAvailabilityFacts(db, staffId, first, last);
  if (!facts) return [];
  const after = change(facts);
  return shifts
    .filter((s) => {
      const shift = {
        date: s.shiftDate,
        startMinute: s.template.startMinute,
        endMinute: s.template.endMinute,
      };
      return (
        resolveAvailability(facts, shift).kind !== 'UNAVAILABLE' &&
        resolveAvailability(after, shift).kind === 'UNAVAILABLE'
      );
    })
    .map((s) => `${DateTime.fromISO(s.shiftDate).toFormat('ccc d LLL')} ${s.template.name}`);
}

/** "shift Tue 8 Dec Weekday day" or "shifts Tue 8 Dec Weekday day, Wed 9 Dec Weekday day". */
function namedShifts(lost: string[]): string {
  return `${lost.length === 1 ? 'shift' : 'shifts'} ${lost.join(', ')}`;
}

/** Deletes a weekly window; returns the owner's staff id. Someone else's window → 403. */
export async function deleteRule(db: Db, actor: CurrentUser, id: number): Promise<number> {
  const rule = await repo.findRule(db, id);
  if (!rule) throw new NotFoundError('That availability window no longer exists.');
  assertOwnOrManager(actor, rule.staffId);
  await getStaffAtSite(db, actor, rule.staffId);
  if (actor.role !== 'MANAGER') {
    const site = await getSiteForUser(db, actor);
    const lost = await publishedShiftsLost(db, rule.staffId, site.timeZone, (facts) => ({
      ...facts,
      rules: facts.rules.filter(
        (r) =>
          !(
            r.weekday === rule.weekday &&
            r.startMinute === rule.startMinute &&
            r.endMinute === rule.endMinute &&
            r.kind === rule.kind
          ),
      ),
    }));
    if (lost.length > 0) throw new ConflictError(availabilityMessages.removalTakesOff(namedShifts(lost)));
  }
  await repo.deleteRule(db, id);
  return rule.staffId;
}

export async function deleteException(db: Db, actor: CurrentUser, id: number): Promise<number> {
  const exception = await repo.findException(db, id);
  if (!exception) throw new NotFoundError('That exception no longer exists.');
  assertOwnOrManager(actor, exception.staffId);
  await getStaffAtSite(db, actor, exception.staffId);
  if (actor.role !== 'MANAGER') {
    if (exception.calledOut) throw new ConflictError(availabilityMessages.calledOut);
    // Withdrawing a request, or a window that only made the person less available, is always fine.
    if (exception.status === 'APPROVED') {
      const site = await getSiteForUser(db, actor);
      const lost = await publishedShiftsLost(db, exception.staffId, site.timeZone, (facts) => ({
        ...facts,
        exceptions: facts.exceptions.filter(
          (e) =>
            !(
              e.date === exception.date &&
              e.startMinute === exception.startMinute &&
              e.endMinute === exception.endMinute &&
              e.kind === exception.kind
            ),
        ),
      }));
      if (lost.length > 0) throw new ConflictError(availabilityMessages.removalTakesOff(namedShifts(lost)));
    }
  }
  await repo.deleteException(db, id);
  return exception.staffId;
}

/** SQLite's order of names (binary), which `orderBy: { name: 'asc' }` used to give. */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

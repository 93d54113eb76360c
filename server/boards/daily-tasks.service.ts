// Daily tasks: cards made each day from recurring templates, and who is on shift to do them.
// "On shift" comes from published schedules only; a draft is the manager's work in progress.

import { DateTime } from 'luxon';
import { recurrenceRunsOn, statusLabel } from './rules';
import type { Db } from '../db/client';
import { NotFoundError } from '../http/errors';
import { addEvents, createTask } from './tasks.repository';
import type { AssigneeOption } from './cards';
import {
  countOpenLoad,
  createTemplateRow,
  findGeneratedTemplateIds,
  findPublishedAssignments,
  findShiftTemplatesWithCoverage,
  findTemplate,
  findTemplates,
  updateTemplateRow,
  type TemplateRow,
} from './daily-tasks.repository';
import type { DailyTaskTemplateForm } from './boards.schemas';
import { addDays, type SiteSummary } from '../sites/sites.service';

/** At this many open tasks for the day a person counts as busy, and assigning them more warns. */
export const HIGH_LOAD = 4;

/** A local wall-clock time on a date; minutes ≥ 1440 fall on the next day. */
export function wallClock(date: string, minute: number, zone: string): DateTime {
  const day = DateTime.fromISO(date, { zone }).plus({ days: Math.floor(minute / 1440) });
  const m = minute % 1440;
  return day.set({ hour: Math.floor(m / 60), minute: m % 60, second: 0, millisecond: 0 });
}

export interface ShiftInstance {
  staffId: number;
  staffName: string;
  templateId: number;
  templateName: string;
  shiftDate: string;
  startMinute: number;
  endMinute: number;
  start: Date;
  end: Date;
  positionId: number;
  positionName: string;
  positionColor: string;
  positionSort: number;
}

/** Published shifts that overlap a local day, including last night's shifts that run into it. */
export async function findShiftsOn(db: Db, site: SiteSummary, date: string): Promise<ShiftInstance[]> {
  const dayStart = wallClock(date, 0, site.timeZone).toJSDate();
  const dayEnd = wallClock(addDays(date, 1), 0, site.timeZone).toJSDate();
  const rows = await findPublishedAssignments(db, site.id, [addDays(date, -1), date]);
  return rows
    .map((a) => {
      const start = wallClock(a.shiftDate, a.template.startMinute, site.timeZone);
      const endDate = a.template.endMinute <= a.template.startMinute ? addDays(a.shiftDate, 1) : a.shiftDate;
      const end = wallClock(endDate, a.template.endMinute, site.timeZone);
      return {
        staffId: a.staff.id,
        staffName: `${a.staff.firstName} ${a.staff.lastName}`,
        templateId: a.templateId,
        templateName: a.template.name,
        shiftDate: a.shiftDate,
        startMinute: a.template.startMinute,
        endMinute: a.template.endMinute,
        start: start.toJSDate(),
        end: end.toJSDate(),
        positionId: a.position.id,
        positionName: a.position.name,
        positionColor: a.position.color,
        positionSort: a.position.sortOrder,
      };
    })
    .filter((s) => s.end > dayStart && s.start < dayEnd)
    .sort(
      (a, b) =>
        a.start.getTime() - b.start.getTime() ||
        a.positionSort - b.positionSort ||
        a.staffName.localeCompare(b.staffName),
    );
}

/** The people on shift at an instant; with no instant, everyone on shift that day. */
export function onShiftAt(shifts: ShiftInstance[], at: Date | null): Map<number, ShiftInstance> {
  const people = new Map<number, ShiftInstance>();
  for (const s of shifts) {
    if (at === null || (s.start <= at && at < s.end)) {
      if (!people.has(s.staffId)) people.set(s.staffId, s);
    }
  }
  return people;
}

/**
 * Who a daily task may go to: the people on shift when it is due and, once it is overdue, the people
 * on shift now, listed first — the crew it was due with may have gone home.
 */
export function assigneesFor(
  shifts: ShiftInstance[],
  dueAt: Date | null,
  now: Date,
): { shift: ShiftInstance; onShiftNow: boolean }[] {
  const atDue = [...onShiftAt(shifts, dueAt).values()];
  if (dueAt === null || dueAt > now) return atDue.map((shift) => ({ shift, onShiftNow: false }));
  const current = onShiftAt(shifts, now);
  return [
    ...[...current.values()].map((shift) => ({ shift, onShiftNow: true })),
    ...atDue.filter((s) => !current.has(s.staffId)).map((shift) => ({ shift, onShiftNow: false })),
  ];
}

/**
 * The people a daily task may go to as assignee choices, with their load for the day: on shift now
 * first (when it is overdue), then the least loaded, then by name. `shiftText` names their shift.
 */
export function assigneeOptions(
  shifts: ShiftInstance[],
  dueAt: Date | null,
  now: Date,
  load: Map<number, number>,
  shiftText: (s: ShiftInstance) => string,
): AssigneeOption[] {
  return assigneesFor(shifts, dueAt, now)
    .map(({ shift: s, onShiftNow }) => {
      const n = load.get(s.staffId) ?? 0;
      return {
        id: s.staffId,
        name: s.staffName,
        load: n,
        busy: n >= HIGH_LOAD,
        shift: shiftText(s),
        onShiftNow,
      };
    })
    .sort(
      (a, b) =>
        Number(b.onShiftNow) - Number(a.onShiftNow) || a.load - b.load || a.name.localeCompare(b.name),
    );
}

export interface CoverageGap {
  templateName: string;
  startMinute: number;
  endMinute: number;
  positionName: string;
  positionColor: string;
  required: number;
  assigned: number;
}

/** Requirements of the shifts that run on `date` whose minimum the published schedule does not meet. */
export async function findCoverageGaps(
  db: Db,
  site: SiteSummary,
  date: string,
  shifts: ShiftInstance[],
): Promise<CoverageGap[]> {
  const weekday = String(DateTime.fromISO(date).weekday);
  const templates = await findShiftTemplatesWithCoverage(db, site.id);
  const gaps: CoverageGap[] = [];
  for (const t of templates) {
    if (
      !t.weekdays
        .split(',')
        .map((d) => d.trim())
        .includes(weekday)
    )
      continue;
    for (const req of [...t.coverage].sort((a, b) => a.position.sortOrder - b.position.sortOrder)) {
      const assigned = shifts.filter(
        (s) => s.shiftDate === date && s.templateId === t.id && s.positionId === req.position.id,
      ).length;
      if (assigned < req.min) {
        gaps.push({
          templateName: t.name,
          startMinute: t.startMinute,
          endMinute: t.endMinute,
          positionName: req.position.name,
          positionColor: req.position.color,
          required: req.min,
          assigned,
        });
      }
    }
  }
  return gaps;
}

/**
 * Makes the day's cards from the active templates that run on `date`. Idempotent: a card that
 * exists is kept, and two requests racing are settled by the unique (templateId, taskDate) index.
 */
export async function ensureDailyTasks(db: Db, site: SiteSummary, date: string): Promise<number> {
  const [templates, existing] = await Promise.all([
    findTemplates(db, site.id, true),
    findGeneratedTemplateIds(db, site.id, date),
  ]);
  let created = 0;
  for (const t of templates) {
    if (existing.has(t.id) || !recurrenceRunsOn(t, date)) continue;
    try {
      await db.$transaction(async (tx) => {
        const taskId = await createTask(tx, {
          siteId: site.id,
          board: 'DAILY',
          status: 'TODO',
          title: t.title,
          description: t.description,
          priority: t.priority,
          taskDate: date,
          templateId: t.id,
          dueAt: wallClock(date, t.dueMinute, site.timeZone).toJSDate(),
        });
        await addEvents(tx, taskId, null, [{ kind: 'CREATED', field: 'status', toValue: 'TODO' }]);
      });
      created++;
    } catch (err) {
      // Another request made the same card a moment ago: that is the idempotence we want.
      if ((err as { code?: string }).code !== 'P2002') throw err;
    }
  }
  return created;
}

/** Open tasks per person for a day (the day's daily tasks plus anything due by its end). */
export async function loadFor(db: Db, site: SiteSummary, date: string): Promise<Map<number, number>> {
  return countOpenLoad(db, site.id, date, wallClock(addDays(date, 1), 0, site.timeZone).toJSDate());
}

// ---------------------------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------------------------

export function describeRecurrence(t: Pick<TemplateRow, 'recurrence' | 'weekdays' | 'dayOfMonth'>): string {
  if (t.recurrence === 'DAILY') return 'Every day';
  if (t.recurrence === 'MONTHLY') return `Monthly on day ${t.dayOfMonth ?? '?'}`;
  const names = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const days = (t.weekdays ?? '')
    .split(',')
    .map((d) => names[Number(d) - 1])
    .filter(Boolean);
  return `Weekly: ${days.join(', ')}`;
}

export async function listTemplates(db: Db, site: SiteSummary) {
  return (await findTemplates(db, site.id, false)).map((t) => ({ ...t, schedule: describeRecurrence(t) }));
}

export async function getTemplate(db: Db, site: SiteSummary, id: number): Promise<TemplateRow> {
  const t = await findTemplate(db, id);
  if (!t || t.siteId !== site.id) throw new NotFoundError('We could not find that daily task template.');
  return t;
}

export async function createTemplate(
  db: Db,
  site: SiteSummary,
  form: DailyTaskTemplateForm,
): Promise<number> {
  return createTemplateRow(db, { siteId: site.id, ...form });
}

/** Changes apply from the next generated day; cards already made keep their values. */
export async function updateTemplate(
  db: Db,
  site: SiteSummary,
  id: number,
  form: DailyTaskTemplateForm,
): Promise<void> {
  await getTemplate(db, site, id);
  await updateTemplateRow(db, id, form);
}

export const dailyStatusLabel = (status: string) => statusLabel('DAILY', status);

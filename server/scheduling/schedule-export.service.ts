// A schedule leaving the app: the printable week grid (days × shifts) and the CSV export.
import type { Db } from '../db/client';
import { listCoverageTemplates } from '../shifts/shift-templates.service';
import { findSlots, type SlotRow } from './assignments.repository';
import { type ScheduleRow } from './schedules.repository';
import { paidMinutesOf } from '../shifts/my-shifts.service';
import { computeCoverageGaps, datesBetween, isoWeekday, type CoverageGap } from './coverage-gaps.service';
import { describeDay } from './schedule-changes';
import { getScheduleHead } from './schedule-versions.service';

export interface WeekGridCell {
  date: string;
  /** The shift does not run that day. */
  off: boolean;
  slots: SlotRow[];
  gaps: CoverageGap[];
}

export interface WeekGridRow {
  templateId: number;
  templateName: string;
  startMinute: number;
  endMinute: number;
  cells: WeekGridCell[];
}

export interface PrintableSchedule {
  head: ScheduleRow;
  days: string[];
  rows: WeekGridRow[];
  gapCount: number;
  assignmentCount: number;
}

/**
 * One row per shift template that runs in the period (or has assignments), one column per day;
 * each cell lists who works it and which required positions are still open. Pure.
 */
export function buildShiftGrid(
  days: string[],
  templates: { id: number; name: string; startMinute: number; endMinute: number; weekdays: number[] }[],
  slots: SlotRow[],
  gaps: CoverageGap[],
): WeekGridRow[] {
  const used = new Set(slots.map((s) => s.templateId));
  return templates
    .filter((t) => used.has(t.id) || days.some((d) => t.weekdays.includes(isoWeekday(d))))
    .sort((a, b) => a.startMinute - b.startMinute || a.name.localeCompare(b.name))
    .map((t) => ({
      templateId: t.id,
      templateName: t.name,
      startMinute: t.startMinute,
      endMinute: t.endMinute,
      cells: days.map((date) => {
        const cellSlots = slots.filter((s) => s.templateId === t.id && s.shiftDate === date);
        return {
          date,
          off: cellSlots.length === 0 && !t.weekdays.includes(isoWeekday(date)),
          slots: cellSlots,
          gaps: gaps.filter((g) => g.templateId === t.id && g.shiftDate === date),
        };
      }),
    }));
}

/** Everything the print view shows for one schedule version. */
export async function getPrintableSchedule(db: Db, scheduleId: number): Promise<PrintableSchedule> {
  const head = await getScheduleHead(db, scheduleId);
  const slots = await findSlots(db, head.id);
  const templates = await listCoverageTemplates(db, head.siteId, [
    ...new Set(slots.map((s) => s.templateId)),
  ]);
  const days = datesBetween(head.periodStart, head.periodEnd);
  const gaps = computeCoverageGaps({ start: head.periodStart, end: head.periodEnd }, templates, slots);
  return {
    head,
    days,
    rows: buildShiftGrid(days, templates, slots, gaps),
    gapCount: gaps.length,
    assignmentCount: slots.length,
  };
}

/**
 * One CSV cell. Text a spreadsheet would run as a formula (starting with = + - @, or a tab or
 * carriage return that some spreadsheets skip before one) gets a leading apostrophe, as OWASP
 * recommends; cells with a comma, quote or line break are quoted.
 */
export function csvCell(value: string | number | boolean): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function clock(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export const CSV_HEADER = [
  'Date',
  'Day',
  'Shift',
  'Start',
  'End',
  'Ends next day',
  'Unpaid break (min)',
  'Paid hours',
  'Position',
  'Staff',
  'Locked',
  'Source',
] as const;

/**
 * The schedule's assignments as CSV text (RFC 4180: CRLF line ends, header row first), with each
 * shift's unpaid break and paid hours (its real length in the site's zone minus the break). Pure.
 */
export function buildScheduleCsv(slots: SlotRow[], timeZone: string): string {
  const lines = [CSV_HEADER.join(',')];
  for (const s of slots) {
    lines.push(
      [
        s.shiftDate,
        describeDay(s.shiftDate).slice(0, 3),
        s.templateName,
        clock(s.startMinute),
        clock(s.endMinute),
        s.endMinute <= s.startMinute ? 'yes' : 'no',
        s.breakMinutes,
        Math.round((paidMinutesOf(s, timeZone) / 60) * 100) / 100,
        s.positionName,
        s.staffName,
        s.locked ? 'yes' : 'no',
        s.source.toLowerCase(),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The CSV export of one schedule version, with a file name that says which week and version. */
export async function exportScheduleCsv(
  db: Db,
  scheduleId: number,
): Promise<{ fileName: string; csv: string }> {
  const head = await getScheduleHead(db, scheduleId);
  const slots = await findSlots(db, head.id);
  return {
    fileName: `schedule-${head.periodStart}-v${head.version}.csv`,
    csv: buildScheduleCsv(slots, head.timeZone),
  };
}

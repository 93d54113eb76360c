// Shift templates (a named recurring shift with its coverage per position) and the weekly
// coverage grid: the headcount each position needs on each day, so a manager sees the demand.
import type { Db, Tx } from '../db/client';
import { NotFoundError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import * as repo from './shift-templates.repository';
import { listPositions } from '../people/staff.repository';
import type { CoverageEntry, ShiftTemplateFormData } from './shift-templates.schemas';
import { formatClock, isoWeekday } from '../availability/availability-rules';
import { recordAudit } from '../account/auth.service';
import { describeBreak, templatePaidMinutes } from '../scheduling/paid-hours';
import { addDays, getSiteForUser, todayAt, type SiteSummary } from '../sites/sites.service';
import { mondayOf } from '../lib/time';

/** The site's templates, each with its paid hours (length minus the unpaid meal break). */
export async function getTemplatesPage(db: Db, user: CurrentUser) {
  const site = await getSiteForUser(db, user);
  const templates = (await repo.listTemplates(db, site.id)).map((t) => ({
    ...t,
    paidMinutes: templatePaidMinutes(t),
    breakText: describeBreak(t),
  }));
  return { site, templates };
}

export async function getTemplateAtSite(db: Db, user: CurrentUser, id: number): Promise<repo.TemplateRow> {
  const site = await getSiteForUser(db, user);
  const template = await repo.findTemplate(db, id);
  if (!template || template.siteId !== site.id)
    throw new NotFoundError('No shift template with that id at this site.');
  return template;
}

export function templateFormValues(t: repo.TemplateRow): Record<string, string> {
  const values: Record<string, string> = {
    name: t.name,
    shiftType: t.shiftType,
    start: formatClock(t.startMinute),
    end: formatClock(t.endMinute),
    breakMinutes: String(t.breakMinutes),
    breakStart: t.breakStartMinute === null ? '' : formatClock(t.breakStartMinute),
  };
  for (const d of t.weekdays.split(',')) values[`weekday_${d.trim()}`] = 'on';
  for (const c of t.coverage) {
    values[`min_${c.positionId}`] = String(c.min);
    values[`max_${c.positionId}`] = c.max === null ? '' : String(c.max);
  }
  return values;
}

export async function saveShiftTemplate(
  db: Db,
  user: CurrentUser,
  id: number | null,
  form: ShiftTemplateFormData,
  weekdays: number[],
  coverage: CoverageEntry[],
): Promise<number> {
  const site = await getSiteForUser(db, user);
  if (id !== null) await getTemplateAtSite(db, user, id);
  const savedId = await repo.saveTemplate(
    db,
    site.id,
    id,
    {
      name: form.name,
      shiftType: form.shiftType,
      weekdays: weekdays.join(','),
      startMinute: form.start,
      endMinute: form.end,
      breakMinutes: form.breakMinutes,
      breakStartMinute: form.breakStart,
    },
    coverage,
  );
  await recordAudit(db, {
    actorId: user.id,
    action: id === null ? 'shift_template.create' : 'shift_template.update',
    entity: 'ShiftTemplate',
    entityId: savedId,
    detail: form.name,
  });
  return savedId;
}

export async function setShiftTemplateActive(
  db: Db,
  user: CurrentUser,
  id: number,
  active: boolean,
): Promise<repo.TemplateRow> {
  const template = await getTemplateAtSite(db, user, id);
  await repo.setTemplateActive(db, id, active);
  await recordAudit(db, {
    actorId: user.id,
    action: active ? 'shift_template.activate' : 'shift_template.deactivate',
    entity: 'ShiftTemplate',
    entityId: id,
  });
  return template;
}

export function positionIds(db: Db): Promise<number[]> {
  return listPositions(db).then((ps) => ps.map((p) => p.id));
}

export interface CoverageGrid {
  site: SiteSummary;
  weekStart: string;
  previousWeek: string;
  nextWeek: string;
  days: string[];
  /** Per position: required min (and max, null = no cap) per day of the week. */
  rows: {
    positionId: number;
    positionName: string;
    color: string;
    cells: { min: number; max: number | null }[];
  }[];
  /** Per template: the days it runs, its times and headcount. */
  shifts: {
    id: number;
    name: string;
    startMinute: number;
    endMinute: number;
    runs: boolean[];
    headcount: number;
  }[];
  totals: number[];
}

/**
 * Sums each active template's coverage into the days it runs. A shift that crosses midnight is
 * counted on the day it starts, as assignments are.
 */
export function buildCoverageGrid(
  templates: (Pick<repo.TemplateRow, 'id' | 'name' | 'weekdays' | 'startMinute' | 'endMinute'> & {
    coverage: CoverageEntry[];
  })[],
  positions: { id: number; name: string; color: string }[],
  weekStart: string,
): Omit<CoverageGrid, 'site'> {
  const days = Array.from({ length: 7 }, (_, i) => addDays(weekStart, i));
  const runsOn = (t: { weekdays: string }) =>
    days.map((d) => t.weekdays.split(',').map(Number).includes(isoWeekday(d)));
  const rows = positions
    .map((p) => {
      const cells = days.map((_, i) => {
        let min = 0;
        let max: number | null = 0;
        for (const t of templates) {
          if (!runsOn(t)[i]) continue;
          const c = t.coverage.find((x) => x.positionId === p.id);
          if (!c) continue;
          min += c.min;
          max = max === null || c.max === null ? null : max + c.max;
        }
        return { min, max };
      });
      return { positionId: p.id, positionName: p.name, color: p.color, cells };
    })
    .filter((r) => r.cells.some((c) => c.min > 0 || c.max === null || c.max > 0));
  const shifts = templates.map((t) => ({
    id: t.id,
    name: t.name,
    startMinute: t.startMinute,
    endMinute: t.endMinute,
    runs: runsOn(t),
    headcount: t.coverage.reduce((s, c) => s + c.min, 0),
  }));
  const totals = days.map((_, i) => rows.reduce((s, r) => s + (r.cells[i]?.min ?? 0), 0));
  return {
    weekStart,
    previousWeek: addDays(weekStart, -7),
    nextWeek: addDays(weekStart, 7),
    days,
    rows,
    shifts,
    totals,
  };
}

export async function getCoverageGrid(db: Db, user: CurrentUser, week: string | null): Promise<CoverageGrid> {
  const site = await getSiteForUser(db, user);
  const start = mondayOf(week ?? todayAt(site.timeZone));
  const [templates, positions] = await Promise.all([
    repo.listTemplates(db, site.id, true),
    listPositions(db),
  ]);
  return { site, ...buildCoverageGrid(templates, positions, start) };
}

export interface CoverageTemplate {
  id: number;
  name: string;
  weekdays: number[];
  startMinute: number;
  endMinute: number;
  coverage: {
    positionId: number;
    positionName: string;
    positionOrder: number;
    min: number;
    max: number | null;
  }[];
}

/**
 * The shift templates a schedule must cover, by start then name, weekdays as numbers and coverage
 * by position order: the site's active ones plus any inactive one the schedule still has
 * assignments on.
 */
export async function listCoverageTemplates(
  db: Db | Tx,
  siteId: number,
  extraTemplateIds: number[],
): Promise<CoverageTemplate[]> {
  const rows = await repo.listTemplatesWithCoverage(db, siteId, extraTemplateIds);
  return rows
    .sort((a, b) => a.startMinute - b.startMinute || byName(a.name, b.name))
    .map((t) => ({
      id: t.id,
      name: t.name,
      weekdays: t.weekdays
        .split(',')
        .map((d) => Number(d.trim()))
        .filter((d) => Number.isInteger(d) && d >= 1 && d <= 7),
      startMinute: t.startMinute,
      endMinute: t.endMinute,
      coverage: t.coverage
        .map((c) => ({
          positionId: c.positionId,
          positionName: c.positionName,
          positionOrder: c.positionOrder,
          min: c.min,
          max: c.max,
        }))
        .sort((a, b) => a.positionOrder - b.positionOrder),
    }));
}

/** SQLite's order of names (binary), which `orderBy: { name: 'asc' }` used to give. */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

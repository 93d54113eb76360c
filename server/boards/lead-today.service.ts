// The lead's "Today" page: who is on shift now and later (published schedules only) by position,
// coverage gaps, the day's daily tasks (generated from their templates on first view) with the
// people each may go to, and everything overdue.

import type { Db } from '../db/client';
import type { CurrentUser } from '../http/request-context';
import { findCards, type CardRow } from './tasks.repository';
import { toCardView, withEligible, type CardView } from './boards.service';
import { listPayers } from './payers.repository';
import {
  HIGH_LOAD,
  ensureDailyTasks,
  findCoverageGaps,
  findShiftsOn,
  loadFor,
  type CoverageGap,
  type ShiftInstance,
} from './daily-tasks.service';
import type { ShiftLine } from '../home/home.service';
import { getSiteForUser, todayAt, type SiteSummary } from '../sites/sites.service';

export interface TodayPerson {
  staffId: number;
  name: string;
  shift: string;
  startMinute: number;
  endMinute: number;
  load: number;
  busy: boolean;
}

export interface PositionGroup {
  positionName: string;
  positionColor: string;
  people: TodayPerson[];
}

export interface LeadToday {
  site: SiteSummary;
  today: string;
  /** The moment "now" and "later today" are measured from. */
  now: Date;
  onShiftNow: PositionGroup[];
  laterToday: PositionGroup[];
  /** Every published shift of the day (kept for the shift list), earliest first. */
  onShift: ShiftLine[];
  gaps: CoverageGap[];
  dailyTasks: CardView[];
  /** Open cards on any board that are past due, most overdue first. */
  overdue: CardView[];
  counts: { total: number; done: number; unassigned: number; overdue: number };
  highLoad: number;
}

function groupByPosition(shifts: ShiftInstance[], load: Map<number, number>): PositionGroup[] {
  const groups = new Map<string, PositionGroup & { sort: number }>();
  for (const s of shifts) {
    const g = groups.get(s.positionName) ?? {
      positionName: s.positionName,
      positionColor: s.positionColor,
      people: [],
      sort: s.positionSort,
    };
    const n = load.get(s.staffId) ?? 0;
    g.people.push({
      staffId: s.staffId,
      name: s.staffName,
      shift: s.templateName,
      startMinute: s.startMinute,
      endMinute: s.endMinute,
      load: n,
      busy: n >= HIGH_LOAD,
    });
    groups.set(s.positionName, g);
  }
  return [...groups.values()].sort((a, b) => a.sort - b.sort).map(({ sort: _sort, ...g }) => g);
}

/**
 * The lead's day: who is on shift now and later (published schedules only), coverage gaps, and
 * the day's daily tasks — generated from their templates on first view — with the people each
 * one may go to (on shift at its due time) and their load.
 */
export async function getLeadToday(db: Db, user: CurrentUser, now: Date = new Date()): Promise<LeadToday> {
  const site = await getSiteForUser(db, user);
  const today = todayAt(site.timeZone, now);
  await ensureDailyTasks(db, site, today);
  const [shifts, load, dailyRows, overdueRows] = await Promise.all([
    findShiftsOn(db, site, today),
    loadFor(db, site, today),
    findCards(db, site.id, 'DAILY', { includeClosed: true, taskDate: today }),
    findCards(db, site.id, 'DAILY', { includeClosed: false, overdueBefore: now }),
  ]);
  const [overdueReturns, overdueBilling] = await Promise.all([
    findCards(db, site.id, 'VENDOR_RETURN', { includeClosed: false, overdueBefore: now }),
    findCards(db, site.id, 'BILLING_ISSUE', { includeClosed: false, overdueBefore: now }),
  ]);
  const gaps = await findCoverageGaps(db, site, today, shifts);
  const payers = await listPayers(db, site.id);
  const view = (r: CardRow) => toCardView(r, site.timeZone, today, now, payers);
  const dailyTasks = withEligible(dailyRows.map(view), shifts, load, now);
  const overdue = [...overdueRows, ...overdueReturns, ...overdueBilling]
    .map(view)
    .sort((a, b) => (a.dueAt?.getTime() ?? 0) - (b.dueAt?.getTime() ?? 0));
  const todays = shifts.filter((s) => s.end > now);
  return {
    site,
    today,
    now,
    onShiftNow: groupByPosition(
      todays.filter((s) => s.start <= now),
      load,
    ),
    laterToday: groupByPosition(
      todays.filter((s) => s.start > now),
      load,
    ),
    onShift: shifts.map((s) => ({
      id: s.staffId,
      shiftDate: s.shiftDate,
      templateName: s.templateName,
      startMinute: s.startMinute,
      endMinute: s.endMinute,
      positionName: s.positionName,
      positionColor: s.positionColor,
      staffName: s.staffName,
    })),
    gaps,
    dailyTasks,
    overdue,
    counts: {
      total: dailyTasks.length,
      done: dailyTasks.filter((t) => t.closed).length,
      unassigned: dailyTasks.filter((t) => !t.closed && t.assigneeId === null).length,
      overdue: overdue.length,
    },
    highLoad: HIGH_LOAD,
  };
}

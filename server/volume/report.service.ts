// The week report of a site: labour hours and pay against the budget, prescriptions per labour hour
// planned and actual, overtime, coverage gaps, call-outs and the forecast's error.
import { DateTime } from 'luxon';
import { DEFAULT_RULES } from '../../solver/core/defaults';
import type { Db } from '../db/client';
import type { CurrentUser } from '../http/request-context';
import { addDays, getSiteForUser, type SiteSummary } from '../sites/sites.service';
import { weekBudget } from './budget';
import { forecastWeek } from './forecast';
import { weekReport, type WeekReport } from './report';
import * as reports from './report.repository';
import * as repo from './volume.repository';
import { pointsFrom } from './volume.service';
import { hoursCovered } from './staffing';

export interface ReportPage {
  site: SiteSummary;
  weekStart: string;
  schedule: reports.ReportSchedule | null;
  report: WeekReport;
}

const HISTORY_WEEKS = 12;

function paidMinutes(t: { startMinute: number; endMinute: number; breakMinutes: number }): number {
  const end = t.endMinute <= t.startMinute ? t.endMinute + 24 * 60 : t.endMinute;
  return end - t.startMinute - t.breakMinutes;
}

export async function weekReportPage(db: Db, user: CurrentUser, weekStart: string): Promise<ReportPage> {
  const site = await getSiteForUser(db, user);
  const weekEnd = addDays(weekStart, 6);
  const [schedule, rows, adjustments, budgetRow, templates, callOuts, overtimeThreshold] = await Promise.all([
    reports.findReportSchedule(db, site.id, weekStart),
    repo.findCounts(db, site.id, addDays(weekStart, -7 * HISTORY_WEEKS), weekEnd),
    repo.findAdjustments(db, site.id, weekStart, weekEnd),
    repo.findBudgetSettings(db, site.id),
    repo.findActiveTemplates(db, site.id),
    reports.countCallOuts(db, site.id, weekStart, weekEnd),
    reports.findOvertimeThreshold(db, site.id),
  ]);
  const assignments = schedule ? await reports.findReportAssignments(db, schedule.id) : [];
  const points = pointsFrom(rows);
  const forecast = forecastWeek(points, weekStart, {
    weeksOfHistory: HISTORY_WEEKS,
    adjustments: Object.fromEntries(adjustments.map((a) => [a.date, a.multiplier])),
  });
  // Actual prescriptions of the week's days that have counts, and the forecast's error on them.
  const actualByDate = new Map<string, number>();
  const wholeDays = new Set(points.filter((p) => p.hour === null).map((p) => p.date));
  for (const p of points) {
    if (p.date < weekStart || (p.hour !== null && wholeDays.has(p.date))) continue;
    actualByDate.set(p.date, (actualByDate.get(p.date) ?? 0) + p.count);
  }
  const actualDays = forecast.days.filter((d) => actualByDate.has(d.date));
  const actualPrescriptions =
    actualDays.length === 0 ? null : actualDays.reduce((a, d) => a + actualByDate.get(d.date)!, 0);
  const misses = actualDays
    .filter((d) => actualByDate.get(d.date)! > 0)
    .map((d) => Math.abs(d.total - actualByDate.get(d.date)!) / actualByDate.get(d.date)!);
  // Person-shifts the templates require on each day of the week and the schedule leaves unfilled.
  const filled = new Map<string, number>();
  for (const a of assignments) {
    const key = `${a.shiftDate}|${a.templateId}|${a.positionId}`;
    filled.set(key, (filled.get(key) ?? 0) + 1);
  }
  let coverageGaps = 0;
  for (let d = 0; d < 7; d++) {
    const date = addDays(weekStart, d);
    const weekday = DateTime.fromISO(date, { zone: 'utc' }).weekday;
    for (const t of templates) {
      if (!t.weekdays.split(',').map(Number).includes(weekday) || hoursCovered(t).length === 0) continue;
      for (const c of t.coverage)
        coverageGaps += Math.max(0, c.min - (filled.get(`${date}|${t.id}|${c.positionId}`) ?? 0));
    }
  }
  const report = weekReport({
    shifts: assignments.map((a) => ({
      staffId: a.staffId,
      hourlyRateCents: a.staff.hourlyRateCents,
      paidMinutes: paidMinutes(a.template),
    })),
    overtimeThresholdMinutes: overtimeThreshold,
    overtimeMultiplier: DEFAULT_RULES.overtimeMultiplier,
    coverageGaps,
    callOuts,
    forecastPrescriptions: forecast.total,
    actualPrescriptions,
    forecastError: misses.length === 0 ? null : misses.reduce((a, b) => a + b, 0) / misses.length,
    budget: weekBudget(budgetRow, forecast.total),
  });
  return { site, weekStart, schedule, report };
}

/** The report as CSV rows (figure, value), for a spreadsheet. */
export function reportCsvRows(page: ReportPage): string[][] {
  const r = page.report;
  const fixed = (n: number | null, digits = 1) => (n === null ? '' : n.toFixed(digits));
  const dollars = (cents: number | null) => (cents === null ? '' : (cents / 100).toFixed(2));
  return [
    ['figure', 'value'],
    ['site', page.site.name],
    ['week', page.weekStart],
    [
      'schedule',
      page.schedule ? `${page.schedule.status.toLowerCase()} version ${page.schedule.version}` : 'none',
    ],
    ['labour hours', fixed(r.labourHours)],
    ['overtime hours', fixed(r.overtimeHours)],
    ['pay ($)', dollars(r.costCents)],
    ['budget hours', r.budgetHours === null ? '' : String(r.budgetHours)],
    ['budget pay ($)', dollars(r.budgetCents)],
    ['forecast prescriptions', fixed(r.forecastPrescriptions, 0)],
    ['actual prescriptions', r.actualPrescriptions === null ? '' : String(r.actualPrescriptions)],
    ['prescriptions per labour hour, planned', fixed(r.plannedRxPerHour)],
    ['prescriptions per labour hour, actual', fixed(r.actualRxPerHour)],
    ['forecast error (%)', r.forecastError === null ? '' : (r.forecastError * 100).toFixed(1)],
    ['coverage gaps (person-shifts)', String(r.coverageGaps)],
    ['call-outs', String(r.callOuts)],
  ];
}

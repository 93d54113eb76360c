// The week report of a site: labour hours and pay against the budget, prescriptions per labour hour
// planned and actual, overtime, coverage gaps, call-outs and the forecast's error.
import { DateTime } from 'luxon';
import { DEFAULT_RULES } from '../../solver/core/defaults';
import type { Db } from '../db/client';
import type { CurrentUser } from '../http/request-context';
import { templatePaidMinutes } from '../scheduling/paid-hours';
import { addDays, getSiteForUser, type SiteSummary } from '../sites/sites.service';
import { weekReport, type WeekReport } from './report';
import * as reports from './report.repository';
import { hoursCovered } from './staffing';
import * as repo from './volume.repository';
import { weekVolume } from './week-volume.service';

export interface ReportPage {
  site: SiteSummary;
  weekStart: string;
  schedule: reports.ReportSchedule | null;
  report: WeekReport;
}

/** The week report of the user's site. */
export async function weekReportPage(db: Db, user: CurrentUser, weekStart: string): Promise<ReportPage> {
  return siteWeekReport(db, await getSiteForUser(db, user), weekStart);
}

/** The week report of one site: from its latest published schedule of the week, else its latest draft. */
export async function siteWeekReport(db: Db, site: SiteSummary, weekStart: string): Promise<ReportPage> {
  const weekEnd = addDays(weekStart, 6);
  const [schedule, volume, templates, callOuts, overtimeThreshold] = await Promise.all([
    reports.findReportSchedule(db, site.id, weekStart),
    weekVolume(db, site.id, weekStart),
    repo.findActiveTemplates(db, site.id),
    reports.countCallOuts(db, site.id, weekStart, weekEnd),
    reports.findOvertimeThreshold(db, site.id),
  ]);
  const assignments = schedule ? await reports.findReportAssignments(db, schedule.id) : [];
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
      paidMinutes: templatePaidMinutes(a.template),
    })),
    overtimeThresholdMinutes: overtimeThreshold,
    overtimeMultiplier: DEFAULT_RULES.overtimeMultiplier,
    coverageGaps,
    callOuts,
    forecastPrescriptions: volume.forecast.total,
    actualPrescriptions: volume.actualPrescriptions,
    forecastError: volume.forecastError,
    forecastErrorDays: volume.forecastErrorDays,
    budget: volume.budget,
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

// The week report across a chain's sites: one line per site the user may see (a site's manager
// their own site, an administrator every site) with the figures of that site's week report, and
// the totals, as a page, a CSV and a print layout.
import type { Db } from '../db/client';
import type { CurrentUser } from '../http/request-context';
import { sitesVisibleTo } from '../sites/sites.service';
import { chainTotals, type WeekReport } from './report';
import { siteWeekReport, type ReportPage } from './report.service';

export interface ChainReport {
  weekStart: string;
  sites: ReportPage[];
  totals: WeekReport;
}

export async function chainReport(db: Db, user: CurrentUser, weekStart: string): Promise<ChainReport> {
  const visible = await sitesVisibleTo(db, user);
  // One site after the other: a chain's sites share one database connection on SQLite anyway.
  const sites: ReportPage[] = [];
  for (const site of visible) sites.push(await siteWeekReport(db, site, weekStart));
  return { weekStart, sites, totals: chainTotals(sites.map((s) => s.report)) };
}

const fixed = (n: number | null, digits = 1) => (n === null ? '' : n.toFixed(digits));
const dollars = (cents: number | null) => (cents === null ? '' : (cents / 100).toFixed(2));

/** One row per site and a last row of totals, for a spreadsheet. */
export function chainCsvRows(report: ChainReport): string[][] {
  const line = (name: string, schedule: string, r: WeekReport): string[] => [
    name,
    schedule,
    fixed(r.labourHours),
    fixed(r.budgetHours, 0),
    fixed(r.hoursOverBudget),
    dollars(r.costCents),
    dollars(r.budgetCents),
    dollars(r.centsOverBudget),
    fixed(r.overtimeHours),
    fixed(r.forecastPrescriptions, 0),
    r.actualPrescriptions === null ? '' : String(r.actualPrescriptions),
    fixed(r.plannedRxPerHour),
    fixed(r.actualRxPerHour),
    r.forecastError === null ? '' : (r.forecastError * 100).toFixed(1),
    String(r.coverageGaps),
    String(r.callOuts),
  ];
  return [
    [
      'site',
      'schedule',
      'labour hours',
      'budget hours',
      'hours over budget',
      'pay ($)',
      'budget pay ($)',
      'pay over budget ($)',
      'overtime hours',
      'forecast prescriptions',
      'actual prescriptions',
      'prescriptions per labour hour, planned',
      'prescriptions per labour hour, actual',
      'forecast error (%)',
      'coverage gaps (person-shifts)',
      'call-outs',
    ],
    ...report.sites.map((s) =>
      line(
        s.site.name,
        s.schedule ? `${s.schedule.status.toLowerCase()} version ${s.schedule.version}` : 'none',
        s.report,
      ),
    ),
    line(`All sites (${report.sites.length})`, '', report.totals),
  ];
}

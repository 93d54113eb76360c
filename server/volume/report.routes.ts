import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { toCsv } from '../lib/csv';
import { addDays, getSiteForUser, todayAt } from '../sites/sites.service';
import { barChart } from './charts';
import { chainCsvRows, chainReport } from './chain-report.service';
import { reportCsvRows, weekReportPage } from './report.service';
import { WeekQuery } from './volume.schemas';
import { weekOf } from './volume.service';

export function reportRoutes({ db }: AppDeps): RouteDef[] {
  /** Monday of `?week=`, else of this week where the user's site is (a report looks back). */
  async function reportWeek(user: CurrentUser, week: unknown): Promise<string> {
    const parsed = WeekQuery.parse({ week }).week;
    if (parsed) return weekOf(parsed);
    const site = await getSiteForUser(db, user);
    return weekOf(todayAt(site.timeZone));
  }

  /** GET /volume/report — the week's labour against volume and budget, overtime, gaps, call-outs, forecast error */
  async function getVolumeReport(req: Request, res: Response, user: CurrentUser) {
    const weekStart = await reportWeek(user, req.query.week);
    const page = await weekReportPage(db, user, weekStart);
    res.render('volume/report', {
      title: 'Week report',
      page,
      previousWeek: addDays(weekStart, -7),
      nextWeek: addDays(weekStart, 7),
    });
  }

  /** GET /volume/report.csv — the same figures as CSV */
  async function getVolumeReportCsv(req: Request, res: Response, user: CurrentUser) {
    const weekStart = await reportWeek(user, req.query.week);
    const page = await weekReportPage(db, user, weekStart);
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.set('Content-Disposition', `attachment; filename="week-report-${weekStart}.csv"`);
    const [header, ...rows] = reportCsvRows(page);
    res.send(toCsv(header!, rows));
  }

  /** GET /volume/chain — the week report of every site the user may see, side by side, with totals */
  async function getVolumeChain(req: Request, res: Response, user: CurrentUser) {
    const weekStart = await reportWeek(user, req.query.week);
    const report = await chainReport(db, user, weekStart);
    const chart = barChart(
      report.sites.map((s) => ({
        label: s.site.name,
        value: Math.round((s.report.plannedRxPerHour ?? 0) * 10) / 10,
      })),
      1,
    );
    res.render('volume/chain', {
      title: 'Sites report',
      report,
      chart,
      previousWeek: addDays(weekStart, -7),
      nextWeek: addDays(weekStart, 7),
    });
  }

  /** GET /volume/chain.csv — the same, one row per site and a row of totals */
  async function getVolumeChainCsv(req: Request, res: Response, user: CurrentUser) {
    const weekStart = await reportWeek(user, req.query.week);
    const report = await chainReport(db, user, weekStart);
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.set('Content-Disposition', `attachment; filename="sites-report-${weekStart}.csv"`);
    const [header, ...rows] = chainCsvRows(report);
    res.send(toCsv(header!, rows));
  }

  return [
    { method: 'get', path: '/volume/report', access: 'MANAGER', handler: getVolumeReport },
    { method: 'get', path: '/volume/report.csv', access: 'MANAGER', handler: getVolumeReportCsv },
    { method: 'get', path: '/volume/chain', access: 'MANAGER', handler: getVolumeChain },
    { method: 'get', path: '/volume/chain.csv', access: 'MANAGER', handler: getVolumeChainCsv },
  ];
}

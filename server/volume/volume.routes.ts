import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { ValidationError } from '../http/errors';
import { formFields, parseForm } from '../http/forms';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { flash } from '../http/session-middleware';
import { addDays, getSiteForUser, todayAt } from '../sites/sites.service';
import { barChart, hourLines } from './charts';
import { AdjustmentForm, BudgetForm, DayCountForm, parseStandardFields, WeekQuery } from './volume.schemas';
import {
  acceptSuggestion,
  budgetSettings,
  listStandards,
  saveBudget,
  saveStandards,
  staffingPlan,
} from './staffing.service';
import { VOLUME_COLUMNS } from './volume-csv';
import {
  adjustDay,
  enterDayCount,
  importVolume,
  volumeHistory,
  weekForecast,
  weekOf,
} from './volume.service';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function volumeRoutes({ db, sessions }: AppDeps): RouteDef[] {
  async function renderHistory(
    user: CurrentUser,
    res: Response,
    status: number,
    form: { values: Record<string, string>; errors: Record<string, string> },
  ) {
    const history = await volumeHistory(db, user);
    const weekChart = barChart(
      history.weeks.map((w) => ({ label: w.weekStart, value: w.total })),
      13,
    );
    const hourChart =
      history.hourly &&
      hourLines(
        history.hourly.map((hours, d) => ({ name: WEEKDAYS[d]!, hours })),
        firstHour(history.hourly),
        lastHour(history.hourly),
      );
    res
      .status(status)
      .render('volume/history', { title: 'Prescription volume', history, weekChart, hourChart, ...form });
  }

  /** GET /volume — prescription history by week and by hour of day, and a day's count by hand */
  async function getVolumePage(req: Request, res: Response, user: CurrentUser) {
    await renderHistory(user, res, 200, { values: {}, errors: {} });
  }

  /** POST /volume/day — enters or corrects one day's total */
  async function postVolumeDay(req: Request, res: Response, user: CurrentUser) {
    const fields = formFields(req.body);
    try {
      const form = parseForm(DayCountForm, fields);
      await enterDayCount(db, user, form);
      await flash(req, sessions, {
        kind: 'success',
        message: `Saved ${form.count} prescriptions for ${form.date}.`,
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return renderHistory(user, res, 400, { values: fields, errors: err.fieldErrors });
    }
    res.redirect(303, '/volume');
  }

  /** GET /volume/import — paste or choose the pharmacy system's counts as CSV */
  async function getVolumeImport(_req: Request, res: Response, _user: CurrentUser) {
    res.render('volume/import', {
      title: 'Import prescription counts',
      columns: VOLUME_COLUMNS,
      csv: '',
      errors: [],
    });
  }

  /** POST /volume/import — imports every row or none; shows row errors with line numbers */
  async function postVolumeImport(req: Request, res: Response, user: CurrentUser) {
    const csv = formFields(req.body).csv ?? '';
    const outcome = await importVolume(db, user, csv);
    if (!outcome.ok) {
      return res.status(400).render('volume/import', {
        title: 'Import prescription counts',
        columns: VOLUME_COLUMNS,
        csv,
        errors: outcome.errors,
      });
    }
    await flash(req, sessions, {
      kind: 'success',
      message: `Imported ${outcome.rows} counts for ${outcome.days} days (${outcome.first} to ${outcome.last}).`,
    });
    res.redirect(303, '/volume');
  }

  async function renderForecast(
    user: CurrentUser,
    res: Response,
    weekStart: string,
    status: number,
    form: { values: Record<string, string>; errors: Record<string, string> },
  ) {
    const page = await weekForecast(db, user, weekStart);
    const chart = barChart(
      [
        ...page.recent.map((w) => ({ label: `Week of ${w.weekStart}`, value: w.total })),
        { label: `Forecast ${weekStart}`, value: page.forecast.total },
      ],
      1,
    );
    res.status(status).render('volume/forecast', {
      title: 'Volume forecast',
      page,
      chart,
      weekStart,
      previousWeek: addDays(weekStart, -7),
      nextWeek: addDays(weekStart, 7),
      weekdays: WEEKDAYS,
      ...form,
    });
  }

  /** GET /volume/forecast — next week's (or ?week=) forecast against the last four weeks, with its past error */
  async function getVolumeForecast(req: Request, res: Response, user: CurrentUser) {
    const query = WeekQuery.parse(req.query);
    const site = await getSiteForUser(db, user);
    const weekStart = weekOf(query.week ?? addDays(todayAt(site.timeZone), 7));
    await renderForecast(user, res, weekStart, 200, { values: {}, errors: {} });
  }

  /** POST /volume/adjustments — a known event's multiplier on one day's forecast */
  async function postVolumeAdjustment(req: Request, res: Response, user: CurrentUser) {
    const fields = formFields(req.body);
    let date: string;
    try {
      const form = parseForm(AdjustmentForm, fields);
      await adjustDay(db, user, form);
      date = form.date;
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const site = await getSiteForUser(db, user);
      const week = WeekQuery.parse({ week: fields.week }).week;
      return renderForecast(user, res, weekOf(week ?? addDays(todayAt(site.timeZone), 7)), 400, {
        values: fields,
        errors: err.fieldErrors,
      });
    }
    await flash(req, sessions, { kind: 'success', message: `Adjustment for ${date} saved.` });
    res.redirect(303, `/volume/forecast?week=${weekOf(date)}`);
  }

  async function renderStandards(
    user: CurrentUser,
    res: Response,
    status: number,
    form: { values: Record<string, string> | null; errors: Record<string, string> },
  ) {
    const { site, standards, queues } = await listStandards(db, user);
    const values =
      form.values ??
      Object.fromEntries(
        standards.flatMap((s) => [
          [`queue_${s.positionId}`, s.queue],
          [`rate_${s.positionId}`, s.rxPerLabourHour === null ? '' : String(s.rxPerLabourHour)],
          [`min_${s.positionId}`, String(s.minimumWhenOpen)],
          [
            `tasks_${s.positionId}`,
            s.fixedTasks
              .map((t) => `${String(t.startHour).padStart(2, '0')}:00 ${t.hours}h ${t.name}`.trim())
              .join('\n'),
          ],
        ]),
      );
    res.status(status).render('volume/standards', {
      title: 'Productivity standards',
      site,
      standards,
      queueOptions: [['', 'All prescriptions'], ...queues.map((q) => [q, `Queue ${q}`])],
      values,
      errors: form.errors,
    });
  }

  /** GET /volume/standards — per position: prescriptions per labour hour, minimum while open, fixed tasks */
  async function getVolumeStandards(_req: Request, res: Response, user: CurrentUser) {
    await renderStandards(user, res, 200, { values: null, errors: {} });
  }

  /** POST /volume/standards — saves every position's standard; bad input re-renders with 400 */
  async function postVolumeStandards(req: Request, res: Response, user: CurrentUser) {
    const fields = formFields(req.body);
    const { standards, queues } = await listStandards(db, user);
    const parsed = standards.map((s) => ({
      positionId: s.positionId,
      ...parseStandardFields(fields, s.positionId, queues),
    }));
    const errors = Object.assign({}, ...parsed.map((p) => p.errors)) as Record<string, string>;
    if (Object.keys(errors).length > 0) return renderStandards(user, res, 400, { values: fields, errors });
    await saveStandards(
      db,
      user,
      parsed.map((p) => ({ positionId: p.positionId, ...p.value })),
    );
    await flash(req, sessions, { kind: 'success', message: 'Productivity standards saved.' });
    res.redirect(303, '/volume/staffing');
  }

  async function renderStaffing(
    user: CurrentUser,
    res: Response,
    weekStart: string,
    status: number,
    form: { values: Record<string, string> | null; errors: Record<string, string> },
  ) {
    const [plan, budget] = await Promise.all([staffingPlan(db, user, weekStart), budgetSettings(db, user)]);
    const dollars = (cents: number | null) => (cents === null ? '' : (cents / 100).toFixed(2));
    const values = form.values ?? {
      budgetHours: budget.budgetHours === null ? '' : String(budget.budgetHours),
      budgetDollars: dollars(budget.budgetCents),
      budgetLabourPercent: budget.budgetLabourPercent === null ? '' : String(budget.budgetLabourPercent),
      revenuePerRx: dollars(budget.revenuePerRxCents),
      budgetHard: budget.budgetHard ? 'on' : '',
      weightOverBudget: String(budget.weightOverBudget),
    };
    res.status(status).render('volume/staffing', {
      title: 'Staffing from volume',
      plan,
      weekdays: WEEKDAYS,
      previousWeek: addDays(weekStart, -7),
      nextWeek: addDays(weekStart, 7),
      values,
      errors: form.errors,
    });
  }

  /** Monday of `?week=` (or of the form's week), else of next week. */
  async function weekFrom(user: CurrentUser, week: unknown): Promise<string> {
    const parsed = WeekQuery.parse({ week }).week;
    if (parsed) return weekOf(parsed);
    const site = await getSiteForUser(db, user);
    return weekOf(addDays(todayAt(site.timeZone), 7));
  }

  /** GET /volume/staffing — the week's need per hour from the forecast, the templates' suggested headcounts, the labour budget */
  async function getVolumeStaffing(req: Request, res: Response, user: CurrentUser) {
    await renderStaffing(user, res, await weekFrom(user, req.query.week), 200, { values: null, errors: {} });
  }

  /** POST /volume/budget — the site's weekly labour budget; bad input re-renders with 400 */
  async function postVolumeBudget(req: Request, res: Response, user: CurrentUser) {
    const fields = formFields(req.body);
    const weekStart = await weekFrom(user, fields.week);
    try {
      const form = parseForm(BudgetForm, fields);
      await saveBudget(db, user, {
        budgetHours: form.budgetHours,
        budgetCents: form.budgetDollars === null ? null : Math.round(form.budgetDollars * 100),
        budgetLabourPercent: form.budgetLabourPercent,
        revenuePerRxCents: form.revenuePerRx === null ? null : Math.round(form.revenuePerRx * 100),
        budgetHard: form.budgetHard,
        weightOverBudget: form.weightOverBudget,
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return renderStaffing(user, res, weekStart, 400, { values: fields, errors: err.fieldErrors });
    }
    await flash(req, sessions, { kind: 'success', message: 'Labour budget saved.' });
    res.redirect(303, `/volume/staffing?week=${weekStart}`);
  }

  /** POST /volume/staffing/accept — the suggestion becomes the shift templates' coverage */
  async function postVolumeStaffingAccept(req: Request, res: Response, user: CurrentUser) {
    const weekStart = await weekFrom(user, formFields(req.body).week);
    const changed = await acceptSuggestion(db, user, weekStart);
    await flash(req, sessions, {
      kind: 'success',
      message:
        changed === 0
          ? 'The templates already match the suggestion.'
          : `Coverage of ${changed} template positions updated from the forecast.`,
    });
    res.redirect(303, `/volume/staffing?week=${weekStart}`);
  }

  return [
    { method: 'get', path: '/volume/standards', access: 'MANAGER', handler: getVolumeStandards },
    { method: 'post', path: '/volume/standards', access: 'MANAGER', handler: postVolumeStandards },
    { method: 'get', path: '/volume/staffing', access: 'MANAGER', handler: getVolumeStaffing },
    { method: 'post', path: '/volume/staffing/accept', access: 'MANAGER', handler: postVolumeStaffingAccept },
    { method: 'post', path: '/volume/budget', access: 'MANAGER', handler: postVolumeBudget },
    { method: 'get', path: '/volume', access: 'MANAGER', handler: getVolumePage },
    { method: 'post', path: '/volume/day', access: 'MANAGER', handler: postVolumeDay },
    { method: 'get', path: '/volume/import', access: 'MANAGER', handler: getVolumeImport },
    { method: 'post', path: '/volume/import', access: 'MANAGER', handler: postVolumeImport },
    { method: 'get', path: '/volume/forecast', access: 'MANAGER', handler: getVolumeForecast },
    { method: 'post', path: '/volume/adjustments', access: 'MANAGER', handler: postVolumeAdjustment },
  ];
}

/** First and last hour with any volume, so the hourly chart spans the opening hours only. */
function firstHour(hourly: number[][]): number {
  const hours = hourly.flatMap((day) => day.map((v, h) => (v > 0 ? h : 24)));
  return Math.min(...hours) === 24 ? 0 : Math.min(...hours);
}
function lastHour(hourly: number[][]): number {
  const hours = hourly.flatMap((day) => day.map((v, h) => (v > 0 ? h : -1)));
  return Math.max(...hours) < 0 ? 23 : Math.max(...hours);
}

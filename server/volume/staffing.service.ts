// Coverage from volume: each position's productivity standard turns the week's forecast into the
// people needed per hour, the templates' headcounts are suggested from it, and the manager accepts
// the suggestion (it becomes the templates' coverage) or edits the templates by hand.
import { DateTime } from 'luxon';
import type { Db } from '../db/client';
import type { CurrentUser } from '../http/request-context';
import { recordAudit } from '../account/auth.service';
import { addDays, getSiteForUser, type SiteSummary } from '../sites/sites.service';
import { weekBudget, type BudgetSettings, type WeekBudget } from './budget';
import type { WeekForecast } from './forecast';
import { hoursCovered, requiredHeadcount, suggestHeadcounts, type FixedTask } from './staffing';
import * as repo from './volume.repository';
import { forecastFromRows, HISTORY_WEEKS } from './week-volume.service';

export interface StandardView {
  positionId: number;
  positionName: string;
  /** The queue whose volume the rate counts; '' for all prescriptions. */
  queue: string;
  rxPerLabourHour: number | null;
  minimumWhenOpen: number;
  fixedTasks: (FixedTask & { name: string })[];
}

export function parseFixedTasks(json: string): (FixedTask & { name: string })[] {
  try {
    const value = JSON.parse(json) as unknown;
    if (!Array.isArray(value)) return [];
    return value.filter(
      (t): t is FixedTask & { name: string } =>
        typeof t === 'object' && t !== null && typeof t.startHour === 'number' && typeof t.hours === 'number',
    );
  } catch {
    return [];
  }
}

/**
 * Every position with its standard at the site (none: not volume-driven, no minimum, no tasks), and
 * the queues a standard may count: those of the imported counts, and any a standard already names.
 */
export async function listStandards(
  db: Db,
  user: CurrentUser,
): Promise<{ site: SiteSummary; standards: StandardView[]; queues: string[] }> {
  const site = await getSiteForUser(db, user);
  const [positions, rows, imported] = await Promise.all([
    repo.findPositions(db),
    repo.findStandards(db, site.id),
    repo.findQueues(db, site.id),
  ]);
  const byPosition = new Map(rows.map((r) => [r.positionId, r]));
  const queues = [...new Set([...imported, ...rows.map((r) => r.queue).filter((q) => q !== '')])].sort();
  return {
    site,
    queues,
    standards: positions.map((p) => {
      const row = byPosition.get(p.id);
      return {
        positionId: p.id,
        positionName: p.name,
        queue: row?.queue ?? '',
        rxPerLabourHour: row?.rxPerLabourHour ?? null,
        minimumWhenOpen: row?.minimumWhenOpen ?? 0,
        fixedTasks: parseFixedTasks(row?.fixedTasks ?? '[]'),
      };
    }),
  };
}

export async function saveStandards(
  db: Db,
  user: CurrentUser,
  standards: {
    positionId: number;
    queue: string;
    rxPerLabourHour: number | null;
    minimumWhenOpen: number;
    fixedTasks: (FixedTask & { name: string })[];
  }[],
): Promise<void> {
  const site = await getSiteForUser(db, user);
  const kept = standards.filter(
    (s) => s.rxPerLabourHour !== null || s.minimumWhenOpen > 0 || s.fixedTasks.length > 0,
  );
  await db.$transaction(async (tx) => {
    await repo.replaceStandards(
      tx,
      site.id,
      kept.map((s) => ({
        positionId: s.positionId,
        queue: s.queue,
        rxPerLabourHour: s.rxPerLabourHour,
        minimumWhenOpen: s.minimumWhenOpen,
        fixedTasks: JSON.stringify(s.fixedTasks),
      })),
    );
    await recordAudit(tx, {
      actorId: user.id,
      action: 'volume.standards',
      entity: 'Site',
      entityId: site.id,
      detail: `${kept.length} positions with a productivity standard`,
      siteId: site.id,
    });
  });
}

export interface PositionPlan {
  positionId: number;
  positionName: string;
  /** The queue its standard counts ('' for all prescriptions) and that queue's forecast for the week. */
  queue: string;
  queueForecastTotal: number;
  /** Per day (Monday first): people needed per hour (24 values). */
  need: number[][];
  /** Per day: people the templates' current coverage gives per hour. */
  planned: number[][];
  /** Per template: current minimum and the suggested one. */
  templates: { id: number; name: string; current: number; suggested: number }[];
  /** Hours no template covers, with the people short, per day. */
  uncovered: { date: string; hour: number; short: number }[];
}

export interface StaffingPlan {
  site: SiteSummary;
  weekStart: string;
  forecast: WeekForecast;
  positions: PositionPlan[];
  budget: WeekBudget;
}

/** The week's need per position and hour from the forecast, and the templates' suggested headcounts. */
export async function staffingPlan(db: Db, user: CurrentUser, weekStart: string): Promise<StaffingPlan> {
  const site = await getSiteForUser(db, user);
  const from = addDays(weekStart, -7 * HISTORY_WEEKS);
  const [rows, adjustments, standards, templates, positions, budgetRow] = await Promise.all([
    repo.findCounts(db, site.id, from, addDays(weekStart, -1)),
    repo.findAdjustments(db, site.id, weekStart, addDays(weekStart, 6)),
    repo.findStandards(db, site.id),
    repo.findActiveTemplates(db, site.id),
    repo.findPositions(db),
    repo.findBudgetSettings(db, site.id),
  ]);
  const forecast = forecastFromRows(rows, adjustments, weekStart);
  const days = forecast.days.map((d) => d.date);
  const runsOn = (t: repo.TemplateCoverageRow, date: string) =>
    t.weekdays
      .split(',')
      .map(Number)
      .includes(DateTime.fromISO(date, { zone: 'utc' }).weekday);
  const positionName = new Map(positions.map((p) => [p.id, p.name]));
  const plans = standards.map((standard): PositionPlan => {
    // A standard of one queue (IV admixtures per IV-technician hour) follows that queue's forecast.
    const queueForecast =
      standard.queue === '' ? forecast : forecastFromRows(rows, adjustments, weekStart, standard.queue);
    const spec = {
      rxPerLabourHour: standard.rxPerLabourHour,
      minimumWhenOpen: standard.minimumWhenOpen,
      fixedTasks: parseFixedTasks(standard.fixedTasks),
    };
    const suggestedByTemplate = new Map<number, number>();
    const uncovered: PositionPlan['uncovered'] = [];
    const need: number[][] = [];
    const planned: number[][] = [];
    days.forEach((date, d) => {
      const running = templates.filter((t) => runsOn(t, date));
      const open = new Array<boolean>(24).fill(false);
      for (const t of running) for (const h of hoursCovered(t)) open[h] = true;
      const day = queueForecast.days[d]!;
      const openCount = open.filter(Boolean).length;
      const volume = day.hours ?? open.map((o) => (o && openCount > 0 ? day.total / openCount : 0));
      const dayNeed = requiredHeadcount(volume, open, spec);
      need.push(dayNeed);
      const have = new Array<number>(24).fill(0);
      for (const t of running) {
        const min = t.coverage.find((c) => c.positionId === standard.positionId)?.min ?? 0;
        for (const h of hoursCovered(t)) have[h]! += min;
      }
      planned.push(have);
      const suggestion = suggestHeadcounts(dayNeed, running);
      for (const [id, n] of suggestion.headcount)
        suggestedByTemplate.set(id, Math.max(suggestedByTemplate.get(id) ?? 0, n));
      for (const u of suggestion.uncovered) uncovered.push({ date, ...u });
    });
    return {
      positionId: standard.positionId,
      positionName: positionName.get(standard.positionId) ?? `Position ${standard.positionId}`,
      queue: standard.queue,
      queueForecastTotal: queueForecast.total,
      need,
      planned,
      templates: templates.map((t) => ({
        id: t.id,
        name: t.name,
        current: t.coverage.find((c) => c.positionId === standard.positionId)?.min ?? 0,
        suggested: suggestedByTemplate.get(t.id) ?? 0,
      })),
      uncovered,
    };
  });
  return { site, weekStart, forecast, positions: plans, budget: weekBudget(budgetRow, forecast.total) };
}

/** Makes the suggestion the templates' coverage for every position with a standard. */
export async function acceptSuggestion(db: Db, user: CurrentUser, weekStart: string): Promise<number> {
  const plan = await staffingPlan(db, user, weekStart);
  const changes = plan.positions.flatMap((p) =>
    p.templates
      .filter((t) => t.current !== t.suggested)
      .map((t) => ({ ...t, positionId: p.positionId, positionName: p.positionName })),
  );
  await db.$transaction(async (tx) => {
    for (const c of changes) await repo.setCoverageMin(tx, c.id, c.positionId, c.suggested);
    await recordAudit(tx, {
      actorId: user.id,
      action: 'volume.coverage',
      entity: 'Site',
      entityId: plan.site.id,
      detail:
        changes.length === 0
          ? `coverage from the forecast of the week of ${weekStart}: no change`
          : `coverage from the forecast of the week of ${weekStart}: ` +
            changes.map((c) => `${c.name} ${c.positionName} ${c.current} → ${c.suggested}`).join('; '),
      siteId: plan.site.id,
    });
  });
  return changes.length;
}

/** The site's budget settings as the form shows them. */
export async function budgetSettings(db: Db, user: CurrentUser): Promise<BudgetSettings> {
  const site = await getSiteForUser(db, user);
  return repo.findBudgetSettings(db, site.id);
}

export async function saveBudget(db: Db, user: CurrentUser, form: BudgetSettings): Promise<void> {
  const site = await getSiteForUser(db, user);
  await db.$transaction(async (tx) => {
    const before = await repo.findBudgetSettings(tx, site.id);
    await repo.saveBudgetSettings(tx, site.id, form);
    await recordAudit(tx, {
      actorId: user.id,
      action: 'volume.budget',
      entity: 'Site',
      entityId: site.id,
      detail: `labour budget ${describeBudget(before)} → ${describeBudget(form)}`,
      siteId: site.id,
    });
  });
}

function describeBudget(b: BudgetSettings): string {
  const parts = [
    b.budgetHours !== null ? `${b.budgetHours} h` : null,
    b.budgetCents !== null ? `$${(b.budgetCents / 100).toFixed(2)}` : null,
    b.budgetLabourPercent !== null && b.revenuePerRxCents !== null
      ? `${b.budgetLabourPercent} % of $${(b.revenuePerRxCents / 100).toFixed(2)} a prescription`
      : null,
  ].filter((p) => p !== null);
  if (parts.length === 0) return 'none';
  return `${parts.join(', ')} (${b.budgetHard ? 'cap' : `${b.weightOverBudget} per hour over`})`;
}

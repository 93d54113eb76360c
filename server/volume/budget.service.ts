// The week's labour budget as the solver takes it (Rules.budget), from the site's settings and, for
// a budget set as a share of revenue, the week's forecast prescriptions.
import type { Budget } from '../../solver';
import type { Db, Tx } from '../db/client';
import { addDays } from '../sites/sites.service';
import { hasBudget, weekBudget } from './budget';
import { forecastWeek } from './forecast';
import * as repo from './volume.repository';
import { pointsFrom } from './volume.service';

const HISTORY_WEEKS = 12;

export async function solverBudget(
  db: Db | Tx,
  siteId: number,
  weekStart: string,
): Promise<{ budget: Budget; overBudgetWeight: number } | null> {
  const settings = await repo.findBudgetSettings(db, siteId);
  const needsForecast = settings.budgetLabourPercent !== null && settings.revenuePerRxCents !== null;
  let prescriptions = 0;
  if (needsForecast) {
    const [rows, adjustments] = await Promise.all([
      repo.findCounts(db, siteId, addDays(weekStart, -7 * HISTORY_WEEKS), addDays(weekStart, -1)),
      repo.findAdjustments(db, siteId, weekStart, addDays(weekStart, 6)),
    ]);
    prescriptions = forecastWeek(pointsFrom(rows), weekStart, {
      weeksOfHistory: HISTORY_WEEKS,
      adjustments: Object.fromEntries(adjustments.map((a) => [a.date, a.multiplier])),
    }).total;
  }
  const week = weekBudget(settings, prescriptions);
  if (!hasBudget(week)) return null;
  return {
    budget: {
      ...(week.hours !== null ? { maxPaidMinutes: week.hours * 60 } : {}),
      ...(week.cents !== null ? { maxPay: week.cents / 100 } : {}),
      hard: week.hard,
    },
    overBudgetWeight: week.weightOverBudget,
  };
}

// The week's labour budget as the solver takes it (Rules.budget), from the site's settings and, for
// a budget set as a share of revenue, the week's forecast prescriptions.
import type { Budget } from '../../solver';
import type { Db, Tx } from '../db/client';
import { hasBudget, weekBudget } from './budget';
import * as repo from './volume.repository';
import { siteWeekForecast } from './week-volume.service';

export async function solverBudget(
  db: Db | Tx,
  siteId: number,
  weekStart: string,
): Promise<{ budget: Budget; overBudgetWeight: number } | null> {
  const settings = await repo.findBudgetSettings(db, siteId);
  const needsForecast = settings.budgetLabourPercent !== null && settings.revenuePerRxCents !== null;
  const prescriptions = needsForecast ? (await siteWeekForecast(db, siteId, weekStart)).total : 0;
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

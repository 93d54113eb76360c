// The week's labour budget from the site's settings: paid hours, pay, or a share of the revenue the
// forecast prescriptions bring. Where pay is capped both directly and by the share, the lower holds.

export interface BudgetSettings {
  budgetHours: number | null;
  budgetCents: number | null;
  budgetLabourPercent: number | null;
  revenuePerRxCents: number | null;
  budgetHard: boolean;
  weightOverBudget: number;
}

export interface WeekBudget {
  /** Paid hours the week may plan; null for no cap on hours. */
  hours: number | null;
  /** Pay the week may plan, cents; null for no cap on pay. */
  cents: number | null;
  /** Where the pay cap comes from, in words for the page. */
  centsFrom: 'amount' | 'revenue share' | null;
  hard: boolean;
  weightOverBudget: number;
}

export function weekBudget(settings: BudgetSettings, forecastPrescriptions: number): WeekBudget {
  const share =
    settings.budgetLabourPercent !== null && settings.revenuePerRxCents !== null
      ? Math.round((forecastPrescriptions * settings.revenuePerRxCents * settings.budgetLabourPercent) / 100)
      : null;
  const direct = settings.budgetCents;
  const cents = share === null ? direct : direct === null ? share : Math.min(share, direct);
  return {
    hours: settings.budgetHours,
    cents,
    centsFrom: cents === null ? null : cents === direct ? 'amount' : 'revenue share',
    hard: settings.budgetHard,
    weightOverBudget: settings.weightOverBudget,
  };
}

/** True when the site has any budget at all. */
export function hasBudget(budget: WeekBudget): boolean {
  return budget.hours !== null || budget.cents !== null;
}

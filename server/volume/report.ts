// The manager's week report: labour against volume and budget. Pure: the services read the week's
// schedule, counts and settings and this turns them into the figures the schedule page, the report
// pages, the CSVs and the print layouts show.
import { weekCostCents } from '../scheduling/paid-hours';
import type { WeekBudget } from './budget';

export interface WorkedShift {
  staffId: number;
  hourlyRateCents: number;
  paidMinutes: number;
}

export interface LabourTotals {
  minutes: number;
  overtimeMinutes: number;
  costCents: number;
}

/** Paid minutes, overtime and pay of a week's shifts: overtime is counted per person. */
export function labourTotals(
  shifts: readonly WorkedShift[],
  overtimeThresholdMinutes: number,
  overtimeMultiplier: number,
): LabourTotals {
  const minutesByPerson = new Map<number, { minutes: number; rate: number }>();
  for (const s of shifts) {
    const entry = minutesByPerson.get(s.staffId) ?? { minutes: 0, rate: s.hourlyRateCents };
    entry.minutes += s.paidMinutes;
    minutesByPerson.set(s.staffId, entry);
  }
  const totals: LabourTotals = { minutes: 0, overtimeMinutes: 0, costCents: 0 };
  for (const { minutes, rate } of minutesByPerson.values()) {
    totals.minutes += minutes;
    totals.overtimeMinutes += Math.max(0, minutes - overtimeThresholdMinutes);
    totals.costCents += weekCostCents(rate, minutes, overtimeThresholdMinutes, overtimeMultiplier);
  }
  return totals;
}

export interface BudgetFigures {
  labourHours: number;
  costCents: number;
  forecastPrescriptions: number;
  actualPrescriptions: number | null;
  /** Prescriptions per paid labour hour: forecast / planned hours, and actual / planned hours. */
  plannedRxPerHour: number | null;
  actualRxPerHour: number | null;
  budgetHours: number | null;
  budgetCents: number | null;
  /** Planned minus budget (positive: over budget). */
  hoursOverBudget: number | null;
  centsOverBudget: number | null;
}

/** A week's hours and pay against its budget, and prescriptions per labour hour planned and actual. */
export function budgetFigures(
  labour: LabourTotals,
  prescriptions: { forecast: number; actual: number | null },
  budget: WeekBudget,
): BudgetFigures {
  const hours = labour.minutes / 60;
  return {
    labourHours: hours,
    costCents: labour.costCents,
    forecastPrescriptions: prescriptions.forecast,
    actualPrescriptions: prescriptions.actual,
    plannedRxPerHour: hours > 0 ? prescriptions.forecast / hours : null,
    actualRxPerHour: hours > 0 && prescriptions.actual !== null ? prescriptions.actual / hours : null,
    budgetHours: budget.hours,
    budgetCents: budget.cents,
    hoursOverBudget: budget.hours === null ? null : hours - budget.hours,
    centsOverBudget: budget.cents === null ? null : labour.costCents - budget.cents,
  };
}

export interface ReportInput {
  shifts: readonly WorkedShift[];
  /** Weekly paid minutes above which pay is overtime. */
  overtimeThresholdMinutes: number;
  overtimeMultiplier: number;
  /** Person-shifts required by the templates and not filled. */
  coverageGaps: number;
  callOuts: number;
  forecastPrescriptions: number;
  /** Prescriptions imported for the week so far; null before any day of it has counts. */
  actualPrescriptions: number | null;
  /** Average error per day of the forecast against the imported days (0.05 = 5 %); null without actuals. */
  forecastError: number | null;
  /** Days the forecast error is the average of (0 without actuals). */
  forecastErrorDays: number;
  budget: WeekBudget;
}

export interface WeekReport extends BudgetFigures {
  overtimeHours: number;
  coverageGaps: number;
  callOuts: number;
  forecastError: number | null;
  forecastErrorDays: number;
}

export function weekReport(input: ReportInput): WeekReport {
  const labour = labourTotals(input.shifts, input.overtimeThresholdMinutes, input.overtimeMultiplier);
  return {
    ...budgetFigures(
      labour,
      { forecast: input.forecastPrescriptions, actual: input.actualPrescriptions },
      input.budget,
    ),
    overtimeHours: labour.overtimeMinutes / 60,
    coverageGaps: input.coverageGaps,
    callOuts: input.callOuts,
    forecastError: input.forecastError,
    forecastErrorDays: input.forecastErrorDays,
  };
}

/**
 * The reports of several sites (a chain's week) added up. Rates are pooled, not averaged: planned
 * prescriptions per labour hour are all forecast prescriptions over all paid hours, the actual rate
 * counts only the sites with counts, the forecast error weighs each site by its days. A budget total
 * and its difference cover only the sites that have that budget; null when none has.
 */
export function chainTotals(reports: readonly WeekReport[]): WeekReport {
  const sum = (pick: (r: WeekReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
  const sumOf = (pick: (r: WeekReport) => number | null) => {
    const values = reports.map(pick).filter((v): v is number => v !== null);
    return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
  };
  const labourHours = sum((r) => r.labourHours);
  const forecastPrescriptions = sum((r) => r.forecastPrescriptions);
  const withActual = reports.filter((r) => r.actualPrescriptions !== null);
  const actualHours = withActual.reduce((n, r) => n + r.labourHours, 0);
  const actualPrescriptions = sumOf((r) => r.actualPrescriptions);
  const errorDays = sum((r) => r.forecastErrorDays);
  return {
    labourHours,
    costCents: sum((r) => r.costCents),
    forecastPrescriptions,
    actualPrescriptions,
    plannedRxPerHour: labourHours > 0 ? forecastPrescriptions / labourHours : null,
    actualRxPerHour:
      actualPrescriptions !== null && actualHours > 0 ? actualPrescriptions / actualHours : null,
    budgetHours: sumOf((r) => r.budgetHours),
    budgetCents: sumOf((r) => r.budgetCents),
    hoursOverBudget: sumOf((r) => r.hoursOverBudget),
    centsOverBudget: sumOf((r) => r.centsOverBudget),
    overtimeHours: sum((r) => r.overtimeHours),
    coverageGaps: sum((r) => r.coverageGaps),
    callOuts: sum((r) => r.callOuts),
    forecastError:
      errorDays === 0 ? null : sum((r) => (r.forecastError ?? 0) * r.forecastErrorDays) / errorDays,
    forecastErrorDays: errorDays,
  };
}

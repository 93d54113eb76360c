// The manager's week report: labour against volume and budget. Pure: the service reads the week's
// schedule, counts and settings and this turns them into the figures the page, the CSV and the
// print layout show.
import type { WeekBudget } from './budget';

export interface WorkedShift {
  staffId: number;
  hourlyRateCents: number;
  paidMinutes: number;
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
  budget: WeekBudget;
}

export interface WeekReport {
  labourHours: number;
  overtimeHours: number;
  costCents: number;
  coverageGaps: number;
  callOuts: number;
  forecastPrescriptions: number;
  actualPrescriptions: number | null;
  /** Prescriptions per paid labour hour: forecast / planned hours, and actual / planned hours. */
  plannedRxPerHour: number | null;
  actualRxPerHour: number | null;
  forecastError: number | null;
  budgetHours: number | null;
  budgetCents: number | null;
  /** Planned minus budget (positive: over budget). */
  hoursOverBudget: number | null;
  centsOverBudget: number | null;
}

export function weekReport(input: ReportInput): WeekReport {
  const minutesByPerson = new Map<number, { minutes: number; rate: number }>();
  for (const s of input.shifts) {
    const entry = minutesByPerson.get(s.staffId) ?? { minutes: 0, rate: s.hourlyRateCents };
    entry.minutes += s.paidMinutes;
    minutesByPerson.set(s.staffId, entry);
  }
  let minutes = 0;
  let overtimeMinutes = 0;
  let cost = 0;
  for (const { minutes: m, rate } of minutesByPerson.values()) {
    const over = Math.max(0, m - input.overtimeThresholdMinutes);
    minutes += m;
    overtimeMinutes += over;
    cost += (rate * (m - over)) / 60 + (rate * input.overtimeMultiplier * over) / 60;
  }
  const hours = minutes / 60;
  const costCents = Math.round(cost);
  return {
    labourHours: hours,
    overtimeHours: overtimeMinutes / 60,
    costCents,
    coverageGaps: input.coverageGaps,
    callOuts: input.callOuts,
    forecastPrescriptions: input.forecastPrescriptions,
    actualPrescriptions: input.actualPrescriptions,
    plannedRxPerHour: hours > 0 ? input.forecastPrescriptions / hours : null,
    actualRxPerHour:
      hours > 0 && input.actualPrescriptions !== null ? input.actualPrescriptions / hours : null,
    forecastError: input.forecastError,
    budgetHours: input.budget.hours,
    budgetCents: input.budget.cents,
    hoursOverBudget: input.budget.hours === null ? null : hours - input.budget.hours,
    centsOverBudget: input.budget.cents === null ? null : costCents - input.budget.cents,
  };
}

/**
 * A pharmacy week whose coverage comes from prescription volume and which is held to a labour budget
 * (issue 16), built the way the app builds it, from the same pure functions: a demo-like year of
 * hourly counts (prisma/seed/volume.ts) → the week's forecast (server/volume/forecast.ts) →
 * productivity standards → people needed per position and hour → the shift templates' headcounts
 * (server/volume/staffing.ts) → the demands; the budget is the demo's share of the forecast revenue
 * (server/volume/budget.ts) and a soft cap on paid hours a little below what the demands ask for,
 * so that it binds. Staff, shifts, availability and rules are those of the generated pharmacy
 * instance of the same size and seed (bench/generate-pharmacy.ts). Deterministic in (staff, seed).
 */
import { demoVolumeHistory } from '../prisma/seed/volume';
import { weekBudget } from '../server/volume/budget';
import { forecastWeek, pointsFrom } from '../server/volume/forecast';
import {
  requiredHeadcount,
  suggestHeadcounts,
  type ProductivityStandard,
  type TemplateSpan,
} from '../server/volume/staffing';
import type { Demand, PositionId, ScheduleInput } from '../solver/core/types';
import { generatePharmacyInstance } from './generate-pharmacy';

/** The Monday the generated pharmacy instances start on; the history ends the day before. */
const WEEK_START = '2026-01-05';
const DAYS = 7;
const MINUTES_PER_DAY = 1440;

/** Standards by position: pharmacists and technicians follow volume, the rest fixed work. */
const STANDARDS: Record<PositionId, ProductivityStandard> = {
  PHARMACIST: { rxPerLabourHour: 25, minimumWhenOpen: 1, fixedTasks: [] },
  TECHNICIAN: { rxPerLabourHour: 14, minimumWhenOpen: 1, fixedTasks: [{ startHour: 8, hours: 2 }] },
  IV_TECH: { rxPerLabourHour: null, minimumWhenOpen: 0, fixedTasks: [{ startHour: 7, hours: 8 }] },
  LEAD_TECH: { rxPerLabourHour: null, minimumWhenOpen: 1, fixedTasks: [] },
  INVENTORY_SPECIALIST: {
    rxPerLabourHour: null,
    minimumWhenOpen: 0,
    fixedTasks: [{ startHour: 7, hours: 6 }],
  },
};

/** The demo pharmacy's budget: labour at 13 % of revenue at $62 a prescription, soft. */
const BUDGET_SETTINGS = {
  budgetCents: null,
  budgetLabourPercent: 13,
  revenuePerRxCents: 6200,
  budgetHard: false,
  weightOverBudget: 40,
};
/** The hours cap, as a share of the paid hours the demands' minimums ask for. */
const HOURS_BUDGET_SHARE = 0.95;

export interface VolumeWeek {
  input: ScheduleInput;
  forecastPrescriptions: number;
  /** Paid hours the demands' minimums ask for. */
  requiredHours: number;
}

/** The week from volume, for `staff` people (at least 20, so that every position has someone). */
export function generateVolumeWeek(staff: number, seed = 1): VolumeWeek {
  const base = generatePharmacyInstance({ staff, days: DAYS }, seed);
  const history = demoVolumeHistory(WEEK_START);
  const forecast = forecastWeek(pointsFrom(history), WEEK_START, { weeksOfHistory: 12 });
  const demands: Demand[] = [];
  for (let day = 0; day < DAYS; day += 1) {
    const shifts = base.shifts.filter((s) => s.day === day);
    const spans: TemplateSpan[] = shifts.map((s, i) => ({
      id: i,
      startMinute: s.start - day * MINUTES_PER_DAY,
      endMinute: (s.end - day * MINUTES_PER_DAY) % MINUTES_PER_DAY,
      breakMinutes: s.breakMinutes ?? 0,
    }));
    const open = new Array<boolean>(24).fill(false);
    for (const span of spans)
      for (
        let h = Math.floor(span.startMinute / 60);
        h < Math.ceil((span.endMinute || MINUTES_PER_DAY) / 60);
        h++
      )
        open[h] = true;
    const volume = forecast.days[day]?.hours ?? new Array<number>(24).fill(0);
    for (const [position, standard] of Object.entries(STANDARDS)) {
      const { headcount } = suggestHeadcounts(requiredHeadcount(volume, open, standard), spans);
      for (const [index, min] of headcount)
        if (min > 0) demands.push({ shift: shifts[index]!.id, position, min, max: min + 1 });
    }
  }
  const shiftMinutes = new Map(base.shifts.map((s) => [s.id, s.end - s.start - (s.breakMinutes ?? 0)]));
  const requiredHours = demands.reduce((n, d) => n + d.min * (shiftMinutes.get(d.shift) ?? 0), 0) / 60;
  const budget = weekBudget(
    { ...BUDGET_SETTINGS, budgetHours: Math.round(requiredHours * HOURS_BUDGET_SHARE) },
    forecast.total,
  );
  return {
    input: {
      ...base,
      demands,
      rules: {
        ...base.rules,
        budget: {
          ...(budget.hours !== null ? { maxPaidMinutes: budget.hours * 60 } : {}),
          ...(budget.cents !== null ? { maxPay: budget.cents / 100 } : {}),
          hard: budget.hard,
        },
      },
      weights: { ...base.weights, overBudget: budget.weightOverBudget },
    },
    forecastPrescriptions: forecast.total,
    requiredHours,
  };
}

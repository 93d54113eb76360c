// The demo pharmacy's prescription history: a year of hourly counts up to yesterday, so the volume
// history, the forecast and its error show real numbers on first start. Plausible for a hospital
// outpatient pharmacy: a Monday peak, a quieter weekend, late-morning and late-afternoon rushes, a
// winter flu bump, slow growth, holidays at a third of a normal day, and a few percent of noise.
// Deterministic: the same `today` gives the same rows. Also the demo's productivity standards and
// labour budget, so the staffing page and the week report show real numbers on first start.
import { DateTime } from 'luxon';
import { mulberry32 } from '../../solver/runtime/random';

export interface VolumeHistoryRow {
  date: string;
  hour: number;
  queue: string;
  count: number;
}

/** Prescriptions on an ordinary day of each weekday (Monday first) a year ago. */
const DAY_TOTALS = [470, 420, 405, 410, 430, 230, 150];
/** Share of a weekday's prescriptions in each hour (07–21), late-morning and late-afternoon rushes. */
const WEEKDAY_HOURS: Record<number, number> = {
  7: 3,
  8: 6,
  9: 8,
  10: 10,
  11: 10,
  12: 8,
  13: 7,
  14: 7,
  15: 8,
  16: 9,
  17: 9,
  18: 7,
  19: 4,
  20: 3,
  21: 1,
};
/** Weekend hours (09–17). */
const WEEKEND_HOURS: Record<number, number> = {
  9: 10,
  10: 14,
  11: 15,
  12: 13,
  13: 12,
  14: 12,
  15: 11,
  16: 8,
  17: 5,
};
/** Month-day of holidays on fixed dates; Thanksgiving is added per year. */
const FIXED_HOLIDAYS = ['01-01', '07-04', '12-25'];
const GROWTH_PER_YEAR = 0.05;
const FLU_PEAK_DAY_OF_YEAR = 20;
const FLU_EXTRA = 0.18;

function isHoliday(day: DateTime): boolean {
  if (FIXED_HOLIDAYS.includes(day.toFormat('MM-dd'))) return true;
  // Thanksgiving: the fourth Thursday of November.
  return day.month === 11 && day.weekday === 4 && day.day > 21 && day.day <= 28;
}

/** Extra share of volume in flu season: a bell around late January, ±6 weeks. */
function fluFactor(day: DateTime): number {
  const distance = Math.min(
    Math.abs(day.ordinal - FLU_PEAK_DAY_OF_YEAR),
    365 - Math.abs(day.ordinal - FLU_PEAK_DAY_OF_YEAR),
  );
  return 1 + FLU_EXTRA * Math.exp(-((distance / 30) ** 2));
}

export function demoVolumeHistory(today: string, days = 364, seed = 16): VolumeHistoryRow[] {
  const random = mulberry32(seed);
  const end = DateTime.fromISO(today, { zone: 'utc' });
  const rows: VolumeHistoryRow[] = [];
  for (let back = days; back >= 1; back--) {
    const day = end.minus({ days: back });
    const growth = 1 + GROWTH_PER_YEAR * ((days - back) / 365);
    const total = DAY_TOTALS[day.weekday - 1]! * growth * fluFactor(day) * (isHoliday(day) ? 0.35 : 1);
    const shares = day.weekday >= 6 ? WEEKEND_HOURS : WEEKDAY_HOURS;
    const shareSum = Object.values(shares).reduce((a, b) => a + b, 0);
    for (const [hour, share] of Object.entries(shares)) {
      const noise = 1 + 0.12 * (random() - 0.5);
      rows.push({
        date: day.toISODate()!,
        hour: Number(hour),
        queue: '',
        count: Math.max(0, Math.round(((total * share) / shareSum) * noise)),
      });
    }
  }
  return rows;
}

/** Productivity standards of the demo pharmacy, by position code. */
export const DEMO_STANDARDS: {
  code: string;
  rxPerLabourHour: number | null;
  minimumWhenOpen: number;
  fixedTasks: { startHour: number; hours: number; name: string }[];
}[] = [
  { code: 'PHARMACIST', rxPerLabourHour: 25, minimumWhenOpen: 1, fixedTasks: [] },
  {
    code: 'TECHNICIAN',
    rxPerLabourHour: 14,
    minimumWhenOpen: 1,
    fixedTasks: [{ startHour: 8, hours: 2, name: 'Receiving' }],
  },
];

/** Labour at 13 % of revenue at $62 a prescription; each hour over costs the optimiser 40. */
export const DEMO_BUDGET = {
  budgetLabourPercent: 13,
  revenuePerRxCents: 6200,
  budgetHard: false,
  weightOverBudget: 40,
};

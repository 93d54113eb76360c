// From forecast volume to people: a position's productivity standard turns each hour's prescriptions
// into the headcount it needs, and the shift templates' headcounts are suggested to cover those hours
// with as few paid hours as a simple rule finds. Pure functions; the manager accepts or edits.
import { templatePaidMinutes } from '../scheduling/paid-hours';

export interface FixedTask {
  /** Local hour the task starts (0–23). */
  startHour: number;
  /** Labour hours it takes, e.g. 2 for receiving; a fraction takes part of its last hour. */
  hours: number;
}

export interface ProductivityStandard {
  /** Prescriptions one person of the position handles in a labour hour; null when volume does not drive it. */
  rxPerLabourHour: number | null;
  /** People of the position needed whenever the pharmacy is open (one pharmacist, say). */
  minimumWhenOpen: number;
  fixedTasks: readonly FixedTask[];
}

/** Work within this much of a whole person is rounded down, so 2.02 people of work needs 2. */
const ROUNDING_SLACK = 0.05;

/** Labour hours of fixed tasks falling in each hour of the day. */
export function fixedTaskHours(tasks: readonly FixedTask[]): number[] {
  const hours = new Array<number>(24).fill(0);
  for (const task of tasks) {
    let left = task.hours;
    for (let h = task.startHour; left > 0 && h < 24; h++) {
      hours[h]! += Math.min(1, left);
      left -= 1;
    }
  }
  return hours;
}

/**
 * People the position needs in each hour of a day: the volume's labour hours plus fixed tasks,
 * rounded up to whole people (less a small slack), never below the minimum while open and 0 while
 * closed.
 */
export function requiredHeadcount(
  volumeByHour: readonly number[],
  openByHour: readonly boolean[],
  standard: ProductivityStandard,
): number[] {
  const tasks = fixedTaskHours(standard.fixedTasks);
  return Array.from({ length: 24 }, (_, h) => {
    if (!openByHour[h]) return 0;
    const rate = standard.rxPerLabourHour;
    const work = (rate && rate > 0 ? (volumeByHour[h] ?? 0) / rate : 0) + tasks[h]!;
    const people = Math.max(0, Math.ceil(work - ROUNDING_SLACK));
    return Math.max(standard.minimumWhenOpen, people);
  });
}

export interface TemplateSpan {
  id: number;
  /** Minutes from local midnight; an end at or before the start crosses midnight. */
  startMinute: number;
  endMinute: number;
  breakMinutes: number;
}

/** Hours of the day (0–23) a template counts for: those it covers at least half of, before midnight. */
export function hoursCovered(template: TemplateSpan): number[] {
  const end = template.endMinute <= template.startMinute ? 24 * 60 : template.endMinute;
  const hours: number[] = [];
  for (let h = 0; h < 24; h++) {
    const overlap = Math.min(end, (h + 1) * 60) - Math.max(template.startMinute, h * 60);
    if (overlap >= 30) hours.push(h);
  }
  return hours;
}

function paidHours(template: TemplateSpan): number {
  return templatePaidMinutes(template) / 60;
}

export interface Suggestion {
  /** Headcount per template id. */
  headcount: Map<number, number>;
  /** Hours whose need no template can meet, with the people short. */
  uncovered: { hour: number; short: number }[];
}

/**
 * Headcounts per template that meet the need of every hour one of them covers: repeatedly, at the
 * earliest hour still short, add the template covering it that meets the most missing person-hours
 * per paid hour (the longer one on a tie).
 */
export function suggestHeadcounts(need: readonly number[], templates: readonly TemplateSpan[]): Suggestion {
  const covered = templates.map(hoursCovered);
  const have = new Array<number>(24).fill(0);
  const headcount = new Map(templates.map((t) => [t.id, 0]));
  const uncovered: { hour: number; short: number }[] = [];
  for (let h = 0; h < 24; h++) {
    while (have[h]! < need[h]!) {
      let best = -1;
      let bestValue = -1;
      templates.forEach((template, i) => {
        if (!covered[i]!.includes(h)) return;
        const gain = covered[i]!.filter((c) => have[c]! < need[c]!).length;
        const value = gain / Math.max(paidHours(template), 0.5);
        if (value > bestValue || (value === bestValue && covered[i]!.length > covered[best]!.length)) {
          best = i;
          bestValue = value;
        }
      });
      if (best < 0) {
        uncovered.push({ hour: h, short: need[h]! - have[h]! });
        break;
      }
      headcount.set(templates[best]!.id, headcount.get(templates[best]!.id)! + 1);
      for (const c of covered[best]!) have[c]! += 1;
    }
  }
  return { headcount, uncovered };
}

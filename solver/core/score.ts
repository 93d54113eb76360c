// Recomputes coverage, minutes and the objective of any schedule straight from the input, without
// the model: the solver's reported objective is this, and tests compare it with the engine's value.
// Each term is computed by its rule's module (rules/*.ts).
import { resolveRules, resolveWeights } from './defaults';
import { paidMinutes, weekCount, weekOf } from './calendar';
import { RULES } from './rules';
import type { PersonScore } from './rules/rule';
import type { Assignment, Coverage, Gap, ObjectiveTerms, ScheduleInput, StaffMinutes } from './types';

export interface ScheduleSummary {
  coverage: Coverage[];
  gaps: Gap[];
  minutes: StaffMinutes[];
  objective: number;
  objectiveTerms: ObjectiveTerms;
}

/** Rounds away floating-point noise (objective values are sums of weights and minute fractions). */
function tidy(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Every objective term at zero. */
export function emptyObjectiveTerms(): ObjectiveTerms {
  return {
    underCover: 0,
    overCover: 0,
    underMinMinutes: 0,
    targetDeviation: 0,
    undesired: 0,
    preferred: 0,
    requests: 0,
    laborCost: 0,
    change: 0,
    fairness: 0,
    overBudget: 0,
  };
}

export function summarizeSchedule(input: ScheduleInput, assignments: Assignment[]): ScheduleSummary {
  const shiftById = new Map(input.shifts.map((s) => [s.id, s]));
  const weeks = weekCount(input.horizon);
  const terms = emptyObjectiveTerms();

  const count = new Map<string, number>();
  for (const a of assignments) {
    const k = `${a.shift}\u0000${a.position}`;
    count.set(k, (count.get(k) ?? 0) + 1);
  }
  const coverage: Coverage[] = [];
  const gaps: Gap[] = [];
  for (const d of input.demands) {
    const assigned = count.get(`${d.shift}\u0000${d.position}`) ?? 0;
    coverage.push({
      shift: d.shift,
      position: d.position,
      min: d.min,
      assigned,
      ...(d.max !== undefined ? { max: d.max } : {}),
    });
    const missing = Math.max(0, d.min - assigned);
    if (missing > 0) gaps.push({ shift: d.shift, position: d.position, required: d.min, assigned, missing });
  }

  const minutes: StaffMinutes[] = [];
  const people: PersonScore[] = [];
  for (const person of input.staff) {
    const mine = assignments.filter((a) => a.staff === person.id);
    const byWeek = Array.from({ length: weeks }, () => 0);
    let total = 0;
    for (const a of mine) {
      const s = shiftById.get(a.shift);
      if (!s) continue;
      const m = paidMinutes(s);
      total += m;
      byWeek[weekOf(s.day)] = (byWeek[weekOf(s.day)] ?? 0) + m;
    }
    minutes.push({ staff: person.id, total, byWeek, shifts: mine.length });
    people.push({ person, mine, byWeek, total });
  }

  const context = {
    input,
    assignments,
    weights: resolveWeights(input.weights),
    rules: resolveRules(input.rules),
    shiftById,
    count,
    people,
  };
  for (const rule of RULES) rule.score?.(context, terms);

  let objective = 0;
  for (const k of Object.keys(terms) as Array<keyof ObjectiveTerms>) {
    terms[k] = tidy(terms[k]);
    objective += terms[k];
  }
  return { coverage, gaps, minutes, objective: tidy(objective), objectiveTerms: terms };
}

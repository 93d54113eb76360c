// Recomputes coverage, minutes and the objective of any schedule straight from the input, without
// the model: the solver's reported objective is this, and tests compare it with the engine's value.
import { resolveRules, resolveWeights } from './defaults';
import { paidMinutes, weekCount, weekOf } from './calendar';
import { fairnessGroups } from './fairness';
import type { Assignment, Coverage, Gap, ObjectiveTerms, ScheduleInput, StaffMinutes } from './types';

export interface ScheduleSummary {
  coverage: Coverage[];
  gaps: Gap[];
  minutes: StaffMinutes[];
  objective: number;
  objectiveTerms: ObjectiveTerms;
}

const key = (a: Assignment): string => `${a.staff}\u0000${a.shift}\u0000${a.position}`;

/** Rounds away floating-point noise (objective values are sums of weights and minute fractions). */
function tidy(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function summarizeSchedule(input: ScheduleInput, assignments: Assignment[]): ScheduleSummary {
  const w = resolveWeights(input.weights);
  const rules = resolveRules(input.rules);
  const shiftById = new Map(input.shifts.map((s) => [s.id, s]));
  const weeks = weekCount(input.horizon);
  const terms: ObjectiveTerms = {
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
  };

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
    terms.underCover += missing * (d.underWeight ?? w.underCover);
    terms.overCover += Math.max(0, assigned - d.min) * (d.overWeight ?? w.overCover);
  }

  const minutes: StaffMinutes[] = [];
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
      const entry = person.availability?.[s.id];
      if (entry?.status === 'undesired') terms.undesired += entry.weight ?? w.undesired;
      if (entry?.status === 'preferred') terms.preferred -= entry.weight ?? w.preferred;
    }
    minutes.push({ staff: person.id, total, byWeek, shifts: mine.length });

    if (!person.minMinutesHard) {
      if (person.minMinutesPerWeek !== undefined) {
        for (const m of byWeek)
          terms.underMinMinutes += (Math.max(0, person.minMinutesPerWeek - m) / 60) * w.underMinMinutes;
      }
      if (person.minMinutesTotal !== undefined) {
        terms.underMinMinutes += (Math.max(0, person.minMinutesTotal - total) / 60) * w.underMinMinutes;
      }
    }
    if (person.targetMinutes !== undefined) {
      terms.targetDeviation += (Math.abs(total - person.targetMinutes) / 60) * w.targetDeviation;
    }
    for (const req of person.requests ?? []) {
      const worked = mine.filter((a) => {
        const s = shiftById.get(a.shift);
        return s !== undefined && s.day === req.day && (req.type === undefined || s.type === req.type);
      }).length;
      if (req.kind === 'on' && worked === 0) terms.requests += req.weight;
      if (req.kind === 'off') terms.requests += worked * req.weight;
    }
    const rate = (person.hourlyCost ?? 0) * w.laborCost;
    if (rate !== 0) {
      const threshold = person.overtimeMinutesPerWeek ?? rules.overtimeMinutesPerWeek;
      terms.laborCost += (rate * total) / 60;
      for (const m of byWeek) {
        terms.laborCost +=
          (rate * Math.max(0, rules.overtimeMultiplier - 1) * Math.max(0, m - threshold)) / 60;
      }
    }
  }

  if (input.previous) {
    const costOf = (a: Assignment): number => input.changeCosts?.[a.shift] ?? w.change;
    const now = new Set(assignments.map(key));
    const before = new Set(input.previous.map(key));
    for (const a of assignments) if (!before.has(key(a))) terms.change += costOf(a);
    for (const a of input.previous) if (!now.has(key(a))) terms.change += costOf(a);
  }

  if (w.fairness !== 0) {
    for (const group of fairnessGroups(input)) {
      const ids = new Set(group.shifts.map((s) => s.id));
      for (const person of input.staff) {
        const worked = assignments.filter((a) => a.staff === person.id && ids.has(a.shift)).length;
        terms.fairness += w.fairness * Math.max(0, worked - group.share);
      }
    }
  }

  let objective = 0;
  for (const k of Object.keys(terms) as Array<keyof ObjectiveTerms>) {
    terms[k] = tidy(terms[k]);
    objective += terms[k];
  }
  return { coverage, gaps, minutes, objective: tidy(objective), objectiveTerms: terms };
}

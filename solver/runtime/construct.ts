// The constructive start: a schedule in well under a second, before any MIP has one, for the
// large-neighbourhood search to start from. Two phases over the model's assignment variables (only
// the combinations the model admits: qualified, available, …):
//
// 1. Greedy by scarcity: the requirements with the fewest qualified candidates per required person go
//    first; each is filled with the candidate whose placement costs least, as long as it breaks no hard
//    rule beyond those that more shifts can still mend (minimum hours, minimum runs, the ratio).
// 2. Local search: add, drop, hand a shift to another candidate, or trade one shift for another, kept
//    when the cost falls, where the cost is the objective plus a large penalty per hard violation (and
//    per hour short of a hard minimum, so that a person below it is pulled up hour by hour).
//
// A move is evaluated incrementally: only the people it touches are re-checked (every rule module's
// per-person checks, exactly as verifySchedule runs them, and their per-person score terms), coverage
// from counts; the rules that span people (the ratio, a hard budget…) are checked when a move is about
// to be kept. Deterministic for a seed and a move budget; a deadline only shortens the search.
import { paidMinutes, weekCount, weekOf } from '../core/calendar';
import { resolveRules, resolveWeights } from '../core/defaults';
import { fairnessGroups } from '../core/fairness';
import { RULES } from '../core/rules';
import type { PersonScore, Placed, ScoreContext } from '../core/rules/rule';
import { emptyObjectiveTerms, summarizeSchedule } from '../core/score';
import type {
  Assignment,
  ObjectiveTerms,
  ScheduleInput,
  ShiftInstance,
  Staff,
  Violation,
  ViolationRule,
} from '../core/types';
import { checkPersonPlacements, verifySchedule } from '../core/verify';
import { mulberry32 } from './random';

/** A model variable deciding one assignment. */
export interface CandidateVar {
  index: number;
  assignment: Assignment;
}

export interface ConstructOptions {
  seed: number;
  /** Local-search moves tried at most: the work limit (same seed and limit → same schedule). */
  maxMoves?: number;
  /** Epoch milliseconds at which the local search stops, whatever the move budget. */
  deadline?: number;
  /** Polled between moves; true = stop and return the schedule so far. */
  shouldStop?: () => boolean;
}

export interface ConstructResult {
  /** Indices of the model variables set to 1 (the others 0). */
  chosen: number[];
  /** The schedule: the locked assignments and the chosen ones. */
  assignments: Assignment[];
  /** summarizeSchedule's objective of `assignments`. */
  objective: number;
  /** The objective after the greedy phase, before the local search, and how many hard rules it broke. */
  greedyObjective: number;
  greedyViolations: number;
  /** verifySchedule's violations of `assignments` (none: a valid schedule). */
  violations: Violation[];
  moves: number;
  improvements: number;
}

export const DEFAULT_CONSTRUCT_MOVES = 60_000;
/** Cost of one hard violation: above any objective a schedule of these sizes reaches. */
const HARD = 1e7;
/** Cost of one hour short of a hard minimum. */
const HARD_PER_HOUR = 1e6;
/** Rules a partial schedule breaks until more shifts are added: not held against the greedy phase. */
const MENDABLE = new Set<ViolationRule>([
  'MIN_MINUTES_WEEK',
  'MIN_MINUTES_TOTAL',
  'MIN_CONSECUTIVE_DAYS',
  'RATIO',
]);
/** Score terms of the whole schedule, computed apart; every other rule's score is a sum over people. */
const GLOBAL_SCORED = new Set(['coverage', 'budget', 'fairness']);
const PERSON_SCORE_RULES = RULES.filter((r) => r.score !== undefined && !GLOBAL_SCORED.has(r.name));
/** Whole-schedule checks run before a move is kept (coverage's maximum and hours' minimums are costed here). */
const SCHEDULE_CHECK_RULES = RULES.filter(
  (r) => r.checkSchedule !== undefined && r.name !== 'coverage' && r.name !== 'hours',
);
/** Whole-schedule rules that can report nothing on an input without what they govern (a rule not named here is always checked). */
const SCHEDULE_CHECK_APPLIES: Record<string, (input: ScheduleInput) => boolean> = {
  ratio: (input) => input.positions.some((p) => p.ratioRole !== undefined),
  frozen: (input) => (input.frozenShifts?.length ?? 0) > 0,
  locked: (input) => (input.locked?.length ?? 0) > 0,
  budget: (input) => input.rules?.budget !== undefined,
};
const BUDGET_RULE = RULES.find((r) => r.name === 'budget');

const sumTerms = (t: ObjectiveTerms): number => Object.values(t).reduce((a: number, b: number) => a + b, 0);

interface Candidate {
  index: number;
  assignment: Assignment;
  person: number;
  shift: ShiftInstance;
  demand: number;
}

/**
 * Builds a schedule from the model's assignment variables `vars` (see the file header). The result is
 * never worse than the greedy schedule it starts the local search from.
 */
export function constructSchedule(
  input: ScheduleInput,
  vars: CandidateVar[],
  options: ConstructOptions,
): ConstructResult {
  const random = mulberry32(options.seed);
  const rules = resolveRules(input.rules);
  const weights = resolveWeights(input.weights);
  const shiftById = new Map(input.shifts.map((s) => [s.id, s]));
  const staffIndex = new Map(input.staff.map((p, i) => [p.id, i]));
  const demandIndex = new Map(input.demands.map((d, i) => [`${d.shift}\u0000${d.position}`, i]));
  const weeks = weekCount(input.horizon);
  const groups = weights.fairness === 0 ? [] : fairnessGroups(input);
  const groupShifts = groups.map((g) => new Set(g.shifts.map((s) => s.id)));
  const label = (s: ShiftInstance): string => s.id;
  const scheduleChecks = SCHEDULE_CHECK_RULES.filter((r) => SCHEDULE_CHECK_APPLIES[r.name]?.(input) ?? true);

  const cands: Candidate[] = [];
  for (const v of vars) {
    const person = staffIndex.get(v.assignment.staff);
    const shift = shiftById.get(v.assignment.shift);
    const demand = demandIndex.get(`${v.assignment.shift}\u0000${v.assignment.position}`);
    if (person === undefined || !shift || demand === undefined) continue;
    cands.push({ index: v.index, assignment: v.assignment, person, shift, demand });
  }
  const byPerson: number[][] = input.staff.map(() => []);
  const byDemand: number[][] = input.demands.map(() => []);
  const byPersonDay: number[][][] = input.staff.map(() =>
    Array.from({ length: input.horizon.days }, () => []),
  );
  const byPersonDemand = new Map<string, number>();
  cands.forEach((c, i) => {
    byPerson[c.person]?.push(i);
    byDemand[c.demand]?.push(i);
    byPersonDay[c.person]?.[c.shift.day]?.push(i);
    byPersonDemand.set(`${c.person}:${c.demand}`, i);
  });
  /** Who shares at least one requirement with each person: partners for swaps. */
  const partners: number[][] = input.staff.map((_, p) => {
    const out = new Set<number>();
    for (const i of byPerson[p] ?? [])
      for (const j of byDemand[(cands[i] as Candidate).demand] ?? []) out.add((cands[j] as Candidate).person);
    out.delete(p);
    return [...out];
  });
  const fixedOf: Assignment[][] = input.staff.map(() => []);
  for (const a of input.locked ?? []) {
    const p = staffIndex.get(a.staff);
    if (p !== undefined) fixedOf[p]?.push(a);
  }
  const count: number[] = input.demands.map(() => 0);
  for (const a of input.locked ?? []) {
    const d = demandIndex.get(`${a.shift}\u0000${a.position}`);
    if (d !== undefined) count[d] = (count[d] ?? 0) + 1;
  }
  const previousOf: Assignment[][] = input.staff.map(() => []);
  for (const a of input.previous ?? []) {
    const p = staffIndex.get(a.staff);
    if (p !== undefined) previousOf[p]?.push(a);
  }
  const personInputs = input.staff.map((_, p) => ({ ...input, previous: previousOf[p] ?? [] }));

  const on = new Uint8Array(cands.length);
  const mine: number[][] = input.staff.map(() => []);
  let relaxed = true;

  const scoreOf = (p: number, assignments: Assignment[]): PersonScore => {
    const byWeek = Array.from({ length: weeks }, () => 0);
    let total = 0;
    for (const a of assignments) {
      const s = shiftById.get(a.shift);
      if (!s) continue;
      const m = paidMinutes(s);
      total += m;
      byWeek[weekOf(s.day)] = (byWeek[weekOf(s.day)] ?? 0) + m;
    }
    return { person: input.staff[p] as Staff, mine: assignments, byWeek, total };
  };

  /** One person's cost: hard violations (all, or only the unmendable in the greedy phase) and soft terms. */
  const personCost = (p: number, list: number[]): number => {
    const person = input.staff[p] as Staff;
    const assignments = [...(fixedOf[p] ?? []), ...list.map((i) => (cands[i] as Candidate).assignment)];
    const placed: Placed[] = [];
    for (const a of assignments) {
      const shift = shiftById.get(a.shift);
      if (shift) placed.push({ assignment: a, shift });
    }
    placed.sort((x, y) => x.shift.start - y.shift.start || x.shift.end - y.shift.end);
    const found: Violation[] = [];
    checkPersonPlacements(input, rules, person, placed, label, found);
    let cost = 0;
    for (const v of found) if (!relaxed || !MENDABLE.has(v.rule)) cost += HARD;
    const ps = scoreOf(p, assignments);
    if (!relaxed && person.minMinutesHard) {
      if (person.minMinutesTotal !== undefined)
        cost += (HARD_PER_HOUR * Math.max(0, person.minMinutesTotal - ps.total)) / 60;
      if (person.minMinutesPerWeek !== undefined)
        for (const m of ps.byWeek) cost += (HARD_PER_HOUR * Math.max(0, person.minMinutesPerWeek - m)) / 60;
    }
    const terms = emptyObjectiveTerms();
    const context: ScoreContext = {
      input: personInputs[p] as ScheduleInput,
      assignments,
      weights,
      rules,
      shiftById,
      count: new Map(),
      people: [ps],
    };
    for (const rule of PERSON_SCORE_RULES) rule.score?.(context, terms);
    groups.forEach((g, k) => {
      const ids = groupShifts[k] as Set<string>;
      const worked = assignments.filter((a) => ids.has(a.shift)).length;
      terms.fairness += weights.fairness * Math.max(0, worked - g.share);
    });
    return cost + sumTerms(terms);
  };

  const coverCost = (d: number, n: number): number => {
    const demand = input.demands[d];
    if (!demand) return 0;
    const under = demand.underWeight ?? weights.underCover;
    const over = demand.overWeight ?? weights.overCover;
    const tooMany = demand.max !== undefined && n > demand.max ? HARD * (n - demand.max) : 0;
    return under * Math.max(0, demand.min - n) + over * Math.max(0, n - demand.min) + tooMany;
  };

  const currentAssignments = (): Assignment[] => {
    const out: Assignment[] = [...(input.locked ?? [])];
    cands.forEach((c, i) => {
      if (on[i]) out.push(c.assignment);
    });
    return out;
  };

  /** Hard violations of the rules that span people, plus a soft budget (only when the input has one). */
  const globalCost = (): number => {
    if (scheduleChecks.length === 0) return 0;
    const assignments = currentAssignments();
    const placedByStaff = new Map<string, Placed[]>();
    for (const a of assignments) {
      const shift = shiftById.get(a.shift);
      if (!shift) continue;
      placedByStaff.set(a.staff, [...(placedByStaff.get(a.staff) ?? []), { assignment: a, shift }]);
    }
    let cost = 0;
    for (const rule of scheduleChecks) {
      const found = rule.checkSchedule?.({ input, assignments, placedByStaff }) ?? [];
      for (const v of found) if (!relaxed || !MENDABLE.has(v.rule)) cost += HARD;
    }
    if (input.rules?.budget && BUDGET_RULE?.score) {
      const terms = emptyObjectiveTerms();
      BUDGET_RULE.score(
        {
          input,
          assignments,
          weights,
          rules,
          shiftById,
          count: new Map(),
          people: input.staff.map((_, p) =>
            scoreOf(
              p,
              assignments.filter((a) => a.staff === input.staff[p]?.id),
            ),
          ),
        },
        terms,
      );
      cost += sumTerms(terms);
    }
    return cost;
  };

  const cost: number[] = input.staff.map((_, p) => personCost(p, []));
  let global = globalCost();

  /** A move: the candidates switched on and off. Returns the change of cost, without applying it. */
  const evaluate = (add: number[], drop: number[]): { delta: number; lists: Map<number, number[]> } => {
    const lists = new Map<number, number[]>();
    const listOf = (p: number): number[] => {
      let l = lists.get(p);
      if (!l) {
        l = [...(mine[p] ?? [])];
        lists.set(p, l);
      }
      return l;
    };
    const counts = new Map<number, number>();
    for (const i of drop) {
      const c = cands[i] as Candidate;
      const l = listOf(c.person);
      l.splice(l.indexOf(i), 1);
      counts.set(c.demand, (counts.get(c.demand) ?? count[c.demand] ?? 0) - 1);
    }
    for (const i of add) {
      const c = cands[i] as Candidate;
      listOf(c.person).push(i);
      counts.set(c.demand, (counts.get(c.demand) ?? count[c.demand] ?? 0) + 1);
    }
    let delta = 0;
    for (const [d, n] of counts) delta += coverCost(d, n) - coverCost(d, count[d] ?? 0);
    for (const [p, l] of lists) delta += personCost(p, l) - (cost[p] ?? 0);
    return { delta, lists };
  };

  /**
   * Applies a move evaluated by `evaluate` (`delta`) if, with the change of the whole-schedule checks,
   * the cost does not rise (`strict`: falls); else undoes it and answers false.
   */
  const apply = (
    add: number[],
    drop: number[],
    lists: Map<number, number[]>,
    delta: number,
    strict: boolean,
  ): boolean => {
    const before = new Map<number, number[]>();
    for (const [p, l] of lists) {
      before.set(p, mine[p] ?? []);
      mine[p] = l;
    }
    for (const i of drop) {
      on[i] = 0;
      const d = (cands[i] as Candidate).demand;
      count[d] = (count[d] ?? 0) - 1;
    }
    for (const i of add) {
      on[i] = 1;
      const d = (cands[i] as Candidate).demand;
      count[d] = (count[d] ?? 0) + 1;
    }
    {
      const next = globalCost();
      const total = delta + next - global;
      if (strict ? total >= -1e-9 : total > 1e-9) {
        for (const [p, l] of before) mine[p] = l;
        for (const i of add) {
          on[i] = 0;
          const d = (cands[i] as Candidate).demand;
          count[d] = (count[d] ?? 0) - 1;
        }
        for (const i of drop) {
          on[i] = 1;
          const d = (cands[i] as Candidate).demand;
          count[d] = (count[d] ?? 0) + 1;
        }
        return false;
      }
      global = next;
    }
    for (const p of lists.keys()) cost[p] = personCost(p, mine[p] ?? []);
    return true;
  };

  // ---- 1. Greedy by scarcity: fewest candidates per required person first, ties in seeded order.
  const order = input.demands
    .map((d, k) => ({ k, scarcity: (byDemand[k]?.length ?? 0) / Math.max(1, d.min), tie: random() }))
    .filter((x) => (input.demands[x.k]?.min ?? 0) > 0)
    .sort((a, b) => a.scarcity - b.scarcity || a.tie - b.tie);
  const stopped = (): boolean =>
    options.shouldStop?.() === true || (options.deadline !== undefined && Date.now() >= options.deadline);
  for (const { k } of order) {
    // A large week under load may not finish its greedy pass in time: the rest stays for HiGHS.
    if (stopped()) break;
    const demand = input.demands[k];
    if (!demand) continue;
    while ((count[k] ?? 0) < demand.min) {
      let best: { i: number; delta: number; lists: Map<number, number[]> } | null = null;
      for (const i of byDemand[k] ?? []) {
        if (on[i]) continue;
        const e = evaluate([i], []);
        if (e.delta < 0 && (!best || e.delta < best.delta)) best = { i, ...e };
      }
      if (!best || !apply([best.i], [], best.lists, best.delta, true)) break;
    }
  }

  // ---- 2. Local search on the full cost.
  relaxed = false;
  input.staff.forEach((_, p) => (cost[p] = personCost(p, mine[p] ?? [])));
  global = globalCost();
  const greedyObjective = summarizeSchedule(input, currentAssignments()).objective;
  const greedyViolations = verifySchedule(input, currentAssignments()).length;
  const maxMoves = options.maxMoves ?? DEFAULT_CONSTRUCT_MOVES;
  const pick = <T>(items: T[]): T | undefined => items[Math.floor(random() * items.length)];
  let moves = 0;
  let improvements = 0;
  const hasCandidates = input.staff.map((_, p) => p).filter((p) => (byPerson[p]?.length ?? 0) > 0);
  while (moves < maxMoves && cands.length > 0 && hasCandidates.length > 0) {
    if (moves % 64 === 0 && stopped()) break;
    moves += 1;
    // Most moves go to a person who breaks a rule, if any; half of the others to the costliest of a few drawn.
    let p = pick(hasCandidates) as number;
    const breaking = hasCandidates.filter((q) => (cost[q] ?? 0) >= HARD_PER_HOUR);
    if (breaking.length > 0 && random() < 0.7) p = pick(breaking) as number;
    else if (random() < 0.5) {
      for (let t = 0; t < 3; t++) {
        const q = pick(hasCandidates) as number;
        if ((cost[q] ?? 0) > (cost[p] ?? 0)) p = q;
      }
    }
    const own = mine[p] ?? [];
    const notOwn = (): number | undefined => {
      const i = pick(byPerson[p] ?? []);
      return i === undefined || on[i] ? undefined : i;
    };
    const kind = random();
    let add: number[] = [];
    let drop: number[] = [];
    const days = input.horizon.days;
    const span = 1 + Math.floor(random() * Math.min(4, days));
    const from = Math.floor(random() * (days - span + 1));
    const ownOn = (q: number, d: number): number[] => (byPersonDay[q]?.[d] ?? []).filter((i) => on[i]);
    if (kind < 0.2) {
      // Swap a block of days with a partner: each takes the other's requirements there (coverage kept).
      const q = pick(partners[p] ?? []);
      if (q === undefined) continue;
      let possible = true;
      for (let d = from; d < from + span && possible; d++) {
        for (const [a, b] of [
          [p, q],
          [q, p],
        ] as const) {
          for (const i of ownOn(a, d)) {
            const j = byPersonDemand.get(`${b}:${(cands[i] as Candidate).demand}`);
            if (j === undefined || on[j]) possible = false;
            else {
              drop.push(i);
              add.push(j);
            }
          }
        }
      }
      if (!possible || add.length === 0) continue;
    } else if (kind < 0.3) {
      // Drop a block of days, or fill one with shifts (a run of work or of days off made longer).
      if (random() < 0.5) {
        for (let d = from; d < from + span; d++) drop.push(...ownOn(p, d));
      } else {
        for (let d = from; d < from + span; d++) {
          if (ownOn(p, d).length > 0) continue;
          const i = pick(byPersonDay[p]?.[d] ?? []);
          if (i !== undefined) add.push(i);
        }
      }
      if (add.length + drop.length === 0) continue;
    } else if (kind < 0.45) {
      const i = notOwn();
      if (i === undefined) continue;
      add = [i];
    } else if (kind < 0.55) {
      const i = pick(own);
      if (i === undefined) continue;
      drop = [i];
    } else if (kind < 0.8) {
      // Hand one of p's shifts to another candidate of the same requirement.
      const i = pick(own);
      if (i === undefined) continue;
      const j = pick(byDemand[(cands[i] as Candidate).demand] ?? []);
      if (j === undefined || j === i || on[j]) continue;
      add = [j];
      drop = [i];
    } else {
      // Trade one of p's shifts for another p could work (a different day, type or requirement).
      const i = pick(own);
      const j = notOwn();
      if (i === undefined || j === undefined) continue;
      add = [j];
      drop = [i];
    }
    const e = evaluate(add, drop);
    // The whole-schedule checks can only add cost when none is broken: such a move is rejected at once.
    if (global === 0 && e.delta > 1e-9) continue;
    // Equal-cost moves are taken too: drifting across a plateau finds ways down.
    const before = global;
    if (apply(add, drop, e.lists, e.delta, false) && e.delta + global - before < -1e-9) improvements += 1;
  }

  const assignments = currentAssignments();
  const objective = summarizeSchedule(input, assignments).objective;
  const chosen: number[] = [];
  cands.forEach((c, i) => {
    if (on[i]) chosen.push(c.index);
  });
  return {
    chosen,
    assignments,
    objective,
    greedyObjective,
    greedyViolations,
    violations: verifySchedule(input, assignments),
    moves,
    improvements,
  };
}

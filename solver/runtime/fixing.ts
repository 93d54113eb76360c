// Fixing by reduced cost, from a proven Lagrangian bound of the column generation (`Proof`). Every
// schedule of the whole model costs at least the bound plus, for each person, how much their own
// schedule costs above their least under the proof's reduced costs. So in a schedule of cost at most
// `bound + room`, no person's schedule costs more than `room` above their least: an assignment that
// every such schedule of theirs has (or lacks) can be fixed so. HiGHS prices each person once with each
// assignment turned the other way; its proven least cost there says for which rooms the assignment is
// fixed, and a schedule it finds on the way shows which other assignments cannot be fixed below its
// cost, which saves their solves. When the bound is close to the optimum (Curtois Instance5: 1140.56
// against 1143), most assignments are fixed and HiGHS searches the rest quickly.
import type { LpModel } from '../core/model';
import { reducedCostsAt, type Block, type Decomposition, type Proof } from './column-generation';
import { openPricingSession, searchWithBounds, type PricingSession } from './engines/highs';
import type { LnsSchedule } from './lns';

/** Relative tolerance taken off each room, so that HiGHS's own tolerances never fix too much. */
const ROOM_MARGIN = 1e-6;
/** The pace of the fixings is judged once they have run this long. */
const PACE_AFTER_MS = 1000;

interface Person {
  block: Block;
  session: PricingSession;
  costs: number[];
  least: number;
  /** The person's cheapest schedule under `costs`, on the block's columns. */
  cheapest: number[];
  /** Local indices of the columns that may be fixed. */
  candidates: number[];
  /** Per local column: proven least cost with it turned from `cheapest` (−Infinity: not known). */
  proven: Map<number, number>;
  /** Per local column: least cost seen of a schedule with it turned from `cheapest`. */
  seen: Map<number, number>;
}

export interface Fixer {
  /**
   * Columns (whole-model indices) and the value every schedule of cost at most `proof.bound + room`
   * has there; null when the time ran out or `shouldStop` said so first.
   */
  fixings: (room: number, deadline: number, shouldStop: () => boolean) => Promise<Map<number, number> | null>;
  dispose: () => void;
}

/** A fixer for the 0/1 columns of `candidates` (whole-model indices of columns of a person). */
export function openFixer(lp: LpModel, d: Decomposition, proof: Proof, candidates: Set<number>): Fixer {
  const people: Array<Person | null | undefined> = [];
  const person = async (p: number, deadline: number, shouldStop: () => boolean): Promise<Person | null> => {
    const known = people[p];
    if (known !== undefined) return known;
    const block = d.blocks[p] as Block;
    const local = block.vars.flatMap((v, i) => (candidates.has(v) ? [i] : []));
    const costs = reducedCostsAt(lp, d, proof.duals, block.vars);
    const session = await openPricingSession(block.lp);
    const cheapest = session.solve(costs, null, Math.max(1, deadline - Date.now()), shouldStop);
    if (!cheapest) {
      session.dispose();
      // Stopped: ask again next time. No schedule at all: nothing to fix.
      if (shouldStop() || Date.now() >= deadline) return null;
      people[p] = null;
      return null;
    }
    const made: Person = {
      block,
      session,
      costs,
      least: proof.least[p] ?? -Infinity,
      cheapest: cheapest.values.map((x) => (x > 0.5 ? 1 : 0)),
      candidates: local,
      proven: new Map(),
      seen: new Map(),
    };
    people[p] = made;
    return made;
  };
  return {
    fixings: async (room, deadline, shouldStop) => {
      const fixed = new Map<number, number>();
      const started = Date.now();
      let done = 0;
      // Out of time, or (once a second has gone) on a pace that would not finish in it: HiGHS's solves
      // take tens of milliseconds on Curtois Instance5, hundreds on Instance8.
      const over = (): boolean =>
        shouldStop() ||
        Date.now() >= deadline ||
        (Date.now() - started > PACE_AFTER_MS &&
          done > 0 &&
          started + ((Date.now() - started) / done) * candidates.size > deadline);
      for (let p = 0; p < d.blocks.length; p++) {
        if (over()) return null;
        const made = await person(p, deadline, shouldStop);
        if (!made) {
          if (over()) return null;
          continue;
        }
        const limit = made.least + room + ROOM_MARGIN * Math.max(1, Math.abs(made.least) + room);
        for (const i of made.candidates) {
          done += 1;
          const value = made.cheapest[i] ?? 0;
          let proven = made.proven.get(i);
          if (proven === undefined && (made.seen.get(i) ?? Infinity) > limit) {
            if (over()) return null;
            const answer = made.session.solve(
              made.costs,
              null,
              Math.max(1, deadline - Date.now()),
              shouldStop,
              { index: i, value: 1 - value },
            );
            // A solve cut short proves only a weaker bound: not kept, the next call asks again.
            if (over()) return null;
            if (!answer) {
              // No schedule of theirs with it turned, or HiGHS failed: left unfixed, and not asked again.
              made.proven.set(i, -Infinity);
              continue;
            }
            made.proven.set(i, answer.bound);
            proven = answer.bound;
            // Every column this schedule turns costs at most its cost turned.
            for (const j of made.candidates) {
              if (((answer.values[j] ?? 0) > 0.5 ? 1 : 0) === made.cheapest[j]) continue;
              if (answer.cost < (made.seen.get(j) ?? Infinity)) made.seen.set(j, answer.cost);
            }
          }
          if (proven !== undefined && proven > limit) fixed.set(made.block.vars[i] as number, value);
        }
      }
      return fixed;
    },
    dispose: () => {
      for (const made of people) made?.session.dispose();
    },
  };
}

/** Whether every schedule's objective is a whole number, so that a bound of 606.2 proves 607. */
export function hasIntegralObjective(lp: LpModel): boolean {
  return (
    Number.isInteger(lp.constant) && lp.vars.every((v) => v.cost === 0 || (v.int && Number.isInteger(v.cost)))
  );
}

export interface ProveOptions {
  deadline: number;
  shouldStop: () => boolean;
  /** The best schedule's objective known now (model constant included), or Infinity. */
  best: () => number;
  /** Each step's time: the fixings, then HiGHS's search, each within this many milliseconds. */
  stepLimitMs: number;
  onIncumbent: (schedule: LnsSchedule) => void;
  /** Each better lower bound on the whole model's objective (model constant included). */
  onBound: (bound: number) => void;
  onProgress?: (message: string) => void;
}

export interface ProveResult {
  /** The best schedule's objective is proven optimal: no schedule costs less than `bound`. */
  proven: boolean;
  /** The lower bound reached (model constant included). */
  bound: number;
  steps: number;
}

/**
 * Raises a whole-number objective's lower bound one step at a time from `proof`: is there a schedule
 * of cost `bound`? The assignments fixed for that room leave HiGHS a small model; when it has none of
 * that cost, the bound rises by one; when it has, that schedule is optimal. It ends when the bound
 * meets the best schedule known (`best`), or gives up when a step does not fit in `stepLimitMs`.
 * Only for models whose objective is a whole number (`hasIntegralObjective`).
 */
export async function proveByFixing(
  lp: LpModel,
  d: Decomposition,
  proof: Proof,
  candidates: Set<number>,
  options: ProveOptions,
): Promise<ProveResult> {
  const fixer = openFixer(lp, d, proof, candidates);
  let bound = Math.ceil(proof.bound - 1e-6);
  let steps = 0;
  const over = (): boolean => options.shouldStop() || Date.now() >= options.deadline;
  try {
    while (!over() && options.best() > bound + 1e-9) {
      const started = Date.now();
      const fixed = await fixer.fixings(
        bound - proof.bound,
        Math.min(options.deadline, started + options.stepLimitMs),
        options.shouldStop,
      );
      if (!fixed) break;
      const lower = lp.vars.map(() => 0);
      const upper = lp.vars.map((v) => v.ub);
      for (const [v, x] of fixed) {
        lower[v] = x;
        upper[v] = x;
      }
      const fixedMs = Date.now() - started;
      const search = await searchWithBounds(
        lp,
        lower,
        upper,
        Math.max(1, Math.min(options.deadline - Date.now(), options.stepLimitMs)),
        options.shouldStop,
      );
      steps += 1;
      const found = search.schedule;
      if (found && found.objective + lp.constant < options.best() - 1e-9) options.onIncumbent(found);
      options.onProgress?.(
        `fixing: ${fixed.size} of ${candidates.size} assignments fixed for cost ${bound} in ${fixedMs} ms; HiGHS ${search.status}${found ? ` at ${Math.round((found.objective + lp.constant) * 100) / 100}` : ''} in ${Date.now() - started - fixedMs} ms`,
      );
      if (search.status === 'limit') break;
      // Searched to the end: every schedule of cost `bound` or less keeps the fixings.
      if (found && found.objective + lp.constant <= bound + 1e-6) {
        options.onBound(bound);
        return { proven: true, bound, steps };
      }
      bound += 1;
      options.onBound(bound);
    }
    return { proven: !over() && options.best() <= bound + 1e-9, bound, steps };
  } finally {
    fixer.dispose();
  }
}

// Large-neighbourhood search (LNS) around a MIP engine. From a feasible schedule it repeatedly frees a
// part of the roster — a few people over the whole horizon, a window of days for everybody, a block of
// people × days, or the people who can work one shift type in a window — fixes every other assignment
// variable to its current value through column bounds, and has the engine re-optimise that sub-MIP
// under a short time limit. HiGHS alone stalls on the larger Curtois instances (Instance8: one schedule
// in 300 s, 788 % above the optimum) because every node LP is the whole model; the sub-MIPs are small
// enough to be solved to optimality in a second or two, so improvements come steadily.
//
// Deterministic for a fixed seed and iteration count as long as no sub-MIP hits its time limit: the
// neighbourhood size and kind adapt only to the sub-MIPs' outcomes (proved / stopped, improved or not),
// never to how long they took. Under a wall-clock limit the number of iterations, and so the result,
// depends on the machine's speed; with `subNodeLimit` and `maxIterations` (deterministic mode) every
// sub-MIP ends at a node count instead, and the search is the same on any machine.
import type { BuiltModel, LpModel } from '../core/model';
import type { ScheduleInput } from '../core/types';
import type { SubMipAnswer, SubMipRequest } from './engines/highs';
import { mulberry32 } from './random';

/** An assignment variable with the person, day and shift type it decides (small integer ids). */
export interface LnsVar {
  index: number;
  staff: number;
  day: number;
  type: number;
}

export interface LnsStructure {
  vars: LnsVar[];
  staffCount: number;
  days: number;
  typeCount: number;
}

export interface LnsSchedule {
  values: number[];
  /** Engine objective of `values` (without the model constant). */
  objective: number;
}

export interface LnsOptions {
  /** Seed of the PRNG that picks the neighbourhoods. */
  seed: number;
  /** Epoch milliseconds at which the search stops. */
  deadline: number;
  /** Stop after this many sub-MIPs (tests). Default: until the deadline. */
  maxIterations?: number;
  /** Time limit of one sub-MIP, milliseconds. Default `SUB_MIP_LIMIT_MS`. */
  subLimitMs?: number;
  /**
   * A work limit per sub-MIP instead: branch-and-bound nodes (doubling as the search stalls, like the
   * time limit); each sub-MIP's time limit is then only the deadline.
   */
  subNodeLimit?: number;
  /** Polled between sub-MIPs and inside them; true = stop and return the best so far. */
  shouldStop?: () => boolean;
  /** A better schedule found elsewhere (the full MIP in the other worker), adopted between sub-MIPs. */
  takeOutside?: () => LnsSchedule | null;
  /** Each strictly better schedule the search finds. */
  onImproved?: (best: LnsSchedule) => void;
  onProgress?: (message: string) => void;
}

export interface LnsResult extends LnsSchedule {
  iterations: number;
  improvements: number;
}

export type SubMipSolver = (request: SubMipRequest) => SubMipAnswer;

/** People, days and shift types of the model's assignment variables, as small integer ids. */
export function buildLnsStructure(input: ScheduleInput, built: BuiltModel): LnsStructure {
  const staffIds = new Map(input.staff.map((p, i) => [p.id, i]));
  const types = [...new Set(input.shifts.map((s) => s.type))].sort();
  const typeIds = new Map(types.map((t, i) => [t, i]));
  const shiftById = new Map(input.shifts.map((s) => [s.id, s]));
  const vars: LnsVar[] = [];
  for (const { index, assignment } of built.assignmentVars) {
    const shift = shiftById.get(assignment.shift);
    if (!shift) continue;
    vars.push({
      index,
      staff: staffIds.get(assignment.staff) ?? 0,
      day: shift.day,
      type: typeIds.get(shift.type) ?? 0,
    });
  }
  return { vars, staffCount: input.staff.length, days: input.horizon.days, typeCount: types.length };
}

/** Sub-MIP time limit: long enough for HiGHS to prove a neighbourhood of a few hundred assignments. */
export const SUB_MIP_LIMIT_MS = 500;
/** Most time one sub-MIP gets when the search stalls (the limit doubles every `STALL_STEP` failures). */
const MAX_SUB_MIP_LIMIT_MS = 16_000;
const STALL_STEP = 15;
/** Most a sub-MIP's node limit grows when the search stalls (as the time limit: 500 ms → 16 s). */
const MAX_NODE_GROWTH = MAX_SUB_MIP_LIMIT_MS / SUB_MIP_LIMIT_MS;
/** Share of the assignment variables freed at first; grows after proved sub-MIPs, shrinks after stopped ones. */
const INITIAL_FREE_SHARE = 0.12;
const MIN_FREE_SHARE = 0.02;
const MAX_FREE_SHARE = 0.7;
const GROW = 1.15;
const SHRINK = 0.8;
const IMPROVEMENT_EPSILON = 1e-6;

type Kind = 'staff' | 'days' | 'block' | 'type';
const KINDS: readonly Kind[] = ['staff', 'days', 'block', 'type'];

function sample<T>(items: T[], count: number, random: () => number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) {
    const i = Math.floor(random() * pool.length);
    out.push(pool.splice(i, 1)[0] as T);
  }
  return out;
}

function clampCount(x: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Math.round(x)));
}

/** The assignment variables one neighbourhood frees. */
function pickNeighbourhood(
  structure: LnsStructure,
  kind: Kind,
  share: number,
  random: () => number,
): Set<number> {
  const { staffCount, days } = structure;
  const everyone = Array.from({ length: staffCount }, (_, i) => i);
  const window = (length: number): [number, number] => {
    const l = clampCount(length, 1, days);
    const from = Math.floor(random() * (days - l + 1));
    return [from, from + l];
  };
  let staff: Set<number>;
  let from = 0;
  let to = days;
  if (kind === 'staff') {
    staff = new Set(sample(everyone, clampCount(share * staffCount, 1, staffCount), random));
  } else if (kind === 'days') {
    staff = new Set(everyone);
    [from, to] = window(share * days);
  } else if (kind === 'block') {
    const root = Math.sqrt(share);
    staff = new Set(sample(everyone, clampCount(root * staffCount, 1, staffCount), random));
    [from, to] = window(root * days);
  } else {
    // People who can work one shift type, over a window: they can swap shifts of that type.
    const type = Math.floor(random() * Math.max(1, structure.typeCount));
    const root = Math.sqrt(share);
    [from, to] = window(root * days);
    const able = [
      ...new Set(
        structure.vars.filter((v) => v.type === type && v.day >= from && v.day < to).map((v) => v.staff),
      ),
    ];
    staff = new Set(sample(able, clampCount(root * staffCount, 1, staffCount), random));
  }
  const free = new Set<number>();
  for (const v of structure.vars) if (staff.has(v.staff) && v.day >= from && v.day < to) free.add(v.index);
  return free;
}

/**
 * Improves `start` (feasible for `lp`) until the deadline, the iteration count or the stop flag. The
 * result is never worse than `start`: every sub-MIP is handed the incumbent as its starting schedule.
 */
export function runLns(
  lp: LpModel,
  structure: LnsStructure,
  start: LnsSchedule,
  solve: SubMipSolver,
  options: LnsOptions,
): LnsResult {
  const random = mulberry32(options.seed);
  const subLimitMs = options.subLimitMs ?? SUB_MIP_LIMIT_MS;
  const weights = new Map<Kind, number>(KINDS.map((k) => [k, 1]));
  const isAssignment = new Set(structure.vars.map((v) => v.index));
  let best: LnsSchedule = { values: [...start.values], objective: start.objective };
  // Each kind keeps its own size: a window of days for everybody proves far faster than the same
  // number of variables spread over a few people's whole horizon.
  const shares = new Map<Kind, number>(KINDS.map((k) => [k, INITIAL_FREE_SHARE]));
  let iterations = 0;
  let improvements = 0;
  // Sub-MIPs in a row without a better schedule: a stalled search gets longer, so larger, sub-MIPs.
  let stall = 0;
  const stop = (): boolean =>
    options.shouldStop?.() === true ||
    Date.now() >= options.deadline ||
    (options.maxIterations !== undefined && iterations >= options.maxIterations);

  while (!stop() && structure.vars.length > 0) {
    const outside = options.takeOutside?.();
    if (outside && outside.objective < best.objective - IMPROVEMENT_EPSILON) best = outside;

    const total = [...weights.values()].reduce((a, w) => a + w, 0);
    let r = random() * total;
    const kind = KINDS.find((k) => (r -= weights.get(k) ?? 0) < 0) ?? 'staff';
    const share = shares.get(kind) ?? INITIAL_FREE_SHARE;
    const free = pickNeighbourhood(structure, kind, share, random);
    const lower: number[] = [];
    const upper: number[] = [];
    lp.vars.forEach((v, i) => {
      const fixed = isAssignment.has(i) && !free.has(i);
      lower.push(fixed ? (best.values[i] ?? 0) : 0);
      upper.push(fixed ? (best.values[i] ?? 0) : v.ub);
    });
    const growth = 2 ** Math.floor(stall / STALL_STEP);
    const remaining = options.deadline - Date.now();
    const answer = solve({
      lower,
      upper,
      start: best.values,
      ...(options.subNodeLimit !== undefined
        ? {
            timeLimitMs: Math.max(1, remaining),
            nodeLimit: Math.min(options.subNodeLimit * growth, options.subNodeLimit * MAX_NODE_GROWTH),
          }
        : {
            timeLimitMs: Math.max(1, Math.min(subLimitMs * growth, MAX_SUB_MIP_LIMIT_MS, remaining)),
          }),
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    });
    iterations += 1;
    const improved = answer.objective < best.objective - IMPROVEMENT_EPSILON;
    // Equal schedules are taken too: moving across a plateau lets later neighbourhoods find a way down.
    if (answer.objective <= best.objective + IMPROVEMENT_EPSILON) best = answer;
    stall = improved ? 0 : stall + 1;
    if (improved) {
      improvements += 1;
      options.onImproved?.(best);
    }
    const w = weights.get(kind) ?? 1;
    weights.set(kind, Math.max(0.2, 0.8 * w + 0.2 * (improved ? 4 : 0.5)));
    shares.set(
      kind,
      answer.status === 'optimal'
        ? Math.min(MAX_FREE_SHARE, share * GROW)
        : Math.max(MIN_FREE_SHARE, share * SHRINK),
    );
    options.onProgress?.(
      `LNS: sub-MIP ${iterations} (${kind}, ${free.size} free) ${answer.status}, best ${Math.round(best.objective * 100) / 100}`,
    );
  }
  return { values: best.values, objective: best.objective, iterations, improvements };
}

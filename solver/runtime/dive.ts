// A dive on the column generation's master: a schedule built person by person from the linear
// relaxation of personal schedules (solver/runtime/column-generation.ts). Each step generates columns
// until no personal schedule lowers the master, then fixes the person whose mix leans most on one
// schedule (every person with a weight of at least `DIVE_FIX_WEIGHT` at once), takes their shifts out
// of the linking rows' right-hand sides and goes on with the others, keeping every column found so far.
// The master's relaxation of personal schedules is far tighter than that of the compact model (Curtois
// Instance8: 1296.6 against 1258.8, best known 1300), so its fractional mix points at good whole
// schedules where HiGHS's own search and the master's integer solve do not (bench/RESULTS.md). A dive
// depends on which of several equally cheap schedules the pricing returns, so further attempts break
// those ties with a seeded noise and the best schedule is kept.
//
// The dive needs hundreds of rounds, which the pricing by HiGHS cannot give (Instance8: 2–8 s a round),
// so each person is priced by dynamic programming over the days (`leastCostSequence`) when their rules
// are all of the kinds it knows (`sequenceSpecs`: one shift a day, hours as a count of equal shifts,
// runs of days on and off, weekends, caps per shift type, forbidden successions): a few milliseconds a
// person. It tracks one cap per shift type at a time (another when its answer breaks one it did not
// track) and leaves the person to HiGHS when every answer breaks one. The dive is
// a heuristic and claims no bound: at the end HiGHS gives the auxiliary columns their values with every
// assignment fixed, which also checks the whole schedule against every rule of the model.
import { paidMinutes, weekendsOf } from '../core/calendar';
import { resolveRules } from '../core/defaults';
import type { LpModel } from '../core/model';
import type { ScheduleInput } from '../core/types';
import { runColumnGeneration, type Decomposition, type Proof } from './column-generation';
import { solveWithBounds } from './engines/highs';
import type { LnsSchedule, LnsStructure } from './lns';
import { mulberry32 } from './random';

/** One person's rules as the dynamic programme reads them (plain data: it goes to a worker). */
export interface SequenceSpec {
  days: number;
  typeCount: number;
  /** `forbid[a][b]`: a shift of type b may not follow one of type a on the next day. */
  forbid: boolean[][];
  minShifts: number;
  maxShifts: number;
  maxRun: number;
  /** Runs of days on (off) that start after the first day and end before the last day: at least this long. */
  minRun: number;
  minOff: number;
  maxWeekends: number;
  /** Per day: 1 if a day worked here starts a weekend worked (the weekend's first day, or its second after a day off), else 0. */
  weekendDay: number[];
  /** Per day: 1 if the day is the second day of a weekend. */
  weekendSecond: number[];
  /** Most shifts of each type (Infinity: no cap). */
  typeCaps: number[];
}

/** A cheapest personal schedule: the type worked each day (−1: off) and its cost. */
export interface Sequence {
  cost: number;
  types: number[];
}

/**
 * The least-cost schedule of one person under `cost[day][type]` (Infinity: not allowed), exactly under
 * the rules of `spec`; null when there is none, or when every cap per type it could track alone is
 * broken by its answer (then the caller prices the person otherwise). The programme tracks one cap per
 * type at a time, the tightest first: an answer that keeps the others too is optimal, since it is the
 * optimum of a relaxation and allowed by every rule.
 */
export function leastCostSequence(spec: SequenceSpec, cost: number[][]): Sequence | null {
  const allowed = Array.from({ length: spec.typeCount }, (_, t) =>
    cost.some((row) => (row[t] ?? Infinity) < Infinity),
  );
  const capped = spec.typeCaps
    .map((cap, t) => ({ cap, t }))
    .filter(({ cap, t }) => allowed[t] && cap < Math.min(spec.maxShifts, spec.days))
    .sort((a, b) => a.cap - b.cap || a.t - b.t);
  for (const tracked of capped.length > 0 ? capped.map(({ t }) => t) : [-1]) {
    const sequence = sequenceTracking(spec, cost, tracked);
    if (!sequence) return null;
    const kept = spec.typeCaps.every((cap, t) => sequence.types.filter((x) => x === t).length <= cap);
    if (kept) return sequence;
  }
  return null;
}

/**
 * The dynamic programme with the cap of type `tracked` (−1: none) as a state. States per day: the
 * last day's type (or off), the length of the current run (capped), whether that run began on the first
 * day (such runs may be short), shifts so far, shifts of the tracked type, weekends worked.
 */
function sequenceTracking(spec: SequenceSpec, cost: number[][], tracked: number): Sequence | null {
  const { days, typeCount: T, forbid } = spec;
  const maxShifts = Math.min(spec.maxShifts, days);
  const cap = tracked >= 0 ? Math.min(spec.typeCaps[tracked] ?? 0, days) : 0;
  const weekendCount = spec.weekendDay.filter((x, d) => x === 1 && spec.weekendSecond[d] !== 1).length;
  const maxW = Math.min(spec.maxWeekends, weekendCount);
  const trackWeekends = spec.maxWeekends < weekendCount;
  const maxRun = Math.min(spec.maxRun, days);
  const R = Math.max(maxRun, spec.minRun, spec.minOff) + 1;
  const L = T + 1;
  const TT = maxShifts + 1;
  const NN = cap + 1;
  const WW = trackWeekends ? maxW + 1 : 1;
  const S = L * R * 2 * TT * NN * WW;
  const index = (l: number, r: number, e: number, tot: number, n: number, w: number): number =>
    ((((l * R + r) * 2 + e) * TT + tot) * NN + n) * WW + w;
  const back: Int32Array[] = [];
  const choice: Int8Array[] = [];
  let current = new Float64Array(S).fill(Infinity);
  let next = current;
  let bk = new Int32Array(0);
  let ch = new Int8Array(0);
  const put = (k: number, c: number, from: number, what: number): void => {
    if (c < (next[k] ?? Infinity)) {
      next[k] = c;
      bk[k] = from;
      ch[k] = what;
    }
  };
  for (let d = 0; d < days; d++) {
    next = new Float64Array(S).fill(Infinity);
    bk = new Int32Array(S).fill(-1);
    ch = new Int8Array(S).fill(-1);
    const row = cost[d] ?? [];
    const weekendDay = spec.weekendDay[d] === 1;
    const second = spec.weekendSecond[d] === 1;
    const work = (
      from: number,
      c: number,
      l: number,
      r: number,
      e: number,
      tot: number,
      n: number,
      w: number,
    ): void => {
      if (tot + 1 > maxShifts) return;
      let w2 = w;
      // A weekend's second day counts only when its first was off.
      if (weekendDay && trackWeekends && !(second && l > 0)) w2 = w + 1;
      if (w2 > maxW) return;
      for (let t = 0; t < T; t++) {
        const ct = row[t] ?? Infinity;
        if (ct === Infinity || (l > 0 && forbid[l - 1]?.[t])) continue;
        let n2 = n;
        if (t === tracked && ++n2 > cap) continue;
        // A run that begins on the first day may be short (work may have gone on before the horizon).
        const e2 = l > 0 ? e : d === 0 ? 1 : 0;
        put(index(t + 1, l > 0 ? Math.min(r + 1, R - 1) : 1, e2, tot + 1, n2, w2), c + ct, from, t + 1);
      }
    };
    if (d === 0) {
      put(index(0, 1, 1, 0, 0, 0), 0, -1, 0);
      work(-1, 0, 0, R - 1, 1, 0, 0, 0);
    } else {
      for (let k = 0; k < S; k++) {
        const c = current[k] ?? Infinity;
        if (c === Infinity) continue;
        let x = k;
        const w = x % WW;
        x = (x - w) / WW;
        const n = x % NN;
        x = (x - n) / NN;
        const tot = x % TT;
        x = (x - tot) / TT;
        const e = x % 2;
        x = (x - e) / 2;
        const r = x % R;
        const l = (x - r) / R;
        // Off today: a run of days on that began after the first day must be long enough.
        if (l === 0) put(index(0, Math.min(r + 1, R - 1), e, tot, n, w), c, k, 0);
        else if (e === 1 || r >= spec.minRun) put(index(0, 1, 0, tot, n, w), c, k, 0);
        // On today: after a run of days off that began after the first day and is long enough, or on a run.
        if (l === 0 && e === 0 && r < spec.minOff) continue;
        if (l > 0 && r + 1 > maxRun) continue;
        work(k, c, l, r, e, tot, n, w);
      }
    }
    back.push(bk);
    choice.push(ch);
    current = next;
  }
  let best = Infinity;
  let bestK = -1;
  for (let k = 0; k < S; k++) {
    const c = current[k] ?? Infinity;
    if (c >= best || Math.floor(k / (NN * WW)) % TT < spec.minShifts) continue;
    best = c;
    bestK = k;
  }
  if (bestK < 0) return null;
  const types = Array.from({ length: days }, () => -1);
  for (let d = days - 1, k = bestK; d >= 0; d--) {
    types[d] = (choice[d]?.[k] ?? 0) - 1;
    k = back[d]?.[k] ?? -1;
  }
  return { cost: best, types };
}

/**
 * Each person's rules as a `SequenceSpec`, in the order of `structure`'s staff ids; null when the input
 * has a rule the dynamic programme does not know (rest between shifts, weekly hours, targets, locks…).
 */
export function sequenceSpecs(input: ScheduleInput, structure: LnsStructure): SequenceSpec[] | null {
  const rules = resolveRules(input.rules);
  if (rules.minRestMinutes > 0 || rules.maxShiftsPerDay !== 1 || (input.locked ?? []).length > 0) return null;
  const types = [...new Set(input.shifts.map((s) => s.type))].sort();
  const typeIds = new Map(types.map((t, i) => [t, i]));
  const days = input.horizon.days;
  const weekendDay = Array.from({ length: days }, () => 0);
  const weekendSecond = Array.from({ length: days }, () => 0);
  for (const group of weekendsOf(input.horizon)) {
    const [first, second, ...rest] = group;
    if (rest.length > 0 || first === undefined || (second !== undefined && second !== first + 1)) return null;
    weekendDay[first] = 1;
    if (second !== undefined && second < days) {
      weekendDay[second] = 1;
      weekendSecond[second] = 1;
    }
  }
  const perDay = new Set<string>();
  for (const v of structure.vars) {
    const key = `${v.staff}:${v.day}:${v.type}`;
    if (perDay.has(key)) return null;
    perDay.add(key);
  }
  const lengths = new Set(input.shifts.map(paidMinutes));
  const length = [...lengths][0] ?? 0;
  if (lengths.size !== 1 || length <= 0) return null;
  const specs: SequenceSpec[] = [];
  for (const person of input.staff) {
    if (
      person.maxMinutesPerWeek !== undefined ||
      person.minMinutesPerWeek !== undefined ||
      person.targetMinutes !== undefined ||
      person.workedDaysBefore !== undefined ||
      (person.minMinutesTotal !== undefined && person.minMinutesHard !== true)
    )
      return null;
    const forbid = types.map(() => types.map(() => false));
    for (const f of [...rules.forbiddenSuccessions, ...(person.forbiddenSuccessions ?? [])]) {
      const a = typeIds.get(f.from);
      const b = typeIds.get(f.to);
      if (a !== undefined && b !== undefined) (forbid[a] as boolean[])[b] = true;
    }
    specs.push({
      days,
      typeCount: types.length,
      forbid,
      minShifts: person.minMinutesTotal !== undefined ? Math.ceil(person.minMinutesTotal / length - 1e-9) : 0,
      maxShifts:
        person.maxMinutesTotal !== undefined ? Math.floor(person.maxMinutesTotal / length + 1e-9) : days,
      maxRun: person.maxConsecutiveDays ?? rules.maxConsecutiveDays ?? Infinity,
      minRun: person.minConsecutiveDays ?? 1,
      minOff: person.minConsecutiveDaysOff ?? 1,
      maxWeekends: person.maxWeekends ?? Infinity,
      weekendDay,
      weekendSecond,
      typeCaps: types.map((t) => person.maxShiftsPerType?.[t] ?? Infinity),
    });
  }
  return specs;
}

/**
 * A person's column from a sequence: their assignment columns set, every other column of theirs 0.
 * `noise[i]` is added to the cost of the block's column i: far below any real difference in cost, it
 * only decides between schedules of equal cost, so that each attempt of the dive takes its own path.
 */
function pricer(
  spec: SequenceSpec,
  block: { vars: number[] },
  at: Map<number, { day: number; type: number }>,
  noise: number[],
): (costs: number[]) => { values: number[]; cost: number; bound: number } | null {
  return (costs) => {
    const cost = Array.from({ length: spec.days }, () =>
      Array.from({ length: spec.typeCount }, () => Infinity),
    );
    for (let i = 0; i < block.vars.length; i++) {
      const a = at.get(block.vars[i] as number);
      if (a) (cost[a.day] as number[])[a.type] = (costs[i] ?? 0) + (noise[i] ?? 0);
      // A column of theirs besides the assignments that costs something: not the programme's to price.
      else if ((costs[i] ?? 0) !== 0) return null;
    }
    const sequence = leastCostSequence(spec, cost);
    if (!sequence) return null;
    const values = block.vars.map((v) => {
      const a = at.get(v);
      return a && sequence.types[a.day] === a.type ? 1 : 0;
    });
    let exact = 0;
    values.forEach((x, i) => (exact += (costs[i] ?? 0) * x));
    return { values, cost: exact, bound: exact };
  };
}

/** Weight of a column in the master's mix from which its person is fixed to it at once. */
export const DIVE_FIX_WEIGHT = 0.9;
/** Size of the tie-breaking noise on each assignment's cost (costs are whole numbers, duals far coarser). */
const TIE_NOISE = 1e-7;

export interface DiveOptions {
  deadline: number;
  shouldStop: () => boolean;
  /** A schedule of the whole model: its personal schedules are the first columns. */
  start: number[] | null;
  /**
   * Dives to make, each breaking ties between schedules of equal cost its own way (the first without
   * noise); the best schedule is kept. They stop early when one meets the first master's relaxation.
   */
  attempts?: number;
  onProgress?: (message: string) => void;
  /**
   * Certify the first master: once the programme's pricing finds nothing to lower it, HiGHS prices
   * every person from its columns (column generation on to convergence), and each Lagrangian bound
   * is posted here: valid for the whole model, however the programme read the rules.
   */
  onBound?: (bound: number) => void;
  /** With `onBound`: `certifyIf` of the first master's generation (column-generation.ts). */
  certifyIf?: (msPerPerson: number) => boolean;
}

export interface DiveResult {
  /** The best schedule of the attempts (engine objective), or null. */
  schedule: LnsSchedule | null;
  attempts: number;
  steps: number;
  rounds: number;
  /** With `onBound`: what the first master's best proven bound rests on. */
  proof: Proof | null;
}

/**
 * The dive: the best schedule of the whole model its attempts found, null when time ran out first or
 * HiGHS found every assembled schedule breaks a rule of the model.
 */
export async function runDive(
  lp: LpModel,
  d: Decomposition,
  structure: LnsStructure,
  specs: SequenceSpec[],
  options: DiveOptions,
): Promise<DiveResult> {
  const at = new Map(structure.vars.map((v) => [v.index, v]));
  const result: DiveResult = { schedule: null, attempts: 0, steps: 0, rounds: 0, proof: null };
  let pool: Array<{ block: number; values: number[] }> = [];
  let relaxation = -Infinity;
  const pricersFor = (attempt: number) => {
    const random = mulberry32(attempt);
    return d.blocks.map((block) => {
      const person = at.get(block.vars.find((v) => at.has(v)) ?? -1)?.staff;
      const spec = person === undefined ? undefined : specs[person];
      const noise = block.vars.map(() => (attempt === 0 ? 0 : random() * TIE_NOISE));
      return spec ? pricer(spec, block, at, noise) : () => null;
    });
  };
  if (options.onBound) {
    const first = pricersFor(0);
    const generated = await runColumnGeneration(lp, d, {
      deadline: options.deadline,
      shouldStop: options.shouldStop,
      start: options.start,
      price: (p, costs) => first[p]?.(costs) ?? null,
      certify: true,
      onBound: options.onBound,
      ...(options.certifyIf ? { certifyIf: options.certifyIf } : {}),
      wholeColumns: false,
    });
    result.rounds += generated.rounds;
    result.proof = generated.proof;
    // Certified (not given up by `certifyIf`): the attempts start from its columns, else as without it.
    if (generated.converged && generated.proof)
      pool = generated.mix.map(({ block, values }) => ({ block, values }));
  }
  for (let attempt = 0; attempt < (options.attempts ?? 1); attempt++) {
    if (options.shouldStop() || Date.now() >= options.deadline) break;
    const pricers = pricersFor(attempt);
    const dived = await dive(lp, d, structure, pricers, pool, {
      ...options,
      start: attempt === 0 ? options.start : null,
    });
    result.attempts += 1;
    result.steps += dived.steps;
    result.rounds += dived.rounds;
    pool = dived.firstColumns;
    if (attempt === 0) relaxation = dived.relaxation;
    const found = dived.schedule;
    if (found && (!result.schedule || found.objective < result.schedule.objective - 1e-9))
      result.schedule = found;
    options.onProgress?.(
      `dive ${attempt + 1}: ${found ? Math.round((found.objective + lp.constant) * 100) / 100 : 'no schedule'}`,
    );
    // Nothing below the first master's relaxation, rounded up, is to be had when costs are whole (as
    // in the Curtois instances); elsewhere this only ends the attempts a little early.
    if (result.schedule && result.schedule.objective + lp.constant <= Math.ceil(relaxation - 1e-6) + 1e-9)
      break;
  }
  return result;
}

/** One dive with the given pricing, from `pool` (columns of the whole master) and `options.start`. */
async function dive(
  lp: LpModel,
  d: Decomposition,
  structure: LnsStructure,
  pricers: Array<(costs: number[]) => { values: number[]; cost: number; bound: number } | null>,
  firstPool: Array<{ block: number; values: number[] }>,
  options: DiveOptions,
): Promise<{
  schedule: LnsSchedule | null;
  steps: number;
  rounds: number;
  /** The first master's relaxation (model constant included) and its columns. */
  relaxation: number;
  firstColumns: Array<{ block: number; values: number[] }>;
}> {
  const fixed = new Map<number, number[]>();
  let pool = firstPool;
  let firstColumns = firstPool;
  let relaxation = -Infinity;
  let steps = 0;
  let rounds = 0;
  const none = () => ({ schedule: null, steps, rounds, relaxation, firstColumns });
  while (fixed.size < d.blocks.length) {
    if (options.shouldStop() || Date.now() >= options.deadline) return none();
    const active = d.blocks.flatMap((_, p) => (fixed.has(p) ? [] : [p]));
    const local = new Map(active.map((p, i) => [p, i]));
    // The fixed people's shifts leave the linking rows' right-hand sides.
    const rows = lp.rows.map((row) => ({ ...row }));
    let constant = lp.constant;
    for (const [p, values] of fixed)
      (d.blocks[p]?.vars ?? []).forEach((v, i) => {
        const x = values[i] ?? 0;
        constant += (lp.vars[v]?.cost ?? 0) * x;
        if (x !== 0)
          for (const [k, c] of d.linkTerms[v] ?? []) {
            const row = rows[d.linking[k] as number];
            if (row) row.rhs -= c * x;
          }
      });
    const generated = await runColumnGeneration(
      { vars: lp.vars, rows, constant },
      { ...d, blocks: active.map((p) => d.blocks[p] as (typeof d.blocks)[number]) },
      {
        deadline: options.deadline,
        shouldStop: options.shouldStop,
        start: steps === 0 ? options.start : null,
        columns: pool.flatMap((c) => {
          const i = local.get(c.block);
          return i === undefined ? [] : [{ block: i, values: c.values }];
        }),
        price: (i, costs) => pricers[active[i] as number]?.(costs) ?? null,
        wholeColumns: false,
      },
    );
    steps += 1;
    rounds += generated.rounds;
    if (!generated.converged) return none();
    pool = generated.mix.map((c) => ({ block: active[c.block] as number, values: c.values }));
    if (steps === 1) {
      relaxation = generated.master;
      firstColumns = pool;
    }
    const weighted = generated.mix.filter((c) => c.weight > 1e-6).sort((a, b) => b.weight - a.weight);
    if (weighted.length === 0) return none();
    const sure = weighted.filter((c) => c.weight >= DIVE_FIX_WEIGHT);
    for (const c of sure.length > 0 ? sure : weighted.slice(0, 1)) {
      const p = active[c.block] as number;
      if (!fixed.has(p)) fixed.set(p, c.values);
    }
  }
  const at = new Set(structure.vars.map((v) => v.index));
  const lower = lp.vars.map(() => 0);
  const upper = lp.vars.map((v) => v.ub);
  for (const v of at) upper[v] = 0;
  for (const [p, values] of fixed)
    (d.blocks[p]?.vars ?? []).forEach((v, i) => {
      if (!at.has(v)) return;
      lower[v] = values[i] ?? 0;
      upper[v] = values[i] ?? 0;
    });
  const whole = await solveWithBounds(
    lp,
    lower,
    upper,
    Math.max(1, options.deadline - Date.now()),
    options.shouldStop,
  );
  return {
    schedule: whole ? { values: whole.values, objective: whole.objective } : null,
    steps,
    rounds,
    relaxation,
    firstColumns,
  };
}

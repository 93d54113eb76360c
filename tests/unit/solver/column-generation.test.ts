// Column generation by person (solver/runtime/column-generation.ts) with real HiGHS, on the calling
// thread: the model splits into one part per person and the rows that link people; every bound it
// reports is a true lower bound (never above a proven optimum, and at least the linear relaxation's);
// on Curtois Instance2 its bound proves the published optimum 828 and its whole-column schedule
// reaches it; its schedule keeps every hard rule and is never worse than the schedule it started from.
// The Curtois fixtures are Instance1 and Instance2 of the public benchmark, copied unchanged from
// bench/curtois/instances (see the README there for their source).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { curtoisToScheduleInput } from '../../../bench/curtois/adapter';
import { parseCurtois } from '../../../bench/curtois/parse';
import { generatePharmacyInstance } from '../../../bench/generate-pharmacy';
import { buildModel, type BuiltModel } from '../../../solver/core/model';
import { summarizeSchedule } from '../../../solver/core/score';
import { verifySchedule } from '../../../solver/core/verify';
import type { Assignment, ScheduleInput } from '../../../solver/core/types';
import {
  decompose,
  runColumnGeneration,
  type ColumnGenerationResult,
  type Decomposition,
} from '../../../solver/runtime/column-generation';
import { solveWithHighs } from '../../../solver/runtime/engines/highs';

const INSTANCE1 = new URL('../../fixtures/solver/curtois-instance1.txt', import.meta.url);
const INSTANCE2 = new URL('../../fixtures/solver/curtois-instance2.txt', import.meta.url);
/** Far beyond what these models need: convergence, not the clock, must end the generation. */
const GENEROUS_MS = 120_000;

function curtois(url: URL): ScheduleInput {
  return curtoisToScheduleInput(parseCurtois(readFileSync(url, 'utf8')));
}

function split(input: ScheduleInput, built: BuiltModel): Decomposition {
  const person = new Map(input.staff.map((s, i) => [s.id, i]));
  const owner: Array<number | undefined> = [];
  for (const { index, assignment } of built.assignmentVars) owner[index] = person.get(assignment.staff);
  const d = decompose(built.lp, owner);
  if (!d) throw new Error('the model did not split');
  return d;
}

/** Column generation from no start until it converges, with every bound it reports on the way. */
async function generate(
  input: ScheduleInput,
  built: BuiltModel,
  minRounds?: number,
): Promise<{ result: ColumnGenerationResult; bounds: number[] }> {
  const bounds: number[] = [];
  const result = await runColumnGeneration(built.lp, split(input, built), {
    deadline: Date.now() + GENEROUS_MS,
    shouldStop: () => false,
    start: null,
    onBound: (b) => bounds.push(b),
    ...(minRounds !== undefined ? { minRounds } : {}),
  });
  return { result, bounds };
}

function decode(built: BuiltModel, values: number[]): Assignment[] {
  return [
    ...built.fixed,
    ...built.assignmentVars.filter(({ index }) => (values[index] ?? 0) > 0.5).map((v) => v.assignment),
  ];
}

async function proven(built: BuiltModel, relax = false): Promise<number> {
  const lp = relax ? { ...built.lp, vars: built.lp.vars.map((v) => ({ ...v, int: false })) } : built.lp;
  const run = await solveWithHighs(lp, { timeLimitMs: GENEROUS_MS, relativeGap: 0 });
  expect(run.status).toBe('optimal');
  return (run.objective ?? NaN) + built.lp.constant;
}

describe('decompose', () => {
  it('gives every assignment to its person and keeps each row whole in one part or among the linking rows', () => {
    const input = curtois(INSTANCE1);
    const built = buildModel(input);
    const d = split(input, built);
    expect(d.blocks).toHaveLength(input.staff.length);
    const blockOf = new Map<number, number>();
    d.blocks.forEach((b, p) => b.vars.forEach((v) => blockOf.set(v, p)));
    const person = new Map(input.staff.map((s, i) => [s.id, i]));
    for (const { index, assignment } of built.assignmentVars)
      expect(blockOf.get(index)).toBe(person.get(assignment.staff));
    // Every column is in exactly one part or in the master.
    expect(blockOf.size + d.masterVars.length).toBe(built.lp.vars.length);
    for (const v of d.masterVars) expect(blockOf.has(v)).toBe(false);
    // Every row is one person's (and then copied into their part) or links people.
    const blockRows = d.blocks.reduce((n, b) => n + b.lp.rows.length, 0);
    expect(blockRows + d.linking.length).toBe(built.lp.rows.length);
    for (const r of d.linking) {
      const owners = new Set((built.lp.rows[r]?.terms ?? []).map(([v]) => blockOf.get(v) ?? -1));
      expect(owners.size > 1 || owners.has(-1)).toBe(true);
    }
    // The coverage rows are among the linking rows: a shift's cover counts several people.
    expect(d.linking.length).toBeGreaterThan(0);
  });

  it('finds nothing to split in a model of one person', () => {
    const input = curtois(INSTANCE1);
    const one = { ...input, staff: input.staff.slice(0, 1) };
    const built = buildModel(one);
    const owner: Array<number | undefined> = [];
    for (const { index } of built.assignmentVars) owner[index] = 0;
    expect(decompose(built.lp, owner)).toBeNull();
  });
});

describe('column generation', () => {
  it('proves the published optimum of Curtois Instance2 (828) and reaches it with whole personal schedules', async () => {
    const input = curtois(INSTANCE2);
    const built = buildModel(input);
    const { result, bounds } = await generate(input, built);
    expect(result.converged).toBe(true);
    expect(Math.ceil(result.bound - 1e-6)).toBe(828);
    // Each bound reported on the way is a lower bound too, and they only rise.
    for (const [i, b] of bounds.entries()) {
      expect(b).toBeLessThanOrEqual(828 + 1e-6);
      if (i > 0) expect(b).toBeGreaterThan(bounds[i - 1] as number);
    }
    expect(result.schedule).not.toBeNull();
    const assignments = decode(built, result.schedule?.values ?? []);
    expect(verifySchedule(input, assignments)).toEqual([]);
    expect(summarizeSchedule(input, assignments).objective).toBe(828);
  });

  it('bounds Instance1 between its linear relaxation and its proven optimum, however far it has got', async () => {
    const input = curtois(INSTANCE1);
    const built = buildModel(input);
    const [optimum, relaxed] = [await proven(built), await proven(built, true)];
    const { result, bounds } = await generate(input, built);
    expect(result.converged).toBe(true);
    expect(bounds.length).toBeGreaterThan(0);
    for (const b of bounds) expect(b).toBeLessThanOrEqual(optimum + 1e-6);
    // At convergence the bound is the best any mix of personal schedules gives: above the relaxation's.
    expect(result.bound).toBeGreaterThan(relaxed + 1);
    const assignments = decode(built, result.schedule?.values ?? []);
    expect(verifySchedule(input, assignments)).toEqual([]);
    expect(summarizeSchedule(input, assignments).objective).toBeGreaterThanOrEqual(optimum - 1e-6);
  });

  it('keeps the ratio and coverage rows of a pharmacy week in the master and bounds its optimum', async () => {
    const input = generatePharmacyInstance({ staff: 12, days: 7 }, 3);
    const built = buildModel(input);
    const optimum = await proven(built);
    const { result, bounds } = await generate(input, built);
    expect(result.converged).toBe(true);
    expect(bounds.length).toBeGreaterThan(0);
    for (const b of bounds) expect(b).toBeLessThanOrEqual(optimum + 1e-6);
    const assignments = decode(built, result.schedule?.values ?? []);
    expect(verifySchedule(input, assignments)).toEqual([]);
    expect(summarizeSchedule(input, assignments).objective).toBeGreaterThanOrEqual(optimum - 1e-6);
  });

  it('gives up after its first round when that round shows it cannot converge in its time, and not otherwise', async () => {
    const input = curtois(INSTANCE2);
    const built = buildModel(input);
    // Its time over a billion rounds: no round is that fast, so it gives up after the first, with
    // that round's bound (still a lower bound) and no whole-column schedule.
    const { result: slow } = await generate(input, built, 1e9);
    expect(slow.gaveUp).toBe(true);
    expect(slow.converged).toBe(false);
    expect(slow.rounds).toBe(1);
    expect(slow.schedule).toBeNull();
    expect(slow.bound).toBeLessThanOrEqual(828 + 1e-6);
    // Its time over one round: any first round fits, so it goes on to convergence and the proof.
    const { result: fast } = await generate(input, built, 1);
    expect(fast.gaveUp).toBe(false);
    expect(fast.converged).toBe(true);
    expect(Math.ceil(fast.bound - 1e-6)).toBe(828);
  });

  it('never ends worse than its start, and with no time at all returns the start itself', async () => {
    const input = curtois(INSTANCE1);
    const built = buildModel(input);
    // A poor start: HiGHS's first schedule, stopped after one node.
    const first = await solveWithHighs(built.lp, { timeLimitMs: GENEROUS_MS, relativeGap: 0, nodeLimit: 1 });
    const start = first.values ?? [];
    const startObjective = first.objective ?? NaN;
    const none = await runColumnGeneration(built.lp, split(input, built), {
      deadline: Date.now() - 1,
      shouldStop: () => false,
      start,
    });
    expect(none.rounds).toBe(0);
    expect(none.schedule?.objective).toBeCloseTo(startObjective, 6);
    const some = await runColumnGeneration(built.lp, split(input, built), {
      deadline: Date.now() + GENEROUS_MS,
      shouldStop: () => false,
      start,
    });
    expect(some.schedule).not.toBeNull();
    expect(some.schedule?.objective ?? Infinity).toBeLessThanOrEqual(startObjective + 1e-6);
    expect(verifySchedule(input, decode(built, some.schedule?.values ?? []))).toEqual([]);
  });
});

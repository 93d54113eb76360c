// Fixing by reduced cost from the column generation's proven bound (solver/runtime/fixing.ts), on Curtois
// Instance2, whose optimum 828 the certified master's bound (827.99) nearly meets.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { curtoisToScheduleInput } from '../../../bench/curtois/adapter';
import { parseCurtois } from '../../../bench/curtois/parse';
import { buildModel, type BuiltModel } from '../../../solver/core/model';
import type { Assignment } from '../../../solver/core/types';
import { verifySchedule } from '../../../solver/core/verify';
import { decompose, type Decomposition, type Proof } from '../../../solver/runtime/column-generation';
import { runDive, sequenceSpecs } from '../../../solver/runtime/dive';
import { hasIntegralObjective, openFixer, proveByFixing } from '../../../solver/runtime/fixing';
import { buildLnsStructure, type LnsSchedule, type LnsStructure } from '../../../solver/runtime/lns';

const INSTANCE2 = new URL('../../fixtures/solver/curtois-instance2.txt', import.meta.url);
const GENEROUS_MS = 120_000;

interface Setting {
  input: ReturnType<typeof curtoisToScheduleInput>;
  built: BuiltModel;
  structure: LnsStructure;
  d: Decomposition;
  proof: Proof;
  optimum: LnsSchedule;
}

let cached: Promise<Setting> | null = null;

/** Instance2 split by person, with the dive's certified proof and its schedule (the optimum, 828). */
function setting(): Promise<Setting> {
  cached ??= (async () => {
    const input = curtoisToScheduleInput(parseCurtois(readFileSync(INSTANCE2, 'utf8')));
    const built = buildModel(input);
    const structure = buildLnsStructure(input, built);
    const owner: Array<number | undefined> = [];
    for (const v of structure.vars) owner[v.index] = v.staff;
    const d = decompose(built.lp, owner);
    const specs = sequenceSpecs(input, structure);
    if (!d || !specs) throw new Error('Instance2 should split by person, with rules the programme knows');
    const dived = await runDive(built.lp, d, structure, specs, {
      deadline: Date.now() + GENEROUS_MS,
      shouldStop: () => false,
      start: null,
      onBound: () => undefined,
    });
    if (!dived.proof || !dived.schedule) throw new Error('the certified dive gave no proof or no schedule');
    return { input, built, structure, d, proof: dived.proof, optimum: dived.schedule };
  })();
  return cached;
}

function decode(built: BuiltModel, values: number[]): Assignment[] {
  return built.assignmentVars.filter(({ index }) => (values[index] ?? 0) > 0.5).map((v) => v.assignment);
}

describe('fixing by reduced cost', () => {
  it('fixes most of Instance2 for its optimum’s cost, every fixing kept by the optimal schedule', async () => {
    const { built, structure, d, proof, optimum } = await setting();
    expect(optimum.objective + built.lp.constant).toBe(828);
    expect(proof.bound).toBeLessThanOrEqual(828);
    const candidates = new Set(structure.vars.map((v) => v.index));
    const fixer = openFixer(built.lp, d, proof, candidates);
    try {
      const tight = await fixer.fixings(828 - proof.bound, Date.now() + GENEROUS_MS, () => false);
      const loose = await fixer.fixings(828 + 5 - proof.bound, Date.now() + GENEROUS_MS, () => false);
      if (!tight || !loose) throw new Error('the fixings ran out of time');
      // A schedule of cost 828 keeps every fixing made for that cost: a wrong sign or dual would break one.
      for (const [v, x] of tight) expect((optimum.values[v] ?? 0) > 0.5 ? 1 : 0).toBe(x);
      expect(tight.size).toBeGreaterThan(candidates.size / 2);
      // More room fixes less, and only what the tighter room fixed too.
      expect(loose.size).toBeLessThan(tight.size);
      for (const [v, x] of loose) expect(tight.get(v)).toBe(x);
    } finally {
      fixer.dispose();
    }
  });

  it('raises a bound taken 2 lower one step at a time to Instance2’s optimum, and finds a schedule of 828', async () => {
    const { input, built, structure, d, proof } = await setting();
    expect(hasIntegralObjective(built.lp)).toBe(true);
    // Still a valid bound, only weaker: the steps must climb 826 → 827 → 828.
    const weaker: Proof = { ...proof, bound: proof.bound - 2 };
    const bounds: number[] = [];
    let best: LnsSchedule | null = null;
    const result = await proveByFixing(built.lp, d, weaker, new Set(structure.vars.map((v) => v.index)), {
      deadline: Date.now() + GENEROUS_MS,
      shouldStop: () => false,
      best: () => (best ? best.objective + built.lp.constant : Infinity),
      stepLimitMs: GENEROUS_MS,
      onIncumbent: (s) => (best = s),
      onBound: (b) => bounds.push(b),
    });
    expect(bounds).toEqual([827, 828]);
    expect(result).toMatchObject({ proven: true, bound: 828 });
    if (!best) throw new Error('no schedule found');
    const found: LnsSchedule = best;
    expect(found.objective + built.lp.constant).toBe(828);
    expect(verifySchedule(input, decode(built, found.values))).toEqual([]);
  });

  it('gives up, claiming nothing, when a step does not fit in its time', async () => {
    const { built, structure, d, proof } = await setting();
    const bounds: number[] = [];
    const result = await proveByFixing(
      built.lp,
      d,
      { ...proof, bound: proof.bound - 2 },
      new Set(structure.vars.map((v) => v.index)),
      {
        deadline: Date.now() + GENEROUS_MS,
        shouldStop: () => false,
        best: () => Infinity,
        stepLimitMs: 1,
        onIncumbent: () => undefined,
        onBound: (b) => bounds.push(b),
      },
    );
    expect(bounds).toEqual([]);
    expect(result.proven).toBe(false);
  });
});

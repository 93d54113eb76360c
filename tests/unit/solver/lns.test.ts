// The large-neighbourhood search (solver/runtime/lns.ts) with real HiGHS sub-MIPs, on the calling thread: its
// schedules keep every hard rule, it never ends worse than where it started, and a fixed seed and
// iteration count give the same schedule. Sub-MIPs on these small models finish far inside their
// time limit, which is what makes the search repeatable here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { curtoisToScheduleInput } from '../../../bench/curtois/adapter';
import { parseCurtois } from '../../../bench/curtois/parse';
import { generatePharmacyInstance } from '../../../bench/generate-pharmacy';
import { createBoard, publishToBoard, readBoard } from '../../../solver/runtime/board';
import { checkIntegral, objectiveOf } from '../../../solver/runtime/engines/engine';
import { openSubMipSession, solveWithHighs } from '../../../solver/runtime/engines/highs';
import { buildLnsStructure, runLns, type LnsSchedule } from '../../../solver/runtime/lns';
import { mulberry32 } from '../../../solver/runtime/random';
import { buildModel, type BuiltModel } from '../../../solver/core/model';
import { summarizeSchedule } from '../../../solver/core/score';
import { verifySchedule } from '../../../solver/core/verify';
import type { Assignment, ScheduleInput } from '../../../solver/core/types';

const SEED = 7;
const ITERATIONS = 12;
/** Far beyond what these sub-MIPs need, so that no limit cuts one short. */
const GENEROUS_MS = 60_000;
const INSTANCE1 = new URL('../../fixtures/solver/curtois-instance1.txt', import.meta.url);

function decode(built: BuiltModel, values: number[]): Assignment[] {
  return [
    ...built.fixed,
    ...built.assignmentVars.filter(({ index }) => (values[index] ?? 0) > 0.5).map((v) => v.assignment),
  ];
}

/** The empty schedule: feasible for every model without hard minimums or locks. */
function emptySchedule(built: BuiltModel): LnsSchedule {
  const values = checkIntegral(
    built.lp,
    built.lp.vars.map(() => 0),
  );
  if (!values) throw new Error('the empty schedule should be feasible for this model');
  return { values, objective: objectiveOf(built.lp, values) };
}

async function improve(input: ScheduleInput, built: BuiltModel, start: LnsSchedule, seed: number) {
  const session = await openSubMipSession(built.lp);
  try {
    const improvements: number[] = [];
    const result = runLns(built.lp, buildLnsStructure(input, built), start, session.solve, {
      seed,
      deadline: Date.now() + GENEROUS_MS,
      maxIterations: ITERATIONS,
      subLimitMs: GENEROUS_MS,
      onImproved: (best) => improvements.push(best.objective),
    });
    return { result, improvements };
  } finally {
    session.dispose();
  }
}

describe('large-neighbourhood search', () => {
  it('improves the empty schedule of a generated week and keeps every hard rule', async () => {
    const input = generatePharmacyInstance({ staff: 12, days: 7 }, 3);
    const built = buildModel(input);
    const start = emptySchedule(built);
    const { result, improvements } = await improve(input, built, start, SEED);
    expect(result.iterations).toBe(ITERATIONS);
    expect(result.objective).toBeLessThan(start.objective);
    const assignments = decode(built, result.values);
    expect(verifySchedule(input, assignments)).toEqual([]);
    // The reported objective is the schedule's, recomputed without the model.
    expect(result.objective + built.lp.constant).toBeCloseTo(
      summarizeSchedule(input, assignments).objective,
      6,
    );
    // Each reported improvement is strictly better than the one before.
    for (let i = 1; i < improvements.length; i++)
      expect(improvements[i]).toBeLessThan(improvements[i - 1] as number);
    expect(improvements.at(-1)).toBe(result.objective);
  });

  it('gives the same schedule for the same seed and iteration count', async () => {
    const input = generatePharmacyInstance({ staff: 12, days: 7 }, 5);
    const built = buildModel(input);
    const start = emptySchedule(built);
    const first = await improve(input, built, start, SEED);
    const second = await improve(input, built, start, SEED);
    expect(second.result.values).toEqual(first.result.values);
    expect(second.improvements).toEqual(first.improvements);
  });

  it('never ends worse than a good start on Curtois Instance1, and its schedule passes verification', async () => {
    const input = curtoisToScheduleInput(parseCurtois(readFileSync(INSTANCE1, 'utf8')));
    const built = buildModel(input);
    // HiGHS's first schedule (hard minimum minutes make the empty schedule infeasible here).
    let first: LnsSchedule | null = null;
    await solveWithHighs(built.lp, {
      timeLimitMs: GENEROUS_MS,
      relativeGap: 0,
      onIncumbent: (values, objective) => (first ??= { values, objective }),
      shouldStop: () => first !== null,
    });
    if (!first) throw new Error('HiGHS found no schedule');
    const start: LnsSchedule = first;
    const { result } = await improve(input, built, start, SEED);
    expect(result.objective).toBeLessThanOrEqual(start.objective);
    expect(verifySchedule(input, decode(built, result.values))).toEqual([]);
  });

  it('adopts a better schedule found elsewhere between sub-MIPs', async () => {
    const input = generatePharmacyInstance({ staff: 12, days: 7 }, 3);
    const built = buildModel(input);
    const empty = emptySchedule(built);
    const better = await improve(input, built, empty, SEED);
    const session = await openSubMipSession(built.lp);
    try {
      let offered = false;
      const result = runLns(built.lp, buildLnsStructure(input, built), empty, session.solve, {
        seed: SEED + 1,
        deadline: Date.now() + GENEROUS_MS,
        maxIterations: 1,
        subLimitMs: GENEROUS_MS,
        takeOutside: () => (offered ? null : ((offered = true), better.result)),
      });
      expect(result.objective).toBeLessThanOrEqual(better.result.objective);
    } finally {
      session.dispose();
    }
  });
});

describe('building blocks', () => {
  it('lists every assignment variable once with its person, day and shift type', () => {
    const input = generatePharmacyInstance({ staff: 12, days: 7 }, 3);
    const built = buildModel(input);
    const structure = buildLnsStructure(input, built);
    expect(structure.vars.map((v) => v.index)).toEqual(built.assignmentVars.map((v) => v.index));
    const shiftDay = new Map(input.shifts.map((s) => [s.id, s.day]));
    structure.vars.forEach((v, i) => {
      const a = built.assignmentVars[i]?.assignment;
      expect(input.staff[v.staff]?.id).toBe(a?.staff);
      expect(v.day).toBe(shiftDay.get(a?.shift ?? ''));
    });
    expect(structure.staffCount).toBe(12);
    expect(structure.days).toBe(7);
  });

  it('draws the same numbers in [0, 1) for the same seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const drawsA = Array.from({ length: 100 }, a);
    expect(Array.from({ length: 100 }, b)).toEqual(drawsA);
    expect(Array.from({ length: 100 }, c)).not.toEqual(drawsA);
    expect(drawsA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('hands a schedule on the shared board to a reader once', () => {
    const board = createBoard(3);
    expect(readBoard(board, 0)).toBeNull();
    publishToBoard(board, [1, 0, 2], -5);
    const entry = readBoard(board, 0);
    expect(entry).toMatchObject({ objective: -5, values: [1, 0, 2] });
    expect(readBoard(board, entry?.seq ?? 0)).toBeNull();
    publishToBoard(board, [0, 1, 1], -7);
    expect(readBoard(board, entry?.seq ?? 0)).toMatchObject({ objective: -7, values: [0, 1, 1] });
  });
});

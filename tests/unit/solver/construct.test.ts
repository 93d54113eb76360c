// The constructive start (solver/runtime/construct.ts): its schedules keep every hard rule where the
// instance admits them, the local search never ends above the greedy schedule it starts from, and a
// seed with a move budget gives the same schedule every time. Then the worker job around it: HiGHS
// completes the schedule (re-planning the people the local search left breaking a rule), and the
// schedule it posts is valid and costs what summarizeSchedule says.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { curtoisToScheduleInput } from '../../../bench/curtois/adapter';
import { parseCurtois } from '../../../bench/curtois/parse';
import { generatePharmacyInstance } from '../../../bench/generate-pharmacy';
import { buildModel, type BuiltModel } from '../../../solver/core/model';
import { summarizeSchedule } from '../../../solver/core/score';
import { verifySchedule } from '../../../solver/core/verify';
import type { Assignment, ScheduleInput } from '../../../solver/core/types';
import { constructSchedule } from '../../../solver/runtime/construct';
import { runJob, type WorkerMessage } from '../../../solver/runtime/run-job';

const INSTANCE1 = new URL('../../fixtures/solver/curtois-instance1.txt', import.meta.url);
const MOVES = 3000;

function decode(built: BuiltModel, values: number[]): Assignment[] {
  return [
    ...built.fixed,
    ...built.assignmentVars.filter(({ index }) => (values[index] ?? 0) > 0.5).map((v) => v.assignment),
  ];
}

const pharmacyWeeks: Array<[string, ScheduleInput]> = [
  ['12×7 seed 1', generatePharmacyInstance({ staff: 12, days: 7 }, 1)],
  ['12×7 seed 2', generatePharmacyInstance({ staff: 12, days: 7 }, 2)],
  ['30×7 seed 1', generatePharmacyInstance({ staff: 30, days: 7 }, 1)],
];

describe('constructive start', () => {
  it.each(pharmacyWeeks)(
    'builds a valid %s week, no worse after its local search than the valid greedy schedule',
    (_, input) => {
      const built = buildModel(input);
      const result = constructSchedule(input, built.assignmentVars, { seed: 1, maxMoves: MOVES });
      expect(result.violations).toEqual([]);
      expect(verifySchedule(input, result.assignments)).toEqual([]);
      expect(result.objective).toBe(summarizeSchedule(input, result.assignments).objective);
      // Every demand of these weeks can be staffed by someone: the schedule is not the empty one.
      expect(result.chosen.length).toBeGreaterThan(0);
      if (result.greedyViolations === 0) expect(result.objective).toBeLessThanOrEqual(result.greedyObjective);
      // The chosen variables are exactly the schedule's assignments.
      expect(
        decode(
          built,
          Object.assign(
            Array<number>(built.lp.vars.length).fill(0),
            Object.fromEntries(result.chosen.map((i) => [i, 1])),
          ),
        ),
      ).toEqual(expect.arrayContaining(result.assignments));
    },
  );

  it('gives the same schedule for the same seed and move budget, and another for another seed', () => {
    const input = generatePharmacyInstance({ staff: 30, days: 7 }, 1);
    const built = buildModel(input);
    const first = constructSchedule(input, built.assignmentVars, { seed: 5, maxMoves: MOVES });
    const again = constructSchedule(input, built.assignmentVars, { seed: 5, maxMoves: MOVES });
    expect(again.chosen).toEqual(first.chosen);
    expect(again.objective).toBe(first.objective);
    const other = constructSchedule(input, built.assignmentVars, { seed: 6, maxMoves: MOVES });
    expect(other.chosen).not.toEqual(first.chosen);
  });

  it('stops when asked, with the schedule it has', () => {
    const input = generatePharmacyInstance({ staff: 12, days: 7 }, 1);
    const built = buildModel(input);
    const result = constructSchedule(input, built.assignmentVars, {
      seed: 1,
      maxMoves: MOVES,
      shouldStop: () => true,
    });
    expect(result.moves).toBe(0);
    expect(result.objective).toBe(result.greedyObjective);
  });
});

describe('constructive start in a solve worker', () => {
  it('posts a valid Curtois Instance1 schedule, completed and repaired by HiGHS, at the objective it reports', async () => {
    const input = curtoisToScheduleInput(parseCurtois(readFileSync(INSTANCE1, 'utf8')));
    const built = buildModel(input);
    const messages: WorkerMessage[] = [];
    await runJob(
      {
        id: 1,
        engine: 'highs',
        lp: built.lp,
        engineTimeLimitMs: 60_000,
        relativeGap: 0,
        construct: { input, vars: built.assignmentVars, seed: 1, searchMs: 60_000 },
      },
      (m) => messages.push(m),
    );
    const done = messages.find((m) => m.type === 'done');
    if (done?.type !== 'done') throw new Error(`no answer: ${JSON.stringify(messages.at(-1))}`);
    const incumbents = messages.filter((m) => m.type === 'incumbent');
    expect(incumbents).toHaveLength(1);
    const { values, objective } = done.run;
    if (!values || objective === null) throw new Error(done.run.message);
    const schedule = decode(built, values);
    expect(verifySchedule(input, schedule)).toEqual([]);
    expect(summarizeSchedule(input, schedule).objective).toBeCloseTo(objective + built.lp.constant, 6);
    // Instance1's optimum is 607: any valid schedule costs at least that.
    expect(objective + built.lp.constant).toBeGreaterThanOrEqual(607);
    expect(done.run.message).toMatch(/^Constructive start: \d+ moves/);
  });
});

// Deterministic mode (SolveOptions.deterministic): the same input and seed give exactly the same
// schedule and objective on every run, with each engine, whether the first HiGHS run proves the
// optimum or the work limit hands over to the large-neighbourhood search and a second full run; every
// schedule passes verifySchedule. The solves run in the pool's worker threads, as in the server.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { curtoisToScheduleInput } from '../../../bench/curtois/adapter';
import { parseCurtois } from '../../../bench/curtois/parse';
import { generatePharmacyInstance } from '../../../bench/generate-pharmacy';
import { closeWorkers, solveSchedule, verifySchedule } from '../../../solver';
import type { Assignment, ScheduleInput, SolveOptions, SolveResult } from '../../../solver/core/types';

const INSTANCE1 = new URL('../../fixtures/solver/curtois-instance1.txt', import.meta.url);
/** Far beyond what these solves need: the work limits, not the clock, must end them. */
const GENEROUS_MS = 120_000;

afterAll(async () => {
  await closeWorkers();
});

function key(assignments: Assignment[]): string[] {
  return assignments.map((a) => `${a.staff}|${a.shift}|${a.position}`).sort();
}

async function twice(input: ScheduleInput, options: SolveOptions): Promise<[SolveResult, SolveResult]> {
  const first = await solveSchedule(input, { timeLimitMs: GENEROUS_MS, ...options });
  const second = await solveSchedule(input, { timeLimitMs: GENEROUS_MS, ...options });
  return [first, second];
}

function expectSame(input: ScheduleInput, [first, second]: [SolveResult, SolveResult]): void {
  expect(key(second.assignments)).toEqual(key(first.assignments));
  expect(second.objective).toBe(first.objective);
  expect(second.status).toBe(first.status);
  expect(first.assignments.length).toBeGreaterThan(0);
  expect(verifySchedule(input, first.assignments)).toEqual([]);
  expect(first.message).not.toContain('depends on the machine');
}

describe('deterministic mode', () => {
  it.each(['auto', 'highs', 'jslp', 'portfolio'] as const)(
    'gives the same proven schedule of a 12×7 week twice with the engine %s',
    async (engine) => {
      const input = generatePharmacyInstance({ staff: 12, days: 7 }, 1);
      const results = await twice(input, { engine, deterministic: { seed: 3 } });
      expectSame(input, results);
      expect(results[0].status).toBe('optimal');
    },
  );

  it('repeats a Curtois Instance1 solve whose first run stops at its node limit, through the LNS and a second full run', async () => {
    const instance = parseCurtois(readFileSync(INSTANCE1, 'utf8'));
    const input = curtoisToScheduleInput(instance);
    const options: SolveOptions = { deterministic: { seed: 2, nodes: 3, lnsIterations: 12 } };
    const results = await twice(input, options);
    expectSame(input, results);
    expect(results[0].message).toContain('stopped at its work limit (3 nodes)');
    expect(results[0].message).toContain('HiGHS LNS: 12 sub-MIPs');
    expect(results[0].message).toContain('deterministic, seed 2');
  });

  it('repeats a 30×7 week for each of three seeds', async () => {
    const input = generatePharmacyInstance({ staff: 30, days: 7 }, 1);
    for (const seed of [1, 2, 3]) expectSame(input, await twice(input, { deterministic: { seed } }));
  });

  it('says when the time limit came before the work limit', async () => {
    const instance = parseCurtois(readFileSync(INSTANCE1, 'utf8'));
    const input = curtoisToScheduleInput(instance);
    const result = await solveSchedule(input, { timeLimitMs: 300, deterministic: { seed: 1 } });
    expect(result.status).not.toBe('optimal');
    expect(result.message).toContain('the time limit came before the work limit');
  });
});

// The public Curtois–Qu Instance1 (8 staff, 14 days): the solver must reach the proven optimum 607 with
// the engine `auto` picks for it, and the benchmark's own scorer must agree with the objective.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { curtoisToScheduleInput, resultToCurtoisRoster } from '../../../bench/curtois/adapter';
import { parseCurtois } from '../../../bench/curtois/parse';
import { scoreCurtois } from '../../../bench/curtois/score';
import { closeWorkers, solveSchedule } from '../../../solver';
import { verifySchedule } from '../../../solver/core/verify';

const INSTANCE1 = new URL('../../fixtures/solver/curtois-instance1.txt', import.meta.url);
const PROVEN_OPTIMUM = 607;

afterAll(async () => {
  await closeWorkers();
});

describe('Curtois–Qu Instance1', () => {
  it('is solved to its proven optimum 607', async () => {
    const instance = parseCurtois(readFileSync(INSTANCE1, 'utf8'));
    const input = curtoisToScheduleInput(instance);
    const result = await solveSchedule(input, { timeLimitMs: 50_000 });
    expect(result.status).toBe('optimal');
    expect(result.objective).toBe(PROVEN_OPTIMUM);
    expect(verifySchedule(input, result.assignments)).toEqual([]);
    const score = scoreCurtois(instance, resultToCurtoisRoster(input, result));
    expect(score.violations).toEqual([]);
    expect(score.objective).toBe(PROVEN_OPTIMUM);
  });
});

// A labour budget set on the staffing page reaches the optimiser (issue 16): a cap plans fewer paid
// hours than the same week without it, and the gaps it leaves are put down to the budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWorkers, explainGaps, solveSchedule, summarizeSchedule } from '../../solver';
import { loadSolverInput } from '../../server/scheduling/solver-input.service';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let siteId: number;
const WEEK = '2026-12-07';

beforeAll(async () => {
  t = await createTestApp();
  siteId = (await t.db.site.findFirstOrThrow({ select: { id: true }, orderBy: { id: 'asc' } })).id;
});
afterAll(async () => {
  await t.close();
  await closeWorkers();
});

async function plannedHours(budgetHours: number | null) {
  await t.db.site.update({
    where: { id: siteId },
    data: {
      budgetHours,
      budgetCents: null,
      budgetLabourPercent: null,
      revenuePerRxCents: null,
      budgetHard: true,
    },
  });
  const ctx = await loadSolverInput(t.db, siteId, WEEK, { previousFrom: 'none' });
  const result = await solveSchedule(ctx.input, { engine: 'highs', timeLimitMs: 60_000 });
  const minutes = summarizeSchedule(ctx.input, result.assignments).minutes.reduce(
    (sum, m) => sum + m.total,
    0,
  );
  return { ctx, result, hours: minutes / 60 };
}

describe('labour budget in the solve', () => {
  it('plans fewer paid hours under a cap than without it, and explains the gaps by the budget', async () => {
    const free = await plannedHours(null);
    expect(free.ctx.input.rules?.budget).toBeUndefined();
    const cap = Math.floor(free.hours * 0.8);
    const capped = await plannedHours(cap);
    expect(capped.ctx.input.rules?.budget).toEqual({ maxPaidMinutes: cap * 60, hard: true });
    expect(capped.hours).toBeLessThanOrEqual(cap);
    expect(capped.hours).toBeLessThan(free.hours);
    expect(capped.result.gaps.length).toBeGreaterThan(free.result.gaps.length);
    const explained = explainGaps(capped.ctx.input, capped.result);
    expect(explained.some((g) => g.candidates.some((c) => c.code === 'BUDGET'))).toBe(true);
  });
});

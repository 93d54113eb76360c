// Scenario fixtures (tests/fixtures/solver/*.json: { name, input, expects }) run by one table.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainGaps, solveSchedule } from '../../../solver';
import { verifySchedule } from '../../../solver/core/verify';
import type { Assignment, ScheduleInput, SolveStatus } from '../../../solver/core/types';
import { gapWords } from '../../../server/scheduling/gap-words';

interface Scenario {
  name: string;
  input: ScheduleInput;
  expects: {
    status: SolveStatus;
    objective?: number;
    /** Total people missing over all gaps. */
    missing?: number;
    includes?: Assignment[];
    explanationsContain?: string[];
  };
}

const DIR = new URL('../../fixtures/solver/', import.meta.url);
const scenarios: Scenario[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as Scenario);

describe('scenario fixtures', () => {
  it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_name, { input, expects }) => {
    const result = await solveSchedule(input, { inThread: true });
    expect(result.status).toBe(expects.status);
    expect(verifySchedule(input, result.assignments)).toEqual([]);
    if (expects.objective !== undefined) expect(result.objective).toBeCloseTo(expects.objective, 6);
    if (expects.missing !== undefined)
      expect(result.gaps.reduce((n, g) => n + g.missing, 0)).toBe(expects.missing);
    for (const a of expects.includes ?? []) expect(result.assignments).toContainEqual(a);
    // The fragments are the app's words for the explanations.
    const text = explainGaps(input, result)
      .map((e) => gapWords(input, e).summary)
      .join('\n');
    for (const fragment of expects.explanationsContain ?? []) expect(text).toContain(fragment);
  });
});

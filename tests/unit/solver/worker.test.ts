// The solve runs in worker threads: the time limit is enforced by terminating them, and the portfolio
// takes the first proven optimum. Timings here are generous safety limits, not performance targets.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { curtoisToScheduleInput } from '../../../bench/curtois/adapter';
import { parseCurtois } from '../../../bench/curtois/parse';
import { closeWorkers, solveSchedule } from '../../../solver';
import { verifySchedule } from '../../../solver/core/verify';
import type { ScheduleInput, SolveProgress } from '../../../solver/core/types';
import { PHARMACIST, TECHNICIAN, dayAndEvening, demand, makeInput, person } from './helpers';

const INSTANCE1 = new URL('../../fixtures/solver/curtois-instance1.txt', import.meta.url);

afterAll(async () => {
  await closeWorkers();
});

function smallWeek(): ScheduleInput {
  const staff = [
    person('Rx1', [PHARMACIST]),
    person('Rx2', [PHARMACIST]),
    ...['T1', 'T2', 'T3', 'T4', 'T5'].map((t) => person(t, [TECHNICIAN], { maxMinutesPerWeek: 2400 })),
  ];
  const shifts = dayAndEvening(7);
  const demands = shifts.flatMap((s) => [demand(s.id, PHARMACIST, 1), demand(s.id, TECHNICIAN, 2)]);
  return makeInput({ shifts, staff, demands, rules: { technicianRatio: 4, maxConsecutiveDays: 6 } });
}

/** A model too big for javascript-lp-solver to finish its first LP in a second. */
function bigFortnight(): ScheduleInput {
  const staff = Array.from({ length: 60 }, (_, i) =>
    person(`S${i}`, i % 4 === 0 ? [PHARMACIST] : [TECHNICIAN], {
      maxMinutesPerWeek: 2400,
      targetMinutes: 4200 + (i % 5) * 60,
    }),
  );
  const shifts = dayAndEvening(14);
  const demands = shifts.flatMap((s) => [demand(s.id, PHARMACIST, 4), demand(s.id, TECHNICIAN, 13)]);
  return makeInput({ shifts, staff, demands, rules: { technicianRatio: 4, maxConsecutiveDays: 5 } });
}

describe('solveSchedule in workers', () => {
  it('solves in a worker and reports progress', async () => {
    const input = smallWeek();
    const events: SolveProgress[] = [];
    const r = await solveSchedule(input, { engine: 'highs', onProgress: (p) => events.push(p) });
    expect(r.status).toBe('optimal');
    expect(verifySchedule(input, r.assignments)).toEqual([]);
    expect(events[0]?.phase).toBe('building');
    expect(events.at(-1)?.phase).toBe('done');
  });

  it('portfolio: both engines reach the same proven optimum', async () => {
    const input = smallWeek();
    const portfolio = await solveSchedule(input, { engine: 'portfolio' });
    const jslp = await solveSchedule(input, { engine: 'jslp' });
    const highs = await solveSchedule(input, { engine: 'highs' });
    expect([portfolio.status, jslp.status, highs.status]).toEqual(['optimal', 'optimal', 'optimal']);
    expect(jslp.objective).toBeCloseTo(highs.objective, 6);
    expect(portfolio.objective).toBeCloseTo(highs.objective, 6);
  });

  it('is deterministic for the same input and engine', async () => {
    const input = smallWeek();
    const first = await solveSchedule(input, { engine: 'highs' });
    const second = await solveSchedule(input, { engine: 'highs' });
    expect(second.assignments).toEqual(first.assignments);
  });

  it('terminates an engine that overruns the limit and returns the best schedule found (never a broken one)', async () => {
    const input = bigFortnight();
    const LIMIT_MS = 1500;
    const started = Date.now();
    const r = await solveSchedule(input, { engine: 'jslp', timeLimitMs: LIMIT_MS });
    expect(Date.now() - started).toBeLessThan(LIMIT_MS + 15_000);
    expect(r.status).toBe('timed out');
    expect(verifySchedule(input, r.assignments)).toEqual([]);
    expect(r.gaps.length).toBeGreaterThan(0);
  });
});

describe('solveSchedule at its time limit', () => {
  it('returns HiGHS’s best schedule so far, verified, with the gap to its bound', async () => {
    const input = curtoisToScheduleInput(parseCurtois(readFileSync(INSTANCE1, 'utf8')));
    const progress: string[] = [];
    const r = await solveSchedule(input, {
      engine: 'highs',
      timeLimitMs: 5000,
      onProgress: (p) => progress.push(p.message ?? ''),
    });
    // On a fast machine Instance1 may be proven within the limit; either way the schedule is valid.
    expect(['timed out', 'optimal']).toContain(r.status);
    expect(r.assignments.length).toBeGreaterThan(0);
    expect(verifySchedule(input, r.assignments)).toEqual([]);
    // The gap is known when HiGHS stopped itself; on a very busy machine the worker may be terminated first.
    if (r.status === 'timed out' && r.message.includes('stopped at its limit'))
      expect(r.gapPercent).toBeGreaterThan(0);
    expect(progress.some((m) => m.startsWith('schedule with objective'))).toBe(true);
  });
});

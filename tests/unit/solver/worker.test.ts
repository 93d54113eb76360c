// The solve runs in worker threads: the time limit is enforced by terminating them, and the portfolio
// takes the first proven optimum. Timings here are generous safety limits, not performance targets.
import { afterAll, describe, expect, it } from 'vitest';
import { closeWorkers, solveSchedule } from '../../../solver/index';
import { verifySchedule } from '../../../solver/verify';
import type { ScheduleInput, SolveProgress } from '../../../solver/types';
import { PHARMACIST, TECHNICIAN, dayAndEvening, demand, makeInput, person } from './helpers';

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

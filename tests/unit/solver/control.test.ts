// How a solve is steered: which engines `auto` starts, cancelling through an AbortSignal, the best
// objective in progress events, and locks that break a hard rule. Timings are safety limits only.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { curtoisToScheduleInput } from '../../../bench/curtois/adapter';
import { parseCurtois } from '../../../bench/curtois/parse';
import { buildModel } from '../../../solver/core/model';
import {
  CONSTRUCT_LIMIT_MS,
  LNS_DELAY_MS,
  PRESOLVE_FIRST_ROWS_PER_COLUMN,
  SECOND_RUNNER_DELAY_MS,
  chooseRunners,
  closeWorkers,
  solveSchedule,
  warmUpWorkers,
  workersWarm,
} from '../../../solver';
import { verifySchedule } from '../../../solver/core/verify';
import type { ScheduleInput, SolveProgress, SolveResult } from '../../../solver/core/types';
import { PHARMACIST, TECHNICIAN, dayAndEvening, demand, makeInput, person } from './helpers';

const INSTANCE5 = new URL('../../../bench/curtois/instances/Instance5.txt', import.meta.url);
const INSTANCE2 = new URL('../../fixtures/solver/curtois-instance2.txt', import.meta.url);

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

/** Too big for javascript-lp-solver to finish its first LP in a second. */
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

describe('auto engine choice', () => {
  it('starts HiGHS without presolve, HiGHS with presolve after a delay, then the constructive start and the LNS in place of the first', () => {
    const runners = chooseRunners(buildModel(smallWeek()), 'auto');
    expect(runners).toEqual([
      { engine: 'highs', presolve: false },
      { engine: 'highs', presolve: true, delayMs: SECOND_RUNNER_DELAY_MS },
      { engine: 'highs', presolve: true, delayMs: LNS_DELAY_MS, lns: true, replaces: 3 },
      {
        engine: 'highs',
        presolve: true,
        delayMs: LNS_DELAY_MS - CONSTRUCT_LIMIT_MS,
        construct: true,
        replaces: 0,
      },
    ]);
    expect(LNS_DELAY_MS - CONSTRUCT_LIMIT_MS).toBeGreaterThan(SECOND_RUNNER_DELAY_MS);
    expect(LNS_DELAY_MS).toBeGreaterThan(SECOND_RUNNER_DELAY_MS);
    expect(chooseRunners(buildModel(smallWeek()), 'portfolio').map((r) => r.engine)).toEqual([
      'jslp',
      'highs',
    ]);
  });

  it('starts HiGHS with presolve first on a model made mostly of sequence windows, the run without presolve after the delay', () => {
    // Curtois Instance5: minimum and maximum runs, days off and weekends give about three rows per column.
    const built = buildModel(curtoisToScheduleInput(parseCurtois(readFileSync(INSTANCE5, 'utf8'))));
    expect(built.lp.rows.length).toBeGreaterThanOrEqual(
      PRESOLVE_FIRST_ROWS_PER_COLUMN * built.lp.vars.length,
    );
    expect(chooseRunners(built, 'auto').slice(0, 2)).toEqual([
      { engine: 'highs', presolve: false, delayMs: SECOND_RUNNER_DELAY_MS },
      { engine: 'highs', presolve: true },
    ]);
    // A pharmacy week is not: it keeps the run without presolve first (the test above).
    const week = buildModel(smallWeek());
    expect(week.lp.rows.length).toBeLessThan(PRESOLVE_FIRST_ROWS_PER_COLUMN * week.lp.vars.length);
  });

  it('gives the second core to the dive with its proof at once when it knows every rule, until the second run is due', async () => {
    const built = buildModel(curtoisToScheduleInput(parseCurtois(readFileSync(INSTANCE5, 'utf8'))));
    const runners = chooseRunners(built, 'auto', true);
    expect(runners).toHaveLength(5);
    expect(runners[0]).toEqual({
      engine: 'highs',
      presolve: false,
      delayMs: SECOND_RUNNER_DELAY_MS,
      replaces: 4,
    });
    expect(runners[4]).toEqual({ engine: 'highs', presolve: true, prove: true });
    // A pharmacy week (rest between shifts, weekly hours) gets no prover: the dive does not know its rules.
    const week = smallWeek();
    const result = await solveSchedule(week, { timeLimitMs: 20_000 });
    expect(result.status).toBe('optimal');
    expect(result.message).not.toMatch(/dive/i);
    // Curtois Instance2 does: the solve names it, and ends proven at the optimum.
    const instance2 = curtoisToScheduleInput(parseCurtois(readFileSync(INSTANCE2, 'utf8')));
    const proven = await solveSchedule(instance2, { timeLimitMs: 50_000 });
    expect(proven.status).toBe('optimal');
    expect(proven.objective).toBe(828);
    expect(proven.message).toMatch(/Dive: |the dive: /);
    expect(verifySchedule(instance2, proven.assignments)).toEqual([]);
  });

  it('proves a small week with one worker: the delayed runner never starts', async () => {
    // The delay runs on the main thread's timers, faked here so that it is a condition, not a race
    // against a loaded machine: the clock is moved to 1 ms before the delay once the first worker
    // reports, and the delayed runner must neither have started nor be left waiting to start.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let r: SolveResult;
    try {
      let reported: () => void = () => undefined;
      const firstReport = new Promise<void>((resolve) => (reported = resolve));
      const solving = solveSchedule(smallWeek(), {
        timeLimitMs: 20_000,
        onProgress: (p) => {
          if (p.phase !== 'building') reported();
        },
      });
      await firstReport;
      vi.advanceTimersByTime(SECOND_RUNNER_DELAY_MS - 1);
      r = await solving;
      // The solve cleared its timers as it ended: nothing is left to start a runner later.
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
    expect(r.status).toBe('optimal');
    expect(r.engine).toBe('highs');
    expect(r.message).toBe(r.message.split('; ')[0]);
    expect(r.message).toMatch(/^HiGHS \(no presolve\): optimal in \d+ ms$/);
  });
});

describe('a model still unproven before the LNS delay', () => {
  it('hands the first worker to the constructive start, then to the LNS, and returns a valid schedule', async () => {
    // Curtois Instance5: plain HiGHS needs minutes to prove it, so it is open at every delay here.
    const input = curtoisToScheduleInput(parseCurtois(readFileSync(INSTANCE5, 'utf8')));
    const LIMIT_MS = LNS_DELAY_MS + 4000;
    const r = await solveSchedule(input, { timeLimitMs: LIMIT_MS });
    expect(['timed out', 'feasible', 'optimal']).toContain(r.status);
    expect(r.assignments.length).toBeGreaterThan(0);
    expect(verifySchedule(input, r.assignments)).toEqual([]);
    // The LNS ran in the worker the constructive start gave back (it would wait for it forever else).
    expect(r.message).toMatch(/HiGHS LNS: /);
  }, 60_000);
});

describe('warm-up', () => {
  it('loads HiGHS in the idle workers; the next solve uses one of them', async () => {
    await closeWorkers();
    warmUpWorkers(1);
    await workersWarm();
    const r = await solveSchedule(smallWeek(), { timeLimitMs: 20_000 });
    expect(r.status).toBe('optimal');
    // The warm-up job (id 0) never answers for a real job: the message is the engine's own.
    expect(r.message).toMatch(/^HiGHS \(no presolve\): optimal in \d+ ms$/);
  });
});

describe('cancelling a solve', () => {
  it('stops the engine and resolves promptly with the best schedule so far, verified', async () => {
    const input = bigFortnight();
    const controller = new AbortController();
    const CANCEL_AFTER_MS = 800;
    setTimeout(() => controller.abort(), CANCEL_AFTER_MS);
    const started = Date.now();
    const r = await solveSchedule(input, { engine: 'jslp', timeLimitMs: 60_000, signal: controller.signal });
    // Far below the 60 s limit: the worker was terminated, not waited for.
    expect(Date.now() - started).toBeLessThan(CANCEL_AFTER_MS + 5000);
    expect(r.status).toBe('timed out');
    expect(r.message).toMatch(/^(Cancelled: |No schedule found before the solve was cancelled)/);
    expect(verifySchedule(input, r.assignments)).toEqual([]);
  });

  it('returns at once when the signal is already aborted', async () => {
    const r = await solveSchedule(smallWeek(), { signal: AbortSignal.abort() });
    expect(r.status).toBe('timed out');
    expect(r.assignments).toEqual([]);
    expect(r.message).toBe('Cancelled before any engine started; returning locked assignments only.');
  });
});

describe('progress', () => {
  it('carries the best objective so far as a number, and the final objective when done', async () => {
    const events: SolveProgress[] = [];
    const r = await solveSchedule(smallWeek(), { engine: 'highs', onProgress: (p) => events.push(p) });
    const solving = events.filter((e) => e.bestObjective !== undefined && e.phase === 'solving');
    expect(solving.length).toBeGreaterThan(0);
    // Each improvement is no worse than the one before, and the last one is the schedule returned.
    const values = solving.map((e) => e.bestObjective as number);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(values.at(-1)).toBe(Math.round(r.objective * 100) / 100);
    expect(events.at(-1)).toMatchObject({
      phase: 'done',
      bestObjective: Math.round(r.objective * 100) / 100,
    });
  });
});

describe('locked assignments that break a hard rule', () => {
  it('give status infeasible with the violations named', async () => {
    const MIN_REST = 600;
    // Evening 15:00–23:00 on day 0, then day 07:00–15:00 on day 1: 8 h of rest, 10 h required.
    const input = makeInput({
      shifts: dayAndEvening(2),
      staff: [person('Ana', [TECHNICIAN]), person('Ben', [TECHNICIAN])],
      demands: [demand('D1', TECHNICIAN, 1), demand('E0', TECHNICIAN, 1)],
      rules: { maxConsecutiveDays: null, minRestMinutes: MIN_REST },
      locked: [
        { staff: 'Ana', shift: 'E0', position: TECHNICIAN },
        { staff: 'Ana', shift: 'D1', position: TECHNICIAN },
      ],
    });
    const r = await solveSchedule(input, { engine: 'highs', inThread: true });
    expect(r.status).toBe('infeasible');
    expect(r.violations.map((v) => [v.rule, v.staff])).toEqual([['MIN_REST', 'Ana']]);
    expect(r.message).toContain('locked assignments break hard rules');
    expect(r.message).toContain(r.violations[0]?.message);
    expect(r.assignments).toEqual(input.locked);
  });

  it('but a ratio the locks break alone is mended by the solver (a pharmacist is added)', async () => {
    const input = makeInput({
      shifts: dayAndEvening(1),
      staff: [person('T1', [TECHNICIAN]), person('T2', [TECHNICIAN]), person('Rx', [PHARMACIST])],
      demands: [demand('D0', TECHNICIAN, 2), demand('D0', PHARMACIST, 1)],
      rules: { maxConsecutiveDays: null, technicianRatio: 2 },
      locked: [
        { staff: 'T1', shift: 'D0', position: TECHNICIAN },
        { staff: 'T2', shift: 'D0', position: TECHNICIAN },
      ],
    });
    const r = await solveSchedule(input, { engine: 'highs', inThread: true });
    expect(r.status).toBe('optimal');
    expect(r.assignments).toContainEqual({ staff: 'Rx', shift: 'D0', position: PHARMACIST });
  });
});

/**
 * The bench's reference solve: the instance's model (`buildModel`, the same rows and columns the
 * engine solves) handed to HiGHS alone with its default settings — presolve, its own search, one
 * thread — and nothing of the engine around it (no second run, no constructive start, no
 * large-neighbourhood search, no shared schedules). It runs in its own child process beside every
 * Curtois solve, on the same machine in the same run, so that the engine is compared with what plain
 * HiGHS does under the same load instead of with figures measured on another day.
 */
import { setFlagsFromString } from 'node:v8';
import loadHighs from 'highs';
import { buildModel } from '../solver/core/model';
import { passLp } from '../solver/runtime/engines/highs';
import type { ScheduleInput } from '../solver/core/types';
import { summarizeSchedule, verifySchedule } from '../solver';

/** One point of a quality-over-time curve: the best objective and the best bound known at `ms`. */
export interface CurvePoint {
  ms: number;
  objective?: number;
  bound?: number;
}

export interface ReferenceRun {
  status: 'optimal' | 'timed out' | 'no schedule';
  /** Objective of the best schedule (recomputed from it by summarizeSchedule), if any. */
  objective?: number;
  /** HiGHS's dual bound at the end (schedule units). */
  bound?: number;
  wallMs: number;
  /** Hard-rule violations of the schedule found (verifySchedule): must be 0. */
  violations: number;
  curve: CurvePoint[];
}

/**
 * Loads HiGHS and compiles its WebAssembly optimised up front, as the engine's warm workers do, so
 * that neither side pays V8's lazy compilation in the measured time.
 */
async function loadEagerly(): Promise<Awaited<ReturnType<typeof loadHighs>>> {
  setFlagsFromString('--no-wasm-lazy-compilation');
  setFlagsFromString('--no-liftoff');
  try {
    return await loadHighs();
  } finally {
    setFlagsFromString('--wasm-lazy-compilation');
    setFlagsFromString('--liftoff');
  }
}

export async function solvePlainHighs(input: ScheduleInput, timeLimitMs: number): Promise<ReferenceRun> {
  const highs = await loadEagerly();
  const started = Date.now();
  const built = buildModel(input);
  const { lp } = built;
  const model = highs.createModel();
  const curve: CurvePoint[] = [];
  let best: { values: number[]; objective: number } | undefined;
  let bound: number | undefined;
  const point = (): void => {
    curve.push({
      ms: Date.now() - started,
      ...(best ? { objective: Math.round(best.objective * 100) / 100 } : {}),
      ...(bound !== undefined ? { bound: Math.round(bound * 100) / 100 } : {}),
    });
  };
  try {
    // The same model the engine is given (the engine's own hand-over), solved with HiGHS's defaults.
    passLp(highs, model, lp);
    // Defaults except the limit, silence, and a proof to the last unit as the engine is asked for.
    model.options.set({ output_flag: false, time_limit: timeLimitMs / 1000, mip_rel_gap: 0 });
    const cb = highs.constants.callbackType;
    const run = model.run({
      [cb.mipImprovingSolution]: (event) => {
        const sol = event.data.mip_solution;
        const primal = event.data.mip_primal_bound;
        if (!sol || primal === undefined) return undefined;
        if (!best || primal < best.objective) best = { values: Array.from(sol), objective: primal };
        point();
        return undefined;
      },
      // Its logging callback is silent with output_flag off; the interrupt checks carry the bound too.
      [cb.mipInterrupt]: (event) => {
        const dual = event.data.mip_dual_bound;
        if (dual !== undefined && Number.isFinite(dual) && (bound === undefined || dual > bound + 1e-9)) {
          bound = dual;
          point();
        }
        return undefined;
      },
    });
    const wallMs = Date.now() - started;
    const solution = model.getSolution();
    const dual = Number(model.info.get('mip_dual_bound'));
    if (Number.isFinite(dual)) bound = dual;
    const finalValues =
      solution.colValue.length === lp.vars.length ? Array.from(solution.colValue) : best?.values;
    if (!finalValues)
      return {
        status: 'no schedule',
        wallMs,
        violations: 0,
        curve,
        ...(bound !== undefined ? { bound } : {}),
      };
    const assignments = [...built.fixed];
    for (const { index, assignment } of built.assignmentVars)
      if ((finalValues[index] ?? 0) > 0.5) assignments.push(assignment);
    const objective = summarizeSchedule(input, assignments).objective;
    const optimal = run.modelStatus === highs.constants.modelStatus.optimal;
    best = { values: finalValues, objective };
    point();
    return {
      status: optimal ? 'optimal' : 'timed out',
      objective,
      ...(bound !== undefined ? { bound } : {}),
      wallMs,
      violations: verifySchedule(input, assignments).length,
      curve,
    };
  } finally {
    model.dispose();
  }
}

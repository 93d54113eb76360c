/**
 * One measured solve, run in a child process of bench/run.ts so that the process's peak resident
 * memory (which includes the solver's worker threads) belongs to this solve alone.
 * Protocol: the parent sends one ChildRequest over IPC; the child answers with one ChildReply and exits.
 */
import { solveSchedule, warmUpWorkers, workersWarm } from '../solver';
import { generatePharmacyInstance } from './generate-pharmacy';
import type { SolveOptions, SolveResult } from '../solver/core/types';
import { loadInstance, type InstanceSpec } from './instances';
import { solvePlainHighs, type CurvePoint, type ReferenceRun } from './reference';

export interface ChildRequest {
  /** `engine` (default): solveSchedule; `reference`: the model given to plain HiGHS (bench/reference.ts). */
  kind?: 'engine' | 'reference';
  spec: InstanceSpec;
  engine: NonNullable<SolveOptions['engine']>;
  timeLimitMs: number;
  /**
   * Start the solver's two workers and load both engines with a tiny solve first, as in a running
   * server, so the measured time is the solve and not Node's worker and WebAssembly start-up.
   */
  warm: boolean;
  /** Deterministic mode (SolveOptions.deterministic). */
  deterministic?: NonNullable<SolveOptions['deterministic']>;
}

export type ChildReply =
  | {
      ok: true;
      result: SolveResult;
      /** Resident memory just before the solve, bytes (Node, tsx and the built input). */
      rssBeforeBytes: number;
      /** Peak resident memory of the whole process by the end of the solve, bytes. */
      peakRssBytes: number;
      /** Time from calling solveSchedule to its promise settling, milliseconds. */
      measuredWallMs: number;
      /**
       * CPU time of the whole process (all threads: both engines in a portfolio) during the solve,
       * milliseconds. Less sensitive than wall time to other work on the machine.
       */
      cpuMs: number;
      /** Best objective and bound as the solve went (from its progress events). */
      curve: CurvePoint[];
    }
  | { ok: false; error: string };

export type ReferenceReply =
  { ok: true; reference: ReferenceRun; cpuMs: number } | { ok: false; error: string };

function reply(message: ChildReply | ReferenceReply): void {
  process.send?.(message, undefined, {}, () => process.exit(0));
}

async function warmUp(): Promise<void> {
  // Exactly what the server does at start (server/index.ts): two idle workers that have loaded HiGHS
  // and solved the pool's warm-up week. jslp is plain JavaScript: one tiny solve loads it.
  warmUpWorkers();
  await workersWarm();
  const tiny = generatePharmacyInstance({ staff: 8, days: 7 }, 99);
  await solveSchedule(tiny, { engine: 'jslp', timeLimitMs: 5_000 });
}

process.once('message', (request: ChildRequest) => {
  void (async () => {
    try {
      const { input } = loadInstance(request.spec);
      if (request.kind === 'reference') {
        const cpuBefore = process.cpuUsage();
        const reference = await solvePlainHighs(input, request.timeLimitMs);
        const cpu = process.cpuUsage(cpuBefore);
        reply({ ok: true, reference, cpuMs: (cpu.user + cpu.system) / 1000 });
        return;
      }
      if (request.warm) await warmUp();
      const curve: CurvePoint[] = [];
      const rssBeforeBytes = process.memoryUsage().rss;
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const result = await solveSchedule(input, {
        engine: request.engine,
        timeLimitMs: request.timeLimitMs,
        ...(request.deterministic ? { deterministic: request.deterministic } : {}),
        onProgress: (p) => {
          if (p.phase === 'done') return;
          const last = curve.at(-1);
          if (last?.objective === p.bestObjective && last?.bound === p.bestBound) return;
          curve.push({
            ms: p.elapsedMs,
            ...(p.bestObjective !== undefined ? { objective: p.bestObjective } : {}),
            ...(p.bestBound !== undefined ? { bound: p.bestBound } : {}),
          });
        },
      });
      curve.push({
        ms: result.wallTimeMs,
        objective: Math.round(result.objective * 100) / 100,
        ...(result.bestBound !== undefined ? { bound: result.bestBound } : {}),
      });
      const measuredWallMs = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      // resourceUsage().maxRSS is in kilobytes.
      const peakRssBytes = process.resourceUsage().maxRSS * 1024;
      reply({ ok: true, result, rssBeforeBytes, peakRssBytes, measuredWallMs, cpuMs, curve });
    } catch (error) {
      reply({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  })();
});

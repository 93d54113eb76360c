import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { curtoisToScheduleInput, resultToCurtoisRoster } from '../../../bench/curtois/adapter';
import { parseCurtois, type CurtoisRoster } from '../../../bench/curtois/parse';
import { scoreCurtois } from '../../../bench/curtois/score';
import { closeWorkers, solveSchedule, verifySchedule } from '../../../solver';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const INSTANCE1 = fileURLToPath(new URL('../../../bench/curtois/instances/Instance1.txt', import.meta.url));
/** Proven optimum published with the benchmark. */
const INSTANCE1_OPTIMUM = 607;
const SOLVE_LIMIT_MS = 60_000;

const instance = parseCurtois(readFileSync(INSTANCE1, 'utf8'));

/** `npm run bench -- curtois <Instance1> …args` in a child process. */
function benchInstance1(args: string[], timeoutMs: number) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', 'curtois', INSTANCE1, ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: timeoutMs,
  });
}

afterAll(() => closeWorkers());

describe('Curtois–Qu Instance1', () => {
  it(
    'solves to the proven optimum 607 with the engine the solver picks, and the scorer agrees',
    async () => {
      const input = curtoisToScheduleInput(instance);
      const result = await solveSchedule(input, { timeLimitMs: SOLVE_LIMIT_MS });

      expect(result.status).toBe('optimal');
      expect(Math.round(result.objective)).toBe(INSTANCE1_OPTIMUM);
      expect(verifySchedule(input, result.assignments)).toEqual([]);
      const score = scoreCurtois(instance, resultToCurtoisRoster(input, result));
      expect(score.violations).toEqual([]);
      expect(score.objective).toBe(INSTANCE1_OPTIMUM);
    },
    SOLVE_LIMIT_MS + 30_000,
  );

  const outDir = mkdtempSync(join(tmpdir(), 'rxroster-bench-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it(
    'writes a roster with `bench curtois <file> --out` that scores exactly the reported objective',
    () => {
      const out = join(outDir, 'roster.json');
      const run = benchInstance1(['--out', out, '--limit', '60'], SOLVE_LIMIT_MS + 60_000);
      expect(run.status, run.stderr).toBe(0);

      const roster = JSON.parse(readFileSync(out, 'utf8')) as CurtoisRoster;
      expect(Object.keys(roster)).toEqual(['assignments']);
      expect(Object.keys(roster.assignments[0] ?? {})).toEqual(['staff', 'day', 'shift']);
      const score = scoreCurtois(instance, roster);
      expect(score.violations).toEqual([]);
      expect(score.objective).toBe(INSTANCE1_OPTIMUM);
      // The table row reports the solver's objective next to the scorer's: both 607.
      expect(run.stdout).toMatch(/\| Instance1 \| 8 × 14 \| \w+ \| [^|]+ \| optimal \| 607 \| 607 \| 607 \|/);
    },
    SOLVE_LIMIT_MS + 90_000,
  );

  it(
    'solves an instance several times with `--runs`: a row per run and the verdict over every run',
    () => {
      const run = benchInstance1(
        ['--runs', '2', '--no-reference', '--limit', '60'],
        2 * SOLVE_LIMIT_MS + 60_000,
      );
      expect(run.status, run.stderr).toBe(0);
      for (const n of [1, 2])
        expect(run.stdout).toMatch(
          new RegExp(
            `\\| Instance1 run ${n} \\| 8 × 14 \\| \\w+ \\| [^|]+ \\| optimal \\| 607 \\| 607 \\| 607 \\|`,
          ),
        );
      expect(run.stdout).toMatch(
        /- Instance1 at its optimum 607, proven in every one of 2 runs: met \(607, proven in [\d.]+ s \/ 607, proven in [\d.]+ s\)/,
      );
    },
    2 * SOLVE_LIMIT_MS + 90_000,
  );

  it(
    'repeats a seed exactly with `--deterministic`: the same schedule in two separate processes, and the spread line',
    () => {
      const run = benchInstance1(
        ['--deterministic', '--seeds', '5,5', '--limit', '60'],
        2 * SOLVE_LIMIT_MS + 60_000,
      );
      expect(run.status, run.stderr).toBe(0);
      const rows = [...run.stdout.matchAll(/^\| Instance1 \| 5 \| optimal \| 607 \| ([0-9a-f]{10}) \|/gm)];
      expect(rows).toHaveLength(2);
      expect(rows[1]?.[1]).toBe(rows[0]?.[1]);
      expect(run.stdout).toContain('- Instance1: objective 607–607 over 2 seeds, 2 proven');
      expect(run.stdout).not.toContain('not reproducible');
    },
    2 * SOLVE_LIMIT_MS + 90_000,
  );
});

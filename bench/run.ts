/**
 * `npm run bench` — measures the scheduling engine on generated pharmacy instances and on the public
 * Curtois–Qu benchmark, and optionally writes bench/RESULTS.md.
 *
 *   npm run bench                                  pharmacy sizes (every engine), the week from volume, the district, then Curtois Instance1–8
 *   npm run bench -- pharmacy --sizes 30x7,60x14   some pharmacy sizes only (and the district)
 *   npm run bench -- volume                        the week from volume with a labour budget only
 *   npm run bench -- district                      the district only: 5 sites × 30 staff, 10 floaters, one week
 *   npm run bench -- curtois Instance3             some Curtois instances only (name or path)
 *   npm run bench -- curtois --instances 1-4,7     some Curtois instances by number
 *   npm run bench -- curtois <file> --out roster.json   also write the roster in the benchmark's form
 *   options: --quick (short limits), --limit <s> (per solve), --engines jslp,highs,auto (pharmacy),
 *            --engine <e> (Curtois, default auto), --seed <n>, --write (bench/RESULTS.md),
 *            --no-reference (skip the plain-HiGHS reference solves)
 *   npm run bench -- curtois --instances 5-8 --runs 3   each Curtois solve three times (issue 18's targets
 *            must hold in every run): a row per run, one reference per instance, and per instance the
 *            runs' objectives side by side with the verdict over all of them
 *   npm run bench -- curtois --instances 1-3 --deterministic --seeds 1,2,3
 *            deterministic mode (SolveOptions.deterministic): each solve once per seed, stopped by work
 *            limits (--nodes <n> per full HiGHS run, --lns-iterations <n>), a table of the spread across
 *            seeds with a fingerprint of each schedule (the same seed gives the same fingerprint on every
 *            run); no reference solves
 *
 * Each solve runs in its own child process (bench/solve-child.ts) so that its peak resident memory
 * can be read; every schedule is re-checked with verifySchedule and every Curtois roster is scored
 * by the independent scorer, whose value must equal the objective the solver reports. After each
 * Curtois solve a reference solve of the same model by plain HiGHS (bench/reference.ts) runs in
 * another child with the same limit, and the table gives the ratio between the two.
 */
import { execFileSync, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { verifySchedule } from '../solver';
import type { DeterministicOptions, SolveOptions, SolveResult } from '../solver/core/types';
import { resultToCurtoisRoster } from './curtois/adapter';
import { scoreCurtois } from './curtois/score';
import { PHARMACY_SIZES, type PharmacySize } from './generate-pharmacy';
import { DISTRICT_SIZE } from './generate-district';
import { loadInstance, type InstanceSpec } from './instances';
import type { CurvePoint } from './reference';
import type { ChildReply, ChildRequest, ReferenceReply } from './solve-child';

type Engine = NonNullable<SolveOptions['engine']>;

const REPO = fileURLToPath(new URL('..', import.meta.url));
const CURTOIS_DIR =
  process.env.CURTOIS_DIR ?? fileURLToPath(new URL('./curtois/instances/', import.meta.url));
const RESULTS_FILE = fileURLToPath(new URL('RESULTS.md', import.meta.url));
const NOTES_MARKER = '<!-- notes below are kept by --write -->';

/** Proven optima from the benchmark's README. */
const CURTOIS_OPTIMA: Record<string, number> = {
  Instance1: 607,
  Instance2: 828,
  Instance3: 1001,
  Instance4: 1716,
  Instance5: 1143,
  Instance6: 1950,
  Instance7: 1056,
  Instance8: 1300,
};
/** Instances the engine must prove optimal (faster than the reference), and together within this many seconds (issue 18). */
const CURTOIS_PROVEN = ['Instance1', 'Instance2', 'Instance3', 'Instance4'];
const CURTOIS_PROVEN_TOGETHER_S = 60;
/** Seconds at which the quality-over-time curves are read. */
const CURVE_SECONDS = [0.5, 1, 2, 5, 10, 30, 60, 120, 300];
/** Issue 4's targets: proven optimal within this many seconds, per pharmacy size. */
const DISTRICT_LABEL = `district ${DISTRICT_SIZE.sites} sites × ${DISTRICT_SIZE.staff} staff, ${DISTRICT_SIZE.floaters} floaters ×${DISTRICT_SIZE.days}`;
/** Proven optimal within these seconds (issue 4; the district, issue 15). */
const PHARMACY_TARGET_SECONDS: Record<string, number> = {
  '30×7': 0.3,
  '60×14': 2,
  '100×28': 10,
  [DISTRICT_LABEL]: 10,
};
/** Staff of the week generated from volume (bench/generate-volume-week.ts); held to the 30×7 target. */
const VOLUME_STAFF = 30;
const CURTOIS_NEAR_PERCENT = 1;

interface Options {
  pharmacy: boolean;
  volume: boolean;
  /** The district case (DISTRICT_SIZE): with the pharmacy suite, or alone as the `district` suite. */
  district: boolean;
  curtois: boolean;
  sizes: PharmacySize[];
  engines: Engine[];
  curtoisEngine: Engine;
  curtoisFiles: string[];
  pharmacyLimitS: number;
  curtoisLimitS: number;
  seed: number;
  out?: string;
  write: boolean;
  reference: boolean;
  /** Curtois solves per instance (`--runs`): the targets must hold in every one. */
  runs: number;
  /** Deterministic mode: one solve per seed with these work limits (`seed` set per solve). */
  deterministic?: { seeds: number[]; limits: Omit<DeterministicOptions, 'seed'> };
}

interface Measured {
  name: string;
  engine: Engine;
  reply: ChildReply;
  violations: string[];
  /** Deterministic mode: the solve's seed. */
  seed?: number;
  /** With `--runs` above 1: which run (from 1). */
  run?: number;
}

interface PharmacyRow extends Measured {
  size: string;
}

interface CurtoisRow extends Measured {
  staffDays: string;
  optimum: number | undefined;
  scorer?: { objective: number; hardViolations: number };
  reference?: ReferenceReply;
}

const ENGINES: readonly Engine[] = ['jslp', 'highs', 'auto', 'portfolio'];

function usage(message: string): never {
  process.stderr.write(`${message}\nsee the header of bench/run.ts for usage\n`);
  process.exit(2);
}

function parseEngine(text: string): Engine {
  if (!(ENGINES as readonly string[]).includes(text)) usage(`unknown engine ${text}`);
  return text as Engine;
}

function resolveCurtoisFile(name: string): string {
  if (existsSync(name)) return name;
  const bare = /^\d+$/.test(name) ? `Instance${name}` : name.replace(/\.txt$/, '');
  const candidate = `${CURTOIS_DIR}/${bare}.txt`;
  if (!existsSync(candidate)) usage(`no Curtois instance ${name} (looked in ${CURTOIS_DIR})`);
  return candidate;
}

function parseArgs(argv: string[]): Options {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const name = arg.slice(2);
    if (['quick', 'write', 'help', 'no-reference', 'deterministic'].includes(name)) flags.set(name, true);
    else {
      const value = argv[i + 1];
      if (value === undefined) usage(`--${name} needs a value`);
      flags.set(name, value);
      i += 1;
    }
  }
  if (flags.has('help')) usage('');
  const text = (name: string): string | undefined => {
    const v = flags.get(name);
    return typeof v === 'string' ? v : undefined;
  };
  const suite = positional[0];
  if (suite !== undefined && !['pharmacy', 'volume', 'curtois', 'district'].includes(suite))
    usage(`unknown suite ${suite}`);
  const quick = flags.has('quick');
  const limit = text('limit') === undefined ? undefined : Number(text('limit'));
  if (limit !== undefined && !(limit > 0)) usage('--limit must be a positive number of seconds');
  const sizes = text('sizes')
    ?.split(',')
    .map((s) => {
      const [staff, days] = s.split('x').map(Number);
      if (!Number.isInteger(staff) || !Number.isInteger(days)) usage(`bad size ${s} (want e.g. 30x7)`);
      return { staff: staff ?? 0, days: days ?? 0 };
    }) ?? [...PHARMACY_SIZES];
  const numbers = text('instances')
    ?.split(',')
    .flatMap((part) => {
      const [from, to] = part.split('-').map(Number);
      const last = to ?? from;
      if (!Number.isInteger(from) || !Number.isInteger(last) || (from ?? 0) < 1 || (last ?? 0) < (from ?? 0))
        usage(`bad --instances ${part} (want e.g. 1-4,7)`);
      return Array.from({ length: (last ?? 0) - (from ?? 0) + 1 }, (_, i) => String((from ?? 0) + i));
    });
  if (numbers !== undefined && suite === 'pharmacy') usage('--instances selects Curtois instances');
  const files = [...(suite === 'curtois' ? positional.slice(1) : []), ...(numbers ?? [])];
  const options: Options = {
    pharmacy: suite === undefined || suite === 'pharmacy',
    volume: suite === undefined || suite === 'volume',
    district: suite === undefined || suite === 'pharmacy' || suite === 'district',
    curtois: suite === undefined || suite === 'curtois',
    sizes,
    engines: (text('engines') ?? 'jslp,highs,auto').split(',').map(parseEngine),
    curtoisEngine: parseEngine(text('engine') ?? 'auto'),
    curtoisFiles: (files.length > 0 ? files : Object.keys(CURTOIS_OPTIMA)).map(resolveCurtoisFile),
    pharmacyLimitS: limit ?? (quick ? 20 : 60),
    curtoisLimitS: limit ?? (quick ? 30 : 300),
    seed: Number(text('seed') ?? 1),
    write: flags.has('write'),
    reference: !flags.has('no-reference'),
    runs: 1,
  };
  const count = (name: string): number | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) usage(`--${name} must be a positive whole number`);
    return n;
  };
  if (flags.has('deterministic')) {
    const seeds = (text('seeds') ?? '1').split(',').map(Number);
    if (seeds.some((n) => !Number.isInteger(n))) usage('bad --seeds (want e.g. 1,2,3)');
    const nodes = count('nodes');
    const lnsIterations = count('lns-iterations');
    options.deterministic = {
      seeds,
      limits: {
        ...(nodes !== undefined ? { nodes } : {}),
        ...(lnsIterations !== undefined ? { lnsIterations } : {}),
      },
    };
    // The reference is plain HiGHS with a clock: nothing to compare a seed's spread with.
    options.reference = false;
    if (options.write) usage('--deterministic prints its tables; it does not --write');
  } else if (['seeds', 'nodes', 'lns-iterations'].some((f) => flags.has(f)))
    usage('--seeds, --nodes and --lns-iterations need --deterministic');
  const runs = count('runs');
  if (runs !== undefined) {
    if (suite !== 'curtois') usage('--runs repeats Curtois solves: use it with the curtois suite');
    if (options.deterministic) usage('--runs repeats solves under a clock; deterministic mode has --seeds');
    options.runs = runs;
  }
  const out = text('out');
  if (out !== undefined) {
    if (suite !== 'curtois' || options.curtoisFiles.length !== 1)
      usage('--out needs exactly one Curtois instance');
    options.out = out;
  }
  return options;
}

/** Runs one solve in a child process; a child that outlives its limit by a minute is killed. */
function runChild(request: ChildRequest & { kind?: 'engine' }): Promise<ChildReply>;
function runChild(request: ChildRequest & { kind: 'reference' }): Promise<ReferenceReply>;
function runChild(request: ChildRequest): Promise<ChildReply | ReferenceReply> {
  return new Promise((resolve) => {
    const child = fork(fileURLToPath(new URL('solve-child.ts', import.meta.url)), [], {
      cwd: REPO,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    const settle = (reply: ChildReply | ReferenceReply): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(reply);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle({ ok: false, error: `killed: no answer ${request.timeLimitMs / 1000 + 60} s after the start` });
    }, request.timeLimitMs + 60_000);
    child.on('message', (reply: ChildReply | ReferenceReply) => settle(reply));
    child.on('exit', (code, signal) =>
      settle({ ok: false, error: `child exited (code ${code}, signal ${signal})` }),
    );
    child.send(request);
  });
}

async function measure(
  spec: InstanceSpec,
  engine: Engine,
  limitS: number,
  deterministic?: DeterministicOptions,
): Promise<Measured> {
  const { name, input } = loadInstance(spec);
  const reply = await runChild({
    spec,
    engine,
    timeLimitMs: limitS * 1000,
    warm: true,
    ...(deterministic ? { deterministic } : {}),
  });
  const violations = reply.ok ? verifySchedule(input, reply.result.assignments).map((v) => v.message) : [];
  return { name, engine, reply, violations, ...(deterministic ? { seed: deterministic.seed } : {}) };
}

/**
 * One solve per seed in deterministic mode, else `options.runs` solves (numbered if more than one),
 * each handed on as soon as it is done.
 */
async function* measureEach(
  spec: InstanceSpec,
  engine: Engine,
  limitS: number,
  options: Options,
): AsyncGenerator<Measured> {
  const det = options.deterministic;
  if (det) {
    for (const seed of det.seeds) yield await measure(spec, engine, limitS, { ...det.limits, seed });
    return;
  }
  for (let run = 1; run <= options.runs; run += 1) {
    const measured = await measure(spec, engine, limitS);
    yield options.runs > 1 ? { ...measured, run } : measured;
  }
}

function seedText(m: Measured): string {
  return m.seed === undefined ? '' : ` seed ${m.seed}`;
}

/** A Curtois row's name, with its run when the bench repeats solves. */
function runName(m: Measured): string {
  return m.run === undefined ? m.name : `${m.name} run ${m.run}`;
}

/** A short fingerprint of a schedule: equal for the same assignments, whatever their order. */
function fingerprint(result: SolveResult): string {
  const keys = result.assignments.map((a) => `${a.staff}|${a.shift}|${a.position}`).sort();
  return createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 10);
}

/** Deterministic mode: every seed's solve, then per instance the spread of objectives and times across seeds. */
function spreadTable(rows: Array<Measured & { label: string }>): string {
  const lines = table(
    ['solve', 'seed', 'status', 'objective', 'schedule fingerprint', 'wall', 'CPU', 'verify'],
    rows.map((r) => {
      if (!r.reply.ok) return [r.label, String(r.seed), `error: ${r.reply.error.split('\n')[0] ?? ''}`];
      const { result } = r.reply;
      return [
        r.label,
        String(r.seed),
        statusText(result),
        String(Math.round(result.objective * 100) / 100),
        fingerprint(result),
        seconds(result.wallTimeMs),
        seconds(r.reply.cpuMs),
        verifyText(r),
      ];
    }),
  );
  const spread: string[] = [];
  for (const label of [...new Set(rows.map((r) => r.label))]) {
    const results = rows
      .filter((r) => r.label === label && r.reply.ok)
      .map((r) => (r.reply as { result: SolveResult }).result);
    if (results.length === 0) continue;
    const objectives = results.map((r) => Math.round(r.objective * 100) / 100);
    const walls = results.map((r) => r.wallTimeMs);
    const proven = results.filter((r) => r.status === 'optimal').length;
    const clock = results.filter((r) => r.message.includes('depends on the machine')).length;
    spread.push(
      `- ${label}: objective ${Math.min(...objectives)}–${Math.max(...objectives)} over ${results.length} seeds, ${proven} proven, wall ${seconds(Math.min(...walls))}–${seconds(Math.max(...walls))}${clock > 0 ? `; **${clock} stopped by the clock before the work limit (not reproducible)**` : ''}`,
    );
  }
  return `${lines}\n\n${spread.join('\n')}`;
}

// ---------- formatting ----------

const seconds = (ms: number | undefined): string => (ms === undefined ? '—' : `${(ms / 1000).toFixed(2)} s`);
const megabytes = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MB`;

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  // Short rows (a failed solve) are padded with empty cells.
  const pad = (cells: string[]): string[] => [
    ...cells,
    ...Array<string>(Math.max(0, header.length - cells.length)).fill(''),
  ];
  return [line(header), line(header.map(() => '---')), ...rows.map((r) => line(pad(r)))].join('\n');
}

function statusText(result: SolveResult): string {
  if (result.status === 'optimal') return 'optimal';
  const gap = result.gapPercent === undefined ? '' : `, gap ${result.gapPercent.toFixed(2)} %`;
  return `${result.status}${gap}`;
}

function verifyText(m: Measured): string {
  return m.violations.length === 0 ? 'ok' : `**${m.violations.length} violations**`;
}

function pharmacyTable(rows: PharmacyRow[]): string {
  return table(
    [
      'size',
      'engine used',
      'model (rows × cols, ints)',
      'status',
      'objective',
      'uncovered',
      'first feasible',
      'proven optimal after',
      'wall',
      'CPU',
      'peak RSS (before solve)',
      'verify',
    ],
    rows.map((r) => {
      const requested = r.engine;
      if (!r.reply.ok) return [r.size, requested, '—', `error: ${r.reply.error.split('\n')[0] ?? ''}`];
      const { result } = r.reply;
      const uncovered = result.gaps.reduce((n, g) => n + g.missing, 0);
      return [
        r.size,
        requested === result.engine ? result.engine : `${requested} → ${result.engine}`,
        `${result.modelSize.rows} × ${result.modelSize.cols}, ${result.modelSize.ints}`,
        statusText(result),
        String(Math.round(result.objective * 100) / 100),
        String(uncovered),
        seconds(result.firstFeasibleMs),
        result.status === 'optimal' ? seconds(result.wallTimeMs) : 'not proven',
        seconds(result.wallTimeMs),
        seconds(r.reply.cpuMs),
        `${megabytes(r.reply.peakRssBytes)} (${megabytes(r.reply.rssBeforeBytes)})`,
        verifyText(r),
      ];
    }),
  );
}

function curtoisGap(objective: number, optimum: number | undefined): string {
  if (optimum === undefined) return '—';
  return `${(((objective - optimum) / optimum) * 100).toFixed(2)} %`;
}

function referenceText(reference: ReferenceReply | undefined): string {
  if (reference === undefined) return '—';
  if (!reference.ok) return `error: ${reference.error.split('\n')[0] ?? ''}`;
  const ref = reference.reference;
  const objective = ref.objective === undefined ? 'no schedule' : String(Math.round(ref.objective));
  const bad = ref.violations > 0 ? ` **${ref.violations} violations**` : '';
  return `${ref.status === 'optimal' ? 'optimal' : 'not proven'} ${objective} in ${seconds(ref.wallMs)}${bad}`;
}

/**
 * The engine against its reference: both proven → the reference's time over the engine's (above 1:
 * the engine is faster); otherwise the objectives at the limit (below the reference's: better).
 */
function comparison(r: CurtoisRow): { text: string; better?: boolean } {
  if (!r.reply.ok || r.reference === undefined || !r.reference.ok) return { text: '—' };
  const { result } = r.reply;
  const ref = r.reference.reference;
  const engineProved = result.status === 'optimal';
  const refProved = ref.status === 'optimal';
  if (engineProved && refProved) {
    const ratio = ref.wallMs / Math.max(1, result.wallTimeMs);
    return { text: `${ratio.toFixed(2)}× ${ratio >= 1 ? 'faster' : '(slower)'}`, better: ratio > 1 };
  }
  if (engineProved) return { text: `proven; reference not in ${seconds(ref.wallMs)}`, better: true };
  const objective = Math.round(result.objective);
  if (ref.objective === undefined) return { text: 'reference found no schedule', better: true };
  const refObjective = Math.round(ref.objective);
  if (refProved) return { text: `reference proven, engine ${objective} vs ${refObjective}`, better: false };
  const diff = ((objective - refObjective) / Math.max(1, refObjective)) * 100;
  return {
    text: `${objective} vs ${refObjective} (${diff <= 0 ? '' : '+'}${diff.toFixed(1)} %)`,
    better: objective < refObjective,
  };
}

/** The curve's best objective and bound known at `ms` (the last point at or before it). */
function curveAt(curve: CurvePoint[], ms: number): CurvePoint | undefined {
  let at: CurvePoint | undefined;
  for (const p of curve) if (p.ms <= ms) at = { ...at, ...p };
  return at;
}

function curveCell(curve: CurvePoint[], ms: number, endMs: number): string {
  if (ms > endMs) return '';
  const p = curveAt(curve, Math.min(ms, endMs));
  if (!p || p.objective === undefined) return '—';
  const objective = String(Math.round(p.objective * 100) / 100);
  return p.bound === undefined ? objective : `${objective} / ${Math.round(p.bound * 100) / 100}`;
}

/** "Quality over time": objective / bound at fixed seconds; a blank cell is after the solve ended. */
function curveTable(rows: Array<{ label: string; curve: CurvePoint[]; endMs: number }>): string {
  return table(
    ['solve', 'first schedule', ...CURVE_SECONDS.map((t) => `${t} s`), 'end'],
    rows.map((r) => {
      const first = r.curve.find((p) => p.objective !== undefined);
      return [
        r.label,
        seconds(first?.ms),
        ...CURVE_SECONDS.map((t) => curveCell(r.curve, t * 1000, r.endMs)),
        `${curveCell(r.curve, r.endMs, r.endMs)} at ${seconds(r.endMs)}`,
      ];
    }),
  );
}

function curveRows(
  pharmacy: PharmacyRow[],
  curtois: CurtoisRow[],
): Array<{ label: string; curve: CurvePoint[]; endMs: number }> {
  const out: Array<{ label: string; curve: CurvePoint[]; endMs: number }> = [];
  for (const r of pharmacy)
    if (r.reply.ok)
      out.push({ label: `${r.size} ${r.engine}`, curve: r.reply.curve, endMs: r.reply.result.wallTimeMs });
  for (const r of curtois) {
    if (r.reply.ok)
      out.push({
        label: `${runName(r)} ${r.engine}`,
        curve: r.reply.curve,
        endMs: r.reply.result.wallTimeMs,
      });
    // One reference per instance: drawn once, beside its first run.
    if (r.reference?.ok && (r.run ?? 1) === 1)
      out.push({
        label: `${r.name} reference`,
        curve: r.reference.reference.curve,
        endMs: r.reference.reference.wallMs,
      });
  }
  return out;
}

function curtoisTable(rows: CurtoisRow[]): string {
  return table(
    [
      'instance',
      'staff × days',
      'engine used',
      'model (rows × cols, ints)',
      'status',
      'objective',
      'scorer',
      'optimum',
      'gap to optimum',
      'best found after',
      'proven bound',
      'wall',
      'CPU',
      'reference: plain HiGHS, same run',
      'engine vs reference',
      'peak RSS',
      'verify',
    ],
    rows.map((r) => {
      const plainText = referenceText(r.reference);
      if (!r.reply.ok) {
        const error = `error: ${r.reply.error.split('\n')[0] ?? ''}`;
        return [
          runName(r),
          r.staffDays,
          r.engine,
          '—',
          error,
          '',
          '',
          String(r.optimum ?? '—'),
          '',
          '',
          '',
          '',
          '',
          plainText,
        ];
      }
      const { result } = r.reply;
      const objective = Math.round(result.objective);
      const scorer = r.scorer;
      const scorerText =
        scorer === undefined
          ? '—'
          : `${scorer.objective}${scorer.objective === objective ? '' : ' **≠**'}${scorer.hardViolations > 0 ? ` **${scorer.hardViolations} hard**` : ''}`;
      return [
        runName(r),
        r.staffDays,
        result.engine,
        `${result.modelSize.rows} × ${result.modelSize.cols}, ${result.modelSize.ints}`,
        statusText(result),
        String(objective),
        scorerText,
        String(r.optimum ?? '—'),
        curtoisGap(objective, r.optimum),
        seconds(result.bestFoundMs),
        result.bestBound === undefined ? '—' : String(result.bestBound),
        seconds(result.wallTimeMs),
        seconds(r.reply.cpuMs),
        plainText,
        comparison(r).text,
        megabytes(r.reply.peakRssBytes),
        verifyText(r),
      ];
    }),
  );
}

/**
 * Whether one Curtois solve meets issue 18's target for its instance: Instance1–4 proven at the optimum,
 * the others within 1 % of the best known; faster (or better) than the reference when there is one.
 */
function curtoisMet(r: CurtoisRow): boolean {
  if (r.optimum === undefined || !r.reply.ok) return false;
  const { result } = r.reply;
  const objective = Math.round(result.objective);
  const near = CURTOIS_PROVEN.includes(r.name)
    ? objective === r.optimum && result.status === 'optimal'
    : objective <= r.optimum * (1 + CURTOIS_NEAR_PERCENT / 100);
  return near && (r.reference === undefined || comparison(r).better === true);
}

/**
 * With `--runs`: per Curtois instance, every run's objective side by side and whether every run met
 * its target (issue 18: "in every one of three runs").
 */
function everyRunLines(curtois: CurtoisRow[]): string[] {
  const lines: string[] = [];
  for (const name of [...new Set(curtois.filter((r) => r.run !== undefined).map((r) => r.name))]) {
    const optimum = CURTOIS_OPTIMA[name];
    if (optimum === undefined) continue;
    const runs = curtois.filter((r) => r.name === name);
    const target = CURTOIS_PROVEN.includes(name)
      ? `at its optimum ${optimum}, proven`
      : `within ${CURTOIS_NEAR_PERCENT} % of ${optimum}`;
    const objectives = runs.map((r) => {
      if (!r.reply.ok) return 'error';
      const { result } = r.reply;
      const objective = Math.round(result.objective);
      return CURTOIS_PROVEN.includes(name)
        ? `${objective}, ${result.status === 'optimal' ? 'proven' : 'not proven'} in ${seconds(result.wallTimeMs)}`
        : `${objective} (${curtoisGap(objective, optimum)})`;
    });
    lines.push(
      `- ${name} ${target} in every one of ${runs.length} runs: ${runs.every(curtoisMet) ? 'met' : '**missed**'} (${objectives.join(' / ')})`,
    );
  }
  return lines;
}

/** One line per issue-4 target (the week from volume held to its size's): met or missed, with the number measured. */
function targetLines(pharmacy: PharmacyRow[], volume: PharmacyRow[], curtois: CurtoisRow[]): string[] {
  const lines: string[] = [];
  const sized = [
    ...pharmacy.map((r) => ({ r, label: r.size })),
    ...volume.map((r) => ({ r, label: `${r.size} from volume with a budget` })),
  ];
  for (const [size, limitS] of Object.entries(PHARMACY_TARGET_SECONDS)) {
    const rows = sized.filter(({ r }) => r.size === size);
    if (rows.length === 0) continue;
    for (const { r, label: size } of rows) {
      if (!r.reply.ok) {
        lines.push(`- ${size} via ${r.engine}: **missed** (${r.reply.error.split('\n')[0] ?? ''})`);
        continue;
      }
      const { result } = r.reply;
      const met = result.status === 'optimal' && result.wallTimeMs < limitS * 1000;
      const what =
        result.status === 'optimal'
          ? `proven optimal in ${seconds(result.wallTimeMs)}`
          : `${statusText(result)} after ${seconds(result.wallTimeMs)}`;
      lines.push(
        `- ${size} proven optimal in < ${limitS} s via ${r.engine}: ${met ? 'met' : '**missed**'} (${what})`,
      );
    }
  }
  for (const r of curtois) {
    const optimum = r.optimum;
    if (optimum === undefined) continue;
    if (!r.reply.ok) {
      lines.push(`- ${runName(r)}: **missed** (${r.reply.error.split('\n')[0] ?? ''})`);
      continue;
    }
    const { result } = r.reply;
    const objective = Math.round(result.objective);
    const versus = comparison(r);
    const refText =
      r.reference === undefined ? '' : `; reference: ${referenceText(r.reference)}, ${versus.text}`;
    const met = curtoisMet(r);
    if (CURTOIS_PROVEN.includes(r.name)) {
      lines.push(
        `- ${runName(r)} at its optimum ${optimum}, proven${r.reference === undefined ? '' : ', faster than the reference'}: ${met ? 'met' : '**missed**'} (${objective}, ${statusText(result)}, ${seconds(result.wallTimeMs)}; schedule found after ${seconds(result.bestFoundMs)}${refText})`,
      );
    } else {
      lines.push(
        `- ${runName(r)} within ${CURTOIS_NEAR_PERCENT} % of ${optimum}${r.reference === undefined ? '' : ', better than the reference'}: ${met ? 'met' : '**missed**'} (${objective}, ${curtoisGap(objective, optimum)}, found after ${seconds(result.bestFoundMs)} of ${seconds(result.wallTimeMs)}${refText})`,
      );
    }
  }
  lines.push(...everyRunLines(curtois));
  for (const run of [...new Set(curtois.map((r) => r.run))]) {
    const proven = curtois.filter((r) => CURTOIS_PROVEN.includes(r.name) && r.run === run);
    if (proven.length !== CURTOIS_PROVEN.length) continue;
    const all = proven.every((r) => r.reply.ok && r.reply.result.status === 'optimal');
    const totalMs = proven.reduce((t, r) => t + (r.reply.ok ? r.reply.result.wallTimeMs : Infinity), 0);
    const refMs = proven.reduce(
      (t, r) => t + (r.reference?.ok ? r.reference.reference.wallMs : Number.NaN),
      0,
    );
    lines.push(
      `- ${CURTOIS_PROVEN[0]}–${CURTOIS_PROVEN.at(-1)?.replace('Instance', '')}${run === undefined ? '' : ` (run ${run})`} proven together in < ${CURTOIS_PROVEN_TOGETHER_S} s: ${all && totalMs < CURTOIS_PROVEN_TOGETHER_S * 1000 ? 'met' : '**missed**'} (${all ? seconds(totalMs) : 'not all proven'}${Number.isNaN(refMs) ? '' : `; reference ${seconds(refMs)}`})`,
    );
  }
  for (const row of curveRows(pharmacy, curtois)) {
    if (row.label.endsWith('reference')) continue;
    const first = row.curve.find((p) => p.objective !== undefined);
    lines.push(
      `- ${row.label}: first schedule within 1 s: ${first !== undefined && first.ms <= 1000 ? 'met' : '**missed**'} (${seconds(first?.ms)})`,
    );
  }
  return lines;
}

function packageVersion(name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(`${REPO}/node_modules/${name}/package.json`, 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '?';
  } catch {
    return '?';
  }
}

/** The commit measured, and whether solver/ differed from it (other sessions edit it concurrently). */
function solverVersion(): string {
  try {
    const git = (...args: string[]): string =>
      execFileSync('git', args, { cwd: REPO, encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--', 'solver') !== '';
    return `commit ${git('rev-parse', '--short', 'HEAD')}${dirty ? ', solver/ with uncommitted changes' : ''}`;
  } catch {
    return 'unknown commit';
  }
}

function machineLines(code: string): string[] {
  const cpus = os.cpus();
  return [
    `- CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} logical cores`,
    `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- OS: ${os.type()} ${os.release()} (${os.arch()})`,
    `- Node ${process.version}; highs ${packageVersion('highs')}, javascript-lp-solver ${packageVersion('javascript-lp-solver')}`,
    `- Code: ${code} at the start of the run`,
    `- Date: ${new Date().toISOString()}; load average at the end ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')} (other work on the machine shares its cores)`,
  ];
}

function writeResults(
  options: Options,
  pharmacy: PharmacyRow[],
  volume: PharmacyRow[],
  curtois: CurtoisRow[],
  argv: string[],
  code: string,
): void {
  const previous = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, 'utf8') : '';
  const notesAt = previous.indexOf(NOTES_MARKER);
  const notes = notesAt >= 0 ? previous.slice(notesAt) : `${NOTES_MARKER}\n`;
  const parts = [
    '# Benchmark results',
    '',
    `Generated by \`npm run bench -- ${argv.join(' ')}\` (bench/run.ts). Do not edit above the notes marker.`,
    '',
    '## Machine',
    '',
    ...machineLines(code),
    '',
    '## How it is measured',
    '',
    '- Each solve runs in its own child process. *Wall* is `SolveResult.wallTimeMs` (model building,',
    '  handing the model to an already started worker, and solving: what a manager of a running server',
    '  waits). Before the measured solve the child warms the two solver workers up as a server does at',
    '  start (`warmUpWorkers`: HiGHS loaded and the pool’s warm-up week solved) and loads jslp with a tiny',
    '  solve; cold start (≈1–2 s for tsx and HiGHS WebAssembly) is not in it.',
    '- *First feasible* is `SolveResult.firstFeasibleMs`, counted from the start of the engine that won',
    '  (— when no integer schedule was found); *proven optimal after* is the wall time when the status is',
    '  `optimal`. A `timed out` row without a first feasible time returned the empty schedule.',
    '- *CPU* is the user + system time of that child during the solve, all threads together (both',
    '  engines when two run at once). Other work shared the two cores during these runs (see the load',
    '  average above); CPU time is the steadier number when wall times look inflated.',
    '- *Peak RSS* is `process.resourceUsage().maxRSS` of that child at the end of the solve: the whole',
    '  process, its solver worker threads included, so it contains Node, tsx and the input (the RSS just',
    '  before the solve is in brackets). It is a high-water mark, not the solver alone.',
    '- *Reference*: after each Curtois solve (after the last run with `--runs`, every run compared with',
    '  it), the same model (`buildModel`) is handed to plain HiGHS',
    '  (bench/reference.ts: default settings, one thread, nothing of the engine around it) in another',
    '  child with the same limit, on the same machine in the same run. *Engine vs reference*: when both',
    '  prove, the reference’s time over the engine’s (above 1 = the engine is faster); otherwise the',
    '  objectives at the limit (engine vs reference).',
    '- Every schedule is re-checked by `verifySchedule`; every Curtois roster is also scored by',
    '  bench/curtois/score.ts, which implements the benchmark rules independently of the solver.',
    `- Limits: ${options.pharmacyLimitS} s per pharmacy solve, ${options.curtoisLimitS} s per Curtois instance${options.runs > 1 ? ` (each solved ${options.runs} times)` : ''}; pharmacy seed ${options.seed}.`,
    '',
  ];
  if (pharmacy.length > 0) parts.push('## Generated pharmacy instances', '', pharmacyTable(pharmacy), '');
  if (volume.length > 0)
    parts.push(
      '## A week from volume with a labour budget (issue 16)',
      '',
      VOLUME_NOTE,
      '',
      pharmacyTable(volume),
      '',
    );
  if (curtois.length > 0) parts.push('## Curtois–Qu benchmark', '', curtoisTable(curtois), '');
  parts.push(
    '## Quality over time',
    '',
    'Best objective / best proven bound known at each time (from the progress events of the solve; the',
    'reference from HiGHS’s callbacks). A blank cell: the solve had ended.',
    '',
    curveTable(curveRows(pharmacy, curtois)),
    '',
  );
  parts.push(
    '## Targets (issues 4, 16 and 18)',
    '',
    ...targetLines(pharmacy, volume, curtois),
    '',
    notes.trimEnd(),
    '',
  );
  writeFileSync(RESULTS_FILE, parts.join('\n'));
  process.stderr.write(`wrote ${RESULTS_FILE}\n`);
}

const VOLUME_NOTE = [
  `The ${VOLUME_STAFF}×7 pharmacy's staff and shifts with demands from volume (bench/generate-volume-week.ts): the`,
  'demo year of hourly prescription counts → the forecast → productivity standards → people per hour →',
  'template headcounts, and a soft budget: 13 % of forecast revenue in pay and 95 % of the demanded paid hours.',
].join('\n');

function progress(text: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${text}\n`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseArgs(argv);
  const code = solverVersion();
  const pharmacy: PharmacyRow[] = [];
  const volume: PharmacyRow[] = [];
  const curtois: CurtoisRow[] = [];
  let failures = 0;

  if (options.pharmacy) {
    for (const size of options.sizes) {
      for (const engine of options.engines) {
        const spec: InstanceSpec = {
          kind: 'pharmacy',
          staff: size.staff,
          days: size.days,
          seed: options.seed,
        };
        for await (const measured of measureEach(spec, engine, options.pharmacyLimitS, options)) {
          const row: PharmacyRow = { ...measured, size: `${size.staff}×${size.days}` };
          if (!row.reply.ok || row.violations.length > 0) failures += 1;
          pharmacy.push(row);
          progress(
            `${row.size} ${engine}${seedText(row)}: ${row.reply.ok ? `${statusText(row.reply.result)} ${seconds(row.reply.result.wallTimeMs)}` : row.reply.error}`,
          );
        }
      }
    }
  }

  if (options.volume) {
    for (const engine of options.engines) {
      const spec: InstanceSpec = { kind: 'volume', staff: VOLUME_STAFF, seed: options.seed };
      for await (const measured of measureEach(spec, engine, options.pharmacyLimitS, options)) {
        const row: PharmacyRow = { ...measured, size: `${VOLUME_STAFF}×7` };
        if (!row.reply.ok || row.violations.length > 0) failures += 1;
        volume.push(row);
        progress(
          `${row.name} ${engine}${seedText(row)}: ${row.reply.ok ? `${statusText(row.reply.result)} ${seconds(row.reply.result.wallTimeMs)}` : row.reply.error}`,
        );
      }
    }
  }

  if (options.district) {
    // A district: every site's week in one solve, floaters placed where they are needed most.
    const spec: InstanceSpec = { kind: 'district', ...DISTRICT_SIZE, seed: options.seed };
    for await (const measured of measureEach(spec, 'auto', options.pharmacyLimitS, options)) {
      const row: PharmacyRow = { ...measured, size: DISTRICT_LABEL };
      if (!row.reply.ok || row.violations.length > 0) failures += 1;
      pharmacy.push(row);
      progress(
        `${row.size} auto${seedText(row)}: ${row.reply.ok ? `${statusText(row.reply.result)} ${seconds(row.reply.result.wallTimeMs)}` : row.reply.error}`,
      );
    }
  }

  if (options.curtois) {
    for (const file of options.curtoisFiles) {
      const spec: InstanceSpec = { kind: 'curtois', file };
      const { curtois: instance, input } = loadInstance(spec);
      if (instance === undefined) throw new Error('not a Curtois instance');
      const rows: CurtoisRow[] = [];
      for await (const measured of measureEach(spec, options.curtoisEngine, options.curtoisLimitS, options)) {
        const row: CurtoisRow = {
          ...measured,
          staffDays: `${instance.staff.length} × ${instance.horizonDays}`,
          optimum: CURTOIS_OPTIMA[measured.name],
        };
        if (row.reply.ok) {
          const roster = resultToCurtoisRoster(input, row.reply.result);
          const score = scoreCurtois(instance, roster);
          row.scorer = { objective: score.objective, hardViolations: score.violations.length };
          if (score.objective !== Math.round(row.reply.result.objective) || score.violations.length > 0)
            failures += 1;
          for (const v of score.violations) progress(`scorer: ${v.message}`);
          if (options.out !== undefined) {
            writeFileSync(options.out, `${JSON.stringify(roster, null, 2)}\n`);
            progress(
              `wrote ${options.out} (${roster.assignments.length} assignments, scorer objective ${score.objective})`,
            );
          }
        }
        if (!row.reply.ok || row.violations.length > 0) failures += 1;
        curtois.push(row);
        rows.push(row);
        progress(
          `${runName(row)} ${options.curtoisEngine}${seedText(row)}: ${row.reply.ok ? `${statusText(row.reply.result)} ${Math.round(row.reply.result.objective)} (scorer ${row.scorer?.objective}) ${seconds(row.reply.result.wallTimeMs)}` : row.reply.error}`,
        );
      }
      const name = rows[0]?.name;
      if (name === undefined) continue;
      if (options.reference) {
        const reference = await runChild({
          kind: 'reference',
          spec,
          engine: 'highs',
          timeLimitMs: options.curtoisLimitS * 1000,
          warm: false,
        });
        if (!reference.ok || reference.reference.violations > 0) failures += 1;
        progress(`${name} reference: ${referenceText(reference)}`);
        // Every run of a repeated solve is compared with the one reference (never on in deterministic mode).
        for (const r of rows) r.reference = reference;
      }
    }
  }

  const output: string[] = [];
  if (pharmacy.length > 0) output.push(pharmacyTable(pharmacy));
  if (volume.length > 0) output.push(pharmacyTable(volume));
  if (curtois.length > 0) output.push(curtoisTable(curtois));
  output.push(curveTable(curveRows(pharmacy, curtois)));
  output.push(targetLines(pharmacy, volume, curtois).join('\n'));
  if (options.deterministic)
    output.push(
      spreadTable([
        ...[...pharmacy, ...volume].map((r) => ({ ...r, label: r.size })),
        ...curtois.map((r) => ({ ...r, label: r.name })),
      ]),
    );
  process.stdout.write(`${output.join('\n\n')}\n`);
  for (const r of [...pharmacy, ...volume, ...curtois]) {
    for (const v of r.violations) process.stderr.write(`verifySchedule (${r.name}, ${r.engine}): ${v}\n`);
  }
  if (options.write) writeResults(options, pharmacy, volume, curtois, argv, code);
  if (failures > 0) {
    process.stderr.write(`${failures} solve(s) failed, broke a hard rule or disagreed with the scorer\n`);
    process.exitCode = 1;
  }
}

await main();

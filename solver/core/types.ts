// Plain data in and out of the scheduling engine. No Prisma types, no Dates: days are indexes into the
// horizon and times are whole minutes from the start of day 0 (00:00 local time of `horizon.startDate`),
// computed by the caller with luxon in the site's zone, so overnight and DST-length shifts are exact.
import type { RatioPack } from './ratio-packs';

export type StaffId = string;
export type ShiftId = string;
export type PositionId = string;
export type ShiftTypeId = string;
export type SiteId = string;

/** The period being scheduled. */
export interface Horizon {
  /** ISO date (`YYYY-MM-DD`) of day 0, local to the site. Used to find Saturdays and Sundays. */
  startDate: string;
  /** Number of days in the horizon. Weeks are the 7-day blocks starting at day 0. */
  days: number;
  /**
   * Weekends as lists of day indexes (e.g. `[[5, 6], [12, 13]]`). Default: every Saturday and Sunday
   * of the horizon, derived from `startDate`, a lone Saturday or Sunday at the edges counting alone.
   */
  weekends?: number[][];
}

/** One concrete occurrence of a shift. */
export interface ShiftInstance {
  id: ShiftId;
  /** Day index the shift belongs to (the day it starts on). */
  day: number;
  /** Start, in minutes from the start of day 0. */
  start: number;
  /** End, in minutes from the start of day 0 (> start; may pass midnight). */
  end: number;
  /**
   * Unpaid meal break inside the shift, minutes (0 ≤ break < end − start). Hours, overtime, the
   * max/min/target hours rules and labour cost count paid minutes: end − start − breakMinutes. Rest,
   * overlap and the technician ratio use the clock times. Default 0.
   */
  breakMinutes?: number;
  /**
   * When the meal break starts, in minutes from the start of day 0 (start ≤ breakStart ≤ end −
   * breakMinutes; clamped into the shift). Everyone on the shift takes the break then. Only the
   * technician ratio reads it, and only under a pack where a pharmacist on a meal break does not count
   * (`RatioPack.pharmacistOnBreakCounts`): the shift's people are off duty for the break. Default: the
   * break centred in the shift, starting on a quarter hour from the shift's start.
   */
  breakStart?: number;
  /** Shift type, e.g. `D`, `E`, `N`; used by per-type limits, successions and requests. */
  type: ShiftTypeId;
  /** Site the shift belongs to; the technician ratio is counted per site. Default `"main"`. */
  site?: SiteId;
  /** Human label for messages, e.g. `"Tue 07:00–15:30 IV room"`. Default: built from day and times. */
  label?: string;
}

/** A position that can be required on shifts. */
export interface Position {
  id: PositionId;
  /** Human name for messages, e.g. `"IV tech"`. Default: the id. */
  name?: string;
  /**
   * Side of the technician ratio the position counts on: `technician` positions are limited by the
   * `pharmacist` positions on duty at every instant (rules `technicianRatio` and `ratioPack`);
   * `intern` positions count as technicians where the pack says so (`RatioPack.interns`). Omit for
   * positions outside the ratio (e.g. technicians doing only inventory or clerical work).
   */
  ratioRole?: 'technician' | 'pharmacist' | 'intern';
}

/** How many people a (shift, position) needs. */
export interface Demand {
  shift: ShiftId;
  position: PositionId;
  /** People required. Each one missing costs `underWeight`. */
  min: number;
  /** Hard cap on people in this position on this shift. Default: no cap. */
  max?: number;
  /** Penalty per person missing below `min`. Default `weights.underCover`. */
  underWeight?: number;
  /** Penalty per person above `min`. Default `weights.overCover`. */
  overWeight?: number;
}

export type AvailabilityStatus = 'available' | 'preferred' | 'undesired' | 'unavailable';

export interface AvailabilityEntry {
  status: AvailabilityStatus;
  /** For `undesired`: penalty per such shift worked. Default `weights.undesired`. For `preferred`: reward per such shift worked. Default `weights.preferred`. */
  weight?: number;
  /** Why (shown by explainGaps), e.g. `"approved time off"`. */
  reason?: string;
}

/** A wish to work (`on`) or not work (`off`) a shift type (or any shift) on a day. Soft. */
export interface ShiftRequest {
  kind: 'on' | 'off';
  day: number;
  /** Shift type the request is about; omitted = any shift that day. */
  type?: ShiftTypeId;
  /** Penalty if the request is not honoured. */
  weight: number;
}

/** A succession that is not allowed: `from` on day d followed by `to` on day d + 1. Hard. */
export interface ForbiddenSuccession {
  from: ShiftTypeId;
  to: ShiftTypeId;
}

export interface Staff {
  id: StaffId;
  name: string;
  /** Positions this person is qualified for on every shift (unless `qualifiedByShift` says otherwise). */
  positions: PositionId[];
  /**
   * Per-shift qualification, computed by the caller (e.g. from credentials valid on every day of the
   * shift). When a shift has an entry it replaces `positions` for that shift.
   */
  qualifiedByShift?: Record<ShiftId, PositionId[]>;
  /** Why the person is not qualified for a (shift, position), for explanations, e.g. `"CSPT expired on 2026-11-30"`. */
  unqualifiedReasons?: Array<{ shift?: ShiftId; position: PositionId; reason: string }>;
  /** Availability per shift. Default `available`. */
  availability?: Record<ShiftId, AvailabilityEntry>;
  /** Hard cap on minutes worked in each 7-day week of the horizon. */
  maxMinutesPerWeek?: number;
  /** Minutes wanted per week; each hour short costs `weights.underMinMinutes` (hard if `minMinutesHard`). */
  minMinutesPerWeek?: number;
  /** Hard cap on minutes worked over the whole horizon. */
  maxMinutesTotal?: number;
  /** Minutes wanted over the horizon; each hour short costs `weights.underMinMinutes` (hard if `minMinutesHard`). */
  minMinutesTotal?: number;
  /** Make `minMinutesPerWeek` and `minMinutesTotal` hard rules (as in the Curtois–Qu benchmark). Default false. */
  minMinutesHard?: boolean;
  /** Target minutes over the horizon; each hour away from it costs `weights.targetDeviation`. */
  targetMinutes?: number;
  /** Hard cap on shifts of each type over the horizon, e.g. `{ N: 3 }`. */
  maxShiftsPerType?: Record<ShiftTypeId, number>;
  /** Hard cap on consecutive working days. Default `rules.maxConsecutiveDays`. */
  maxConsecutiveDays?: number;
  /**
   * Consecutive days this person worked up to and including day −1 (the day before the horizon), from
   * the schedule already in force; 0 when day −1 was off. A run of work starting on day 0 continues
   * them for the max-consecutive-days rule (with `workedDaysBefore ≥ maxConsecutiveDays`, day 0 must be
   * off). It does not change the minimum-run rules, which only look at runs inside the horizon. Default 0.
   */
  workedDaysBefore?: number;
  /** Hard minimum length of a run of working days that starts and ends inside the horizon. */
  minConsecutiveDays?: number;
  /** Hard minimum length of a run of days off that starts and ends inside the horizon. */
  minConsecutiveDaysOff?: number;
  /** Hard cap on weekends worked (a weekend counts when any of its days is worked). */
  maxWeekends?: number;
  /** Forbidden successions for this person, in addition to `rules.forbiddenSuccessions`. */
  forbiddenSuccessions?: ForbiddenSuccession[];
  /** Soft on/off requests. */
  requests?: ShiftRequest[];
  /**
   * Holds a certification the ratio pack counts (e.g. CPhT): while they are on duty in a technician
   * position a `certified` pack allows its higher ratio. Default false.
   */
  certified?: boolean;
  /** Per-shift `certified`, computed by the caller from credentials valid on the shift's days; replaces it for that shift. */
  certifiedByShift?: Record<ShiftId, boolean>;
  /** Hourly cost (currency units per hour). Default 0. */
  hourlyCost?: number;
  /** Minutes per week after which hours count as overtime. Default `rules.overtimeMinutesPerWeek`. */
  overtimeMinutesPerWeek?: number;
}

/** An assignment: a person on a shift in a position. */
export interface Assignment {
  staff: StaffId;
  shift: ShiftId;
  position: PositionId;
}

/** Site-wide hard rules. */
export interface Rules {
  /** Minimum rest between the end of one shift and the start of the next of one person, minutes. Default 600 (10 h). */
  minRestMinutes?: number;
  /** Technicians on duty ≤ ratio × pharmacists on duty at every instant, per site; `null` = no ratio. Default null. */
  technicianRatio?: number | null;
  /** Per-site override of `technicianRatio`. */
  technicianRatioBySite?: Record<SiteId, number | null>;
  /**
   * The state's technician-ratio rule pack (ratio-packs.ts: plain, conditional on a certified
   * technician, first-and-each formula), enforced at every instant per site in addition to
   * `technicianRatio` when both are set. Default none.
   */
  ratioPack?: RatioPack | null;
  /** Per-site override of `ratioPack`. */
  ratioPackBySite?: Record<SiteId, RatioPack | null>;
  /** Most shifts one person may work on one day. Default 1. */
  maxShiftsPerDay?: number;
  /** Default cap on consecutive working days for staff without their own. Default 6; `null` = none. */
  maxConsecutiveDays?: number | null;
  /** Forbidden successions for everybody. */
  forbiddenSuccessions?: ForbiddenSuccession[];
  /** Overtime threshold per week, minutes. Default 2400 (40 h). */
  overtimeMinutesPerWeek?: number;
  /** Pay multiplier for overtime minutes. Default 1.5. */
  overtimeMultiplier?: number;
  /** Shift types that count as nights for fairness. Default none. */
  nightShiftTypes?: ShiftTypeId[];
  /** The period's labour budget; none by default. */
  budget?: Budget;
}

/**
 * A labour budget for the whole period: paid minutes and/or pay (hourly cost × paid hours, in the
 * currency of `hourlyCost`, overtime premium not included). Hard: never planned over. Soft: each
 * hour over costs `Weights.overBudget` (pay over counts in hours at the staff's mean hourly cost).
 */
export interface Budget {
  maxPaidMinutes?: number;
  maxPay?: number;
  hard: boolean;
}

/**
 * Weights of the soft terms, in objective units. All default as documented; coverage gaps are by far
 * the heaviest so that no amount of preference ever outweighs a covered position.
 */
export interface Weights {
  /** Per person missing below a demand's `min`. Default 1000. */
  underCover?: number;
  /** Per person above a demand's `min`. Default 0. */
  overCover?: number;
  /** Per hour short of `minMinutesPerWeek` / `minMinutesTotal` (when soft). Default 20. */
  underMinMinutes?: number;
  /** Per hour away from `targetMinutes` (either direction). Default 2. */
  targetDeviation?: number;
  /** Per undesired shift worked (unless the availability entry has its own weight). Default 10. */
  undesired?: number;
  /** Reward per preferred shift worked (unless the entry has its own weight). Default 2. */
  preferred?: number;
  /** Per currency unit of labour cost (hourly cost × hours, overtime × multiplier). Default 0.01. */
  laborCost?: number;
  /** Per assignment added or removed compared with `previous`. Default 50. */
  change?: number;
  /**
   * Per weekend shift a person works above the fair share; likewise for night shifts
   * (`rules.nightShiftTypes`). A weekend shift is any shift whose day is in a weekend of the horizon
   * (`horizon.weekends`, default Saturdays and Sundays). The fair share is ⌈D ÷ E⌉ shifts, where D is
   * the sum of `min` over the demands on those shifts and E the staff who are qualified for a demanded
   * position on, and not unavailable for, at least one of them. Cost per person and group:
   * `fairness × max(0, shifts worked in the group − share)`. Default 0 (off), so that inputs written
   * before this term existed (e.g. the Curtois adapter) keep their objective; the app passes the site's
   * weekend-fairness weight.
   */
  fairness?: number;
  /** Per hour planned over a soft labour budget (`Rules.budget`). Default 40: below a missing person (underCover 1000) even for a 12-hour shift over both an hours and a pay budget. */
  overBudget?: number;
}

export interface ScheduleInput {
  horizon: Horizon;
  shifts: ShiftInstance[];
  positions: Position[];
  demands: Demand[];
  staff: Staff[];
  rules?: Rules;
  weights?: Weights;
  /** Assignments the solver must keep (hard). */
  locked?: Assignment[];
  /** The previous published schedule; changes against it cost `weights.change` each. */
  previous?: Assignment[];
  /**
   * Shifts whose people are fixed, e.g. shifts that have already started: their `locked` assignments
   * stay and nobody else is placed on them (hard, rule `FROZEN`).
   */
  frozenShifts?: ShiftId[];
  /**
   * Cost of one change against `previous` (an assignment added or removed) on a shift, in place of
   * `weights.change`, e.g. higher inside a notice window so that changes further out are preferred.
   */
  changeCosts?: Record<ShiftId, number>;
}

export type EngineName = 'jslp' | 'highs';

export interface SolveOptions {
  /**
   * `auto` (default): the engine chosen by measurement for the model's size;
   * `portfolio`: both engines in parallel workers, the first proven optimum wins;
   * or one named engine.
   */
  engine?: 'auto' | 'portfolio' | EngineName;
  /** Wall-clock limit for the whole solve, milliseconds. Default 30 000. */
  timeLimitMs?: number;
  /** Relative MIP gap at which a schedule counts as good enough (0.01 = 1 %). Default 0 (prove optimal). */
  relativeGap?: number;
  /** Called with progress events while the solve runs. */
  onProgress?: (progress: SolveProgress) => void;
  /** Solve on the calling thread (blocking, no time limit enforcement). For small tests. Default false. */
  inThread?: boolean;
  /**
   * Cancels the solve: the engines are stopped (HiGHS through its stop flag, javascript-lp-solver by
   * terminating its worker) and the promise resolves at once with the best schedule found so far,
   * verified, with status `timed out` and a message starting "Cancelled" (or `optimal` if a proof came
   * first). With `inThread` it is only looked at between engines.
   */
  signal?: AbortSignal;
  /**
   * Deterministic mode: the same input and seed give exactly the same schedule and objective on every
   * run, on any machine and under any load. The engines run one after another in one worker, never
   * racing, each stopped by a work limit (branch-and-bound nodes, sub-MIPs, moves) instead of a clock;
   * `timeLimitMs` stays a safety net, and a solve that reaches it first says so in its message (that
   * result is not reproducible). A result at its work limit has status `timed out` with a message
   * naming the work limit. Slower than the normal mode, which uses both cores as it goes.
   */
  deterministic?: DeterministicOptions;
}

export interface DeterministicOptions {
  /** Seed of HiGHS's random choices, the large-neighbourhood search and the constructive start. */
  seed: number;
  /** Branch-and-bound nodes each full HiGHS run may explore. Default 20 000. */
  nodes?: number;
  /** Sub-MIPs of the large-neighbourhood search after a full run ends unproven (`auto`). Default 150. */
  lnsIterations?: number;
}

export interface SolveProgress {
  engine: EngineName;
  phase: 'building' | 'solving' | 'done';
  elapsedMs: number;
  message?: string;
  /**
   * Objective of the best schedule found so far (objective units, rounded to cents, the same scale as
   * `SolveResult.objective`); absent until an engine has found one. On `done`, the result's objective.
   */
  bestObjective?: number;
  /** Best lower bound proven on the objective so far (same units), when a full-model run has one. */
  bestBound?: number;
}

export type SolveStatus =
  /** Proven optimal. */
  | 'optimal'
  /** A schedule within `gapPercent` of optimal (the requested relative gap was met). */
  | 'feasible'
  /** The time limit was hit; the schedule is the best found (possibly empty). */
  | 'timed out'
  /** Hard rules (locks, hard minimums) contradict each other: no assignment possible. */
  | 'infeasible'
  /** The engine's schedule failed `verifySchedule` (a model/checker disagreement): only the locks are returned. */
  | 'unverified';

export interface Coverage {
  shift: ShiftId;
  position: PositionId;
  min: number;
  max?: number;
  assigned: number;
}

export interface Gap {
  shift: ShiftId;
  position: PositionId;
  required: number;
  assigned: number;
  missing: number;
}

export interface StaffMinutes {
  staff: StaffId;
  total: number;
  /** Minutes per 7-day week of the horizon. */
  byWeek: number[];
  shifts: number;
}

/** Objective broken down by soft term (objective units; sums to `objective`). */
export interface ObjectiveTerms {
  underCover: number;
  overCover: number;
  underMinMinutes: number;
  targetDeviation: number;
  undesired: number;
  preferred: number;
  requests: number;
  laborCost: number;
  change: number;
  /** Weekend and night shifts above the fair share. */
  fairness: number;
  /** Hours planned over a soft labour budget. */
  overBudget: number;
}

export interface ModelSize {
  rows: number;
  cols: number;
  ints: number;
}

/** A broken hard rule, found by `verifySchedule`. */
export interface Violation {
  /** Stable rule code, e.g. `MIN_REST`, `RATIO`. */
  rule: ViolationRule;
  /** Plain-English sentence naming the people, shifts and numbers. */
  message: string;
  staff?: StaffId;
  shifts?: ShiftId[];
}

export type ViolationRule =
  | 'UNKNOWN_REFERENCE'
  | 'UNQUALIFIED'
  | 'UNAVAILABLE'
  | 'DUPLICATE'
  | 'OVERLAP'
  | 'MAX_SHIFTS_PER_DAY'
  | 'MIN_REST'
  | 'FORBIDDEN_SUCCESSION'
  | 'MAX_MINUTES_WEEK'
  | 'MAX_MINUTES_TOTAL'
  | 'MIN_MINUTES_WEEK'
  | 'MIN_MINUTES_TOTAL'
  | 'MAX_SHIFTS_PER_TYPE'
  | 'MAX_CONSECUTIVE_DAYS'
  | 'MIN_CONSECUTIVE_DAYS'
  | 'MIN_CONSECUTIVE_DAYS_OFF'
  | 'MAX_WEEKENDS'
  | 'RATIO'
  | 'MAX_COVER'
  | 'LOCKED'
  | 'FROZEN'
  | 'BUDGET';

export interface SolveResult {
  status: SolveStatus;
  /** For `feasible` / `timed out`: distance to the best bound, percent (when known). */
  gapPercent?: number;
  assignments: Assignment[];
  coverage: Coverage[];
  gaps: Gap[];
  minutes: StaffMinutes[];
  /** Total objective (lower is better), recomputed from the schedule. */
  objective: number;
  objectiveTerms: ObjectiveTerms;
  /** Engine that produced the schedule. */
  engine: EngineName;
  /** Time inside the engine, milliseconds. */
  solveTimeMs: number;
  /** Whole call including model building and worker start-up, milliseconds. */
  wallTimeMs: number;
  /** Time until the engine had its first integer schedule, milliseconds (when the engine reports it). */
  firstFeasibleMs?: number;
  /** Time from the start of the solve until the returned schedule's objective was first reached, milliseconds. */
  bestFoundMs?: number;
  /** Best lower bound on the objective proven by a full-model HiGHS run, when one reported it. */
  bestBound?: number;
  modelSize: ModelSize;
  /**
   * Hard-rule violations of the returned schedule. Always empty for a schedule an engine found; only
   * `infeasible` results, and `timed out` results without any schedule (the locked assignments alone,
   * e.g. below hard minimum hours), can list some.
   */
  violations: Violation[];
  /** Human summary, e.g. why the solve stopped. */
  message: string;
}

/** Why one candidate cannot fill a gap. */
export interface CandidateReason {
  staff: StaffId;
  name: string;
  /** Rule code of the first blocking reason, or `FREE` when nothing blocks. */
  code: ViolationRule | 'FREE';
  /** Every hard rule adding them to the gap would break, in verifySchedule's order (empty when `FREE`). */
  violations: Violation[];
  /**
   * For `FREE`: why they are not on the gap anyway — the data or schedule changed since the solve,
   * the optimiser preferred otherwise (their other costs outweigh the gap), or the solve stopped
   * before proving its schedule optimal.
   */
  freeBecause?: 'changed' | 'optimiser' | 'not proven';
}

/** Why no change fills a gap. */
export interface GapNoFix {
  /**
   * `nearest`: someone is stopped by exactly one rule (`nearest` names them and it); `elsewhere`:
   * somebody is free but adding any of them breaks a rule elsewhere in the week; `several`: each
   * candidate is stopped by more than one rule.
   */
  because: 'nearest' | 'elsewhere' | 'several';
  nearest?: { staff: StaffId; name: string; violation: Violation };
}

/** Why a (shift, position) requirement is unmet, as data; the app puts it into words. */
export interface GapExplanation {
  shift: ShiftId;
  /** The shift's day (0-based), when the shift is known. */
  day?: number;
  position: PositionId;
  required: number;
  assigned: number;
  /** Everybody who could hold the position and is not on the gap; empty when nobody holds it. */
  candidates: CandidateReason[];
  /** A change that puts one more person on the gap and that verifySchedule accepts on the whole week. */
  fix?: GapFix;
  /** When there are candidates but no fix: why. */
  noFix?: GapNoFix;
  /**
   * Every candidate is stopped by the technician ratio and nothing else: the ratio is what leaves the
   * gap (more pharmacist cover, or a certified technician under a conditional pack, would fill it).
   */
  ratioBound?: boolean;
}

/** A change to a schedule: these assignments leave, these join. */
export interface GapFix {
  removes: Assignment[];
  adds: Assignment[];
}

export interface ExplainOptions {
  /**
   * The data or the schedule changed since the solve that produced it (or it was never solved):
   * the optimiser's choices cannot be cited as the reason a free person is not on the gap.
   */
  changedSinceSolve?: boolean;
}

// What a rule module provides. Each rule keeps in one file its rows of the linear model, its check
// in verifySchedule and its term of the objective; model.ts, verify.ts and score.ts call every rule
// of the registry (index.ts) at each step, in registry order, so the model's variables and rows and
// verifySchedule's violations come out in one stable order.
import type { ResolvedRules } from '../defaults';
import type { ModelBuilder } from '../lp';
import type {
  Assignment,
  ObjectiveTerms,
  ScheduleInput,
  ShiftInstance,
  Staff,
  Violation,
  ViolationRule,
  Weights,
} from '../types';

export interface Placed {
  assignment: Assignment;
  shift: ShiftInstance;
}

/** One person's assignments, for the checks of verifySchedule. */
export interface PersonCheck {
  input: ScheduleInput;
  rules: ResolvedRules;
  person: Staff;
  /** Sorted by start, then end. */
  placed: Placed[];
  /** Day → the shifts worked that day (a shift twice when assigned twice). */
  perDay: Map<number, ShiftInstance[]>;
  /** Label of a shift in the messages, e.g. "Tue 07:00–15:30". */
  label: (s: ShiftInstance) => string;
  /** The person's shifts that match. */
  shiftsOf: (pred: (s: ShiftInstance) => boolean) => ShiftInstance[];
  add: (rule: ViolationRule, message: string, shifts: ShiftInstance[]) => void;
}

/** The whole schedule, for checks that span people. */
export interface ScheduleCheck {
  input: ScheduleInput;
  assignments: Assignment[];
  /** People with at least one well-formed assignment → their assignments. */
  placedByStaff: Map<string, Placed[]>;
}

/** One person's assignments, for the objective. */
export interface PersonScore {
  person: Staff;
  mine: Assignment[];
  /** Paid minutes per week and in the period. */
  byWeek: number[];
  total: number;
}

export interface ScoreContext {
  input: ScheduleInput;
  assignments: Assignment[];
  weights: Required<Weights>;
  rules: ResolvedRules;
  shiftById: Map<string, ShiftInstance>;
  /** `shift\u0000position` → how many are assigned. */
  count: Map<string, number>;
  people: PersonScore[];
}

export interface Rule {
  /** The module's name, e.g. `rest`. */
  name: string;
  /** Violation codes its check reports (hard rules). */
  codes: ViolationRule[];
  /** Objective terms it adds (soft rules). */
  terms: Array<keyof ObjectiveTerms>;

  /** Model: whether the person may be given any position on the shift (else no variable exists). */
  admits?(b: ModelBuilder, person: Staff, shift: ShiftInstance): boolean;
  /** Model: hard rows, after the assignment variables exist. */
  constraints?(b: ModelBuilder): void;
  /** Model: objective terms and their rows, after every rule's constraints. */
  objective?(b: ModelBuilder): void;

  /** verifySchedule: one assignment of one person. */
  checkAssignment?(c: PersonCheck, p: Placed): void;
  /** verifySchedule: two assignments of one person, p starting first; true when reported and no further pair check applies. */
  checkPair?(c: PersonCheck, p: Placed, q: Placed): boolean;
  /** verifySchedule: all of one person's assignments. */
  checkPerson?(c: PersonCheck): void;
  /** verifySchedule: the whole schedule, after every person. */
  checkSchedule?(c: ScheduleCheck): Violation[];

  /** summarizeSchedule: adds the rule's cost of the schedule to its terms. */
  score?(s: ScoreContext, terms: ObjectiveTerms): void;
}

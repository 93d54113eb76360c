// Explains every unmet requirement as data a manager can act on once the app puts it into words: for
// each person who could in principle fill it, the exact hard rules that stop them (found by asking
// verifySchedule what adding them would break), and a fix that verifySchedule accepts (fix.ts) — or,
// when there is none, who came nearest and what stops them. Nothing is proposed that the edit check
// would then refuse.
import { findGapFix } from './fix';
import { verifySchedule } from './verify';
import type {
  Assignment,
  CandidateReason,
  ExplainOptions,
  GapExplanation,
  ScheduleInput,
  SolveResult,
  Staff,
  Violation,
} from './types';

/** Which single relaxations we suggest first: the cheapest for a manager to grant. */
const SUGGESTION_ORDER: Array<Violation['rule']> = [
  'MAX_MINUTES_WEEK',
  'MAX_MINUTES_TOTAL',
  'UNQUALIFIED',
  'MAX_CONSECUTIVE_DAYS',
  'MIN_REST',
  'MAX_SHIFTS_PER_TYPE',
  'MAX_WEEKENDS',
  'RATIO',
  'UNAVAILABLE',
];

function couldHold(person: Staff, position: string): boolean {
  if (person.positions.includes(position)) return true;
  if (Object.values(person.qualifiedByShift ?? {}).some((list) => list.includes(position))) return true;
  return (person.unqualifiedReasons ?? []).some((r) => r.position === position);
}

export function explainGaps(
  input: ScheduleInput,
  result: Pick<SolveResult, 'assignments' | 'gaps' | 'status'>,
  options: ExplainOptions = {},
): GapExplanation[] {
  const shiftById = new Map(input.shifts.map((s) => [s.id, s]));
  const assignments = result.assignments;
  const wholeSchedule = input.rules?.budget?.hard === true;
  const freeBecause: CandidateReason['freeBecause'] = options.changedSinceSolve
    ? 'changed'
    : result.status === 'optimal'
      ? 'optimiser'
      : 'not proven';
  return result.gaps.map((gap) => {
    const shift = shiftById.get(gap.shift);
    const overlapping = shift
      ? assignments.filter((a) => {
          const s = shiftById.get(a.shift);
          return s !== undefined && s.start < shift.end && shift.start < s.end;
        })
      : [];
    const candidates: CandidateReason[] = [];
    const singles: Array<{ person: Staff; violation: Violation }> = [];
    for (const person of input.staff) {
      if (!couldHold(person, gap.position)) continue;
      if (
        assignments.some((a) => a.staff === person.id && a.shift === gap.shift && a.position === gap.position)
      )
        continue;
      const added: Assignment = { staff: person.id, shift: gap.shift, position: gap.position };
      // A budget cap spans everyone's hours, so adding a person is judged against the whole schedule;
      // otherwise their own shifts and the overlapping ones are all a rule can see.
      const context = wholeSchedule
        ? assignments
        : [...assignments.filter((a) => a.staff === person.id), ...overlapping];
      const unique = [
        ...new Map(context.map((a) => [`${a.staff}\u0000${a.shift}\u0000${a.position}`, a])).values(),
      ];
      const before = new Set(verifySchedule(input, unique).map((v) => v.message));
      const fresh = verifySchedule(input, [...unique, added]).filter((v) => !before.has(v.message));
      const first = fresh[0];
      if (!first) {
        candidates.push({ staff: person.id, name: person.name, code: 'FREE', violations: [], freeBecause });
        continue;
      }
      candidates.push({ staff: person.id, name: person.name, code: first.rule, violations: fresh });
      if (fresh.length === 1) singles.push({ person, violation: first });
    }
    singles.sort((a, b) => {
      const rank = (r: Violation['rule']): number => {
        const i = SUGGESTION_ORDER.indexOf(r);
        return i === -1 ? SUGGESTION_ORDER.length : i;
      };
      return rank(a.violation.rule) - rank(b.violation.rule);
    });
    const single = singles[0];
    const explanation: GapExplanation = {
      shift: gap.shift,
      ...(shift ? { day: shift.day } : {}),
      position: gap.position,
      required: gap.required,
      assigned: gap.assigned,
      candidates,
    };
    if (candidates.length > 0 && candidates.every((c) => c.code === 'RATIO' && c.violations.length === 1))
      explanation.ratioBound = true;
    const free = candidates.filter((c) => c.code === 'FREE').map((c) => c.staff);
    const fix = candidates.length === 0 ? undefined : findGapFix(input, assignments, gap, free);
    if (fix) {
      explanation.fix = fix;
    } else if (candidates.length > 0) {
      explanation.noFix = single
        ? {
            because: 'nearest',
            nearest: { staff: single.person.id, name: single.person.name, violation: single.violation },
          }
        : { because: free.length > 0 ? 'elsewhere' : 'several' };
    }
    return explanation;
  });
}

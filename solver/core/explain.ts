// Turns every unmet requirement into sentences a manager can act on: for each person who could in
// principle fill it, the exact hard rule that stops them (found by asking verifySchedule what adding
// them would break), and a fix that verifySchedule accepts (fix.ts) — or, when there is none, who
// came nearest and what stops them. Nothing is proposed that the edit check would then refuse.
import { shiftLabel } from './calendar';
import { findGapFix } from './fix';
import { verifySchedule } from './verify';
import type {
  Assignment,
  CandidateReason,
  ExplainOptions,
  GapExplanation,
  GapFix,
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

/** The fix in words, steps in order. */
function describeFix(input: ScheduleInput, fix: GapFix, positionName: (id: string) => string): string {
  const shiftById = new Map(input.shifts.map((s) => [s.id, s]));
  const nameOf = (id: string): string => input.staff.find((p) => p.id === id)?.name ?? id;
  const labelOf = (id: string): string => {
    const sh = shiftById.get(id);
    return sh ? shiftLabel(input.horizon, sh) : id;
  };
  const [first, second] = fix.adds;
  const [moved] = fix.removes;
  if (!first) return '';
  if (!moved)
    return `Add ${nameOf(first.staff)} as ${positionName(first.position)}: they can work it without breaking a rule.`;
  const move = `Move ${nameOf(moved.staff)} from ${labelOf(moved.shift)} (${positionName(moved.position)}) to this shift`;
  if (!second)
    return `${move}; ${labelOf(moved.shift)} keeps enough ${positionName(moved.position)} without them.`;
  return `${move}, and add ${nameOf(second.staff)} to ${labelOf(moved.shift)} as ${positionName(second.position)}.`;
}

export function explainGaps(
  input: ScheduleInput,
  result: Pick<SolveResult, 'assignments' | 'gaps' | 'status'>,
  options: ExplainOptions = {},
): GapExplanation[] {
  const shiftById = new Map(input.shifts.map((s) => [s.id, s]));
  const positionName = new Map(input.positions.map((p) => [p.id, p.name ?? p.id]));
  const assignments = result.assignments;
  return result.gaps.map((gap) => {
    const shift = shiftById.get(gap.shift);
    const label = shift ? shiftLabel(input.horizon, shift) : gap.shift;
    const overlapping = shift
      ? assignments.filter((a) => {
          const s = shiftById.get(a.shift);
          return s !== undefined && s.start < shift.end && shift.start < s.end;
        })
      : [];
    const candidates: CandidateReason[] = [];
    const singles: Array<{ person: Staff; violation: Violation; added: Assignment }> = [];
    const firstReasons: string[] = [];
    for (const person of input.staff) {
      if (!couldHold(person, gap.position)) continue;
      if (
        assignments.some((a) => a.staff === person.id && a.shift === gap.shift && a.position === gap.position)
      )
        continue;
      const added: Assignment = { staff: person.id, shift: gap.shift, position: gap.position };
      const context = [...assignments.filter((a) => a.staff === person.id), ...overlapping];
      const unique = [
        ...new Map(context.map((a) => [`${a.staff}\u0000${a.shift}\u0000${a.position}`, a])).values(),
      ];
      const before = new Set(verifySchedule(input, unique).map((v) => v.message));
      const fresh = verifySchedule(input, [...unique, added]).filter((v) => !before.has(v.message));
      const first = fresh[0];
      if (!first) {
        candidates.push({
          staff: person.id,
          name: person.name,
          code: 'FREE',
          reason: options.changedSinceSolve
            ? `${person.name} could work it without breaking a rule (the data or the schedule changed since the solve).`
            : result.status === 'optimal'
              ? `${person.name} could work it without breaking a rule; the optimiser left it open because their other costs outweigh the gap.`
              : `${person.name} could work it without breaking a rule; the solve stopped before proving its schedule optimal.`,
        });
        firstReasons.push(candidates[candidates.length - 1]?.reason ?? '');
        continue;
      }
      candidates.push({
        staff: person.id,
        name: person.name,
        code: first.rule,
        reason: fresh.map((v) => v.message).join(' '),
      });
      firstReasons.push(first.message);
      if (fresh.length === 1) singles.push({ person, violation: first, added });
    }
    singles.sort((a, b) => {
      const rank = (r: Violation['rule']): number => {
        const i = SUGGESTION_ORDER.indexOf(r);
        return i === -1 ? SUGGESTION_ORDER.length : i;
      };
      return rank(a.violation.rule) - rank(b.violation.rule);
    });
    const single = singles[0];
    // The summary gives each candidate's first blocking rule; `candidates` keeps them all.
    const who = candidates.length === 0 ? 'nobody holds this position.' : firstReasons.join(' ');
    const explanation: GapExplanation = {
      shift: gap.shift,
      position: gap.position,
      required: gap.required,
      assigned: gap.assigned,
      summary: `${label} ${positionName.get(gap.position) ?? gap.position}: ${gap.assigned} of ${gap.required} — ${who}`,
      candidates,
    };
    const nameOfPosition = (id: string): string => positionName.get(id) ?? id;
    const free = candidates.filter((c) => c.code === 'FREE').map((c) => c.staff);
    const fix = candidates.length === 0 ? undefined : findGapFix(input, assignments, gap, free);
    if (fix) {
      explanation.fix = fix;
      explanation.suggestion = describeFix(input, fix, nameOfPosition);
    } else if (candidates.length > 0) {
      const why = single
        ? `the nearest: ${single.violation.message}`
        : free.length > 0
          ? 'adding any of them breaks a rule elsewhere in the week'
          : 'each of them is stopped by more than one rule';
      explanation.suggestion = `No change fills it without breaking a rule: nobody who works as ${nameOfPosition(gap.position)} is free; ${why}`;
    }
    return explanation;
  });
}

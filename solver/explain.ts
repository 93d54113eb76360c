// Turns every unmet requirement into sentences a manager can act on: for each person who could in
// principle fill it, the exact hard rule that stops them (found by asking verifySchedule what adding
// them would break), and the smallest single change that would close the gap.
import { formatHours, paidMinutes, shiftLabel } from './calendar';
import { verifySchedule } from './verify';
import type {
  Assignment,
  CandidateReason,
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

function suggestionFor(
  input: ScheduleInput,
  person: Staff,
  v: Violation,
  assignments: Assignment[],
  added: Assignment,
): string {
  const shiftById = new Map(input.shifts.map((s) => [s.id, s]));
  const shift = shiftById.get(added.shift);
  const label = shift ? shiftLabel(input.horizon, shift) : added.shift;
  switch (v.rule) {
    case 'MAX_MINUTES_WEEK':
    case 'MAX_MINUTES_TOTAL': {
      const cap =
        v.rule === 'MAX_MINUTES_WEEK' ? (person.maxMinutesPerWeek ?? 0) : (person.maxMinutesTotal ?? 0);
      const week = shift ? Math.floor(shift.day / 7) : 0;
      const minutes = [...assignments, added]
        .filter((a) => a.staff === person.id)
        .map((a) => shiftById.get(a.shift))
        .filter((s) => s !== undefined && (v.rule === 'MAX_MINUTES_TOTAL' || Math.floor(s.day / 7) === week))
        .reduce((sum, s) => sum + (s ? paidMinutes(s) : 0), 0);
      return `allowing ${person.name} ${formatHours(minutes - cap)} over their maximum to work ${label}`;
    }
    case 'UNQUALIFIED': {
      const why = (person.unqualifiedReasons ?? []).find(
        (r) => r.position === added.position && (r.shift === undefined || r.shift === added.shift),
      );
      return why
        ? `resolving ${person.name}'s qualification (${why.reason}) so they can work ${label}`
        : `qualifying ${person.name} as ${added.position} for ${label}`;
    }
    case 'UNAVAILABLE':
      return `asking ${person.name}, who is unavailable${person.availability?.[added.shift]?.reason ? ` (${person.availability[added.shift]?.reason})` : ''}, to work ${label}`;
    default:
      return `letting ${person.name} work ${label} although: ${v.message}`;
  }
}

export function explainGaps(
  input: ScheduleInput,
  result: Pick<SolveResult, 'assignments' | 'gaps' | 'status'>,
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
          reason:
            result.status === 'optimal'
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
    if (single) {
      const change = suggestionFor(input, single.person, single.violation, assignments, single.added);
      explanation.suggestion = `One more ${positionName.get(gap.position) ?? gap.position} by ${change}.`;
    }
    return explanation;
  });
}

// Puts the solver's gap explanations (data: who could fill a gap, the rules that stop each, the fix)
// into the sentences the schedule page and the stored solve details show.
import {
  shiftLabel,
  type CandidateReason,
  type GapExplanation,
  type GapFix,
  type ScheduleInput,
} from '../../solver';

/** A gap explanation with its words. */
export interface GapWords {
  shift: string;
  position: string;
  required: number;
  assigned: number;
  /** e.g. "Tue 07:00–15:30 IV tech: 2 of 3 — Ana is unavailable for …". */
  summary: string;
  /** The part of the summary after the dash: each candidate's first blocking rule, or "nobody holds this position." */
  reasons: string;
  candidates: Array<{ staff: string; name: string; code: CandidateReason['code']; reason: string }>;
  /** What to do: the fix when there is one, else why there is none. Absent when nobody holds the position. */
  suggestion?: string;
  fix?: GapFix;
}

const FREE_WORDS: Record<NonNullable<CandidateReason['freeBecause']>, string> = {
  changed: 'could work it without breaking a rule (the data or the schedule changed since the solve).',
  optimiser:
    'could work it without breaking a rule; the optimiser left it open because their other costs outweigh the gap.',
  'not proven':
    'could work it without breaking a rule; the solve stopped before proving its schedule optimal.',
};

/**
 * The explanation in words. `describe` rewrites the solver's violation messages it quotes (the app
 * names positions there); position names come from the input.
 */
export function gapWords(
  input: ScheduleInput,
  e: GapExplanation,
  describe: (message: string) => string = (m) => m,
): GapWords {
  const shiftById = new Map(input.shifts.map((s) => [s.id, s]));
  const labelOf = (id: string): string => {
    const s = shiftById.get(id);
    return s ? shiftLabel(input.horizon, s) : id;
  };
  const nameOf = (id: string): string => input.staff.find((p) => p.id === id)?.name ?? id;
  const positionName = (id: string): string => input.positions.find((p) => p.id === id)?.name ?? id;

  const candidates = e.candidates.map((c) => ({
    staff: c.staff,
    name: c.name,
    code: c.code,
    reason:
      c.code === 'FREE'
        ? `${c.name} ${FREE_WORDS[c.freeBecause ?? 'optimiser']}`
        : c.violations.map((v) => describe(v.message)).join(' '),
  }));
  // The summary gives each candidate's first blocking rule; `candidates` keeps them all.
  const firstReasons = e.candidates.map((c, i) =>
    c.code === 'FREE' ? (candidates[i]?.reason ?? '') : describe(c.violations[0]?.message ?? ''),
  );
  const reasons =
    e.candidates.length === 0
      ? 'nobody holds this position.'
      : e.ratioBound
        ? ratioReasons(e, describe)
        : firstReasons.join(' ');
  const words: GapWords = {
    shift: e.shift,
    position: e.position,
    required: e.required,
    assigned: e.assigned,
    summary: `${labelOf(e.shift)} ${positionName(e.position)}: ${e.assigned} of ${e.required} — ${reasons}`,
    reasons,
    candidates,
  };
  if (e.fix) {
    words.fix = e.fix;
    words.suggestion = fixWords(e.fix, labelOf, nameOf, positionName);
  } else if (e.noFix) {
    const why =
      e.noFix.because === 'nearest' && e.noFix.nearest
        ? `the nearest: ${describe(e.noFix.nearest.violation.message)}`
        : e.noFix.because === 'elsewhere'
          ? 'adding any of them breaks a rule elsewhere in the week'
          : 'each of them is stopped by more than one rule';
    words.suggestion = `No change fills it without breaking a rule: nobody who works as ${positionName(e.position)} is free; ${why}`;
  }
  return words;
}

/** One sentence for a gap the technician ratio leaves: who could work it, and the rule (once). */
function ratioReasons(e: GapExplanation, describe: (message: string) => string): string {
  const names = e.candidates.map((c) => c.name);
  const who = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
  const rules = [...new Set(e.candidates.map((c) => describe(c.violations[0]?.message ?? '')))];
  return `the technician ratio leaves it open: ${who} could work it otherwise. ${rules.join(' ')}`;
}

/** The fix in words, steps in order. */
function fixWords(
  fix: GapFix,
  labelOf: (shift: string) => string,
  nameOf: (staff: string) => string,
  positionName: (position: string) => string,
): string {
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

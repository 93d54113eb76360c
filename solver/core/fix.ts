// A gap's suggested fix: one concrete change to the schedule (add a free person; move someone whose
// slot does not need them; or move someone and have a third person take their slot) that
// verifySchedule accepts on the whole resulting week and that opens no other gap. When no such
// change exists, there is no fix, and the explanation says who came nearest and what stops them.
import { verifySchedule } from './verify';
import type { Assignment, Gap, GapFix, ScheduleInput, Staff } from './types';

/** Full-week checks one gap's search may spend before it gives up (keeps a page build bounded). */
const CHECK_BUDGET = 400;

const keyOf = (a: Assignment): string => `${a.staff}\u0000${a.shift}\u0000${a.position}`;

function qualifiedFor(person: Staff, shift: string, position: string): boolean {
  return (person.qualifiedByShift?.[shift] ?? person.positions).includes(position);
}

/** Whether `after` is accepted: no hard-rule violation the schedule did not already have, and no (larger) gap elsewhere. */
export function acceptsChange(
  input: ScheduleInput,
  before: Assignment[],
  after: Assignment[],
  baseline: Set<string> = new Set(verifySchedule(input, before).map((v) => v.message)),
): boolean {
  if (verifySchedule(input, after).some((v) => !baseline.has(v.message))) return false;
  const count = (list: Assignment[]) => {
    const m = new Map<string, number>();
    for (const a of list)
      m.set(`${a.shift}\u0000${a.position}`, (m.get(`${a.shift}\u0000${a.position}`) ?? 0) + 1);
    return m;
  };
  const was = count(before);
  const now = count(after);
  return input.demands.every((d) => {
    const k = `${d.shift}\u0000${d.position}`;
    const missingBefore = Math.max(0, d.min - (was.get(k) ?? 0));
    const missingAfter = Math.max(0, d.min - (now.get(k) ?? 0));
    return missingAfter <= missingBefore;
  });
}

/**
 * The first change that puts one more person on the gap and that acceptsChange allows, trying in
 * order: the free people (`free`, already known to break nothing locally), moving someone from a
 * slot that stays covered, and a two-step move with a third person filling the moved person's slot.
 */
export function findGapFix(
  input: ScheduleInput,
  assignments: Assignment[],
  gap: Pick<Gap, 'shift' | 'position'>,
  free: string[],
): GapFix | undefined {
  const baseline = new Set(verifySchedule(input, assignments).map((v) => v.message));
  let budget = CHECK_BUDGET;
  const accepted = (after: Assignment[]): boolean => {
    if (budget <= 0) return false;
    budget -= 1;
    return acceptsChange(input, assignments, after, baseline);
  };
  const onGap = (staff: string): Assignment => ({ staff, shift: gap.shift, position: gap.position });
  const have = new Set(assignments.map(keyOf));

  for (const staff of free) {
    const add = onGap(staff);
    if (have.has(keyOf(add))) continue;
    if (accepted([...assignments, add])) return { removes: [], adds: [add] };
  }

  const demandMin = new Map(input.demands.map((d) => [`${d.shift}\u0000${d.position}`, d.min]));
  const covered = (list: Assignment[], shift: string, position: string): boolean =>
    list.filter((a) => a.shift === shift && a.position === position).length >=
    (demandMin.get(`${shift}\u0000${position}`) ?? 0);
  const movers = input.staff.filter((p) => qualifiedFor(p, gap.shift, gap.position));
  const chains: Array<{ moved: Assignment; step1: Assignment[] }> = [];
  for (const mover of movers) {
    if (assignments.some((a) => a.staff === mover.id && a.shift === gap.shift)) continue;
    for (const moved of assignments.filter((a) => a.staff === mover.id)) {
      const without = assignments.filter((a) => a !== moved);
      const step1 = [...without, onGap(mover.id)];
      // A locked assignment never moves, and neither does one whose slot would open a gap (unless
      // someone takes it: tried below, once every plain move has been).
      if ((input.locked ?? []).some((l) => keyOf(l) === keyOf(moved))) continue;
      if (covered(without, moved.shift, moved.position)) {
        if (accepted(step1)) return { removes: [moved], adds: [onGap(mover.id)] };
      } else {
        chains.push({ moved, step1 });
      }
    }
  }
  for (const { moved, step1 } of chains) {
    // The mover must fit the gap on their own first: checked once, without the cover.
    const withoutCover = verifySchedule(input, step1).filter((v) => !baseline.has(v.message));
    if (withoutCover.some((v) => v.rule !== 'LOCKED')) continue;
    for (const cover of input.staff) {
      if (cover.id === moved.staff || !qualifiedFor(cover, moved.shift, moved.position)) continue;
      if (step1.some((a) => a.staff === cover.id && a.shift === moved.shift)) continue;
      const add = { staff: cover.id, shift: moved.shift, position: moved.position };
      if (accepted([...step1, add])) return { removes: [moved], adds: [{ ...onGap(moved.staff) }, add] };
      if (budget <= 0) return undefined;
    }
  }
  return undefined;
}

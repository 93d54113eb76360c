// Re-checks any schedule against every hard rule, written independently of the model rows: the
// solver's answers, manual edits and benchmark rosters all pass through here. Each rule's check is
// in its module (rules/*.ts); each violation names the people, shifts and numbers involved.
import { resolveRules } from './defaults';
import { shiftLabel } from './calendar';
import { RULES } from './rules';
import type { PersonCheck, Placed } from './rules/rule';
import type { ResolvedRules } from './defaults';
import type { Assignment, ScheduleInput, ShiftInstance, Staff, Violation } from './types';

const PAIR_RULES = RULES.filter((r) => r.checkPair !== undefined);

/**
 * The checks of every rule on one person's assignments alone (per assignment, per pair, per person),
 * appending to `violations`; `placed` sorted by start, then end. The whole-schedule checks are not
 * here. Used by verifySchedule and by the constructive start, which re-checks one person per move.
 */
export function checkPersonPlacements(
  input: ScheduleInput,
  rules: ResolvedRules,
  person: Staff,
  placed: Placed[],
  label: (s: ShiftInstance) => string,
  violations: Violation[],
): void {
  const perDay = new Map<number, ShiftInstance[]>();
  for (const { shift } of placed) perDay.set(shift.day, [...(perDay.get(shift.day) ?? []), shift]);
  const check: PersonCheck = {
    input,
    rules,
    person,
    placed,
    perDay,
    label,
    shiftsOf: (pred) => placed.map((p) => p.shift).filter(pred),
    add: (rule, message, shifts) => {
      violations.push({ rule, message, staff: person.id, shifts: shifts.map((s) => s.id) });
    },
  };
  for (const p of placed) for (const rule of RULES) rule.checkAssignment?.(check, p);
  for (let i = 0; i < placed.length; i++) {
    for (let j = i + 1; j < placed.length; j++) {
      const p = placed[i] as Placed;
      const q = placed[j] as Placed;
      for (const rule of PAIR_RULES) if (rule.checkPair?.(check, p, q)) break;
    }
  }
  for (const rule of RULES) rule.checkPerson?.(check);
}

export function verifySchedule(input: ScheduleInput, assignments: Assignment[]): Violation[] {
  const violations: Violation[] = [];
  const rules = resolveRules(input.rules);
  const shiftById = new Map(input.shifts.map((s) => [s.id, s]));
  const staffById = new Map(input.staff.map((p) => [p.id, p]));
  const positionIds = new Set(input.positions.map((p) => p.id));
  const label = (s: ShiftInstance): string => shiftLabel(input.horizon, s);

  const byStaff = new Map<string, Placed[]>();
  for (const a of assignments) {
    const shift = shiftById.get(a.shift);
    const person = staffById.get(a.staff);
    if (!shift || !person || !positionIds.has(a.position)) {
      violations.push({
        rule: 'UNKNOWN_REFERENCE',
        message: `Assignment of ${a.staff} to ${a.shift} as ${a.position} refers to an unknown ${!person ? 'staff member' : !shift ? 'shift' : 'position'}.`,
        staff: a.staff,
        shifts: [a.shift],
      });
      continue;
    }
    const list = byStaff.get(a.staff) ?? [];
    list.push({ assignment: a, shift });
    byStaff.set(a.staff, list);
  }

  for (const [staffId, placedUnsorted] of byStaff) {
    const placed = [...placedUnsorted].sort(
      (p, q) => p.shift.start - q.shift.start || p.shift.end - q.shift.end,
    );
    checkPersonPlacements(input, rules, staffById.get(staffId) as Staff, placed, label, violations);
  }

  for (const rule of RULES) {
    const found = rule.checkSchedule?.({ input, assignments, placedByStaff: byStaff });
    if (found) violations.push(...found);
  }
  return violations;
}

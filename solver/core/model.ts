// Builds one integer linear model from a ScheduleInput: the assignment variables here, then the rows
// and objective terms of every rule of the registry (rules/index.ts), in registry order.
//
// The formulation is "tight" (see NOTES-STACK.md): variables exist only where a person is qualified
// and available; every soft term is written so that the empty schedule is feasible and every row is
// `sum ≤ rhs` with rhs ≥ 0 (javascript-lp-solver then needs no phase 1); shortfalls are rewarded
// "covered" amounts plus a constant instead of explicit slack rows; absolute deviations use their
// convex hull; integer variables, not binaries. Locked assignments are constants, not variables.
import { ModelBuilder, type LpModel } from './lp';
import { RULES } from './rules';
import { qualifiedPositions } from './rules/qualified';
import type { Assignment, ScheduleInput } from './types';

export type { LpModel, LpRow, LpVar } from './lp';

export interface BuiltModel {
  lp: LpModel;
  /** Assignment decision variables: var index → assignment. */
  assignmentVars: Array<{ index: number; assignment: Assignment }>;
  /** Locked assignments, which are constants of the model. */
  fixed: Assignment[];
  /** Reasons the hard rules cannot all hold, found while building (e.g. two locks that overlap). */
  conflicts: string[];
}

/** One variable per person, shift and demanded position they qualify for where every rule admits them; locks are constants. */
function addAssignmentVariables(b: ModelBuilder): void {
  const demanded = new Set(b.input.demands.map((d) => `${d.shift}\u0000${d.position}`));
  const locked = new Set((b.input.locked ?? []).map((a) => `${a.staff}\u0000${a.shift}\u0000${a.position}`));
  const admitting = RULES.filter((r) => r.admits !== undefined);
  for (const person of b.input.staff) {
    const byShift = new Map<string, Map<string, number | 'fixed'>>();
    b.x.set(person.id, byShift);
    for (const shift of b.input.shifts) {
      const byPos = new Map<string, number | 'fixed'>();
      const lockedHere = (b.input.locked ?? []).filter((a) => a.staff === person.id && a.shift === shift.id);
      if (lockedHere.length > 0) {
        for (const a of lockedHere) {
          byPos.set(a.position, 'fixed');
          b.fixed.push({ staff: person.id, shift: shift.id, position: a.position });
        }
      } else if (admitting.every((r) => r.admits?.(b, person, shift))) {
        for (const position of qualifiedPositions(person, shift.id)) {
          if (!demanded.has(`${shift.id}\u0000${position}`)) continue;
          if (locked.has(`${person.id}\u0000${shift.id}\u0000${position}`)) continue;
          const index = b.addVar(`x:${person.id}:${shift.id}:${position}`, 0, 1, true, false);
          byPos.set(position, index);
          b.assignmentVars.push({ index, assignment: { staff: person.id, shift: shift.id, position } });
        }
      }
      if (byPos.size > 0) byShift.set(shift.id, byPos);
    }
  }
}

export function buildModel(input: ScheduleInput): BuiltModel {
  const b = new ModelBuilder(input);
  addAssignmentVariables(b);
  for (const rule of RULES) rule.constraints?.(b);
  for (const rule of RULES) rule.objective?.(b);
  for (const [v, c] of b.objective.terms) {
    const variable = b.vars[v];
    if (variable) variable.cost = c;
  }
  // With integer costs everywhere the objective of any schedule is an integer, which HiGHS uses to
  // prune (a bound of 606.2 proves 607); coverage counts are integral in every schedule anyway.
  if (b.vars.every((v) => Number.isInteger(v.cost) || (v.int && Math.abs(v.cost) < 1e-12))) {
    for (const v of b.countVars) {
      const variable = b.vars[v];
      if (variable) variable.int = true;
    }
  }
  return {
    lp: { vars: b.vars, rows: b.rows, constant: b.objective.constant },
    assignmentVars: b.assignmentVars,
    fixed: b.fixed,
    conflicts: b.conflicts,
  };
}

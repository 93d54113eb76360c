// Rule 1: a person works only positions they are qualified for (on that shift, when credentials
// expire mid-period). The model has no variable for other positions.
import type { Staff } from '../types';
import type { Rule } from './rule';

/** The positions the person may hold on the shift; the model enumerates its variables from these. */
export function qualifiedPositions(person: Staff, shiftId: string): string[] {
  return person.qualifiedByShift?.[shiftId] ?? person.positions;
}

export const qualified: Rule = {
  name: 'qualified',
  codes: ['UNQUALIFIED'],
  terms: [],
  checkAssignment({ person, label, add }, { assignment: a, shift }) {
    if (qualifiedPositions(person, shift.id).includes(a.position)) return;
    const why = person.unqualifiedReasons?.find(
      (r) => r.position === a.position && (r.shift === undefined || r.shift === shift.id),
    );
    add(
      'UNQUALIFIED',
      `${person.name} is not qualified as ${a.position} on ${label(shift)}${why ? ` (${why.reason})` : ''}.`,
      [shift],
    );
  },
};

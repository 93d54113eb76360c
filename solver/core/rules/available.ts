// Rule 2: nobody works a shift they are unavailable for (approved time off, outside their hours).
import type { Rule } from './rule';

export const available: Rule = {
  name: 'available',
  codes: ['UNAVAILABLE'],
  terms: [],
  admits: (_b, person, shift) => person.availability?.[shift.id]?.status !== 'unavailable',
  checkAssignment({ person, label, add }, { shift }) {
    const entry = person.availability?.[shift.id];
    if (entry?.status !== 'unavailable') return;
    add(
      'UNAVAILABLE',
      `${person.name} is unavailable for ${label(shift)}${entry.reason ? ` (${entry.reason})` : ''}.`,
      [shift],
    );
  },
};

// A frozen shift (one that has started) keeps exactly its locked assignments: nobody is added.
import { shiftLabel } from '../calendar';
import type { Rule } from './rule';

export const frozen: Rule = {
  name: 'frozen',
  codes: ['FROZEN'],
  terms: [],
  admits: (b, _person, shift) => !(b.input.frozenShifts ?? []).includes(shift.id),
  checkSchedule({ input, assignments }) {
    const frozenShifts = new Set(input.frozenShifts ?? []);
    if (frozenShifts.size === 0) return [];
    const locked = new Set((input.locked ?? []).map((a) => `${a.staff}\u0000${a.shift}\u0000${a.position}`));
    const staffById = new Map(input.staff.map((p) => [p.id, p]));
    const shiftById = new Map(input.shifts.map((s) => [s.id, s]));
    return assignments
      .filter(
        (a) => frozenShifts.has(a.shift) && !locked.has(`${a.staff}\u0000${a.shift}\u0000${a.position}`),
      )
      .map((a) => {
        const s = shiftById.get(a.shift);
        return {
          rule: 'FROZEN' as const,
          message: `${staffById.get(a.staff)?.name ?? a.staff} cannot be added to ${s ? shiftLabel(input.horizon, s) : a.shift} as ${a.position}: the shift has started.`,
          staff: a.staff,
          shifts: [a.shift],
        };
      });
  },
};

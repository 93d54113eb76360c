// Rule 7: locked assignments stay. In the model they are constants, not variables (model.ts).
import { shiftLabel } from '../calendar';
import type { Rule } from './rule';

export const locked: Rule = {
  name: 'locked',
  codes: ['LOCKED'],
  terms: [],
  checkSchedule({ input, assignments }) {
    const have = new Set(assignments.map((a) => `${a.staff}\u0000${a.shift}\u0000${a.position}`));
    const staffById = new Map(input.staff.map((p) => [p.id, p]));
    const shiftById = new Map(input.shifts.map((s) => [s.id, s]));
    return (input.locked ?? [])
      .filter((a) => !have.has(`${a.staff}\u0000${a.shift}\u0000${a.position}`))
      .map((a) => {
        const s = shiftById.get(a.shift);
        return {
          rule: 'LOCKED' as const,
          message: `The locked assignment of ${staffById.get(a.staff)?.name ?? a.staff} to ${s ? shiftLabel(input.horizon, s) : a.shift} as ${a.position} is missing.`,
          staff: a.staff,
          shifts: [a.shift],
        };
      });
  },
};

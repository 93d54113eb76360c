// Who carries weekend and night shifts: the fair share is the demand on such shifts divided by the
// staff who could work at least one of them, rounded up. A definition shared by the model and the
// scorer so that both charge the same shifts.
import { resolveRules } from './defaults';
import { weekendsOf } from './calendar';
import type { ScheduleInput, ShiftInstance } from './types';

export interface FairnessGroup {
  name: 'weekend' | 'night';
  shifts: ShiftInstance[];
  /** Shifts per person above which each one costs `weights.fairness`. */
  share: number;
}

export function fairnessGroups(input: ScheduleInput): FairnessGroup[] {
  const weekendDays = new Set(weekendsOf(input.horizon).flat());
  const nightTypes = new Set(resolveRules(input.rules).nightShiftTypes);
  const groups: Array<[FairnessGroup['name'], ShiftInstance[]]> = [
    ['weekend', input.shifts.filter((s) => weekendDays.has(s.day))],
    ['night', input.shifts.filter((s) => nightTypes.has(s.type))],
  ];
  const demanded = new Map<string, Set<string>>();
  for (const d of input.demands) {
    if (d.min <= 0) continue;
    demanded.set(d.shift, (demanded.get(d.shift) ?? new Set()).add(d.position));
  }
  const out: FairnessGroup[] = [];
  for (const [name, shifts] of groups) {
    const ids = new Set(shifts.map((s) => s.id));
    const demand = input.demands.filter((d) => ids.has(d.shift)).reduce((n, d) => n + Math.max(0, d.min), 0);
    const eligible = input.staff.filter((p) =>
      shifts.some((s) => {
        if (p.availability?.[s.id]?.status === 'unavailable' || p.maxShiftsPerType?.[s.type] === 0)
          return false;
        const positions = p.qualifiedByShift?.[s.id] ?? p.positions;
        return positions.some((pos) => demanded.get(s.id)?.has(pos));
      }),
    ).length;
    if (demand === 0 || eligible === 0) continue;
    out.push({ name, shifts, share: Math.ceil(demand / eligible) });
  }
  return out;
}

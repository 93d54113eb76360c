// The model's shape: what makes it fast (a "tight" formulation: no variable where a person cannot
// work, every row `sum ≤ rhs` with rhs ≥ 0) is asserted here, not assumed.
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../solver/core/model';
import { HOUR, IV_TECH, PHARMACIST, TECHNICIAN, dayAndEvening, demand, makeInput, person } from './helpers';

function pharmacyWeek() {
  return makeInput({
    shifts: dayAndEvening(7),
    staff: [
      person('Rx', [PHARMACIST], { targetMinutes: 36 * HOUR, minMinutesPerWeek: 24 * HOUR }),
      person('Ana', [TECHNICIAN, IV_TECH], {
        maxMinutesPerWeek: 40 * HOUR,
        hourlyCost: 25,
        availability: { D0: { status: 'unavailable' }, E1: { status: 'undesired' } },
        maxWeekends: 1,
        minConsecutiveDays: 2,
        minConsecutiveDaysOff: 2,
        requests: [{ kind: 'on', day: 3, type: 'D', weight: 2 }],
      }),
      person('Ben', [TECHNICIAN], { qualifiedByShift: { D2: [] } }),
    ],
    demands: dayAndEvening(7).flatMap((s) => [
      demand(s.id, PHARMACIST, 1),
      demand(s.id, TECHNICIAN, 1),
      demand(s.id, IV_TECH, 1),
    ]),
    rules: { technicianRatio: 4, maxConsecutiveDays: 5 },
    previous: [{ staff: 'Ben', shift: 'D1', position: TECHNICIAN }],
  });
}

describe('buildModel', () => {
  it('creates assignment variables only where a person is qualified, available and needed', () => {
    const built = buildModel(pharmacyWeek());
    const names = built.assignmentVars.map((a) => built.lp.vars[a.index]?.name);
    expect(names).toContain('x:Ana:D1:IV_TECH');
    expect(names).not.toContain('x:Ana:D0:TECHNICIAN');
    expect(names).not.toContain('x:Ben:D2:TECHNICIAN');
    expect(names).not.toContain('x:Ben:D0:IV_TECH');
    // 14 shifts: Rx 14, Ana 13 × 2 positions, Ben 13.
    expect(built.assignmentVars).toHaveLength(14 + 26 + 13);
  });

  it('writes every row as ≤ with a non-negative right-hand side, so the empty schedule is feasible', () => {
    const built = buildModel(pharmacyWeek());
    expect(built.lp.rows.filter((r) => r.rhs < 0)).toEqual([]);
    expect(built.lp.vars.every((v) => v.ub >= 0)).toBe(true);
  });

  it('is deterministic: the same input gives the same variables and rows', () => {
    const a = buildModel(pharmacyWeek());
    const b = buildModel(pharmacyWeek());
    expect(b.lp).toEqual(a.lp);
  });

  it('folds locked assignments into constants instead of variables', () => {
    const input = { ...pharmacyWeek(), locked: [{ staff: 'Ben', shift: 'E3', position: TECHNICIAN }] };
    const built = buildModel(input);
    expect(built.fixed).toEqual([{ staff: 'Ben', shift: 'E3', position: TECHNICIAN }]);
    expect(built.lp.vars.some((v) => v.name.startsWith('x:Ben:E3:'))).toBe(false);
    expect(built.conflicts).toEqual([]);
  });
});

// The `unverified` status: an engine's schedule that breaks a hard rule (a model/checker
// disagreement) is never handed out. The engine adapter is replaced by one that answers "optimal"
// with every variable at 1 — each person on every shift they could work — and the solve runs on the
// calling thread (`inThread`), where the replacement is the one loaded.
import { describe, expect, it, vi } from 'vitest';
import { solveSchedule, verifySchedule } from '../../../solver';
import type { EngineRun } from '../../../solver/runtime/engines/engine';
import type { LpModel } from '../../../solver/core/model';
import { PHARMACIST, TECHNICIAN, dayAndEvening, demand, makeInput, person } from './helpers';

vi.mock('../../../solver/runtime/engines/jslp', () => ({
  solveWithJslp: (lp: LpModel): EngineRun => ({
    status: 'optimal',
    values: lp.vars.map(() => 1),
    objective: 0,
    message: 'javascript-lp-solver: optimal',
  }),
}));

function twoDays() {
  const shifts = dayAndEvening(2);
  const staff = [person('Rx1', [PHARMACIST]), person('T1', [TECHNICIAN])];
  const demands = shifts.flatMap((s) => [demand(s.id, PHARMACIST, 1), demand(s.id, TECHNICIAN, 1)]);
  const locked = [{ staff: 'Rx1', shift: shifts[0]!.id, position: PHARMACIST }];
  return makeInput({ shifts, staff, demands, locked, rules: { technicianRatio: 4, maxConsecutiveDays: 6 } });
}

describe('a schedule that fails verifySchedule', () => {
  it('is not returned: status unverified, the locks only, the broken rule named', async () => {
    const input = twoDays();
    const r = await solveSchedule(input, { engine: 'jslp', inThread: true });
    expect(r.status).toBe('unverified');
    expect(r.assignments).toEqual(input.locked);
    // What is returned breaks nothing: the locks alone leave gaps, which are not violations.
    expect(r.violations).toEqual([]);
    expect(verifySchedule(input, r.assignments)).toEqual([]);
    expect(r.message).toBe(
      "The engine's schedule failed verification (Rx1's rest after Mon 07:00–15:00 before Mon 15:00–23:00 " +
        'would be 0 h, the site requires 10 h.); only locked assignments are returned.',
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  computeCeProgress,
  type CeCreditFact,
  type CeRequirement,
} from '../../../server/credentials/ce.service';

const CPHT: CeRequirement = {
  credentialTypeId: 3,
  credentialTypeName: 'CPhT',
  ceHoursPerCycle: 20,
  ceLawHours: 1,
  cePatientSafetyHours: 1,
};
const cycle = { issuedOn: '2025-06-01', expiresOn: '2027-05-31' };
const TODAY = '2026-11-25';

function credit(
  hours: number,
  topic: CeCreditFact['topic'] = 'GENERAL',
  earnedOn = '2026-01-10',
  credentialTypeId: number | null = 3,
): CeCreditFact {
  return { hours, topic, earnedOn, credentialTypeId };
}

describe('computeCeProgress', () => {
  it('is complete with 20 h including 1 h law and 1 h patient safety (PTCB CPhT)', () => {
    const p = computeCeProgress(
      CPHT,
      cycle,
      [credit(18), credit(1, 'LAW'), credit(1, 'PATIENT_SAFETY')],
      TODAY,
    )!;
    expect(p).toMatchObject({
      earned: 20,
      required: 20,
      lawEarned: 1,
      patientSafetyEarned: 1,
      remaining: 0,
      complete: true,
      atRisk: false,
    });
    expect(p.summary).toBe('20 of 20 h, law 1 of 1 h, patient safety 1 of 1 h');
  });

  it('is not complete with 20 h but no law hour: the minimum is still owed', () => {
    const p = computeCeProgress(CPHT, cycle, [credit(19), credit(1, 'PATIENT_SAFETY')], TODAY)!;
    expect(p.complete).toBe(false);
    expect(p.remaining).toBe(1);
  });

  it('counts the minimums inside the total', () => {
    const p = computeCeProgress(CPHT, cycle, [credit(1, 'LAW')], TODAY)!;
    expect(p.remaining).toBe(19);
    const none = computeCeProgress(CPHT, cycle, [], TODAY)!;
    expect(none.remaining).toBe(20);
  });

  it('ignores credits outside the cycle and credits filed against another credential', () => {
    const p = computeCeProgress(
      CPHT,
      cycle,
      [
        credit(5, 'GENERAL', '2025-05-31'),
        credit(5, 'GENERAL', '2027-06-01'),
        credit(5, 'GENERAL', '2026-01-01', 99),
        credit(2, 'GENERAL', '2025-06-01'),
        credit(3, 'LAW', '2027-05-31', null),
      ],
      TODAY,
    )!;
    expect(p.earned).toBe(5);
    expect(p.lawEarned).toBe(3);
  });

  it('flags an incomplete cycle within 90 days of renewal as at risk', () => {
    const soon = { issuedOn: '2025-01-01', expiresOn: '2027-01-31' };
    expect(computeCeProgress(CPHT, soon, [credit(4, 'GENERAL', '2025-03-01')], TODAY)!.atRisk).toBe(true);
    expect(computeCeProgress(CPHT, cycle, [credit(4)], TODAY)!.atRisk).toBe(false);
  });

  it('has nothing to track for a type without CE or a credential that never expires', () => {
    expect(computeCeProgress({ ...CPHT, ceHoursPerCycle: null }, cycle, [], TODAY)).toBeNull();
    expect(computeCeProgress(CPHT, { issuedOn: '2020-01-01', expiresOn: null }, [], TODAY)).toBeNull();
  });

  it('adds fractional hours without floating-point noise', () => {
    const p = computeCeProgress(CPHT, cycle, [credit(0.1), credit(0.2), credit(1.5, 'LAW')], TODAY)!;
    expect(p.earned).toBe(1.8);
    expect(p.summary).toBe('1.8 of 20 h, law 1.5 of 1 h, patient safety 0 of 1 h');
  });
});

import { describe, expect, it } from 'vitest';
import {
  qualifiesForShift,
  qualifiesOn,
  type CredentialFact,
  type PositionRequirement,
} from '../../../server/credentials/qualification';

const STATE_REG = { id: 1, name: 'State registration' };
const CSPT = { id: 2, name: 'CSPT' };
const IV_TECH: PositionRequirement = {
  positionId: 10,
  positionName: 'IV technician',
  requiredCredentialTypes: [STATE_REG, CSPT],
};
const BILLING: PositionRequirement = {
  positionId: 11,
  positionName: 'Billing specialist',
  requiredCredentialTypes: [],
};

function credential(
  type: { id: number; name: string },
  issuedOn: string,
  expiresOn: string | null,
): CredentialFact {
  return { credentialTypeId: type.id, credentialTypeName: type.name, issuedOn, expiresOn };
}

const registration = credential(STATE_REG, '2025-01-01', null);
const csptToNov30 = credential(CSPT, '2024-12-01', '2026-11-30');

describe('qualifiesOn', () => {
  it('qualifies on the day a credential expires (expiry is inclusive)', () => {
    expect(qualifiesOn([registration, csptToNov30], IV_TECH, '2026-11-30')).toEqual({ qualified: true });
  });

  it('qualifies before the expiry', () => {
    expect(qualifiesOn([registration, csptToNov30], IV_TECH, '2026-11-01').qualified).toBe(true);
  });

  it('does not qualify the day after the expiry, and names the date', () => {
    const result = qualifiesOn([registration, csptToNov30], IV_TECH, '2026-12-01');
    expect(result).toMatchObject({ qualified: false, reason: 'CSPT expired on 2026-11-30' });
  });

  it('qualifies on the issue day but not the day before', () => {
    const fresh = credential(CSPT, '2026-12-02', '2028-12-01');
    expect(qualifiesOn([registration, fresh], IV_TECH, '2026-12-02').qualified).toBe(true);
    expect(qualifiesOn([registration, fresh], IV_TECH, '2026-12-01')).toMatchObject({
      qualified: false,
      reason: 'CSPT is not valid until 2026-12-02',
    });
  });

  it('says which credential is not held at all', () => {
    const result = qualifiesOn([registration], IV_TECH, '2026-11-25');
    expect(result).toMatchObject({ qualified: false, reason: 'holds no CSPT' });
  });

  it('lists every missing credential', () => {
    const result = qualifiesOn([], IV_TECH, '2026-11-25');
    expect(result.qualified).toBe(false);
    if (!result.qualified) {
      expect(result.missing.map((m) => m.credentialTypeId)).toEqual([STATE_REG.id, CSPT.id]);
      expect(result.reason).toBe('holds no State registration; holds no CSPT');
    }
  });

  it('treats a credential without an expiry as valid forever after issue', () => {
    expect(
      qualifiesOn([registration, credential(CSPT, '2020-01-01', null)], IV_TECH, '2099-12-31').qualified,
    ).toBe(true);
  });

  it('accepts a renewal when the old credential has lapsed', () => {
    const renewal = credential(CSPT, '2026-12-01', '2028-11-30');
    expect(qualifiesOn([registration, csptToNov30, renewal], IV_TECH, '2026-12-05').qualified).toBe(true);
  });

  it('mentions the coming renewal when there is a gap between expiry and renewal', () => {
    const lateRenewal = credential(CSPT, '2026-12-10', '2028-12-09');
    expect(qualifiesOn([registration, csptToNov30, lateRenewal], IV_TECH, '2026-12-05')).toMatchObject({
      qualified: false,
      reason: 'CSPT expired on 2026-11-30 (the renewal is valid from 2026-12-10)',
    });
  });

  it('ignores credentials of other types', () => {
    const bls = credential({ id: 99, name: 'BLS' }, '2025-01-01', null);
    expect(qualifiesOn([registration, bls], IV_TECH, '2026-11-25')).toMatchObject({
      qualified: false,
      reason: 'holds no CSPT',
    });
  });

  it('lets anyone work a position without requirements', () => {
    expect(qualifiesOn([], BILLING, '2026-11-25')).toEqual({ qualified: true });
  });
});

describe('qualifiesForShift', () => {
  it('refuses a night shift whose second day is past the expiry', () => {
    const result = qualifiesForShift([registration, csptToNov30], IV_TECH, ['2026-11-30', '2026-12-01']);
    expect(result).toMatchObject({ qualified: false, reason: 'CSPT expired on 2026-11-30' });
  });

  it('accepts a night shift ending on the expiry day', () => {
    expect(
      qualifiesForShift([registration, csptToNov30], IV_TECH, ['2026-11-29', '2026-11-30']).qualified,
    ).toBe(true);
  });

  it('needs one credential valid on every day, not a hand-over mid-shift', () => {
    const renewal = credential(CSPT, '2026-12-01', '2028-11-30');
    const result = qualifiesForShift([registration, csptToNov30, renewal], IV_TECH, [
      '2026-11-30',
      '2026-12-01',
    ]);
    expect(result).toMatchObject({ qualified: false });
    if (!result.qualified) expect(result.reason).toContain('no single CSPT');
  });

  it('matches qualifiesOn for a one-day shift', () => {
    for (const date of ['2026-11-29', '2026-11-30', '2026-12-01']) {
      expect(qualifiesForShift([registration, csptToNov30], IV_TECH, [date])).toEqual(
        qualifiesOn([registration, csptToNov30], IV_TECH, date),
      );
    }
  });
});

describe('any-of requirements (issue 15)', () => {
  const CPHT = { id: 3, name: 'CPhT' };
  const EXCPT = { id: 4, name: 'ExCPT' };
  const LEAD: PositionRequirement = {
    positionId: 12,
    positionName: 'Lead technician',
    requiredCredentialTypes: [STATE_REG, { ...CPHT, anyOfGroup: 1 }, { ...EXCPT, anyOfGroup: 1 }],
  };

  it('lets an ExCPT holder lead when the position accepts CPhT or ExCPT', () => {
    const excpt = credential(EXCPT, '2025-06-01', '2027-05-31');
    expect(qualifiesOn([registration, excpt], LEAD, '2026-12-01')).toEqual({ qualified: true });
  });

  it('still requires the credential needed on its own alongside the alternatives', () => {
    const excpt = credential(EXCPT, '2025-06-01', '2027-05-31');
    expect(qualifiesOn([excpt], LEAD, '2026-12-01')).toMatchObject({
      qualified: false,
      reason: 'holds no State registration',
    });
  });

  it('names every alternative and why each fails when none counts', () => {
    const expiredCpht = credential(CPHT, '2024-01-01', '2025-12-31');
    expect(qualifiesOn([registration, expiredCpht], LEAD, '2026-12-01')).toEqual({
      qualified: false,
      reason: 'needs CPhT or ExCPT: CPhT expired on 2025-12-31, holds no ExCPT',
      missing: [
        {
          credentialTypeId: CPHT.id,
          credentialTypeName: 'CPhT or ExCPT',
          reason: 'needs CPhT or ExCPT: CPhT expired on 2025-12-31, holds no ExCPT',
        },
      ],
    });
  });

  it('needs one alternative valid on every day of a night shift', () => {
    const cphtToDec1 = credential(CPHT, '2024-12-02', '2026-12-01');
    const excptFromDec2 = credential(EXCPT, '2026-12-02', '2028-12-01');
    // Switching from one to the other in the middle of a night shift does not count.
    const q = qualifiesForShift([registration, cphtToDec1, excptFromDec2], LEAD, [
      '2026-12-01',
      '2026-12-02',
    ]);
    expect(q).toMatchObject({
      qualified: false,
      reason: 'needs CPhT or ExCPT: CPhT expired on 2026-12-01, ExCPT is not valid until 2026-12-02',
    });
  });
});

describe('site-state licences (issue 15)', () => {
  const RPH = { id: 5, name: 'Pharmacist license' };
  const PHARMACIST_NY: PositionRequirement = {
    positionId: 13,
    positionName: 'Pharmacist',
    requiredCredentialTypes: [{ ...RPH, siteStateOnly: true }],
    siteState: 'NY',
  };
  const licence = (state: string) => ({
    ...credential(RPH, '2025-01-01', '2026-12-31'),
    issuingState: state,
  });

  it('accepts only a licence issued by the site’s state', () => {
    expect(qualifiesOn([licence('NY')], PHARMACIST_NY, '2026-12-01')).toEqual({ qualified: true });
    expect(qualifiesOn([licence('NJ')], PHARMACIST_NY, '2026-12-01')).toMatchObject({
      qualified: false,
      reason: 'holds no Pharmacist license issued in NY (only NJ)',
    });
  });

  it('accepts any state’s licence where the requirement is not limited to the site’s state', () => {
    const anyState = { ...PHARMACIST_NY, requiredCredentialTypes: [RPH] };
    expect(qualifiesOn([licence('NJ')], anyState, '2026-12-01')).toEqual({ qualified: true });
  });

  it('explains an expired licence of the right state as expired', () => {
    expect(qualifiesOn([licence('NJ'), licence('NY')], PHARMACIST_NY, '2027-01-01')).toMatchObject({
      qualified: false,
      reason: 'Pharmacist license expired on 2026-12-31',
    });
  });
});

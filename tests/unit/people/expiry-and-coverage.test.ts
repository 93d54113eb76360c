import { describe, expect, it } from 'vitest';
import { findConflictingWindow } from '../../../server/availability/availability-rules';
import { buildExpiryReport } from '../../../server/credentials/expiry-report.service';
import { buildCoverageGrid } from '../../../server/shifts/shift-templates.service';
import { mondayOf } from '../../../server/lib/time';

const TODAY = '2026-11-25';
const REG = { id: 1, name: 'State registration' };
const CSPT = { id: 2, name: 'CSPT' };
const IV = {
  id: 10,
  name: 'IV technician',
  sortOrder: 40,
  requiredCredentials: [{ credentialType: REG }, { credentialType: CSPT }],
};
const TECH = { id: 11, name: 'Technician', sortOrder: 30, requiredCredentials: [{ credentialType: REG }] };

function person(
  id: number,
  credentials: {
    id: number;
    type: { id: number; name: string };
    issuedOn: string;
    expiresOn: string | null;
  }[],
) {
  return {
    id,
    firstName: `P${id}`,
    lastName: 'Test',
    positions: [{ position: IV }, { position: TECH }],
    credentials: credentials.map((c) => ({
      id: c.id,
      number: `N${c.id}`,
      issuedOn: c.issuedOn,
      expiresOn: c.expiresOn,
      issuingState: null,
      credentialType: c.type,
    })),
  };
}

describe('buildExpiryReport', () => {
  const staff = [
    person(1, [
      { id: 1, type: REG, issuedOn: '2025-01-01', expiresOn: '2027-12-31' },
      { id: 2, type: CSPT, issuedOn: '2024-11-01', expiresOn: '2026-11-20' },
    ]),
    person(2, [
      { id: 3, type: REG, issuedOn: '2025-01-01', expiresOn: '2026-12-10' },
      { id: 4, type: CSPT, issuedOn: '2025-01-01', expiresOn: '2027-12-31' },
    ]),
    person(3, [
      { id: 5, type: REG, issuedOn: '2025-01-01', expiresOn: null },
      { id: 6, type: CSPT, issuedOn: '2024-12-01', expiresOn: '2026-12-05' },
      { id: 7, type: CSPT, issuedOn: '2026-12-06', expiresOn: '2028-12-05' },
    ]),
  ];

  it('lists a lapsed credential with the positions it cost', () => {
    const r = buildExpiryReport(staff, TODAY, 90, 'NY');
    expect(r.expired).toEqual([
      expect.objectContaining({ credentialId: 2, daysLeft: -5, positionsLost: ['IV technician'] }),
    ]);
  });

  it('lists a credential about to lapse with every position that needs it', () => {
    const r = buildExpiryReport(staff, TODAY, 30, 'NY');
    expect(r.expiring).toEqual([
      expect.objectContaining({
        credentialId: 3,
        expiresOn: '2026-12-10',
        daysLeft: 15,
        positionsLost: ['Technician', 'IV technician'],
      }),
    ]);
  });

  it('leaves out a credential whose renewal is already on file', () => {
    const ids = buildExpiryReport(staff, TODAY, 90, 'NY').expiring.map((i) => i.credentialId);
    expect(ids).not.toContain(6);
  });

  it('counts the 30/60/90-day windows', () => {
    expect(buildExpiryReport(staff, TODAY, 30, 'NY').counts).toEqual({
      expired: 1,
      within30: 1,
      within60: 1,
      within90: 1,
    });
    expect(buildExpiryReport(staff, '2027-10-15', 60, 'NY').counts).toEqual({
      expired: 2,
      within30: 0,
      within60: 0,
      within90: 2,
    });
  });
});

describe('buildCoverageGrid', () => {
  const positions = [
    { id: 1, name: 'Pharmacist', color: '#000' },
    { id: 2, name: 'Technician', color: '#111' },
    { id: 3, name: 'Nuclear', color: '#222' },
  ];
  const templates = [
    {
      id: 1,
      name: 'Day',
      weekdays: '1,2,3,4,5',
      startMinute: 420,
      endMinute: 930,
      coverage: [
        { positionId: 1, min: 1, max: 1 },
        { positionId: 2, min: 2, max: 3 },
      ],
    },
    {
      id: 2,
      name: 'Night',
      weekdays: '5,6',
      startMinute: 1350,
      endMinute: 420,
      coverage: [{ positionId: 2, min: 1, max: null }],
    },
  ];

  it('sums each day by position, counting a night shift on the day it starts', () => {
    const g = buildCoverageGrid(templates, positions, '2026-11-30');
    expect(g.days[0]).toBe('2026-11-30');
    expect(g.rows.map((r) => r.positionName)).toEqual(['Pharmacist', 'Technician']);
    const tech = g.rows[1]!.cells;
    expect(tech.map((c) => c.min)).toEqual([2, 2, 2, 2, 3, 1, 0]);
    expect(tech[0]).toEqual({ min: 2, max: 3 });
    expect(tech[4]).toEqual({ min: 3, max: null });
    expect(g.totals).toEqual([3, 3, 3, 3, 4, 1, 0]);
    expect(g.shifts[1]!.runs).toEqual([false, false, false, false, true, true, false]);
  });

  it('finds the Monday of any date, also across a DST change', () => {
    expect(mondayOf('2026-12-02')).toBe('2026-11-30');
    expect(mondayOf('2026-11-30')).toBe('2026-11-30');
    expect(mondayOf('2026-03-08')).toBe('2026-03-02');
    expect(mondayOf('2026-11-01')).toBe('2026-10-26');
  });
});

describe('findConflictingWindow', () => {
  const existing = [{ startMinute: 420, endMinute: 900, kind: 'AVAILABLE' as const }];
  it('finds a window of another kind that overlaps', () => {
    expect(findConflictingWindow(existing, { startMinute: 840, endMinute: 1080, kind: 'UNAVAILABLE' })).toBe(
      existing[0],
    );
  });
  it('allows touching windows and same-kind overlaps', () => {
    expect(
      findConflictingWindow(existing, { startMinute: 900, endMinute: 1080, kind: 'UNAVAILABLE' }),
    ).toBeUndefined();
    expect(
      findConflictingWindow(existing, { startMinute: 800, endMinute: 1000, kind: 'AVAILABLE' }),
    ).toBeUndefined();
  });
});

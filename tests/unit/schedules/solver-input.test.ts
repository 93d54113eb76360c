import { describe, expect, it } from 'vitest';
import { buildSolverInput } from '../../../server/scheduling/solver-input.service';
import { nextWeekStart } from '../../../server/scheduling/week-time';
import {
  shiftKey,
  staffKey,
  type PositionFact,
  type SiteRulesFact,
  type SiteWeekFacts,
  type StaffFact,
  type TemplateFact,
} from '../../../server/scheduling/week-facts';
import { mondayOf } from '../../../server/lib/time';

const NEW_YORK = 'America/New_York';
const CSPT = { id: 6, name: 'CSPT' };

const SITE: SiteRulesFact = {
  id: 1,
  name: 'Test pharmacy',
  timeZone: NEW_YORK,
  usState: 'NY',
  setting: 'COMMUNITY',
  minRestMinutes: 600,
  maxConsecutiveDays: 6,
  techRatio: 4,
  overtimeThresholdMinutes: 2400,
  weightCoverageGap: 1000,
  weightUnderMinHours: 20,
  weightTargetDeviation: 2,
  weightUndesiredShift: 10,
  weightNonPreferredShift: 1,
  weightWeekendFairness: 5,
  weightLabourCost: 1,
  weightStability: 50,
  noticeWindowDays: 14,
  weightNoticeChange: 200,
};

const PHARMACIST: PositionFact = {
  id: 1,
  code: 'PHARMACIST',
  name: 'Pharmacist',
  ratioClass: 'PHARMACIST',
  color: '#1d4ed8',
  sortOrder: 1,
  requiredCredentialTypes: [],
};
const IV_TECH: PositionFact = {
  id: 4,
  code: 'IV_TECH',
  name: 'IV technician',
  ratioClass: 'TECHNICIAN',
  color: '#0f766e',
  sortOrder: 4,
  requiredCredentialTypes: [CSPT],
};

const DAY_SHIFT: TemplateFact = {
  id: 10,
  name: 'IV room day',
  shiftType: 'IV',
  weekdays: '1,2,3,4,5,6,7',
  startMinute: 7 * 60,
  endMinute: 15 * 60 + 30,
  breakMinutes: 30,
  coverage: [{ positionId: IV_TECH.id, min: 1, max: 2 }],
};
const OVERNIGHT: TemplateFact = {
  id: 11,
  name: 'Overnight pharmacist',
  shiftType: 'NIGHT',
  weekdays: '1,2,3,4,5,6,7',
  startMinute: 23 * 60,
  endMinute: 7 * 60 + 30,
  breakMinutes: 30,
  coverage: [{ positionId: PHARMACIST.id, min: 1, max: null }],
};

function ivTech(overrides: Partial<StaffFact> = {}): StaffFact {
  return {
    id: 7,
    firstName: 'Ben',
    lastName: 'Carter',
    hourlyRateCents: 2850,
    minWeeklyMinutes: 1200,
    targetWeeklyMinutes: 2400,
    maxWeeklyMinutes: 2550,
    positionIds: [IV_TECH.id],
    credentials: [
      { credentialTypeId: CSPT.id, credentialTypeName: 'CSPT', issuedOn: '2024-01-01', expiresOn: null },
    ],
    availability: { active: true, rules: [], exceptions: [], approvedTimeOff: [] },
    ...overrides,
  };
}

function facts(overrides: Partial<SiteWeekFacts> = {}): SiteWeekFacts {
  return {
    site: SITE,
    periodStart: '2026-11-30',
    templates: [DAY_SHIFT, OVERNIGHT],
    positions: [PHARMACIST, IV_TECH],
    staff: [ivTech()],
    locked: [],
    previous: [],
    ...overrides,
  };
}

describe('week and shift instances', () => {
  it('finds the Monday of a week and plans next week by default', () => {
    expect(mondayOf('2026-12-03')).toBe('2026-11-30');
    expect(mondayOf('2026-11-30')).toBe('2026-11-30');
    expect(mondayOf('2026-12-06')).toBe('2026-11-30');
    // Wednesday 25 Nov 2026, 23:30 in New York is already Thursday in UTC; still the same week there.
    expect(nextWeekStart(NEW_YORK, new Date('2026-11-26T04:30:00Z'))).toBe('2026-11-30');
  });

  it('makes one shift per template and weekday, overnight ones ending the next morning', () => {
    const { input, shifts } = buildSolverInput(facts());
    expect(input.shifts).toHaveLength(14);
    const monNight = input.shifts.find((s) => s.id === shiftKey(OVERNIGHT.id, '2026-11-30'));
    expect(monNight).toMatchObject({ day: 0, start: 23 * 60, end: 1440 + 7 * 60 + 30, type: 'NIGHT' });
    expect(monNight?.label).toBe('Mon 23:00–07:30 Overnight pharmacist');
    expect(shifts.map((s) => s.start)).toEqual([...shifts.map((s) => s.start)].sort((a, b) => a - b));
  });

  it('skips weekdays a template does not run on', () => {
    const weekdaysOnly = { ...DAY_SHIFT, weekdays: '1,2,3,4,5' };
    const { input } = buildSolverInput(facts({ templates: [weekdaysOnly] }));
    expect(input.shifts.map((s) => s.day)).toEqual([0, 1, 2, 3, 4]);
  });

  it('counts real minutes across the spring-forward night (2027-03-14, New York)', () => {
    const { input } = buildSolverInput(facts({ periodStart: '2027-03-08' }));
    const satNight = input.shifts.find((s) => s.id === shiftKey(OVERNIGHT.id, '2027-03-13'));
    const sunDay = input.shifts.find((s) => s.id === shiftKey(DAY_SHIFT.id, '2027-03-14'));
    const sunNight = input.shifts.find((s) => s.id === shiftKey(OVERNIGHT.id, '2027-03-14'));
    // Saturday 23:00 is before the change; Sunday 07:30 comes one hour early on the real clock.
    expect(satNight).toMatchObject({ start: 5 * 1440 + 23 * 60, end: 6 * 1440 + 6 * 60 + 30 });
    expect((satNight?.end ?? 0) - (satNight?.start ?? 0)).toBe(7.5 * 60);
    expect(sunDay).toMatchObject({ start: 6 * 1440 + 6 * 60, end: 6 * 1440 + 14 * 60 + 30 });
    expect((sunNight?.end ?? 0) - (sunNight?.start ?? 0)).toBe(8.5 * 60);
    // The unpaid break travels with every shift, so hours count 7 h and 8 h paid.
    expect(satNight?.breakMinutes).toBe(30);
    expect(sunNight?.breakMinutes).toBe(30);
  });

  it('places each shift’s meal break at the template’s time, else in the middle, on the real clock', () => {
    const atOne = { ...DAY_SHIFT, breakStartMinute: 13 * 60 };
    const { input } = buildSolverInput(facts({ periodStart: '2027-03-08', templates: [atOne, OVERNIGHT] }));
    const mon = input.shifts.find((s) => s.id === shiftKey(DAY_SHIFT.id, '2027-03-08'));
    expect(mon).toMatchObject({ breakMinutes: 30, breakStart: 13 * 60 });
    // No time set: 23:00–07:30 with 30 minutes is centred at 03:00, the next morning.
    const monNight = input.shifts.find((s) => s.id === shiftKey(OVERNIGHT.id, '2027-03-08'));
    expect(monNight?.breakStart).toBe(1440 + 3 * 60);
    // Across the spring-forward night 03:00 is only three real hours after 23:00.
    const satNight = input.shifts.find((s) => s.id === shiftKey(OVERNIGHT.id, '2027-03-13'));
    expect(satNight?.breakStart).toBe(6 * 1440 + 2 * 60);
    const noBreak = { ...DAY_SHIFT, breakMinutes: 0, breakStartMinute: null };
    const plain = buildSolverInput(facts({ templates: [noBreak] })).input.shifts[0];
    expect(plain && 'breakStart' in plain).toBe(false);
  });

  it('counts real minutes across the fall-back night (2026-11-01, New York)', () => {
    const { input } = buildSolverInput(facts({ periodStart: '2026-10-26' }));
    const satNight = input.shifts.find((s) => s.id === shiftKey(OVERNIGHT.id, '2026-10-31'));
    const sunDay = input.shifts.find((s) => s.id === shiftKey(DAY_SHIFT.id, '2026-11-01'));
    expect(satNight).toMatchObject({ start: 5 * 1440 + 23 * 60, end: 6 * 1440 + 8 * 60 + 30 });
    expect((satNight?.end ?? 0) - (satNight?.start ?? 0)).toBe(9.5 * 60);
    expect(sunDay).toMatchObject({ start: 6 * 1440 + 8 * 60, end: 6 * 1440 + 16 * 60 + 30 });
  });
});

describe('demands, rules and weights', () => {
  it('turns coverage requirements into demands with their caps', () => {
    const { input } = buildSolverInput(facts());
    expect(input.demands).toContainEqual({
      shift: shiftKey(DAY_SHIFT.id, '2026-11-30'),
      position: 'IV_TECH',
      min: 1,
      max: 2,
    });
    expect(input.demands).toContainEqual({
      shift: shiftKey(OVERNIGHT.id, '2026-11-30'),
      position: 'PHARMACIST',
      min: 1,
    });
    expect(input.positions).toEqual([
      { id: 'PHARMACIST', name: 'Pharmacist', ratioRole: 'pharmacist' },
      { id: 'IV_TECH', name: 'IV technician', ratioRole: 'technician' },
    ]);
  });

  it('passes the site rules and weights', () => {
    const { input } = buildSolverInput(facts());
    expect(input.rules).toEqual({
      minRestMinutes: 600,
      maxConsecutiveDays: 6,
      technicianRatio: 4,
      // New York has no rule pack (public summaries disagree): the site's own ratio applies alone.
      ratioPack: null,
      overtimeMinutesPerWeek: 2400,
    });
    expect(input.weights).toMatchObject({
      underCover: 1000,
      change: 50,
      laborCost: 0.01,
      underMinMinutes: 20,
      fairness: SITE.weightWeekendFairness,
    });
  });

  it('counts the days worked in a row before the week from the published weeks before', () => {
    const BEN = 7;
    const CY = 8;
    const cy = ivTech({ id: CY, firstName: 'Cy' });
    // Ben: Thu 26 to Sun 29 Nov (4 days) after a day off on Wed 25; Cy: only Sat 28, off on Sunday.
    const before = [
      { staffId: BEN, shiftDate: '2026-11-24' },
      { staffId: BEN, shiftDate: '2026-11-26' },
      { staffId: BEN, shiftDate: '2026-11-27' },
      { staffId: BEN, shiftDate: '2026-11-28' },
      { staffId: BEN, shiftDate: '2026-11-29' },
      { staffId: CY, shiftDate: '2026-11-28' },
    ];
    const { input } = buildSolverInput(facts({ staff: [ivTech(), cy], before }));
    expect(input.staff.map((p) => [p.id, p.workedDaysBefore])).toEqual([
      [staffKey(BEN), 4],
      [staffKey(CY), undefined],
    ]);
  });

  it('passes weekly hours and the hourly cost in dollars', () => {
    const [person] = buildSolverInput(facts()).input.staff;
    expect(person).toMatchObject({
      id: staffKey(7),
      name: 'Ben Carter',
      positions: ['IV_TECH'],
      minMinutesPerWeek: 1200,
      targetMinutes: 2400,
      maxMinutesPerWeek: 2550,
      hourlyCost: 28.5,
      overtimeMinutesPerWeek: 2400,
    });
  });

  it('maps locked and previous assignments to solver ids and drops ones outside the week', () => {
    const mon = { shiftDate: '2026-11-30', templateId: DAY_SHIFT.id, staffId: 7, positionId: IV_TECH.id };
    const outside = { ...mon, shiftDate: '2026-12-07' };
    const { input } = buildSolverInput(facts({ locked: [mon, outside], previous: [mon] }));
    const expected = { staff: 's7', shift: shiftKey(DAY_SHIFT.id, '2026-11-30'), position: 'IV_TECH' };
    expect(input.locked).toEqual([expected]);
    expect(input.previous).toEqual([expected]);
  });
});

describe('qualification per shift', () => {
  it('puts interns on the ratio’s intern side and inventory staff outside it', () => {
    const intern: PositionFact = {
      ...PHARMACIST,
      id: 20,
      code: 'PHARMACY_INTERN',
      name: 'Pharmacist intern',
      ratioClass: 'INTERN',
    };
    const inventory: PositionFact = {
      ...PHARMACIST,
      id: 21,
      code: 'INVENTORY_SPECIALIST',
      name: 'Inventory specialist',
      ratioClass: 'NONE',
    };
    const { input } = buildSolverInput(facts({ positions: [PHARMACIST, IV_TECH, intern, inventory] }));
    expect(input.positions).toContainEqual({
      id: 'PHARMACY_INTERN',
      name: 'Pharmacist intern',
      ratioRole: 'intern',
    });
    expect(input.positions).toContainEqual({ id: 'INVENTORY_SPECIALIST', name: 'Inventory specialist' });
  });

  it('chooses the ratio pack by state and setting', () => {
    const rulesOf = (site: Partial<SiteRulesFact>) =>
      buildSolverInput(facts({ site: { ...SITE, ...site } })).input.rules;
    expect(rulesOf({ usState: 'MN' })?.ratioPack).toMatchObject({
      name: 'Minnesota',
      shape: { kind: 'certified', technicians: 3, withCertified: 4 },
    });
    expect(rulesOf({ usState: 'CA' })?.ratioPack?.shape).toEqual({
      kind: 'first-and-each',
      first: 1,
      each: 2,
    });
    expect(rulesOf({ usState: 'CA', setting: 'HOSPITAL' })?.ratioPack?.shape).toEqual({
      kind: 'per-pharmacist',
      technicians: 2,
    });
  });

  it('marks a technician certified for the ratio on the shifts their CPhT is valid on, both days of a night', () => {
    const cpht = ivTech({
      credentials: [
        {
          credentialTypeId: 9,
          credentialTypeName: 'CPhT',
          credentialTypeCode: 'CPHT',
          issuedOn: '2024-01-01',
          expiresOn: '2026-12-02',
        },
      ],
    });
    const [person] = buildSolverInput(facts({ staff: [cpht] })).input.staff;
    const certified = person?.certifiedByShift ?? {};
    expect(certified[shiftKey(DAY_SHIFT.id, '2026-12-02')]).toBe(true);
    expect(certified[shiftKey(DAY_SHIFT.id, '2026-12-03')]).toBeUndefined();
    expect(certified[shiftKey(OVERNIGHT.id, '2026-12-01')]).toBe(true);
    expect(certified[shiftKey(OVERNIGHT.id, '2026-12-02')]).toBeUndefined();
    const [other] = buildSolverInput(facts()).input.staff;
    expect(other?.certifiedByShift).toBeUndefined();
  });

  it('stops counting a credential after the day it expires, mid-week, with the reason kept', () => {
    const expiring = ivTech({
      credentials: [
        {
          credentialTypeId: CSPT.id,
          credentialTypeName: 'CSPT',
          issuedOn: '2024-01-01',
          expiresOn: '2026-12-02',
        },
      ],
    });
    const [person] = buildSolverInput(facts({ staff: [expiring] })).input.staff;
    const q = person?.qualifiedByShift ?? {};
    expect(q[shiftKey(DAY_SHIFT.id, '2026-12-01')]).toBeUndefined();
    expect(q[shiftKey(DAY_SHIFT.id, '2026-12-02')]).toBeUndefined();
    expect(q[shiftKey(DAY_SHIFT.id, '2026-12-03')]).toEqual([]);
    expect(person?.unqualifiedReasons).toContainEqual({
      shift: shiftKey(DAY_SHIFT.id, '2026-12-03'),
      position: 'IV_TECH',
      reason: 'CSPT expired on 2026-12-02',
    });
  });

  it('requires the credential on both days of an overnight shift', () => {
    const pharmacist: StaffFact = {
      ...ivTech({ id: 8, firstName: 'Ada', lastName: 'Night' }),
      positionIds: [PHARMACIST.id],
      credentials: [
        {
          credentialTypeId: 1,
          credentialTypeName: 'RPh license',
          issuedOn: '2020-01-01',
          expiresOn: '2026-12-02',
        },
      ],
    };
    const rph = { ...PHARMACIST, requiredCredentialTypes: [{ id: 1, name: 'RPh license' }] };
    const [person] = buildSolverInput(facts({ staff: [pharmacist], positions: [rph, IV_TECH] })).input.staff;
    const q = person?.qualifiedByShift ?? {};
    expect(q[shiftKey(OVERNIGHT.id, '2026-12-01')]).toBeUndefined();
    // Wednesday night ends on Thursday, the day after the licence expired.
    expect(q[shiftKey(OVERNIGHT.id, '2026-12-02')]).toEqual([]);
  });
});

describe('availability per shift', () => {
  it('marks approved time off unavailable, with the reason', () => {
    const away = ivTech({
      availability: {
        active: true,
        rules: [],
        exceptions: [],
        approvedTimeOff: [{ startDate: '2026-12-02', endDate: '2026-12-03', reason: 'Family wedding' }],
      },
    });
    const [person] = buildSolverInput(facts({ staff: [away] })).input.staff;
    const a = person?.availability ?? {};
    expect(a[shiftKey(DAY_SHIFT.id, '2026-12-01')]).toBeUndefined();
    expect(a[shiftKey(DAY_SHIFT.id, '2026-12-02')]).toEqual({
      status: 'unavailable',
      reason: 'approved time off 2026-12-02 – 2026-12-03: Family wedding',
    });
    // Tuesday night runs into Wednesday, the first day off.
    expect(a[shiftKey(OVERNIGHT.id, '2026-12-01')]?.status).toBe('unavailable');
    expect(a[shiftKey(DAY_SHIFT.id, '2026-12-04')]).toBeUndefined();
  });

  it('marks preferred shifts, and penalises the others for someone with preferences', () => {
    const morningPerson = ivTech({
      availability: {
        active: true,
        rules: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
          { weekday, startMinute: 6 * 60, endMinute: 16 * 60, kind: 'PREFERRED' as const },
          { weekday, startMinute: 0, endMinute: 6 * 60, kind: 'AVAILABLE' as const },
          { weekday, startMinute: 16 * 60, endMinute: 1440, kind: 'AVAILABLE' as const },
        ]),
        exceptions: [],
        approvedTimeOff: [],
      },
    });
    const [person] = buildSolverInput(facts({ staff: [morningPerson] })).input.staff;
    const a = person?.availability ?? {};
    expect(a[shiftKey(DAY_SHIFT.id, '2026-11-30')]?.status).toBe('preferred');
    expect(a[shiftKey(OVERNIGHT.id, '2026-11-30')]).toMatchObject({ status: 'undesired', weight: 1 });
  });

  it('applies a dated unavailable exception to that shift only', () => {
    const sick = ivTech({
      availability: {
        active: true,
        rules: [],
        exceptions: [
          {
            date: '2026-12-01',
            startMinute: 420,
            endMinute: 930,
            kind: 'UNAVAILABLE',
            note: 'called out sick',
          },
        ],
        approvedTimeOff: [],
      },
    });
    const [person] = buildSolverInput(facts({ staff: [sick] })).input.staff;
    const a = person?.availability ?? {};
    expect(a[shiftKey(DAY_SHIFT.id, '2026-12-01')]?.status).toBe('unavailable');
    expect(a[shiftKey(DAY_SHIFT.id, '2026-12-01')]?.reason).toContain('called out sick');
    expect(a[shiftKey(OVERNIGHT.id, '2026-12-01')]).toBeUndefined();
  });
});

describe('the boundary with the week before', () => {
  const EVENING: TemplateFact = {
    id: 12,
    name: 'Evening',
    shiftType: 'EVENING',
    weekdays: '1,2,3,4,5,6,7',
    startMinute: 17 * 60,
    endMinute: 23 * 60,
    breakMinutes: 0,
    coverage: [{ positionId: PHARMACIST.id, min: 1, max: null }],
  };
  const pharmacist = ivTech({ id: 9, firstName: 'Nia', lastName: 'Night', positionIds: [PHARMACIST.id] });
  const sundayNight = {
    staffId: 9,
    shiftDate: '2026-11-29',
    templateName: 'Overnight pharmacist',
    startMinute: 23 * 60,
    endMinute: 7 * 60 + 30,
  };

  it('keeps Monday shifts that overlap or follow too soon after a Sunday night shift of the week before', () => {
    const { input } = buildSolverInput(
      facts({ templates: [DAY_SHIFT, EVENING, OVERNIGHT], staff: [pharmacist], outside: [sundayNight] }),
    );
    const a = input.staff[0]?.availability ?? {};
    expect(a[shiftKey(DAY_SHIFT.id, '2026-11-30')]).toEqual({
      status: 'unavailable',
      reason: 'works Sun 23:00–07:30 Overnight pharmacist of the week before, which overlaps',
    });
    expect(a[shiftKey(EVENING.id, '2026-11-30')]).toEqual({
      status: 'unavailable',
      reason:
        'rest after Sun 23:00–07:30 Overnight pharmacist of the week before would be 9.5 h, the site requires 10 h',
    });
    expect(a[shiftKey(OVERNIGHT.id, '2026-11-30')]).toBeUndefined();
    expect(a[shiftKey(DAY_SHIFT.id, '2026-12-01')]).toBeUndefined();
  });

  it('keeps Sunday shifts that end too soon before a published Monday shift of the week after', () => {
    const mondayAfter = {
      ...sundayNight,
      shiftDate: '2026-12-07',
      templateName: 'Weekday day',
      startMinute: 7 * 60,
      endMinute: 15 * 60 + 30,
    };
    const { input } = buildSolverInput(
      facts({ templates: [DAY_SHIFT, EVENING, OVERNIGHT], staff: [pharmacist], outside: [mondayAfter] }),
    );
    const a = input.staff[0]?.availability ?? {};
    expect(a[shiftKey(OVERNIGHT.id, '2026-12-06')]).toEqual({
      status: 'unavailable',
      reason: 'works Mon 07:00–15:30 Weekday day of the week after, which overlaps',
    });
    expect(a[shiftKey(EVENING.id, '2026-12-06')]).toEqual({
      status: 'unavailable',
      reason:
        'rest before Mon 07:00–15:30 Weekday day of the week after would be 8 h, the site requires 10 h',
    });
    expect(a[shiftKey(DAY_SHIFT.id, '2026-12-06')]).toBeUndefined();
  });

  it('lets exactly the minimum rest through', () => {
    const lateEvening = { ...EVENING, startMinute: 17 * 60 + 30 };
    const { input } = buildSolverInput(
      facts({ templates: [lateEvening], staff: [pharmacist], outside: [sundayNight] }),
    );
    expect(input.staff[0]?.availability?.[shiftKey(EVENING.id, '2026-11-30')]).toBeUndefined();
  });
});

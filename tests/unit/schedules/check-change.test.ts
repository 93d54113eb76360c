import { describe, expect, it } from 'vitest';
import { checkChange } from '../../../server/scheduling/schedule-edits.service';
import { buildSolverInput } from '../../../server/scheduling/solver-input.service';
import {
  shiftKey,
  type PositionFact,
  type SiteRulesFact,
  type StaffFact,
  type TemplateFact,
} from '../../../server/scheduling/week-facts';

const SITE: SiteRulesFact = {
  id: 1,
  name: 'Test pharmacy',
  timeZone: 'America/New_York',
  usState: 'NY',
  setting: 'COMMUNITY',
  minRestMinutes: 600,
  maxConsecutiveDays: 6,
  techRatio: null,
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
const TECH: PositionFact = {
  id: 2,
  code: 'TECHNICIAN',
  name: 'Pharmacy technician',
  ratioClass: 'NONE',
  color: '#15803d',
  sortOrder: 2,
  requiredCredentialTypes: [],
};
const DAY: TemplateFact = {
  id: 1,
  name: 'Day',
  shiftType: 'DAY',
  weekdays: '1,2,3,4,5,6,7',
  startMinute: 7 * 60,
  endMinute: 17 * 60,
  breakMinutes: 0,
  coverage: [{ positionId: TECH.id, min: 1, max: null }],
};
const MONDAY = '2026-11-30';
const dates = [
  '2026-11-30',
  '2026-12-01',
  '2026-12-02',
  '2026-12-03',
  '2026-12-04',
  '2026-12-05',
  '2026-12-06',
];

function person(id: number, overrides: Partial<StaffFact> = {}): StaffFact {
  return {
    id,
    firstName: `P${id}`,
    lastName: 'Test',
    hourlyRateCents: 2000,
    minWeeklyMinutes: 0,
    targetWeeklyMinutes: 2400,
    maxWeeklyMinutes: 3600,
    positionIds: [TECH.id],
    credentials: [],
    availability: { active: true, rules: [], exceptions: [], approvedTimeOff: [] },
    ...overrides,
  };
}

const ctx = buildSolverInput({
  site: SITE,
  periodStart: MONDAY,
  templates: [DAY],
  positions: [TECH],
  staff: [
    person(1),
    person(2, {
      availability: {
        active: true,
        rules: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
          { weekday, startMinute: 0, endMinute: 12 * 60, kind: 'AVAILABLE' as const },
          { weekday, startMinute: 12 * 60, endMinute: 1440, kind: 'PREFERRED' as const },
        ]),
        exceptions: [],
        approvedTimeOff: [],
      },
    }),
  ],
  locked: [],
  previous: [],
});
const day = (date: string, staff = 's1') => ({
  staff,
  shift: shiftKey(DAY.id, date),
  position: 'TECHNICIAN',
});
const fact = (date: string, staffId = 1) => ({
  shiftDate: date,
  templateId: DAY.id,
  staffId,
  positionId: TECH.id,
});

describe('checking an edit', () => {
  it('flags overtime as soft once the week passes 40 h', () => {
    const four = dates.slice(0, 4).map((d) => day(d));
    const result = checkChange(ctx, four, [...four, day(dates[4]!)], fact(dates[4]!));
    expect(result.hard).toEqual([]);
    expect(result.soft).toContain('P1 Test would work 50 h, 10 h of it overtime.');
  });

  it('counts paid hours: five 10-hour days with a 60-minute unpaid break are 45 h, 5 h of it overtime', () => {
    const withBreak = buildSolverInput({
      site: SITE,
      periodStart: MONDAY,
      templates: [{ ...DAY, breakMinutes: 60 }],
      positions: [TECH],
      staff: [person(1)],
      locked: [],
      previous: [],
    });
    const four = dates.slice(0, 4).map((d) => day(d));
    const result = checkChange(withBreak, four, [...four, day(dates[4]!)], fact(dates[4]!));
    expect(result.soft).toContain('P1 Test would work 45 h, 5 h of it overtime.');
  });

  it('flags a new coverage gap as soft', () => {
    const result = checkChange(ctx, [day(MONDAY)], [], null);
    expect(result.soft).toEqual([
      'Mon 07:00–17:00 Day would have 0 of 1 Pharmacy technician (a coverage gap).',
    ]);
  });

  it('flags a shift outside the person’s preferred hours as soft', () => {
    const result = checkChange(ctx, [], [day(MONDAY, 's2')], fact(MONDAY, 2));
    expect(result.soft).toContain('P2 Test would work a shift outside their preferred hours.');
  });

  it('names every hard rule the edit breaks', () => {
    const sixDays = dates.slice(0, 6).map((d) => day(d));
    const result = checkChange(ctx, sixDays, [...sixDays, day(dates[6]!)], fact(dates[6]!));
    expect(result.hard).toHaveLength(2);
    expect(result.hard.join(' ')).toMatch(/works 7 days in a row .*at most 6 allowed/);
    expect(result.hard.join(' ')).toMatch(/70 h .*maximum 60 h/);
  });

  it('does not blame an edit for a rule the schedule already broke', () => {
    const sevenDays = dates.map((d) => day(d));
    const withOther = [...sevenDays, day(MONDAY, 's2')];
    const result = checkChange(ctx, sevenDays, withOther, fact(MONDAY, 2));
    expect(result.hard).toEqual([]);
  });
});

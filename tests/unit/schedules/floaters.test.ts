// The pure pieces of floaters across stores: the clock between two zones, a floater's shifts at
// other sites in a site's input, the double-booking check, and the merge of a district's inputs.
import { describe, expect, it } from 'vitest';
import { verifySchedule } from '../../../solver';
import { statePack } from '../../../solver/core/ratio-packs';
import type { ScheduleInput } from '../../../solver/core/types';
import { mergeDistrictInputs } from '../../../server/scheduling/district-input';
import {
  addShiftsElsewhere,
  buildShiftsElsewhere,
  findDoubleBookings,
} from '../../../server/scheduling/elsewhere-shifts';
import { zoneOffsetMinutes } from '../../../server/scheduling/week-time';
import type { ElsewhereShiftFact, SolverInputContext } from '../../../server/scheduling/week-facts';

const MONDAY = '2026-12-07';
const TUESDAY = '2026-12-08';
const RPH = 'PHARMACIST';
const CODES = new Map([[1, RPH]]);

/** Marcus works Tuesday 08:00–16:30 at a Chicago store. */
const AT_CHICAGO: ElsewhereShiftFact = {
  shiftDate: TUESDAY,
  templateId: 77,
  staffId: 5,
  positionId: 1,
  siteId: 3,
  siteName: 'Rochester',
  timeZone: 'America/Chicago',
  templateName: 'Store day',
  shiftType: 'DAY',
  startMinute: 8 * 60,
  endMinute: 16 * 60 + 30,
  breakMinutes: 30,
};

/** A one-site input on New York's clock: Tuesday 07:00–15:30 and 18:00–22:00 need a pharmacist. */
function newYorkInput(): ScheduleInput {
  return {
    horizon: { startDate: MONDAY, days: 7 },
    shifts: [
      { id: 'day', day: 1, start: 1440 + 420, end: 1440 + 930, type: 'DAY', label: 'Tue 07:00–15:30 Day' },
      {
        id: 'late',
        day: 1,
        start: 1440 + 1080,
        end: 1440 + 1320,
        type: 'EVE',
        label: 'Tue 18:00–22:00 Late',
      },
    ],
    positions: [{ id: RPH, ratioRole: 'pharmacist' }],
    demands: [],
    staff: [{ id: 's5', name: 'Marcus Bell', positions: [RPH] }],
    rules: { minRestMinutes: 60 },
  };
}

describe('the clock between two zones', () => {
  it('puts Chicago midnight an hour after New York midnight, and nothing between one zone and itself', () => {
    expect(zoneOffsetMinutes('America/New_York', 'America/Chicago', MONDAY)).toBe(60);
    expect(zoneOffsetMinutes('America/Chicago', 'America/New_York', MONDAY)).toBe(-60);
    expect(zoneOffsetMinutes('America/New_York', 'America/New_York', MONDAY)).toBe(0);
  });
});

describe("a floater's shifts at other sites", () => {
  it("are frozen shifts on the site's clock, with the person locked on them and outside the ratio", () => {
    const elsewhere = buildShiftsElsewhere('America/New_York', MONDAY, [AT_CHICAGO], CODES);
    // 08:00 in Chicago is 09:00 in New York: minute 1440 + 540 of the week.
    expect(elsewhere.shifts).toEqual([
      {
        id: 't77@2026-12-08',
        day: 1,
        start: 1440 + 540,
        end: 1440 + 1050,
        breakMinutes: 30,
        type: 'DAY',
        site: 'Rochester',
        label: 'Tue 08:00–16:30 Store day at Rochester',
      },
    ]);
    const input = addShiftsElsewhere(newYorkInput(), elsewhere);
    expect(input.locked).toEqual([{ staff: 's5', shift: 't77@2026-12-08', position: RPH }]);
    expect(input.frozenShifts).toEqual(['t77@2026-12-08']);
    expect(input.rules?.technicianRatioBySite).toEqual({ Rochester: null });
    expect(input.staff[0]!.qualifiedByShift).toEqual({ 't77@2026-12-08': [RPH] });
  });

  it('make verifySchedule refuse a shift here that overlaps one there, or leaves too little rest', () => {
    const elsewhere = buildShiftsElsewhere('America/New_York', MONDAY, [AT_CHICAGO], CODES);
    const input = addShiftsElsewhere(newYorkInput(), elsewhere);
    const there = elsewhere.fixed.map((e) => e.assignment);
    // Rest and one shift a day count across sites: 17:30 New York time to 18:00 is half an hour.
    const late = verifySchedule(input, [...there, { staff: 's5', shift: 'late', position: RPH }]);
    expect(late.map((v) => v.rule)).toEqual(['MIN_REST', 'MAX_SHIFTS_PER_DAY']);
    const overlap = verifySchedule(input, [...there, { staff: 's5', shift: 'day', position: RPH }]);
    expect(overlap.map((v) => v.message)).toContain(
      'Marcus Bell works Tue 07:00–15:30 Day and Tue 08:00–16:30 Store day at Rochester, which overlap.',
    );
  });

  it('are found double-booked at save time only when the times overlap', () => {
    const elsewhere = buildShiftsElsewhere('America/New_York', MONDAY, [AT_CHICAGO], CODES);
    const [day, late] = newYorkInput().shifts;
    expect(findDoubleBookings([{ staff: 's5', name: 'Marcus Bell', shift: late! }], elsewhere)).toEqual([]);
    expect(findDoubleBookings([{ staff: 's6', name: 'Ann Lee', shift: day! }], elsewhere)).toEqual([]);
    expect(findDoubleBookings([{ staff: 's5', name: 'Marcus Bell', shift: day! }], elsewhere)).toEqual([
      'Marcus Bell would work Tue 07:00–15:30 Day and Tue 08:00–16:30 Store day at Rochester, which overlap.',
    ]);
  });
});

/** A site's input context as the district merge reads it. */
function site(id: number, name: string, timeZone: string, input: ScheduleInput): SolverInputContext {
  return {
    input,
    site: { id, name, timeZone, techRatio: 4, minRestMinutes: input.rules?.minRestMinutes ?? 600 },
    periodStart: MONDAY,
    periodEnd: '2026-12-13',
    dates: [],
    shifts: input.shifts.map((s) => ({ id: s.id })),
    staff: [],
    positions: [],
  } as unknown as SolverInputContext;
}

describe("a district's inputs merged into one", () => {
  it("keeps each site's shifts on the first site's clock, each person to their own sites, and the strictest rest", () => {
    const ny = newYorkInput();
    const mn: ScheduleInput = {
      ...newYorkInput(),
      shifts: [{ id: 'mn-day', day: 1, start: 1440 + 480, end: 1440 + 990, type: 'DAY' }],
      staff: [
        { id: 's5', name: 'Marcus Bell', positions: [RPH] },
        { id: 's9', name: 'Nils Lindqvist', positions: [RPH] },
      ],
      rules: { minRestMinutes: 720, technicianRatio: 3 },
    };
    const merged = mergeDistrictInputs([
      site(1, 'Hospital', 'America/New_York', ny),
      site(3, 'Rochester', 'America/Chicago', mn),
    ]);
    expect(merged.shifts.map((s) => [s.id, s.start, s.site])).toEqual([
      ['day', 1440 + 420, 'Hospital'],
      ['mn-day', 1440 + 540, 'Rochester'],
      ['late', 1440 + 1080, 'Hospital'],
    ]);
    // Nils works only in Rochester; Marcus, in both inputs, at both.
    const nils = merged.staff.find((p) => p.id === 's9')!;
    expect(nils.qualifiedByShift).toEqual({ day: [], late: [] });
    expect(merged.staff.find((p) => p.id === 's5')!.qualifiedByShift).toEqual({});
    expect(merged.rules?.minRestMinutes).toBe(720);
    expect(merged.rules?.technicianRatioBySite).toEqual({ Hospital: null, Rochester: 3 });
  });
});

describe("the state ratio packs beside a floater's shifts", () => {
  const TECH = 'TECHNICIAN';
  const minnesota = statePack('MN', 'community');

  it("leave a technician's shift at another site out of this site's pack", () => {
    const techAtChicago: ElsewhereShiftFact = { ...AT_CHICAGO, staffId: 6, positionId: 2 };
    const elsewhere = buildShiftsElsewhere('America/New_York', MONDAY, [techAtChicago], new Map([[2, TECH]]));
    const base = newYorkInput();
    const input = addShiftsElsewhere(
      {
        ...base,
        positions: [...base.positions, { id: TECH, ratioRole: 'technician' }],
        staff: [...base.staff, { id: 's6', name: 'Kim Tran', positions: [TECH] }],
        rules: { ...base.rules, ratioPack: minnesota },
      },
      elsewhere,
    );
    // Alone at Rochester with no pharmacist: that site's own schedule answers for its ratio, not this one.
    expect(
      verifySchedule(
        input,
        elsewhere.fixed.map((e) => e.assignment),
      ),
    ).toEqual([]);
  });

  it("keep each site's own pack in a district solve", () => {
    const ny: ScheduleInput = { ...newYorkInput(), rules: { minRestMinutes: 60, ratioPack: null } };
    const mn: ScheduleInput = {
      ...newYorkInput(),
      shifts: [{ id: 'mn-day', day: 1, start: 1440 + 480, end: 1440 + 990, type: 'DAY' }],
      rules: { minRestMinutes: 60, ratioPack: minnesota },
    };
    const merged = mergeDistrictInputs([
      site(1, 'Hospital', 'America/New_York', ny),
      site(3, 'Rochester', 'America/Chicago', mn),
    ]);
    expect(merged.rules?.ratioPackBySite).toEqual({ Hospital: null, Rochester: minnesota });
    expect(merged.rules?.ratioPack).toBeUndefined();
  });
});

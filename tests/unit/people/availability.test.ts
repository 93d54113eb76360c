import { describe, expect, it } from 'vitest';
import {
  resolveAvailability,
  type AvailabilityExceptionFact,
  type AvailabilityInput,
  type AvailabilityRuleFact,
} from '../../../server/availability/availability.service';
import { shiftDates } from '../../../server/availability/availability-rules';

const MONDAY = 1;
const TUESDAY = 2;
const SATURDAY = 6;
const SUNDAY = 7;
const H = (hours: number) => hours * 60;

// 2026-12-01 is a Tuesday; 2026-11-30 a Monday.
const A_MONDAY = '2026-11-30';
const A_TUESDAY = '2026-12-01';
// US daylight-saving changes in 2026: spring forward Sunday 8 March, fall back Sunday 1 November.
const SPRING_FORWARD_SUNDAY = '2026-03-08';
const FALL_BACK_SUNDAY = '2026-11-01';

const DAY_SHIFT = { startMinute: H(7), endMinute: H(15) };
const EVENING_SHIFT = { startMinute: H(15), endMinute: H(23) };
const NIGHT_SHIFT = { startMinute: H(22), endMinute: H(6) };

function rule(
  weekday: number,
  start: number,
  end: number,
  kind: AvailabilityRuleFact['kind'],
): AvailabilityRuleFact {
  return { weekday, startMinute: start, endMinute: end, kind };
}

function person(overrides: Partial<AvailabilityInput> = {}): AvailabilityInput {
  return { rules: [], exceptions: [], approvedTimeOff: [], active: true, ...overrides };
}

function exception(
  date: string,
  kind: AvailabilityExceptionFact['kind'],
  start: number | null = null,
  end: number | null = null,
  note: string | null = null,
): AvailabilityExceptionFact {
  return { date, kind, startMinute: start, endMinute: end, note };
}

const weekdayDays = [1, 2, 3, 4, 5].map((d) => rule(d, H(6), H(18), 'AVAILABLE'));

describe('resolveAvailability', () => {
  it('treats a person with no weekly rules as available', () => {
    expect(resolveAvailability(person(), { date: A_TUESDAY, ...DAY_SHIFT })).toEqual({ kind: 'AVAILABLE' });
  });

  it('makes an inactive person unavailable whatever their pattern', () => {
    expect(
      resolveAvailability(person({ active: false, rules: weekdayDays }), { date: A_TUESDAY, ...DAY_SHIFT }),
    ).toEqual({
      kind: 'UNAVAILABLE',
      reason: 'inactive',
    });
  });

  it('is available for a shift inside an available window', () => {
    expect(resolveAvailability(person({ rules: weekdayDays }), { date: A_TUESDAY, ...DAY_SHIFT }).kind).toBe(
      'AVAILABLE',
    );
  });

  it('is preferred when the shift lies fully inside a preferred window', () => {
    const p = person({ rules: [rule(TUESDAY, H(7), H(15), 'PREFERRED')] });
    expect(resolveAvailability(p, { date: A_TUESDAY, ...DAY_SHIFT }).kind).toBe('PREFERRED');
  });

  it('is available (not preferred) when the shift spans a preferred and an available window', () => {
    const p = person({
      rules: [rule(TUESDAY, H(7), H(11), 'PREFERRED'), rule(TUESDAY, H(11), H(15), 'AVAILABLE')],
    });
    expect(resolveAvailability(p, { date: A_TUESDAY, ...DAY_SHIFT }).kind).toBe('AVAILABLE');
  });

  it('is unavailable when the shift runs past the end of the window', () => {
    const result = resolveAvailability(person({ rules: weekdayDays }), { date: A_TUESDAY, ...EVENING_SHIFT });
    expect(result).toEqual({ kind: 'UNAVAILABLE', reason: 'outside their availability on Tuesdays' });
  });

  it('is unavailable on a weekday with no window once a pattern is stated', () => {
    const result = resolveAvailability(person({ rules: weekdayDays }), { date: '2026-12-05', ...DAY_SHIFT });
    expect(result).toEqual({ kind: 'UNAVAILABLE', reason: 'outside their availability on Saturdays' });
  });

  it('is unavailable when an unavailable window overlaps the shift, and names the window', () => {
    const p = person({ rules: [rule(TUESDAY, H(14), H(24), 'UNAVAILABLE')] });
    expect(resolveAvailability(p, { date: A_TUESDAY, ...DAY_SHIFT })).toEqual({
      kind: 'UNAVAILABLE',
      reason: 'unavailable on Tuesdays 14:00–24:00',
    });
  });

  it('keeps open availability around unavailable-only windows', () => {
    const p = person({ rules: [rule(TUESDAY, H(17), H(24), 'UNAVAILABLE')] });
    expect(resolveAvailability(p, { date: A_TUESDAY, ...DAY_SHIFT }).kind).toBe('AVAILABLE');
    expect(resolveAvailability(p, { date: A_MONDAY, ...EVENING_SHIFT }).kind).toBe('AVAILABLE');
    expect(resolveAvailability(p, { date: A_TUESDAY, ...EVENING_SHIFT }).kind).toBe('UNAVAILABLE');
  });

  describe('dated exceptions', () => {
    it('a whole-day unavailable exception overrides an available pattern', () => {
      const p = person({
        rules: weekdayDays,
        exceptions: [exception(A_TUESDAY, 'UNAVAILABLE', null, null, 'dentist')],
      });
      expect(resolveAvailability(p, { date: A_TUESDAY, ...DAY_SHIFT })).toEqual({
        kind: 'UNAVAILABLE',
        reason: 'marked unavailable 2026-12-01 (dentist)',
      });
      expect(resolveAvailability(p, { date: A_MONDAY, ...DAY_SHIFT }).kind).toBe('AVAILABLE');
    });

    it('an available exception opens a day the pattern leaves closed', () => {
      const saturday = '2026-12-05';
      const p = person({ rules: weekdayDays, exceptions: [exception(saturday, 'AVAILABLE')] });
      expect(resolveAvailability(p, { date: saturday, ...DAY_SHIFT }).kind).toBe('AVAILABLE');
    });

    it('an available exception overrides an unavailable weekly window for the minutes it covers', () => {
      const p = person({
        rules: [rule(TUESDAY, 0, H(24), 'UNAVAILABLE')],
        exceptions: [exception(A_TUESDAY, 'PREFERRED', H(6), H(16))],
      });
      expect(resolveAvailability(p, { date: A_TUESDAY, ...DAY_SHIFT }).kind).toBe('PREFERRED');
      expect(resolveAvailability(p, { date: A_TUESDAY, ...EVENING_SHIFT }).kind).toBe('UNAVAILABLE');
    });

    it('an exception that does not overlap the shift leaves the pattern in charge', () => {
      const p = person({
        rules: weekdayDays,
        exceptions: [exception(A_TUESDAY, 'UNAVAILABLE', H(16), H(18))],
      });
      expect(resolveAvailability(p, { date: A_TUESDAY, ...DAY_SHIFT }).kind).toBe('AVAILABLE');
    });
  });

  describe('approved time off', () => {
    const holiday = { startDate: '2026-12-01', endDate: '2026-12-03', reason: 'family visit' };

    it('makes the person unavailable on every day it covers, with dates and reason', () => {
      const p = person({ rules: weekdayDays, approvedTimeOff: [holiday] });
      for (const date of ['2026-12-01', '2026-12-02', '2026-12-03']) {
        expect(resolveAvailability(p, { date, ...DAY_SHIFT })).toEqual({
          kind: 'UNAVAILABLE',
          reason: 'approved time off 2026-12-01 – 2026-12-03: family visit',
        });
      }
      expect(resolveAvailability(p, { date: '2026-12-04', ...DAY_SHIFT }).kind).toBe('AVAILABLE');
    });

    it('beats an available exception on the same day', () => {
      const p = person({ exceptions: [exception(A_TUESDAY, 'PREFERRED')], approvedTimeOff: [holiday] });
      expect(resolveAvailability(p, { date: A_TUESDAY, ...DAY_SHIFT }).kind).toBe('UNAVAILABLE');
    });

    it('blocks a night shift that ends on the first day off', () => {
      const p = person({ approvedTimeOff: [holiday] });
      expect(resolveAvailability(p, { date: A_MONDAY, ...NIGHT_SHIFT }).kind).toBe('UNAVAILABLE');
      expect(resolveAvailability(p, { date: A_MONDAY, ...DAY_SHIFT }).kind).toBe('AVAILABLE');
    });
  });

  describe('shifts crossing midnight', () => {
    it('needs both days covered', () => {
      const nightOwl = person({
        rules: [rule(MONDAY, H(22), H(24), 'AVAILABLE'), rule(TUESDAY, 0, H(6), 'AVAILABLE')],
      });
      expect(resolveAvailability(nightOwl, { date: A_MONDAY, ...NIGHT_SHIFT }).kind).toBe('AVAILABLE');
      const mondayOnly = person({ rules: [rule(MONDAY, H(22), H(24), 'AVAILABLE')] });
      expect(resolveAvailability(mondayOnly, { date: A_MONDAY, ...NIGHT_SHIFT })).toEqual({
        kind: 'UNAVAILABLE',
        reason: 'outside their availability on Tuesdays',
      });
    });

    it('touches only one day when it ends exactly at midnight', () => {
      expect(shiftDates({ date: A_MONDAY, startMinute: H(16), endMinute: 0 })).toEqual([A_MONDAY]);
      expect(shiftDates({ date: A_MONDAY, ...NIGHT_SHIFT })).toEqual([A_MONDAY, A_TUESDAY]);
    });
  });

  describe('daylight-saving changes do not move windows', () => {
    const sundays = person({
      rules: [
        rule(SUNDAY, H(7), H(15), 'PREFERRED'),
        rule(SATURDAY, H(22), H(24), 'AVAILABLE'),
        rule(SUNDAY, 0, H(6), 'AVAILABLE'),
      ],
    });

    it('a Sunday 07:00–15:00 window covers the 07:00–15:00 shift on spring-forward Sunday', () => {
      expect(resolveAvailability(sundays, { date: SPRING_FORWARD_SUNDAY, ...DAY_SHIFT }).kind).toBe(
        'PREFERRED',
      );
    });

    it('a Sunday 07:00–15:00 window covers the 07:00–15:00 shift on fall-back Sunday', () => {
      expect(resolveAvailability(sundays, { date: FALL_BACK_SUNDAY, ...DAY_SHIFT }).kind).toBe('PREFERRED');
    });

    it('the Saturday night shift into spring-forward Sunday keeps its wall-clock windows', () => {
      expect(resolveAvailability(sundays, { date: '2026-03-07', ...NIGHT_SHIFT }).kind).toBe('AVAILABLE');
    });

    it('the Saturday night shift into fall-back Sunday keeps its wall-clock windows', () => {
      expect(resolveAvailability(sundays, { date: '2026-10-31', ...NIGHT_SHIFT }).kind).toBe('AVAILABLE');
    });

    it('a window edge is not shifted by an hour on the change day', () => {
      const late = { startMinute: H(15), endMinute: H(16) };
      expect(resolveAvailability(sundays, { date: SPRING_FORWARD_SUNDAY, ...late }).kind).toBe('UNAVAILABLE');
      expect(
        resolveAvailability(sundays, { date: FALL_BACK_SUNDAY, startMinute: H(14), endMinute: H(15) }).kind,
      ).toBe('PREFERRED');
    });
  });
});

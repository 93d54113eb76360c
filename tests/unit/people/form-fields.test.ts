import { describe, expect, it } from 'vitest';
import {
  AvailabilityExceptionForm,
  AvailabilityRuleForm,
} from '../../../server/availability/availability.schemas';
import { clockTime, dollars, isoDate, parseId } from '../../../server/people/people-fields.schemas';
import { parseTemplateExtras } from '../../../server/shifts/shift-templates.schemas';

describe('people form fields', () => {
  it('reads clock times as minutes from midnight, 24:00 only for ends', () => {
    expect(clockTime('a start').parse('07:30')).toBe(450);
    expect(clockTime('an end', true).parse('24:00')).toBe(1440);
    expect(clockTime('a start').safeParse('24:00').success).toBe(false);
    expect(clockTime('a start').safeParse('7.30').success).toBe(false);
  });

  it('accepts real calendar dates only', () => {
    expect(isoDate('a date').parse('2028-02-29')).toBe('2028-02-29');
    expect(isoDate('a date').safeParse('2026-02-29').success).toBe(false);
    expect(isoDate('a date').safeParse('12/01/2026').success).toBe(false);
  });

  it('reads dollars as cents', () => {
    expect(dollars('a rate', 500).parse('$23.5')).toBe(2350);
    expect(dollars('a rate', 500).safeParse('23.555').success).toBe(false);
  });

  it('takes only positive integer ids', () => {
    expect(parseId('12')).toBe(12);
    expect(parseId('0')).toBeNull();
    expect(parseId('1e3')).toBeNull();
    expect(parseId(undefined)).toBeNull();
  });

  it('wants a weekly window to end after it starts', () => {
    const r = AvailabilityRuleForm.safeParse({
      weekday: '2',
      start: '22:00',
      end: '06:00',
      kind: 'AVAILABLE',
    });
    expect(r.success).toBe(false);
    expect(
      AvailabilityRuleForm.parse({ weekday: '2', start: '22:00', end: '24:00', kind: 'AVAILABLE' }),
    ).toEqual({
      weekday: 2,
      start: 1320,
      end: 1440,
      kind: 'AVAILABLE',
    });
  });

  it('treats an exception without times as the whole day', () => {
    expect(
      AvailabilityExceptionForm.parse({
        date: '2026-12-24',
        start: '',
        end: '',
        kind: 'UNAVAILABLE',
        note: '',
      }),
    ).toEqual({
      date: '2026-12-24',
      start: null,
      end: null,
      kind: 'UNAVAILABLE',
      note: null,
    });
  });

  it('reads template weekdays and coverage, skipping positions left empty', () => {
    const r = parseTemplateExtras(
      {
        weekday_1: 'on',
        weekday_7: 'on',
        min_1: '2',
        max_1: '',
        min_2: '',
        max_2: '',
        min_3: '0',
        max_3: '1',
      },
      [1, 2, 3],
    );
    expect(r).toEqual({
      weekdays: [1, 7],
      coverage: [
        { positionId: 1, min: 2, max: null },
        { positionId: 3, min: 0, max: 1 },
      ],
      errors: {},
    });
    expect(parseTemplateExtras({ min_1: 'two' }, [1]).errors).toEqual({
      weekdays: 'Choose at least one weekday.',
      min_1: 'Enter a whole number from 0 to 50.',
    });
  });
});

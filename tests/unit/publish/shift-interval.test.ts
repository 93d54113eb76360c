import { describe, expect, it } from 'vitest';
import { eventUid } from '../../../server/shifts/calendar.service';
import { shiftInterval } from '../../../server/shifts/my-shifts.service';
import { mondayOf } from '../../../server/lib/time';

const NEW_YORK = 'America/New_York';

describe('shiftInterval', () => {
  it('places a day shift at its wall-clock times in the site zone', () => {
    const { start, end } = shiftInterval('2026-11-30', 420, 930, NEW_YORK);
    expect(start.toUTC().toISO()).toBe('2026-11-30T12:00:00.000Z');
    expect(end.toUTC().toISO()).toBe('2026-11-30T20:30:00.000Z');
  });

  it('ends a shift that crosses midnight on the next day', () => {
    const { start, end } = shiftInterval('2026-12-02', 1380, 450, NEW_YORK);
    expect(start.toFormat('yyyy-MM-dd HH:mm')).toBe('2026-12-02 23:00');
    expect(end.toFormat('yyyy-MM-dd HH:mm')).toBe('2026-12-03 07:30');
  });

  it('makes the overnight shift of the fall-back night an hour longer', () => {
    // US clocks go back at 02:00 on Sunday 1 November 2026.
    const { start, end } = shiftInterval('2026-10-31', 1380, 450, NEW_YORK);
    expect(end.toFormat('HH:mm')).toBe('07:30');
    expect(end.diff(start, 'hours').hours).toBe(9.5);
  });

  it('makes the overnight shift of the spring-forward night an hour shorter', () => {
    // US clocks go forward at 02:00 on Sunday 8 March 2026.
    const { start, end } = shiftInterval('2026-03-07', 1380, 450, NEW_YORK);
    expect(start.toFormat('HH:mm')).toBe('23:00');
    expect(end.toFormat('HH:mm')).toBe('07:30');
    expect(end.diff(start, 'hours').hours).toBe(7.5);
  });

  it('reads an end of 24:00 as midnight at the end of the day', () => {
    const { end } = shiftInterval('2026-11-30', 960, 1440, NEW_YORK);
    expect(end.toFormat('yyyy-MM-dd HH:mm')).toBe('2026-12-01 00:00');
  });
});

describe('mondayOf', () => {
  it('finds the Monday of any day of the week, Sunday included', () => {
    expect(mondayOf('2026-11-30')).toBe('2026-11-30');
    expect(mondayOf('2026-12-06')).toBe('2026-11-30');
    expect(mondayOf('2026-11-25')).toBe('2026-11-23');
  });
});

describe('eventUid', () => {
  it('names the slot, not the version, so a new version updates the same event', () => {
    expect(eventUid(1, '2026-11-30', 9, 2)).toBe('shift-1-2026-11-30-9-2@rxroster');
  });
});

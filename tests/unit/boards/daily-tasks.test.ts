import { describe, expect, it } from 'vitest';
import {
  describeRecurrence,
  onShiftAt,
  wallClock,
  type ShiftInstance,
} from '../../../server/boards/daily-tasks.service';

const ZONE = 'America/New_York';

function shift(staffId: number, start: string, end: string): ShiftInstance {
  return {
    staffId,
    staffName: `Person ${staffId}`,
    templateId: 1,
    templateName: 'Shift',
    shiftDate: start.slice(0, 10),
    startMinute: 0,
    endMinute: 0,
    start: new Date(start),
    end: new Date(end),
    positionId: 1,
    positionName: 'Pharmacy technician',
    positionColor: '#059669',
    positionSort: 30,
  };
}

describe('wallClock', () => {
  it('keeps a local time of day across the spring-forward and fall-back days', () => {
    expect(
      wallClock('2026-03-08', 7 * 60, ZONE)
        .toUTC()
        .toISO(),
    ).toBe('2026-03-08T11:00:00.000Z');
    expect(
      wallClock('2026-03-07', 7 * 60, ZONE)
        .toUTC()
        .toISO(),
    ).toBe('2026-03-07T12:00:00.000Z');
    expect(
      wallClock('2026-11-01', 7 * 60, ZONE)
        .toUTC()
        .toISO(),
    ).toBe('2026-11-01T12:00:00.000Z');
  });

  it('puts minute 1440 at midnight of the next day', () => {
    expect(wallClock('2026-11-25', 1440, ZONE).toISODate()).toBe('2026-11-26');
  });
});

describe('onShiftAt', () => {
  const day = shift(1, '2026-11-25T12:00:00Z', '2026-11-25T20:30:00Z'); // 07:00–15:30 local
  const evening = shift(2, '2026-11-25T20:00:00Z', '2026-11-26T04:30:00Z'); // 15:00–23:30
  const overnight = shift(3, '2026-11-25T04:00:00Z', '2026-11-25T12:30:00Z'); // last night 23:00–07:30

  it('names the people whose shift covers the due time, start inclusive and end exclusive', () => {
    expect([...onShiftAt([day, evening, overnight], new Date('2026-11-25T13:00:00Z')).keys()]).toEqual([1]);
    expect([...onShiftAt([day, evening, overnight], new Date('2026-11-25T20:00:00Z')).keys()]).toEqual([
      1, 2,
    ]);
    expect([...onShiftAt([day, evening, overnight], new Date('2026-11-25T20:30:00Z')).keys()]).toEqual([2]);
    expect([...onShiftAt([day, evening, overnight], new Date('2026-11-25T12:00:00Z')).keys()]).toEqual([
      1, 3,
    ]);
  });

  it('offers everyone on shift that day for a task without a due time', () => {
    expect([...onShiftAt([day, evening], null).keys()].sort()).toEqual([1, 2]);
  });

  it('offers nobody when nobody is on shift', () => {
    expect(onShiftAt([], new Date('2026-11-25T13:00:00Z')).size).toBe(0);
  });
});

describe('describeRecurrence', () => {
  it('says when a template runs', () => {
    expect(describeRecurrence({ recurrence: 'DAILY', weekdays: null, dayOfMonth: null })).toBe('Every day');
    expect(describeRecurrence({ recurrence: 'WEEKLY', weekdays: '1,3,5', dayOfMonth: null })).toBe(
      'Weekly: Mon, Wed, Fri',
    );
    expect(describeRecurrence({ recurrence: 'MONTHLY', weekdays: null, dayOfMonth: 1 })).toBe(
      'Monthly on day 1',
    );
  });
});

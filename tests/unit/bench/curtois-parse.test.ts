import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CurtoisParseError, parseCurtois } from '../../../bench/curtois/parse';

const BENCHMARK_DIR = new URL('../../../bench/curtois/instances/', import.meta.url);

const TINY = `# a comment
SECTION_HORIZON
7
SECTION_SHIFTS
# ShiftID, Length in mins, Shifts which cannot follow
E,480,
L,600,E|L   # trailing comment

SECTION_STAFF
A,E=7|L=2,3000,960,5,2,2,1
B,E=0|L=7,2400,0,4,1,1,2
SECTION_DAYS_OFF
A,0,6
B,3
SECTION_SHIFT_ON_REQUESTS
A,2,E,2
SECTION_SHIFT_OFF_REQUESTS
B,4,L,3
SECTION_COVER
0,E,2,100,1
0,L,1,50,2
`;

describe('parseCurtois', () => {
  it('reads every section of a small instance', () => {
    const instance = parseCurtois(TINY);
    expect(instance.horizonDays).toBe(7);
    expect(instance.shifts).toEqual([
      { id: 'E', minutes: 480, cannotFollow: [] },
      { id: 'L', minutes: 600, cannotFollow: ['E', 'L'] },
    ]);
    expect(instance.staff).toEqual([
      {
        id: 'A',
        maxShifts: { E: 7, L: 2 },
        maxTotalMinutes: 3000,
        minTotalMinutes: 960,
        maxConsecutiveShifts: 5,
        minConsecutiveShifts: 2,
        minConsecutiveDaysOff: 2,
        maxWeekends: 1,
      },
      {
        id: 'B',
        maxShifts: { E: 0, L: 7 },
        maxTotalMinutes: 2400,
        minTotalMinutes: 0,
        maxConsecutiveShifts: 4,
        minConsecutiveShifts: 1,
        minConsecutiveDaysOff: 1,
        maxWeekends: 2,
      },
    ]);
    expect(instance.daysOff).toEqual({ A: [0, 6], B: [3] });
    expect(instance.onRequests).toEqual([{ staff: 'A', day: 2, shift: 'E', weight: 2 }]);
    expect(instance.offRequests).toEqual([{ staff: 'B', day: 4, shift: 'L', weight: 3 }]);
    expect(instance.cover).toEqual([
      { day: 0, shift: 'E', requirement: 2, underWeight: 100, overWeight: 1 },
      { day: 0, shift: 'L', requirement: 1, underWeight: 50, overWeight: 2 },
    ]);
  });

  it.each([
    ['a day outside the horizon', TINY.replace('A,2,E,2', 'A,7,E,2'), /line 16: day 7 is outside/],
    ['an unknown staff id', TINY.replace('B,4,L,3', 'Z,4,L,3'), /line 18: unknown staff Z/],
    ['an unknown shift id', TINY.replace('0,L,1,50,2', '0,N,1,50,2'), /line 21: unknown shift N/],
    ['a MaxShifts entry for an unknown shift', TINY.replace('E=7|L=2', 'E=7|N=2'), /unknown shift "N"/],
    ['a missing MaxShifts limit', TINY.replace('E=7|L=2', 'E=7'), /no limit for L/],
    ['a negative number', TINY.replace('3000,960', '3000,-1'), /MinTotalMinutes must be a non-negative/],
    ['an unknown section', TINY.replace('SECTION_COVER', 'SECTION_COVERS'), /unknown section/],
  ])('rejects %s with the line number', (_name, text, message) => {
    expect(() => parseCurtois(text)).toThrow(CurtoisParseError);
    expect(() => parseCurtois(text)).toThrow(message);
  });

  it.each([
    [1, 8, 14, 1],
    [2, 14, 14, 2],
    [3, 20, 14, 3],
    [4, 10, 28, 2],
    [5, 16, 28, 2],
    [6, 18, 28, 3],
    [7, 20, 28, 3],
    [8, 30, 28, 4],
  ])('reads Instance%i with the sizes the README lists', (n, staff, days, shiftTypes) => {
    const instance = parseCurtois(readFileSync(new URL(`Instance${n}.txt`, BENCHMARK_DIR), 'utf8'));
    expect(instance.staff).toHaveLength(staff);
    expect(instance.horizonDays).toBe(days);
    expect(instance.shifts).toHaveLength(shiftTypes);
    expect(instance.cover).toHaveLength(days * shiftTypes);
  });
});

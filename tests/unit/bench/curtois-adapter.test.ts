import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CURTOIS_POSITION,
  curtoisToScheduleInput,
  resultToCurtoisRoster,
} from '../../../bench/curtois/adapter';
import { parseCurtois } from '../../../bench/curtois/parse';

const INSTANCE3 = new URL('../../../bench/curtois/instances/Instance3.txt', import.meta.url);

describe('curtoisToScheduleInput', () => {
  const instance = parseCurtois(readFileSync(INSTANCE3, 'utf8'));
  const input = curtoisToScheduleInput(instance);

  it('makes one shift per day and type, starting on a Monday, with Saturday–Sunday weekends', () => {
    expect(input.shifts).toHaveLength(14 * 3);
    expect(new Date(`${input.horizon.startDate}T00:00:00Z`).getUTCDay()).toBe(1);
    expect(input.horizon.weekends).toEqual([
      [5, 6],
      [12, 13],
    ]);
    expect(input.shifts.find((s) => s.id === '3:L')).toMatchObject({
      day: 3,
      type: 'L',
      start: 3 * 1440,
      end: 3 * 1440 + 480,
    });
  });

  it('carries every staff rule across', () => {
    const k = input.staff.find((s) => s.id === 'K');
    expect(k).toMatchObject({
      positions: [CURTOIS_POSITION],
      maxMinutesTotal: 4320,
      minMinutesTotal: 3360,
      minMinutesHard: true,
      maxShiftsPerType: { E: 14, D: 14, L: 0 },
      maxConsecutiveDays: 6,
      minConsecutiveDays: 2,
      minConsecutiveDaysOff: 3,
      maxWeekends: 1,
    });
    expect(k?.availability?.['4:E']).toMatchObject({ status: 'unavailable' });
    expect(k?.requests).toContainEqual({ kind: 'on', day: 6, type: 'D', weight: 3 });
    expect(input.staff.find((s) => s.id === 'A')?.requests).toContainEqual({
      kind: 'off',
      day: 9,
      type: 'E',
      weight: 2,
    });
  });

  it('turns the cover section into demands and the successions into site rules', () => {
    expect(input.demands).toHaveLength(42);
    expect(input.demands[0]).toEqual({
      shift: '0:E',
      position: CURTOIS_POSITION,
      min: 2,
      underWeight: 100,
      overWeight: 1,
    });
    expect(input.rules?.forbiddenSuccessions).toEqual([
      { from: 'D', to: 'E' },
      { from: 'L', to: 'E' },
      { from: 'L', to: 'D' },
    ]);
    expect(input.rules?.minRestMinutes).toBe(0);
  });

  it('switches off every soft term the benchmark does not have', () => {
    expect(input.weights).toMatchObject({
      targetDeviation: 0,
      undesired: 0,
      preferred: 0,
      laborCost: 0,
      change: 0,
    });
    expect(input.staff.every((s) => s.hourlyCost === undefined && s.targetMinutes === undefined)).toBe(true);
  });

  it('writes a result back as (staff, day, shift type) sorted by day', () => {
    const roster = resultToCurtoisRoster(input, {
      assignments: [
        { staff: 'B', shift: '1:D', position: CURTOIS_POSITION },
        { staff: 'A', shift: '0:L', position: CURTOIS_POSITION },
      ],
    });
    expect(roster).toEqual({
      assignments: [
        { staff: 'A', day: 0, shift: 'L' },
        { staff: 'B', day: 1, shift: 'D' },
      ],
    });
  });
});

// Small named building blocks for solver tests (Timefold style: MONDAY, DAY_SHIFT…), so each test
// states only what matters to it.
import type { Demand, Position, ScheduleInput, ShiftInstance, Staff } from '../../../solver/core/types';

/** 2026-03-02 is a Monday. */
export const MONDAY_DATE = '2026-03-02';
export const MINUTES_PER_DAY = 1440;
export const HOUR = 60;

export const PHARMACIST = 'PHARMACIST';
export const TECHNICIAN = 'TECHNICIAN';
export const IV_TECH = 'IV_TECH';

export const POSITIONS: Position[] = [
  { id: PHARMACIST, name: 'Pharmacist', ratioRole: 'pharmacist' },
  { id: TECHNICIAN, name: 'Technician', ratioRole: 'technician' },
  { id: IV_TECH, name: 'IV tech', ratioRole: 'technician' },
];

/** A shift on `day` from `fromHour` to `toHour` (toHour may exceed 24 for overnight shifts). */
export function shift(id: string, day: number, fromHour: number, toHour: number, type = 'D'): ShiftInstance {
  return {
    id,
    day,
    start: day * MINUTES_PER_DAY + fromHour * HOUR,
    end: day * MINUTES_PER_DAY + toHour * HOUR,
    type,
  };
}

/** Day 07:00–15:00 and evening 15:00–23:00 shifts for `days` days: ids `D0`, `E0`, `D1`… */
export function dayAndEvening(days: number): ShiftInstance[] {
  const out: ShiftInstance[] = [];
  for (let d = 0; d < days; d++) out.push(shift(`D${d}`, d, 7, 15, 'D'), shift(`E${d}`, d, 15, 23, 'E'));
  return out;
}

export function person(id: string, positions: string[], extra: Partial<Staff> = {}): Staff {
  return { id, name: id, positions, ...extra };
}

export function demand(shiftId: string, position: string, min: number, extra: Partial<Demand> = {}): Demand {
  return { shift: shiftId, position, min, ...extra };
}

/** An input with no soft terms except coverage, so expected objectives are easy to state. */
export function makeInput(
  parts: Partial<ScheduleInput> & Pick<ScheduleInput, 'shifts' | 'staff'>,
): ScheduleInput {
  return {
    horizon: { startDate: MONDAY_DATE, days: Math.max(1, ...parts.shifts.map((s) => s.day + 1)) },
    positions: POSITIONS,
    demands: [],
    rules: { maxConsecutiveDays: null },
    weights: { laborCost: 0 },
    ...parts,
  };
}

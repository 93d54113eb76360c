import { describe, expect, it } from 'vitest';
import {
  availabilityShare,
  generatePharmacyInstance,
  PHARMACY_SIZES,
} from '../../../bench/generate-pharmacy';
import { createRandom } from '../../../bench/random';

const SEED = 1;
const RATIO = 4;
const technicianPositions = new Set(['TECHNICIAN', 'IV_TECH', 'LEAD_TECH']);

describe('createRandom', () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(42).every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('generatePharmacyInstance', () => {
  it('gives the same instance for the same seed', () => {
    const size = { staff: 30, days: 7 };
    expect(generatePharmacyInstance(size, 7)).toEqual(generatePharmacyInstance(size, 7));
  });

  it('gives a different instance for a different seed', () => {
    const size = { staff: 30, days: 7 };
    expect(generatePharmacyInstance(size, 7)).not.toEqual(generatePharmacyInstance(size, 8));
  });

  it.each(PHARMACY_SIZES.map((s) => [s.staff, s.days]))(
    'builds %i staff × %i days consistently',
    (staff, days) => {
      const input = generatePharmacyInstance({ staff, days }, SEED);
      expect(input.staff).toHaveLength(staff);
      expect(input.horizon.days).toBe(days);
      // Day, evening every day; mid and IV room on the weekdays.
      expect(input.shifts).toHaveLength(days * 2 + (days / 7) * 5 * 2);
      expect(new Set(input.positions.map((p) => p.id))).toEqual(
        new Set(['PHARMACIST', 'TECHNICIAN', 'IV_TECH', 'LEAD_TECH', 'INVENTORY_SPECIALIST']),
      );

      const shiftIds = new Set(input.shifts.map((s) => s.id));
      const positionIds = new Set(input.positions.map((p) => p.id));
      for (const d of input.demands) {
        expect(shiftIds.has(d.shift)).toBe(true);
        expect(positionIds.has(d.position)).toBe(true);
        expect(d.min).toBeGreaterThan(0);
      }
      for (const person of input.staff) {
        for (const id of Object.keys(person.availability ?? {})) expect(shiftIds.has(id)).toBe(true);
        for (const id of Object.keys(person.qualifiedByShift ?? {})) expect(shiftIds.has(id)).toBe(true);
      }
      const asked = new Set(input.demands.map((d) => d.position));
      for (const position of asked) {
        expect(input.staff.some((s) => s.positions.includes(position))).toBe(true);
      }
    },
  );

  it.each(PHARMACY_SIZES.map((s) => [s.staff, s.days]))(
    'makes about three quarters of (person, shift) pairs available at %i × %i',
    (staff, days) => {
      const share = availabilityShare(generatePharmacyInstance({ staff, days }, SEED));
      expect(share).toBeGreaterThan(0.65);
      expect(share).toBeLessThan(0.85);
    },
  );

  it('never asks for more technicians on a day or evening shift than the ratio allows', () => {
    const input = generatePharmacyInstance({ staff: 100, days: 28 }, SEED);
    const asked = (shift: string, filter: (position: string) => boolean) =>
      input.demands.filter((d) => d.shift === shift && filter(d.position)).reduce((n, d) => n + d.min, 0);
    for (const shift of input.shifts.filter((s) => s.type === 'D' || s.type === 'E')) {
      const pharmacists = asked(shift.id, (p) => p === 'PHARMACIST');
      let technicians = asked(shift.id, (p) => technicianPositions.has(p));
      if (shift.type === 'D') technicians += asked(`d${shift.day}-IV`, (p) => technicianPositions.has(p));
      expect(pharmacists).toBeGreaterThanOrEqual(1);
      expect(technicians).toBeLessThanOrEqual(RATIO * pharmacists);
    }
  });

  it('asks for less than the staff can work under their contracts', () => {
    for (const size of PHARMACY_SIZES) {
      const input = generatePharmacyInstance(size, SEED);
      const asked = input.demands.reduce((n, d) => n + d.min, 0);
      const contracted =
        input.staff.reduce((n, s) => n + (s.maxMinutesPerWeek ?? 0) / 480, 0) * (size.days / 7);
      expect(asked).toBeLessThan(contracted);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { DISTRICT_SIZE, generateDistrictInstance } from '../../../bench/generate-district';

describe('the generated district', () => {
  it('is five 30-staff sites in one input, with exactly ten people who may work at two of them', () => {
    const input = generateDistrictInstance(DISTRICT_SIZE, 1);
    expect(input.staff).toHaveLength(150);
    expect(new Set(input.shifts.map((s) => s.site))).toEqual(
      new Set(['site0', 'site1', 'site2', 'site3', 'site4']),
    );
    const sitesOf = (p: (typeof input.staff)[number]) =>
      new Set(
        input.shifts.filter((s) => (p.qualifiedByShift?.[s.id] ?? p.positions).length > 0).map((s) => s.site),
      );
    const counts = input.staff.map((p) => sitesOf(p).size);
    expect(counts.filter((n) => n === 2)).toHaveLength(10);
    expect(counts.filter((n) => n === 1)).toHaveLength(140);
  });

  it('is the same for the same seed', () => {
    expect(generateDistrictInstance(DISTRICT_SIZE, 3)).toEqual(generateDistrictInstance(DISTRICT_SIZE, 3));
  });
});

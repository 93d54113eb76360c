/**
 * Seeded generator of a district: several generated pharmacies (bench/generate-pharmacy.ts) solved
 * in one input, each its own site for the technician ratio, and floaters who may also work at the
 * next site of the district (their availability there as at home, the same shift times). Everybody
 * else works at their own site only. The same (sites, staff, floaters, days, seed) always gives the
 * same instance.
 */
import type { Demand, ScheduleInput, ShiftInstance, Staff } from '../solver/core/types';
import { generatePharmacyInstance } from './generate-pharmacy';

export interface DistrictSize {
  sites: number;
  /** Staff per site. */
  staff: number;
  /** Floaters in the whole district, spread over the sites. */
  floaters: number;
  days: number;
}

/** The district `npm run bench` measures: 5 sites × 30 staff with 10 floaters, one week. */
export const DISTRICT_SIZE: DistrictSize = { sites: 5, staff: 30, floaters: 10, days: 7 };

const idAt = (site: number, id: string): string => `${site}:${id}`;

export function generateDistrictInstance(size: DistrictSize, seed = 1): ScheduleInput {
  const sites = Array.from({ length: size.sites }, (_, k) =>
    generatePharmacyInstance({ staff: size.staff, days: size.days }, seed + k),
  );
  const first = sites[0];
  if (!first) throw new Error('need at least one site');
  const shifts: ShiftInstance[] = [];
  const demands: Demand[] = [];
  const staff: Staff[] = [];
  const shiftIdsOf = sites.map((input, k) => input.shifts.map((s) => idAt(k, s.id)));
  sites.forEach((input, k) => {
    for (const s of input.shifts) shifts.push({ ...s, id: idAt(k, s.id), site: `site${k}` });
    for (const d of input.demands) demands.push({ ...d, shift: idAt(k, d.shift) });
    input.staff.forEach((p, i) => {
      // Floaters: the first few people of each site (in generation order: all roles occur).
      const floats =
        i < Math.ceil(size.floaters / size.sites) &&
        k * Math.ceil(size.floaters / size.sites) + i < size.floaters;
      const next = (k + 1) % size.sites;
      const qualifiedByShift: Record<string, string[]> = {};
      const availability: NonNullable<Staff['availability']> = {};
      for (const [id, q] of Object.entries(p.qualifiedByShift ?? {})) qualifiedByShift[idAt(k, id)] = q;
      for (const [id, a] of Object.entries(p.availability ?? {})) availability[idAt(k, id)] = a;
      sites.forEach((other, j) => {
        if (j === k) return;
        if (floats && j === next) {
          for (const s of other.shifts) {
            const q = p.qualifiedByShift?.[s.id];
            if (q) qualifiedByShift[idAt(j, s.id)] = q;
            const a = p.availability?.[s.id];
            if (a) availability[idAt(j, s.id)] = a;
          }
        } else for (const id of shiftIdsOf[j]!) qualifiedByShift[id] = [];
      });
      staff.push({
        ...p,
        id: idAt(k, p.id),
        qualifiedByShift,
        availability,
        ...(p.unqualifiedReasons
          ? {
              unqualifiedReasons: p.unqualifiedReasons.map((r) => ({
                ...r,
                ...(r.shift ? { shift: idAt(k, r.shift) } : {}),
              })),
            }
          : {}),
        ...(p.requests ? { requests: p.requests } : {}),
      });
    });
  });
  const ratio = first.rules?.technicianRatio ?? null;
  return {
    horizon: first.horizon,
    shifts,
    positions: first.positions,
    demands,
    staff,
    rules: {
      ...first.rules,
      technicianRatioBySite: Object.fromEntries(sites.map((_, k) => [`site${k}`, ratio])),
    },
  };
}

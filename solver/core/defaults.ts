// The documented defaults of `Rules` and `Weights` (see types.ts), in one place so that the model
// builder, the checker and the scorer agree on them without depending on each other.
import { plainPack, type RatioPack } from './ratio-packs';
import type { Rules, Weights } from './types';

export const DEFAULT_RULES = {
  minRestMinutes: 600,
  technicianRatio: null,
  maxShiftsPerDay: 1,
  maxConsecutiveDays: 6,
  overtimeMinutesPerWeek: 2400,
  overtimeMultiplier: 1.5,
} as const;

export const DEFAULT_WEIGHTS: Required<Weights> = {
  underCover: 1000,
  overCover: 0,
  underMinMinutes: 20,
  targetDeviation: 2,
  undesired: 10,
  preferred: 2,
  laborCost: 0.01,
  change: 50,
  fairness: 0,
  overBudget: 40,
};

export const DEFAULT_SITE = 'main';

export interface ResolvedRules {
  minRestMinutes: number;
  maxShiftsPerDay: number;
  maxConsecutiveDays: number | null;
  overtimeMinutesPerWeek: number;
  overtimeMultiplier: number;
  forbiddenSuccessions: NonNullable<Rules['forbiddenSuccessions']>;
  nightShiftTypes: string[];
  /** The ratio packs in force at a site: the state's pack and the site's own ratio, each when set. */
  ratioPacksFor: (site: string) => RatioPack[];
}

export function resolveRules(rules: Rules | undefined): ResolvedRules {
  const r = rules ?? {};
  const ratio = r.technicianRatio ?? DEFAULT_RULES.technicianRatio;
  return {
    minRestMinutes: r.minRestMinutes ?? DEFAULT_RULES.minRestMinutes,
    maxShiftsPerDay: r.maxShiftsPerDay ?? DEFAULT_RULES.maxShiftsPerDay,
    maxConsecutiveDays:
      r.maxConsecutiveDays === undefined ? DEFAULT_RULES.maxConsecutiveDays : r.maxConsecutiveDays,
    overtimeMinutesPerWeek: r.overtimeMinutesPerWeek ?? DEFAULT_RULES.overtimeMinutesPerWeek,
    overtimeMultiplier: r.overtimeMultiplier ?? DEFAULT_RULES.overtimeMultiplier,
    forbiddenSuccessions: r.forbiddenSuccessions ?? [],
    nightShiftTypes: r.nightShiftTypes ?? [],
    ratioPacksFor: (site) => {
      const own = perSite(r.technicianRatioBySite, site, ratio);
      const pack = perSite(r.ratioPackBySite, site, r.ratioPack ?? null);
      return [...(pack ? [pack] : []), ...(own === null ? [] : [plainPack(own)])];
    },
  };
}

function perSite<T>(
  bySite: Record<string, T | null> | undefined,
  site: string,
  fallback: T | null,
): T | null {
  if (bySite && Object.prototype.hasOwnProperty.call(bySite, site)) return bySite[site] ?? null;
  return fallback;
}

export function resolveWeights(weights: Weights | undefined): Required<Weights> {
  return { ...DEFAULT_WEIGHTS, ...(weights ?? {}) };
}

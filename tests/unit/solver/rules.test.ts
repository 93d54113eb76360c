import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { curtoisToScheduleInput } from '../../../bench/curtois/adapter';
import { parseCurtois } from '../../../bench/curtois/parse';
import { generatePharmacyInstance } from '../../../bench/generate-pharmacy';
import { buildModel } from '../../../solver/core/model';
import { RULES } from '../../../solver/core/rules';
import type { ObjectiveTerms, ViolationRule } from '../../../solver/core/types';

// Every violation code verifySchedule can report, and every objective term, belongs to exactly one rule module.
const CODES: Record<Exclude<ViolationRule, 'UNKNOWN_REFERENCE'>, true> = {
  UNQUALIFIED: true,
  UNAVAILABLE: true,
  DUPLICATE: true,
  OVERLAP: true,
  MAX_SHIFTS_PER_DAY: true,
  MIN_REST: true,
  FORBIDDEN_SUCCESSION: true,
  MAX_MINUTES_WEEK: true,
  MAX_MINUTES_TOTAL: true,
  MIN_MINUTES_WEEK: true,
  MIN_MINUTES_TOTAL: true,
  MAX_SHIFTS_PER_TYPE: true,
  MAX_CONSECUTIVE_DAYS: true,
  MIN_CONSECUTIVE_DAYS: true,
  MIN_CONSECUTIVE_DAYS_OFF: true,
  MAX_WEEKENDS: true,
  RATIO: true,
  MAX_COVER: true,
  LOCKED: true,
  FROZEN: true,
  BUDGET: true,
};
const TERMS: Record<keyof ObjectiveTerms, true> = {
  underCover: true,
  overCover: true,
  underMinMinutes: true,
  targetDeviation: true,
  undesired: true,
  preferred: true,
  requests: true,
  laborCost: true,
  change: true,
  fairness: true,
  overBudget: true,
};

describe('the rule registry', () => {
  it('gives every violation code and every objective term exactly one owner', () => {
    const codes = RULES.flatMap((r) => r.codes);
    const terms = RULES.flatMap((r) => r.terms);
    expect([...codes].sort()).toEqual(Object.keys(CODES).sort());
    expect([...terms].sort()).toEqual(Object.keys(TERMS).sort());
  });

  it('a rule that reports codes checks them, and a rule with terms scores and models them', () => {
    for (const r of RULES) {
      const checks = [r.checkAssignment, r.checkPair, r.checkPerson, r.checkSchedule].some(Boolean);
      expect(checks, r.name).toBe(r.codes.length > 0);
      expect(r.score !== undefined && r.objective !== undefined, r.name).toBe(r.terms.length > 0);
    }
  });

  // The model as it was before the rules became modules (issue 17): same size, same objective constant.
  it('builds the same model for a pharmacy week and Curtois Instance1', () => {
    const size = (input: Parameters<typeof buildModel>[0]) => {
      const { lp } = buildModel(input);
      return {
        vars: lp.vars.length,
        ints: lp.vars.filter((v) => v.int).length,
        rows: lp.rows.length,
        nonzeros: lp.rows.reduce((n, r) => n + r.terms.length, 0),
        constant: lp.constant,
      };
    };
    expect(size(generatePharmacyInstance({ staff: 12, days: 7 }, 1))).toEqual({
      vars: 222,
      ints: 161,
      rows: 294,
      nonzeros: 1693,
      constant: 51186,
    });
    const curtois = parseCurtois(readFileSync('tests/fixtures/solver/curtois-instance1.txt', 'utf8'));
    // 288 rows and 1,218 nonzeros before the sequence rules' window rows (103 rows, 714 nonzeros).
    expect(size(curtoisToScheduleInput(curtois))).toEqual({
      vars: 148,
      ints: 148,
      rows: 391,
      nonzeros: 1932,
      constant: 7137,
    });
  });
});

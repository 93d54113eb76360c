// The hard rules in a manager's words: the rule names of README's constraint table, for pages and
// messages that say which rule rules someone out without the solver's codes.
import type { ViolationRule } from '../../solver';

export const RULE_NAMES: Record<ViolationRule, string> = {
  UNKNOWN_REFERENCE: 'known people and shifts',
  UNQUALIFIED: 'qualified',
  UNAVAILABLE: 'available',
  DUPLICATE: 'one shift at a time',
  OVERLAP: 'one shift at a time',
  MAX_SHIFTS_PER_DAY: 'one shift at a time',
  MIN_REST: 'minimum rest',
  FORBIDDEN_SUCCESSION: 'minimum rest',
  MAX_MINUTES_WEEK: 'maximum hours',
  MAX_MINUTES_TOTAL: 'maximum hours',
  MIN_MINUTES_WEEK: 'minimum hours',
  MIN_MINUTES_TOTAL: 'minimum hours',
  MAX_SHIFTS_PER_TYPE: 'shifts per type',
  MAX_CONSECUTIVE_DAYS: 'consecutive days',
  MIN_CONSECUTIVE_DAYS: 'consecutive days',
  MIN_CONSECUTIVE_DAYS_OFF: 'days off',
  MAX_WEEKENDS: 'weekends',
  RATIO: 'technician ratio',
  MAX_COVER: 'maximum headcount',
  LOCKED: 'locked',
  FROZEN: 'started shifts',
  BUDGET: 'labour budget',
};

export function ruleLabel(rule: ViolationRule): string {
  return RULE_NAMES[rule];
}

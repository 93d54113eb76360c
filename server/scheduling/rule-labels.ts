// The hard rules in a manager's words (README's constraint table), for the rule verifySchedule
// reports: pages say which rule rules someone out without the solver's codes.
import type { Violation } from '../../solver';

const LABELS: Partial<Record<Violation['rule'], string>> = {
  UNQUALIFIED: 'qualified',
  UNAVAILABLE: 'available',
  DUPLICATE: 'one shift at a time',
  OVERLAP: 'one shift at a time',
  MAX_SHIFTS_PER_DAY: 'one shift at a time',
  MIN_REST: 'minimum rest',
  MAX_MINUTES_WEEK: 'maximum hours',
  MAX_MINUTES_TOTAL: 'maximum hours',
  MAX_CONSECUTIVE_DAYS: 'consecutive days',
  RATIO: 'technician ratio',
  LOCKED: 'locked',
  MAX_COVER: 'coverage maximum',
  BUDGET: 'labour budget',
};

export function ruleLabel(rule: Violation['rule']): string {
  return LABELS[rule] ?? 'scheduling rule';
}

// The labour budget of the period (Rules.budget): paid minutes and/or pay (hourly cost × paid
// hours) summed over everyone. Hard: a cap the schedule never exceeds (a gap it leaves is then
// explained by the budget). Soft: each hour over costs `overBudget`, pay over counted in hours at
// the staff's mean hourly cost.
import { formatHours, paidMinutes } from '../calendar';
import { addTo, emptyExpr, type Expr, type ModelBuilder } from '../lp';
import type { Budget, ScheduleInput, Staff } from '../types';
import type { Rule } from './rule';

function budgetOf(input: ScheduleInput): Budget | undefined {
  const b = input.rules?.budget;
  return b && (b.maxPaidMinutes !== undefined || b.maxPay !== undefined) ? b : undefined;
}

/** Pay of one paid minute of a person. */
const payPerMinute = (person: Staff) => (person.hourlyCost ?? 0) / 60;

/** Mean hourly cost of the staff who have one: turns pay over budget into hours over. */
function meanHourlyCost(input: ScheduleInput): number {
  const rates = input.staff.map((s) => s.hourlyCost ?? 0).filter((r) => r > 0);
  return rates.length === 0 ? 1 : rates.reduce((a, b) => a + b, 0) / rates.length;
}

function totalExpr(b: ModelBuilder, perMinute: (person: Staff) => number): Expr {
  const total = emptyExpr();
  for (const person of b.input.staff) {
    const factor = perMinute(person);
    if (factor === 0) continue;
    addTo(total, b.shiftsExpr(person.id, b.input.shifts, paidMinutes), factor);
  }
  return total;
}

/** `total ≤ max` (hard), or `total − over ≤ max` with `over` costing `costPerUnit` (soft). */
function limit(
  b: ModelBuilder,
  name: string,
  total: Expr,
  max: number,
  hard: boolean,
  costPerUnit: number,
): void {
  if (hard) {
    b.addLe(name, total, max);
    return;
  }
  const over = b.addVar(name, costPerUnit, Infinity, false, false);
  const row = emptyExpr();
  addTo(row, total);
  row.terms.set(over, -1);
  b.addLe(name, row, max);
}

interface Totals {
  minutes: number;
  pay: number;
}

function totalsOf(input: ScheduleInput, people: Map<string, { minutes: number }>): Totals {
  let minutes = 0;
  let pay = 0;
  for (const person of input.staff) {
    const m = people.get(person.id)?.minutes ?? 0;
    minutes += m;
    pay += m * payPerMinute(person);
  }
  return { minutes, pay };
}

export const budget: Rule = {
  name: 'budget',
  codes: ['BUDGET'],
  terms: ['overBudget'],
  constraints(b) {
    const cap = budgetOf(b.input);
    if (!cap?.hard) return;
    if (cap.maxPaidMinutes !== undefined)
      limit(
        b,
        'budget:minutes',
        totalExpr(b, () => 1),
        cap.maxPaidMinutes,
        true,
        0,
      );
    if (cap.maxPay !== undefined) limit(b, 'budget:pay', totalExpr(b, payPerMinute), cap.maxPay, true, 0);
  },
  objective(b) {
    const cap = budgetOf(b.input);
    if (!cap || cap.hard) return;
    const perHour = b.weights.overBudget;
    if (perHour === 0) return;
    if (cap.maxPaidMinutes !== undefined)
      limit(
        b,
        'budget:minutes',
        totalExpr(b, () => 1),
        cap.maxPaidMinutes,
        false,
        perHour / 60,
      );
    if (cap.maxPay !== undefined)
      limit(
        b,
        'budget:pay',
        totalExpr(b, payPerMinute),
        cap.maxPay,
        false,
        perHour / meanHourlyCost(b.input),
      );
  },
  checkSchedule({ input, placedByStaff }) {
    const cap = budgetOf(input);
    if (!cap?.hard) return [];
    const people = new Map(
      [...placedByStaff].map(([id, placed]) => [
        id,
        { minutes: placed.reduce((m, p) => m + paidMinutes(p.shift), 0) },
      ]),
    );
    const { minutes, pay } = totalsOf(input, people);
    const violations = [];
    if (cap.maxPaidMinutes !== undefined && minutes > cap.maxPaidMinutes)
      violations.push({
        rule: 'BUDGET' as const,
        message: `The schedule plans ${formatHours(minutes)} of paid time, over the budget of ${formatHours(cap.maxPaidMinutes)}.`,
      });
    if (cap.maxPay !== undefined && pay > cap.maxPay + 1e-6)
      violations.push({
        rule: 'BUDGET' as const,
        message: `The schedule plans ${pay.toFixed(2)} of pay, over the budget of ${cap.maxPay.toFixed(2)}.`,
      });
    return violations;
  },
  score(s, terms) {
    const cap = budgetOf(s.input);
    if (!cap || cap.hard) return;
    const people = new Map(s.people.map((p) => [p.person.id, { minutes: p.total }]));
    const { minutes, pay } = totalsOf(s.input, people);
    const perHour = s.weights.overBudget;
    if (cap.maxPaidMinutes !== undefined)
      terms.overBudget += (perHour * Math.max(0, minutes - cap.maxPaidMinutes)) / 60;
    if (cap.maxPay !== undefined)
      terms.overBudget += (perHour * Math.max(0, pay - cap.maxPay)) / meanHourlyCost(s.input);
  },
};

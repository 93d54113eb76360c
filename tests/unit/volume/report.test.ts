import { describe, expect, it } from 'vitest';
import { weekReport, type ReportInput } from '../../../server/volume/report';

const NO_BUDGET = { hours: null, cents: null, centsFrom: null, hard: false, weightOverBudget: 100 };
const EIGHT_HOURS = 8 * 60;
const RATE = 2000; // $20.00 an hour

function input(overrides: Partial<ReportInput>): ReportInput {
  return {
    shifts: [],
    overtimeThresholdMinutes: 40 * 60,
    overtimeMultiplier: 1.5,
    coverageGaps: 0,
    callOuts: 0,
    forecastPrescriptions: 0,
    actualPrescriptions: null,
    forecastError: null,
    forecastErrorDays: 0,
    budget: NO_BUDGET,
    ...overrides,
  };
}

describe('weekReport', () => {
  it('pays hours over the weekly threshold at the overtime rate, per person', () => {
    // Ann works six 8-hour shifts (48 h: 8 h overtime); Ben two (16 h).
    const shifts = [
      ...Array.from({ length: 6 }, () => ({ staffId: 1, hourlyRateCents: RATE, paidMinutes: EIGHT_HOURS })),
      ...Array.from({ length: 2 }, () => ({ staffId: 2, hourlyRateCents: RATE, paidMinutes: EIGHT_HOURS })),
    ];
    const report = weekReport(input({ shifts }));
    expect(report.labourHours).toBe(64);
    expect(report.overtimeHours).toBe(8);
    expect(report.costCents).toBe(40 * RATE + 8 * RATE * 1.5 + 16 * RATE);
  });

  it('gives prescriptions per labour hour, planned and actual, and the budget difference', () => {
    const shifts = Array.from({ length: 10 }, (_, i) => ({
      staffId: i,
      hourlyRateCents: RATE,
      paidMinutes: EIGHT_HOURS,
    }));
    const report = weekReport(
      input({
        shifts,
        forecastPrescriptions: 1200,
        actualPrescriptions: 1000,
        budget: { hours: 70, cents: 200_000, centsFrom: 'amount', hard: false, weightOverBudget: 100 },
      }),
    );
    expect(report.plannedRxPerHour).toBe(15);
    expect(report.actualRxPerHour).toBe(12.5);
    expect(report.hoursOverBudget).toBe(10);
    expect(report.centsOverBudget).toBe(80 * RATE - 200_000);
  });

  it('has no rates per hour for a week without shifts, rather than dividing by zero', () => {
    const report = weekReport(input({ forecastPrescriptions: 900 }));
    expect(report.plannedRxPerHour).toBeNull();
    expect(report.actualRxPerHour).toBeNull();
    expect(report.hoursOverBudget).toBeNull();
  });
});

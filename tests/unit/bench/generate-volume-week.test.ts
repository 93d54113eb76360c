import { describe, expect, it } from 'vitest';
import { generateVolumeWeek } from '../../../bench/generate-volume-week';

describe('generateVolumeWeek', () => {
  const week = generateVolumeWeek(30, 1);
  const demanded = (day: number, type: string, position: string) =>
    week.input.demands.find((d) => d.shift === `d${day}-${type}` && d.position === position)?.min ?? 0;

  it('is the same week for the same seed', () => {
    expect(generateVolumeWeek(30, 1)).toEqual(week);
  });

  it('asks for more people on the busy Monday than on the quiet Sunday, and a pharmacist whenever open', () => {
    const people = (day: number) =>
      week.input.demands.filter((d) => d.shift.startsWith(`d${day}-`)).reduce((n, d) => n + d.min, 0);
    expect(people(0)).toBeGreaterThan(people(6));
    for (let day = 0; day < 7; day++) {
      expect(demanded(day, 'D', 'PHARMACIST')).toBeGreaterThanOrEqual(1);
      expect(demanded(day, 'E', 'PHARMACIST')).toBeGreaterThanOrEqual(1);
    }
  });

  it('holds the week to a soft budget: the revenue share in pay and 95 % of the demanded paid hours', () => {
    expect(week.forecastPrescriptions).toBeGreaterThan(2000);
    expect(week.input.rules?.budget).toEqual({
      maxPaidMinutes: Math.round(week.requiredHours * 0.95) * 60,
      maxPay: Math.round(week.forecastPrescriptions * 6200 * 0.13) / 100,
      hard: false,
    });
    expect(week.input.weights?.overBudget).toBe(40);
  });
});

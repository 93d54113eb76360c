import { describe, expect, it } from 'vitest';
import { verifySchedule } from '../../../solver/core/verify';
import type { Assignment } from '../../../solver/core/types';
import {
  HOUR,
  IV_TECH,
  PHARMACIST,
  TECHNICIAN,
  dayAndEvening,
  demand,
  makeInput,
  person,
  shift,
} from './helpers';

const ANA = 'Ana';
const BEN = 'Ben';
const a = (staff: string, shiftId: string, position = TECHNICIAN): Assignment => ({
  staff,
  shift: shiftId,
  position,
});

describe('verifySchedule', () => {
  it('accepts an empty schedule', () => {
    const input = makeInput({ shifts: dayAndEvening(2), staff: [person(ANA, [TECHNICIAN])] });
    expect(verifySchedule(input, [])).toEqual([]);
  });

  it('UNKNOWN_REFERENCE: names the unknown staff member', () => {
    const input = makeInput({ shifts: dayAndEvening(1), staff: [] });
    expect(verifySchedule(input, [a('Zed', 'D0')])).toEqual([
      expect.objectContaining({
        rule: 'UNKNOWN_REFERENCE',
        message: 'Assignment of Zed to D0 as TECHNICIAN refers to an unknown staff member.',
      }),
    ]);
  });

  it('UNQUALIFIED: quotes the caller-supplied reason', () => {
    const input = makeInput({
      shifts: dayAndEvening(1),
      staff: [
        person(BEN, [TECHNICIAN], {
          unqualifiedReasons: [{ position: IV_TECH, reason: 'CSPT expired on 2026-03-01' }],
        }),
      ],
    });
    expect(verifySchedule(input, [a(BEN, 'D0', IV_TECH)])).toEqual([
      {
        rule: 'UNQUALIFIED',
        message: 'Ben is not qualified as IV_TECH on Mon 07:00–15:00 (CSPT expired on 2026-03-01).',
        staff: BEN,
        shifts: ['D0'],
      },
    ]);
  });

  it('UNQUALIFIED: a per-shift qualification list replaces the general one', () => {
    const input = makeInput({
      shifts: dayAndEvening(1),
      staff: [person(BEN, [IV_TECH], { qualifiedByShift: { D0: [TECHNICIAN] } })],
    });
    expect(verifySchedule(input, [a(BEN, 'D0', IV_TECH)]).map((v) => v.rule)).toEqual(['UNQUALIFIED']);
    expect(verifySchedule(input, [a(BEN, 'E0', IV_TECH)])).toEqual([]);
  });

  it('UNAVAILABLE: gives the reason', () => {
    const input = makeInput({
      shifts: dayAndEvening(1),
      staff: [
        person(ANA, [TECHNICIAN], {
          availability: { D0: { status: 'unavailable', reason: 'approved time off' } },
        }),
      ],
    });
    expect(verifySchedule(input, [a(ANA, 'D0')])).toEqual([
      {
        rule: 'UNAVAILABLE',
        message: 'Ana is unavailable for Mon 07:00–15:00 (approved time off).',
        staff: ANA,
        shifts: ['D0'],
      },
    ]);
  });

  it('DUPLICATE: one person twice on one shift', () => {
    const input = makeInput({ shifts: dayAndEvening(1), staff: [person(ANA, [TECHNICIAN, IV_TECH])] });
    const v = verifySchedule(input, [a(ANA, 'D0'), a(ANA, 'D0', IV_TECH)]);
    expect(v.map((x) => x.rule)).toEqual(['DUPLICATE']);
    expect(v[0]?.message).toBe('Ana is assigned twice to Mon 07:00–15:00 (TECHNICIAN, IV_TECH).');
  });

  it('OVERLAP: two shifts that overlap in time', () => {
    const input = makeInput({
      shifts: [shift('A', 0, 7, 15), shift('B', 0, 12, 20)],
      staff: [person(ANA, [TECHNICIAN])],
      rules: { maxShiftsPerDay: 2, minRestMinutes: 0, maxConsecutiveDays: null },
    });
    expect(verifySchedule(input, [a(ANA, 'A'), a(ANA, 'B')])).toEqual([
      {
        rule: 'OVERLAP',
        message: 'Ana works Mon 07:00–15:00 and Mon 12:00–20:00, which overlap.',
        staff: ANA,
        shifts: ['A', 'B'],
      },
    ]);
  });

  it('MIN_REST: rest after an evening before a day shift is 8 h when the site requires 10 h', () => {
    const input = makeInput({
      shifts: dayAndEvening(2),
      staff: [person(ANA, [TECHNICIAN])],
      rules: { minRestMinutes: 10 * HOUR, maxConsecutiveDays: null },
    });
    expect(verifySchedule(input, [a(ANA, 'E0'), a(ANA, 'D1')])).toEqual([
      {
        rule: 'MIN_REST',
        message:
          "Ana's rest after Mon 15:00–23:00 before Tue 07:00–15:00 would be 8 h, the site requires 10 h.",
        staff: ANA,
        shifts: ['E0', 'D1'],
      },
    ]);
  });

  it('FORBIDDEN_SUCCESSION: an N shift may not be followed by a D shift the next day', () => {
    const input = makeInput({
      shifts: [shift('N0', 0, 0, 8, 'N'), shift('D1', 1, 9, 17, 'D')],
      staff: [person(ANA, [TECHNICIAN])],
      rules: { minRestMinutes: 0, forbiddenSuccessions: [{ from: 'N', to: 'D' }], maxConsecutiveDays: null },
    });
    expect(verifySchedule(input, [a(ANA, 'N0'), a(ANA, 'D1')]).map((v) => v.rule)).toEqual([
      'FORBIDDEN_SUCCESSION',
    ]);
  });

  it('MAX_SHIFTS_PER_DAY: two shifts on one day when one is allowed', () => {
    const input = makeInput({
      shifts: [shift('A', 0, 6, 10), shift('B', 0, 20, 23)],
      staff: [person(ANA, [TECHNICIAN])],
      rules: { minRestMinutes: 0, maxConsecutiveDays: null },
    });
    expect(verifySchedule(input, [a(ANA, 'A'), a(ANA, 'B')])).toEqual([
      expect.objectContaining({
        rule: 'MAX_SHIFTS_PER_DAY',
        message: 'Ana works 2 shifts on Mon 2 Mar; at most 1 allowed.',
      }),
    ]);
  });

  it('MAX_MINUTES_WEEK: 48 h against a 40 h cap', () => {
    const input = makeInput({
      shifts: dayAndEvening(7),
      staff: [person(ANA, [TECHNICIAN], { maxMinutesPerWeek: 40 * HOUR })],
    });
    const six = [0, 1, 2, 3, 4, 5].map((d) => a(ANA, `D${d}`));
    expect(verifySchedule(input, six)).toEqual([
      expect.objectContaining({
        rule: 'MAX_MINUTES_WEEK',
        message: 'Ana would work 48 h in week 1, more than the maximum 40 h.',
      }),
    ]);
  });

  it('MAX_MINUTES_TOTAL and hard MIN_MINUTES_TOTAL', () => {
    const input = makeInput({
      shifts: dayAndEvening(3),
      staff: [
        person(ANA, [TECHNICIAN], { maxMinutesTotal: 16 * HOUR }),
        person(BEN, [TECHNICIAN], { minMinutesTotal: 16 * HOUR, minMinutesHard: true }),
      ],
    });
    const v = verifySchedule(input, [a(ANA, 'D0'), a(ANA, 'D1'), a(ANA, 'D2'), a(BEN, 'E1')]);
    expect(v.map((x) => [x.rule, x.message])).toEqual([
      ['MAX_MINUTES_TOTAL', 'Ana would work 24 h in the period, more than the maximum 16 h.'],
      ['MIN_MINUTES_TOTAL', 'Ben would work 8 h in the period, less than the required 16 h.'],
    ]);
  });

  it('MAX_SHIFTS_PER_TYPE: three evenings against a cap of two', () => {
    const input = makeInput({
      shifts: dayAndEvening(3),
      staff: [person(ANA, [TECHNICIAN], { maxShiftsPerType: { E: 2 } })],
    });
    expect(verifySchedule(input, [a(ANA, 'E0'), a(ANA, 'E1'), a(ANA, 'E2')]).map((v) => v.message)).toEqual([
      'Ana works 3 E shifts; at most 2 allowed.',
    ]);
  });

  it('MAX_CONSECUTIVE_DAYS: seven days in a row when six are allowed', () => {
    const input = makeInput({
      shifts: dayAndEvening(7),
      staff: [person(ANA, [TECHNICIAN])],
      rules: { maxConsecutiveDays: 6 },
    });
    const seven = [0, 1, 2, 3, 4, 5, 6].map((d) => a(ANA, `D${d}`));
    expect(verifySchedule(input, seven).map((v) => v.message)).toEqual([
      'Ana works 7 days in a row (Mon 2 Mar to Sun 8 Mar); at most 6 allowed.',
    ]);
  });

  it('MIN_CONSECUTIVE_DAYS: a lone working day inside the horizon, but not at its edges', () => {
    const input = makeInput({
      shifts: dayAndEvening(5),
      staff: [person(ANA, [TECHNICIAN], { minConsecutiveDays: 2 })],
    });
    expect(verifySchedule(input, [a(ANA, 'D2')]).map((v) => v.message)).toEqual([
      'Ana works only 1 day in a row (Wed 4 Mar to Wed 4 Mar); at least 2 required.',
    ]);
    expect(verifySchedule(input, [a(ANA, 'D0'), a(ANA, 'D4')])).toEqual([]);
  });

  it('MIN_CONSECUTIVE_DAYS_OFF: a single day off between working days', () => {
    const input = makeInput({
      shifts: dayAndEvening(4),
      staff: [person(ANA, [TECHNICIAN], { minConsecutiveDaysOff: 2 })],
    });
    expect(verifySchedule(input, [a(ANA, 'D0'), a(ANA, 'D2'), a(ANA, 'D3')]).map((v) => v.message)).toEqual([
      'Ana has only 1 day off in a row (Tue 3 Mar to Tue 3 Mar); at least 2 required.',
    ]);
  });

  it('MAX_WEEKENDS: a Saturday and the next Sunday are one weekend', () => {
    const input = makeInput({
      shifts: dayAndEvening(14),
      staff: [person(ANA, [TECHNICIAN], { maxWeekends: 1 })],
    });
    expect(verifySchedule(input, [a(ANA, 'D5'), a(ANA, 'D6')])).toEqual([]);
    expect(verifySchedule(input, [a(ANA, 'D5'), a(ANA, 'D13')]).map((v) => v.message)).toEqual([
      'Ana works 2 weekends; at most 1 allowed.',
    ]);
  });

  it('RATIO: five technicians with one pharmacist when the ratio is 4', () => {
    const techs = ['T1', 'T2', 'T3', 'T4', 'T5'];
    const input = makeInput({
      shifts: dayAndEvening(1),
      staff: [person('Rx', [PHARMACIST]), ...techs.map((t) => person(t, [TECHNICIAN]))],
      rules: { technicianRatio: 4, maxConsecutiveDays: null },
    });
    const schedule = [a('Rx', 'D0', PHARMACIST), ...techs.map((t) => a(t, 'D0'))];
    expect(verifySchedule(input, schedule).map((v) => v.message)).toEqual([
      'At Mon 2 Mar 07:00, 5 technicians would be on duty with 1 pharmacist; at most 4 per pharmacist allowed.',
    ]);
    expect(verifySchedule(input, schedule.slice(0, 5))).toEqual([]);
  });

  it('RATIO: counts every instant, including after the pharmacist has left', () => {
    const input = makeInput({
      shifts: [shift('RX', 0, 8, 16), shift('T', 0, 12, 20)],
      staff: [person('Rx', [PHARMACIST]), person('Tech', [TECHNICIAN])],
      rules: { technicianRatio: 4, maxConsecutiveDays: null },
    });
    expect(verifySchedule(input, [a('Rx', 'RX', PHARMACIST), a('Tech', 'T')]).map((v) => v.message)).toEqual([
      'At Mon 2 Mar 16:00, 1 technician would be on duty with 0 pharmacists; at most 4 per pharmacist allowed.',
    ]);
  });

  it('MAX_COVER: more people than the hard cap', () => {
    const input = makeInput({
      shifts: dayAndEvening(1),
      staff: [person(ANA, [TECHNICIAN]), person(BEN, [TECHNICIAN])],
      demands: [demand('D0', TECHNICIAN, 1, { max: 1 })],
    });
    expect(verifySchedule(input, [a(ANA, 'D0'), a(BEN, 'D0')]).map((v) => v.message)).toEqual([
      'Mon 07:00–15:00 has 2 TECHNICIAN assigned; at most 1 allowed.',
    ]);
  });

  it('LOCKED: a locked assignment missing from the schedule', () => {
    const input = makeInput({
      shifts: dayAndEvening(1),
      staff: [person(ANA, [TECHNICIAN])],
      locked: [a(ANA, 'D0')],
    });
    expect(verifySchedule(input, []).map((v) => v.message)).toEqual([
      'The locked assignment of Ana to Mon 07:00–15:00 as TECHNICIAN is missing.',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { explainGaps, solveSchedule } from '../../../solver';
import type { ScheduleInput } from '../../../solver/core/types';
import { gapWords } from '../../../server/scheduling/gap-words';
import { HOUR, IV_TECH, TECHNICIAN, demand, makeInput, person, shift } from './helpers';

const MONDAY_EVENING = 'E0';
const TUESDAY_IV_ROOM = 'IV1';
const LATER_DAYS = [2, 3, 4, 5, 6];
const WEEK_CAP = 40 * HOUR;

/** The design document's example: Tue 07:00 IV room needs 3 IV techs and only 2 can come. */
function ivRoomTuesday(): ScheduleInput {
  const shifts = [
    shift(MONDAY_EVENING, 0, 15, 23, 'E'),
    { ...shift(TUESDAY_IV_ROOM, 1, 7, 15, 'IV'), label: 'Tue 07:00 IV room' },
    ...LATER_DAYS.map((d) => shift(`D${d}`, d, 7, 15, 'D')),
  ];
  return makeInput({
    shifts,
    staff: [
      person('Eva', [IV_TECH]),
      person('Fay', [IV_TECH]),
      person('Ana', [IV_TECH], {
        availability: { [TUESDAY_IV_ROOM]: { status: 'unavailable', reason: 'approved time off' } },
      }),
      person('Ben', [TECHNICIAN], {
        unqualifiedReasons: [{ position: IV_TECH, reason: 'CSPT expired on 2026-03-02' }],
      }),
      person('Cy', [IV_TECH, TECHNICIAN], { maxMinutesPerWeek: WEEK_CAP }),
      person('Dee', [IV_TECH, TECHNICIAN]),
    ],
    demands: [
      demand(TUESDAY_IV_ROOM, IV_TECH, 3),
      demand(MONDAY_EVENING, TECHNICIAN, 1),
      ...LATER_DAYS.map((d) => demand(`D${d}`, TECHNICIAN, 1)),
    ],
    locked: [
      { staff: 'Dee', shift: MONDAY_EVENING, position: TECHNICIAN },
      ...LATER_DAYS.map((d) => ({ staff: 'Cy', shift: `D${d}`, position: TECHNICIAN })),
    ],
    rules: { minRestMinutes: 10 * HOUR, maxConsecutiveDays: null },
  });
}

describe('explainGaps', () => {
  it('names every candidate with the exact rule that stops them, and the smallest change', async () => {
    const input = ivRoomTuesday();
    const result = await solveSchedule(input, { engine: 'highs', inThread: true });
    expect(result.gaps).toEqual([
      { shift: TUESDAY_IV_ROOM, position: IV_TECH, required: 3, assigned: 2, missing: 1 },
    ]);
    const [explanation] = explainGaps(input, result);
    expect(explanation?.candidates.map((c) => [c.name, c.code])).toEqual([
      ['Ana', 'UNAVAILABLE'],
      ['Ben', 'UNQUALIFIED'],
      ['Cy', 'MAX_MINUTES_WEEK'],
      ['Dee', 'MIN_REST'],
    ]);
    expect(explanation?.candidates.map((c) => c.violations.map((v) => v.rule))).toEqual([
      ['UNAVAILABLE'],
      ['UNQUALIFIED'],
      ['MAX_MINUTES_WEEK'],
      ['MIN_REST'],
    ]);
    expect(explanation?.noFix).toEqual({
      because: 'nearest',
      nearest: {
        staff: 'Cy',
        name: 'Cy',
        violation: expect.objectContaining({
          rule: 'MAX_MINUTES_WEEK',
          staff: 'Cy',
          shifts: expect.arrayContaining([TUESDAY_IV_ROOM]),
        }),
      },
    });
    // The app's words for it (server/scheduling/gap-words.ts).
    const words = gapWords(input, explanation!);
    expect(words.summary).toBe(
      'Tue 07:00 IV room IV tech: 2 of 3 — Ana is unavailable for Tue 07:00 IV room (approved time off). ' +
        'Ben is not qualified as IV_TECH on Tue 07:00 IV room (CSPT expired on 2026-03-02). ' +
        'Cy would work 48 h in week 1, more than the maximum 40 h. ' +
        "Dee's rest after Mon 15:00–23:00 before Tue 07:00 IV room would be 8 h, the site requires 10 h.",
    );
    // Relaxing a rule is not a fix: the edit check would refuse it. Nobody else can move (Cy's and
    // Dee's shifts are locked), so there is no fix, and the nearest person is named with the rule.
    expect(explanation?.fix).toBeUndefined();
    expect(words.suggestion).toBe(
      'No change fills it without breaking a rule: nobody who works as IV tech is free; ' +
        'the nearest: Cy would work 48 h in week 1, more than the maximum 40 h.',
    );
  });

  it('proposes moving someone whose slot stays covered, and the move is accepted', () => {
    const input = makeInput({
      shifts: [shift('A', 0, 7, 15), shift('B', 0, 8, 16)],
      staff: [person('Tia', [TECHNICIAN]), person('Uma', [TECHNICIAN])],
      demands: [demand('A', TECHNICIAN, 1), demand('B', TECHNICIAN, 1)],
    });
    const assignments = [
      { staff: 'Tia', shift: 'B', position: TECHNICIAN },
      { staff: 'Uma', shift: 'B', position: TECHNICIAN },
    ];
    const [explanation] = explainGaps(input, {
      assignments,
      gaps: [{ shift: 'A', position: TECHNICIAN, required: 1, assigned: 0, missing: 1 }],
      status: 'optimal',
    });
    expect(explanation?.fix).toEqual({
      removes: [{ staff: 'Tia', shift: 'B', position: TECHNICIAN }],
      adds: [{ staff: 'Tia', shift: 'A', position: TECHNICIAN }],
    });
    expect(explanation?.noFix).toBeUndefined();
    expect(gapWords(input, explanation!).suggestion).toBe(
      'Move Tia from Mon 08:00–16:00 (Technician) to this shift; Mon 08:00–16:00 keeps enough Technician without them.',
    );
  });

  it('does not credit the optimiser for a free person when the data changed since the solve', () => {
    const input = makeInput({
      shifts: [shift('A', 0, 7, 15)],
      staff: [person('Nia', [TECHNICIAN])],
      demands: [demand('A', TECHNICIAN, 1)],
    });
    const [explanation] = explainGaps(
      input,
      {
        assignments: [],
        gaps: [{ shift: 'A', position: TECHNICIAN, required: 1, assigned: 0, missing: 1 }],
        status: 'optimal',
      },
      { changedSinceSolve: true },
    );
    expect(explanation?.candidates).toEqual([
      { staff: 'Nia', name: 'Nia', code: 'FREE', violations: [], freeBecause: 'changed' },
    ]);
    expect(explanation?.fix).toEqual({
      removes: [],
      adds: [{ staff: 'Nia', shift: 'A', position: TECHNICIAN }],
    });
  });

  it('says so when nobody holds the position', async () => {
    const input = makeInput({
      shifts: [shift('D0', 0, 7, 15)],
      staff: [person('Ana', [TECHNICIAN])],
      demands: [demand('D0', IV_TECH, 1)],
    });
    const result = await solveSchedule(input, { engine: 'highs', inThread: true });
    const [explanation] = explainGaps(input, result);
    expect(explanation?.candidates).toEqual([]);
    expect(explanation).toEqual({
      shift: 'D0',
      day: 0,
      position: IV_TECH,
      required: 1,
      assigned: 0,
      candidates: [],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { computeCoverageGaps, readSolverGapNotes } from '../../../server/scheduling/coverage-gaps.service';
import {
  diffSlots,
  formatChange,
  summarizeChanges,
  type SlotFact,
} from '../../../server/scheduling/schedule-changes';
import { buildScheduleCsv } from '../../../server/scheduling/schedule-export.service';
import type { SlotRow } from '../../../server/scheduling/assignments.repository';
import { csvCell } from '../../../server/lib/csv';

const MONDAY = '2026-11-30';
const TUESDAY = '2026-12-01';
const DAY = { templateId: 1, templateName: 'Day pharmacy', startMinute: 420, endMinute: 930 };
const EVENING = { templateId: 2, templateName: 'Evening pharmacy', startMinute: 900, endMinute: 1410 };
const NIGHT = { templateId: 3, templateName: 'Overnight pharmacist', startMinute: 1380, endMinute: 450 };
const PHARMACIST = { positionId: 10, positionName: 'Pharmacist' };
const TECHNICIAN = { positionId: 11, positionName: 'Technician' };
const PRIYA = { staffId: 100, staffName: 'Priya Raman' };
const MARCUS = { staffId: 101, staffName: 'Marcus Bell' };

function slot(
  who: typeof PRIYA,
  shiftDate: string,
  shift: typeof DAY,
  position: typeof PHARMACIST = PHARMACIST,
): SlotFact {
  return { ...who, shiftDate, ...shift, ...position };
}

describe('diffSlots', () => {
  it('finds nothing when two versions have the same assignments in another order', () => {
    const a = [slot(PRIYA, MONDAY, DAY), slot(MARCUS, MONDAY, EVENING)];
    expect(diffSlots(a, [...a].reverse())).toEqual([]);
  });

  it('names a person added to and a person removed from a shift', () => {
    const changes = diffSlots([slot(PRIYA, MONDAY, DAY)], [slot(MARCUS, MONDAY, DAY)]);
    expect(changes.map((c) => [c.kind, c.staffName])).toEqual([
      ['added', 'Marcus Bell'],
      ['removed', 'Priya Raman'],
    ]);
    expect(changes.map(formatChange)).toEqual([
      'Mon 30 Nov: Marcus Bell added to Day pharmacy 07:00–15:30 as Pharmacist',
      'Mon 30 Nov: Priya Raman removed from Day pharmacy 07:00–15:30 (Pharmacist)',
    ]);
  });

  it('calls a change of shift on the same day a move', () => {
    const [change, ...rest] = diffSlots([slot(PRIYA, MONDAY, DAY)], [slot(PRIYA, MONDAY, EVENING)]);
    expect(rest).toEqual([]);
    expect(change?.kind).toBe('moved');
    expect(formatChange(change!)).toBe(
      'Mon 30 Nov: Priya Raman moved from Day pharmacy 07:00–15:30 (Pharmacist) to Evening pharmacy 15:00–23:30 (Pharmacist)',
    );
  });

  it('keeps a shift on another day as one removal and one addition, not a move', () => {
    const changes = diffSlots([slot(PRIYA, MONDAY, DAY)], [slot(PRIYA, TUESDAY, DAY)]);
    expect(changes.map((c) => `${c.kind} ${c.shiftDate}`)).toEqual([`removed ${MONDAY}`, `added ${TUESDAY}`]);
  });

  it('reports the same shift worked in another position as a position change', () => {
    const [change] = diffSlots(
      [slot(MARCUS, TUESDAY, DAY, TECHNICIAN)],
      [slot(MARCUS, TUESDAY, DAY, PHARMACIST)],
    );
    expect(change?.kind).toBe('position');
    expect(formatChange(change!)).toBe(
      'Tue 1 Dec: Marcus Bell on Day pharmacy 07:00–15:30 now works as Pharmacist instead of Technician',
    );
  });

  it('shows an overnight shift with its real end time', () => {
    const [change] = diffSlots([], [slot(MARCUS, TUESDAY, NIGHT)]);
    expect(formatChange(change!)).toBe(
      'Tue 1 Dec: Marcus Bell added to Overnight pharmacist 23:00–07:30 as Pharmacist',
    );
  });

  it('orders changes by day, then shift start, then name', () => {
    const changes = diffSlots(
      [],
      [
        slot(PRIYA, TUESDAY, DAY),
        slot(MARCUS, MONDAY, EVENING),
        slot(PRIYA, MONDAY, EVENING),
        slot(MARCUS, MONDAY, DAY),
      ],
    );
    expect(changes.map((c) => `${c.shiftDate} ${c.after?.templateId} ${c.staffName}`)).toEqual([
      `${MONDAY} 1 Marcus Bell`,
      `${MONDAY} 2 Marcus Bell`,
      `${MONDAY} 2 Priya Raman`,
      `${TUESDAY} 1 Priya Raman`,
    ]);
  });
});

describe('summarizeChanges', () => {
  it('counts the assignments of a first version', () => {
    expect(summarizeChanges(null, [], 42)).toBe('First published version: 42 assignments.');
  });

  it('says so when a new version changes nothing', () => {
    expect(summarizeChanges(2, [], 42)).toBe('No changes against version 2.');
  });

  it('heads the list with the counts per kind and puts one change per line', () => {
    const changes = diffSlots(
      [slot(PRIYA, MONDAY, DAY), slot(MARCUS, MONDAY, DAY)],
      [slot(PRIYA, MONDAY, EVENING), slot(MARCUS, TUESDAY, DAY)],
    );
    expect(summarizeChanges(1, changes, 2).split('\n')).toEqual([
      'Changes against version 1 (1 added, 1 removed, 1 moved):',
      '- Mon 30 Nov: Marcus Bell removed from Day pharmacy 07:00–15:30 (Pharmacist)',
      '- Mon 30 Nov: Priya Raman moved from Day pharmacy 07:00–15:30 (Pharmacist) to Evening pharmacy 15:00–23:30 (Pharmacist)',
      '- Tue 1 Dec: Marcus Bell added to Day pharmacy 07:00–15:30 as Pharmacist',
    ]);
  });
});

describe('computeCoverageGaps', () => {
  const templates = [
    {
      ...DAY,
      id: 1,
      name: 'Day pharmacy',
      weekdays: [1, 2, 3, 4, 5],
      coverage: [
        { positionId: 10, positionName: 'Pharmacist', positionOrder: 1, min: 1, max: 2 },
        { positionId: 11, positionName: 'Technician', positionOrder: 2, min: 2, max: null },
      ],
    },
  ];

  it('lists each shift position below its minimum on the days the shift runs, and no weekend day', () => {
    const gaps = computeCoverageGaps({ start: MONDAY, end: '2026-12-06' }, templates, [
      { shiftDate: MONDAY, templateId: 1, positionId: 10 },
      { shiftDate: MONDAY, templateId: 1, positionId: 11 },
      { shiftDate: MONDAY, templateId: 1, positionId: 11 },
      { shiftDate: TUESDAY, templateId: 1, positionId: 11 },
    ]);
    expect(gaps.filter((g) => g.shiftDate === MONDAY)).toEqual([]);
    expect(
      gaps
        .filter((g) => g.shiftDate === TUESDAY)
        .map((g) => [g.positionName, g.assigned, g.required, g.missing]),
    ).toEqual([
      ['Pharmacist', 0, 1, 1],
      ['Technician', 1, 2, 1],
    ]);
    expect(new Set(gaps.map((g) => g.shiftDate))).toEqual(
      new Set([TUESDAY, '2026-12-02', '2026-12-03', '2026-12-04']),
    );
  });
});

describe('CSV export', () => {
  it('escapes cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('Ana, RPh')).toBe('"Ana, RPh"');
    expect(csvCell('Plain')).toBe('Plain');
  });

  it('writes a header row and one CRLF line per assignment, overnight shifts flagged, with paid hours', () => {
    const row: SlotRow = {
      id: 1,
      ...slot(MARCUS, TUESDAY, NIGHT),
      positionColor: '#000',
      positionOrder: 1,
      locked: true,
      source: 'MANUAL',
      breakMinutes: 30,
      breakStartMinute: null,
    };
    // The night the clocks fall back (New York) is an hour longer: 9.5 h, 8.75 of them paid.
    const fallBack: SlotRow = { ...row, id: 2, shiftDate: '2026-10-31', breakMinutes: 45 };
    expect(buildScheduleCsv([row, fallBack], 'America/New_York')).toBe(
      'Date,Day,Shift,Start,End,Ends next day,Unpaid break (min),Paid hours,Position,Staff,Locked,Source\r\n' +
        '2026-12-01,Tue,Overnight pharmacist,23:00,07:30,yes,30,8,Pharmacist,Marcus Bell,yes,manual\r\n' +
        '2026-10-31,Sat,Overnight pharmacist,23:00,07:30,yes,45,8.75,Pharmacist,Marcus Bell,yes,manual\r\n',
    );
  });
});

describe('readSolverGapNotes', () => {
  it('reads the explanations the solve stored, with their suggested fix', () => {
    const details = JSON.stringify({
      status: 'optimal',
      explanations: [
        { summary: 'Tue 07:00 IV room: 1 of 2 IV techs.', suggestion: 'Approve Ben for the shift.' },
        { summary: 'Sat 07:00 Weekend day: 1 of 2 pharmacists.' },
        { nothing: true },
      ],
    });
    expect(readSolverGapNotes(details)).toEqual([
      'Tue 07:00 IV room: 1 of 2 IV techs. Suggested: Approve Ben for the shift.',
      'Sat 07:00 Weekend day: 1 of 2 pharmacists.',
    ]);
  });

  it('reads nothing from a schedule made by hand or a malformed record', () => {
    expect(readSolverGapNotes(null)).toEqual([]);
    expect(readSolverGapNotes('{not json')).toEqual([]);
    expect(readSolverGapNotes('{"explanations": 3}')).toEqual([]);
  });
});

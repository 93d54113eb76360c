import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_CHARACTERS, parseRosterCsv } from '../../../server/people/staff-csv.service';
import { csvCell } from '../../../server/lib/csv';

const POSITIONS = new Map([
  ['PHARMACIST', 1],
  ['TECHNICIAN', 2],
  ['IV_TECH', 3],
]);
const HEADER = 'email,first_name,last_name,employment_type,hourly_rate,positions';

function errorsOf(text: string) {
  const r = parseRosterCsv(text, POSITIONS);
  return r.ok ? [] : r.errors.map((e) => `${e.line}: ${e.message}`);
}

describe('parseRosterCsv', () => {
  it('reads rows with defaults for the optional columns', () => {
    const r = parseRosterCsv(
      `${HEADER}\nana@example.org,Ana,Diaz,part-time,$22.50,TECHNICIAN;iv_tech\n`,
      POSITIONS,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows[0]).toMatchObject({
      line: 2,
      active: true,
      positionIds: [2, 3],
      form: {
        email: 'ana@example.org',
        employmentType: 'PART_TIME',
        hourlyRate: 2250,
        role: 'STAFF',
        targetWeeklyHours: 40,
        phone: null,
      },
    });
  });

  it('reports every bad row with its line number', () => {
    const errors = errorsOf(
      `${HEADER}\nok@example.org,Ok,Row,FULL_TIME,20,\nbad-email,,Row,FULL_TIME,twenty,\nz@example.org,Z,Z,FULL_TIME,20,CASHIER\n`,
    );
    expect(errors).toEqual([
      '3: first_name: Enter a first name.',
      '3: email: Enter an email address like name@example.org.',
      '3: hourly_rate: Enter an hourly rate in dollars, e.g. 23.50.',
      '4: positions: unknown position CASHIER; use codes such as PHARMACIST, TECHNICIAN, IV_TECH separated by ";".',
    ]);
  });

  it('counts lines of quoted multi-line fields and skips blank lines', () => {
    const errors = errorsOf(
      `${HEADER}\n\n"a@example.org","Multi\nLine",X,FULL_TIME,20,\nb@example.org,B,B,FULL_TIME,,\n`,
    );
    expect(errors).toEqual(['5: hourly_rate: Enter an hourly rate.']);
  });

  it('refuses a duplicate email within the file', () => {
    expect(errorsOf(`${HEADER}\na@example.org,A,A,FULL_TIME,20,\nA@Example.org,B,B,FULL_TIME,20,\n`)).toEqual(
      ['3: email: a@example.org already appears on line 2.'],
    );
  });

  it('checks the header: unknown and missing columns', () => {
    expect(errorsOf('email,first_name,shoe_size\na@example.org,A,42\n')).toEqual([
      '1: Unknown column "shoe_size"; use email, first_name, last_name, role, employment_type, hourly_rate, min_weekly_hours, target_weekly_hours, max_weekly_hours, phone, positions, active.',
      '1: The header lacks the columns last_name, employment_type, hourly_rate.',
    ]);
  });

  it('reports broken CSV, empty files and rows with the wrong number of fields', () => {
    expect(errorsOf('')).toEqual(['1: The file is empty: paste a CSV with a header row.']);
    expect(errorsOf(`${HEADER}\n`)).toEqual(['2: The file has a header but no rows.']);
    expect(errorsOf(`${HEADER}\na@example.org,A,A,FULL_TIME\n`)).toEqual(['2: Expected 6 fields, found 4.']);
    expect(errorsOf(`${HEADER}\n"a@example.org,A,A,FULL_TIME,20,\n`)[0]).toMatch(/This is not valid CSV/);
  });

  it('refuses files over the size limit', () => {
    expect(errorsOf(`${HEADER}\n${'x'.repeat(MAX_IMPORT_CHARACTERS)}`)[0]).toMatch(/too large/);
  });

  it('checks weekly hours in order and the active column', () => {
    const text =
      'email,first_name,last_name,employment_type,hourly_rate,min_weekly_hours,target_weekly_hours,max_weekly_hours,active\n' +
      'a@example.org,A,A,FULL_TIME,20,30,20,40,yes\nb@example.org,B,B,FULL_TIME,20,0,20,40,maybe\nc@example.org,C,C,PER_DIEM,20,0,0,16,no\n';
    expect(errorsOf(text)).toEqual([
      '2: target_weekly_hours: Target hours cannot be below the minimum.',
      '3: active: write yes or no.',
    ]);
    const r = parseRosterCsv(
      text
        .split('\n')
        .filter((l, i) => i === 0 || l.startsWith('c@'))
        .join('\n'),
      POSITIONS,
    );
    expect(r.ok && r.rows[0]!.active).toBe(false);
  });

  it('reads back a cell the export escaped', () => {
    const r = parseRosterCsv(
      `${HEADER},phone\na@example.org,A,${csvCell('=SUM(1)')},FULL_TIME,20,,${csvCell('+1 518 555 0100')}\n`,
      POSITIONS,
    );
    expect(r.ok && r.rows[0]!.form.lastName).toBe('=SUM(1)');
    expect(r.ok && r.rows[0]!.form.phone).toBe('+1 518 555 0100');
  });
});

describe('csvCell', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+15185550100')).toBe("'+15185550100");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('Ana')).toBe('Ana');
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('Diaz, Ana')).toBe('"Diaz, Ana"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });
});

// Prescription counts as the pharmacy system exports them: a CSV with a header row and the columns
// date, count, and optionally hour (0–23; empty or missing for a whole day), queue (NEW, REFILL,
// IV … — empty for all of them) and site (the pharmacy's name, for a chain's combined export).
// Every row is checked before anything is written; errors carry the file's line numbers.
import { readCsv } from '../lib/csv';
import { isIsoDate } from '../lib/time';

export const VOLUME_COLUMNS = ['date', 'hour', 'count', 'queue', 'site'] as const;
type Column = (typeof VOLUME_COLUMNS)[number];

/** A year of hourly counts for a site open 13 hours a day, with room to spare. */
export const MAX_VOLUME_ROWS = 20_000;
export const MAX_VOLUME_CHARACTERS = 600_000;
/** More prescriptions than any pharmacy fills in one day; a larger number is a typing mistake. */
export const MAX_COUNT = 100_000;

export interface VolumeRow {
  line: number;
  date: string;
  hour: number | null;
  queue: string;
  count: number;
}

export interface VolumeRowError {
  line: number;
  message: string;
}

const QUEUE = /^[A-Za-z][A-Za-z0-9 _-]{0,29}$/;

/** Parses and checks a volume CSV for the site named `siteName`, without touching the database. */
export function parseVolumeCsv(
  text: string,
  siteName: string,
): { ok: true; rows: VolumeRow[] } | { ok: false; errors: VolumeRowError[] } {
  const read = readCsv(text, {
    maxCharacters: MAX_VOLUME_CHARACTERS,
    tooLarge: `The file is too long: import at most ${MAX_VOLUME_ROWS} rows at a time.`,
  });
  if (!read.ok) return read;
  const { columns, body } = read;
  const unknown = columns.filter((c) => !(VOLUME_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0)
    return {
      ok: false,
      errors: [
        {
          line: 1,
          message: `Unknown column ${unknown.map((c) => `“${c}”`).join(', ')}: the columns are ${VOLUME_COLUMNS.join(', ')}.`,
        },
      ],
    };
  const missing = (['date', 'count'] as const).filter((c) => !columns.includes(c));
  if (missing.length > 0)
    return {
      ok: false,
      errors: [
        {
          line: 1,
          message: `The header needs the column${missing.length > 1 ? 's' : ''} ${missing.join(' and ')}.`,
        },
      ],
    };
  if (body.length > MAX_VOLUME_ROWS)
    return {
      ok: false,
      errors: [
        {
          line: 1,
          message: `The file has ${body.length} rows: import at most ${MAX_VOLUME_ROWS} at a time.`,
        },
      ],
    };

  const rows: VolumeRow[] = [];
  const errors: VolumeRowError[] = [];
  const seen = new Map<string, number>();
  for (const { record, line } of body) {
    if (record.length !== columns.length) {
      errors.push({ line, message: `Expected ${columns.length} fields, found ${record.length}.` });
      continue;
    }
    const cell = (c: Column) => (columns.includes(c) ? (record[columns.indexOf(c)] ?? '').trim() : '');
    const problems: string[] = [];
    const date = cell('date');
    if (!isIsoDate(date)) problems.push(`date “${date}” is not a date written YYYY-MM-DD`);
    const hourText = cell('hour');
    const hour = hourText === '' ? null : Number(hourText);
    if (hour !== null && !(Number.isInteger(hour) && hour >= 0 && hour <= 23))
      problems.push(`hour “${hourText}” is not a whole hour from 0 to 23 (leave it empty for a whole day)`);
    const countText = cell('count');
    const count = Number(countText);
    if (countText === '' || !Number.isInteger(count) || count < 0 || count > MAX_COUNT)
      problems.push(`count “${countText}” is not a whole number from 0 to ${MAX_COUNT}`);
    const queue = cell('queue').toUpperCase();
    if (queue !== '' && !QUEUE.test(queue))
      problems.push(`queue “${cell('queue')}” is not a queue name (letters, digits, spaces, - and _)`);
    const site = cell('site');
    if (site !== '' && site.toLowerCase() !== siteName.toLowerCase())
      problems.push(
        `site “${site}” is not this pharmacy (${siteName}); import each pharmacy's rows on its own page`,
      );
    const key = `${date}|${hour ?? ''}|${queue}`;
    if (problems.length === 0 && seen.has(key))
      problems.push(
        `the same ${hour === null ? 'day' : 'hour'}${queue ? ` and queue` : ''} is already on line ${seen.get(key)}`,
      );
    if (problems.length > 0) {
      errors.push({ line, message: capitalise(problems.join('; ')) + '.' });
      continue;
    }
    seen.set(key, line);
    rows.push({ line, date, hour, queue, count });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (rows.length === 0)
    return { ok: false, errors: [{ line: 2, message: 'The file has a header but no rows.' }] };
  return { ok: true, rows };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

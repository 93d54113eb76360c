// The one CSV writer (exports open in spreadsheets): RFC 4180 with CRLF line ends, and a guard
// against formula injection; and the one reader of imported files (roster, prescription counts).
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

type Cell = string | number | boolean;

/**
 * A cell a spreadsheet would read as a formula (=, +, -, @, tab, CR) gets a leading apostrophe,
 * as OWASP recommends, so opening the export cannot run anything; the importer strips it again.
 */
function guard(value: Cell): string {
  const s = String(value);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

const OPTIONS = {
  record_delimiter: '\r\n',
  // A lone CR or LF ends a line in a spreadsheet too, not only the CRLF record delimiter.
  quoted_match: /[\r\n]/,
} as const;

/** The header line and one line per row, each ending in CRLF; fields with a comma, quote or line break are quoted. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return stringify([header.map(guard), ...rows.map((row) => row.map(guard))], OPTIONS);
}

/** One field as it appears in a line of toCsv's output. */
export function csvCell(value: Cell): string {
  return stringify([[guard(value)]], OPTIONS).slice(0, -2);
}

export interface CsvRecord {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  record: string[];
}

export type CsvRead =
  | { ok: true; columns: string[]; headerLine: number; body: CsvRecord[] }
  | { ok: false; errors: { line: number; message: string }[] };

/**
 * Reads an imported CSV: its header (column names trimmed and lower-cased) and its rows with their
 * line numbers, or the one error that stops the whole file (empty, too large, not CSV, no header).
 */
export function readCsv(text: string, limit: { maxCharacters: number; tooLarge: string }): CsvRead {
  if (text.trim() === '')
    return { ok: false, errors: [{ line: 1, message: 'The file is empty: paste a CSV with a header row.' }] };
  if (text.length > limit.maxCharacters) return { ok: false, errors: [{ line: 1, message: limit.tooLarge }] };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return { ok: false, errors: [{ line, message: `This is not valid CSV: ${(err as Error).message}` }] };
  }
  const [header, ...rest] = records;
  if (!header) return { ok: false, errors: [{ line: 1, message: 'The file has no header row.' }] };
  return {
    ok: true,
    columns: header.record.map((h) => h.trim().toLowerCase()),
    headerLine: header.info.lines,
    body: rest.map(({ record, info }) => ({ line: info.lines, record })),
  };
}

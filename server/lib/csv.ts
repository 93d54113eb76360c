// The one CSV writer (exports open in spreadsheets): RFC 4180 with CRLF line ends, and a guard
// against formula injection.
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

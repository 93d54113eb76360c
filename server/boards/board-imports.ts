// Files from the pharmacy system for the boards, read and checked without touching the database:
// rejected claims (one billing issue per Rx number + date of service + BIN) and a reverse
// distributor's credit report (credits for vendor returns, found by RA number and, when one RA
// covers several returns, the NDC). Every row is checked before anything is written; errors carry
// the file's line numbers (the header is line 1).
import { readCsv, type CsvRecord } from '../lib/csv';
import { isIsoDate } from '../lib/time';
import { normaliseBin, normaliseNdc, parseMoneyToCents } from './ndc';

/** A busy pharmacy's rejected claims for a month, with room to spare. */
export const MAX_IMPORT_ROWS = 5_000;
export const MAX_IMPORT_CHARACTERS = 500_000;

export interface RowError {
  line: number;
  message: string;
}

export type ParsedFile<T> = { ok: true; rows: T[] } | { ok: false; errors: RowError[] };

export const CLAIM_COLUMNS = [
  'rx_number',
  'date_of_service',
  'bin',
  'pcn',
  'reject_code',
  'amount',
  'payer',
] as const;
const CLAIM_REQUIRED = ['rx_number', 'date_of_service', 'bin', 'reject_code', 'amount'] as const;

export const CREDIT_COLUMNS = ['ra_number', 'ndc', 'credit', 'reason'] as const;
const CREDIT_REQUIRED = ['ra_number', 'credit'] as const;

export interface ClaimRow {
  line: number;
  rxNumber: string;
  dateOfService: string;
  bin: string;
  /** null when the file has no PCN for the claim. */
  pcn: string | null;
  rejectCode: string;
  amountCents: number;
  /** null when the file names no payer. */
  payerName: string | null;
}

export interface CreditRow {
  line: number;
  raNumber: string;
  /** 11-digit NDC, or null when the report gives none. */
  ndc: string | null;
  creditCents: number;
  /** Why the credit is zero (or short), when the report says. */
  reason: string | null;
}

/** The key a claim is matched on: the same prescription fill billed to the same BIN. */
export function claimKey(c: { rxNumber: string; dateOfService: string; bin: string }): string {
  return `${c.rxNumber.toUpperCase()}|${c.dateOfService}|${c.bin}`;
}

/** RA numbers are matched without regard to case or surrounding spaces. */
export function raKey(ra: string): string {
  return ra.trim().toUpperCase();
}

/** "Rx number", "rx-number", "RX_NUMBER" → "rx_number". */
function columnName(header: string): string {
  return header.replace(/[\s-]+/g, '_');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The header checked against the known columns, and each body row as a lookup by column name. */
function readTable<C extends string>(
  text: string,
  known: readonly C[],
  required: readonly C[],
):
  | { ok: true; body: { line: number; cell: (c: C) => string }[]; errors: RowError[] }
  | { ok: false; errors: RowError[] } {
  const read = readCsv(text, {
    maxCharacters: MAX_IMPORT_CHARACTERS,
    tooLarge: `The file is too long: import at most ${MAX_IMPORT_ROWS} rows at a time.`,
  });
  if (!read.ok) return read;
  const columns = read.columns.map(columnName);
  const unknown = columns.filter((c) => !(known as readonly string[]).includes(c));
  if (unknown.length > 0)
    return {
      ok: false,
      errors: [
        {
          line: read.headerLine,
          message: `Unknown column ${unknown.map((c) => `“${c}”`).join(', ')}: the columns are ${known.join(', ')}.`,
        },
      ],
    };
  const missing = required.filter((c) => !columns.includes(c));
  if (missing.length > 0)
    return {
      ok: false,
      errors: [
        {
          line: read.headerLine,
          message: `The header needs the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`,
        },
      ],
    };
  if (read.body.length === 0)
    return {
      ok: false,
      errors: [{ line: read.headerLine + 1, message: 'The file has a header but no rows.' }],
    };
  if (read.body.length > MAX_IMPORT_ROWS)
    return {
      ok: false,
      errors: [
        {
          line: read.headerLine,
          message: `The file has ${read.body.length} rows: import at most ${MAX_IMPORT_ROWS} at a time.`,
        },
      ],
    };
  const errors: RowError[] = [];
  const body: { line: number; cell: (c: C) => string }[] = [];
  for (const { record, line } of read.body as CsvRecord[]) {
    if (record.length !== columns.length) {
      errors.push({ line, message: `Expected ${columns.length} fields, found ${record.length}.` });
      continue;
    }
    body.push({ line, cell: (c) => (columns.includes(c) ? (record[columns.indexOf(c)] ?? '').trim() : '') });
  }
  return { ok: true, body, errors };
}

/** One line's problems as a sentence: "Bin “61001”: a BIN is exactly 6 digits; amount …". */
function sentence(problems: string[]): string {
  return capitalise(problems.map((p) => p.replace(/\.$/, '')).join('; ')) + '.';
}

/** Every error of the file in line order, or the rows. */
function finish<T>(rows: T[], errors: RowError[]): ParsedFile<T> {
  return errors.length > 0
    ? { ok: false, errors: errors.sort((a, b) => a.line - b.line) }
    : { ok: true, rows };
}

/** Parses and checks a rejected-claims CSV. */
export function parseClaimsCsv(text: string): ParsedFile<ClaimRow> {
  const table = readTable(text, CLAIM_COLUMNS, CLAIM_REQUIRED);
  if (!table.ok) return table;
  const rows: ClaimRow[] = [];
  const errors: RowError[] = [...table.errors];
  const seen = new Map<string, number>();
  for (const { line, cell } of table.body) {
    const problems: string[] = [];
    const rxNumber = cell('rx_number');
    if (!/^[A-Za-z0-9-]{1,20}$/.test(rxNumber))
      problems.push(
        `rx_number “${rxNumber}” is not a prescription number (letters, digits and dashes, up to 20)`,
      );
    const dateOfService = cell('date_of_service');
    if (!isIsoDate(dateOfService))
      problems.push(`date_of_service “${dateOfService}” is not a date written YYYY-MM-DD`);
    const bin = normaliseBin(cell('bin'));
    if (!bin.ok) problems.push(`bin “${cell('bin')}”: ${bin.message}`);
    const pcn = cell('pcn').toUpperCase();
    if (!/^[A-Z0-9-]{0,20}$/.test(pcn))
      problems.push(`pcn “${cell('pcn')}” has more than letters, digits and dashes`);
    const rejectCode = cell('reject_code').toUpperCase();
    if (!/^[A-Z0-9]{1,3}$/.test(rejectCode))
      problems.push(
        `reject_code “${cell('reject_code')}” is not an NCPDP reject code (1 to 3 letters or digits)`,
      );
    const amount = parseMoneyToCents(cell('amount'));
    if (!amount.ok) problems.push(`amount “${cell('amount')}”: ${amount.message}`);
    const payer = cell('payer');
    if (payer.length > 120) problems.push('payer is longer than 120 characters');
    if (problems.length === 0 && bin.ok && amount.ok) {
      const row: ClaimRow = {
        line,
        rxNumber,
        dateOfService,
        bin: bin.value,
        pcn: pcn === '' ? null : pcn,
        rejectCode,
        amountCents: amount.value,
        payerName: payer === '' ? null : payer,
      };
      const key = claimKey(row);
      const before = seen.get(key);
      if (before === undefined) {
        seen.set(key, line);
        rows.push(row);
        continue;
      }
      problems.push(`the same claim (Rx number, date of service and BIN) is already on line ${before}`);
    }
    errors.push({ line, message: sentence(problems) });
  }
  return finish(rows, errors);
}

/** Parses and checks a reverse distributor's credit report. */
export function parseCreditsCsv(text: string): ParsedFile<CreditRow> {
  const table = readTable(text, CREDIT_COLUMNS, CREDIT_REQUIRED);
  if (!table.ok) return table;
  const rows: CreditRow[] = [];
  const errors: RowError[] = [...table.errors];
  const seen = new Map<string, number>();
  for (const { line, cell } of table.body) {
    const problems: string[] = [];
    const raNumber = cell('ra_number');
    if (raNumber === '' || raNumber.length > 60)
      problems.push(`ra_number “${raNumber}” is not a return authorisation number (1 to 60 characters)`);
    const ndcText = cell('ndc');
    const ndc = ndcText === '' ? null : normaliseNdc(ndcText);
    if (ndc && !ndc.ok) problems.push(`ndc “${ndcText}”: ${ndc.message}`);
    const credit = parseMoneyToCents(cell('credit'));
    if (!credit.ok) problems.push(`credit “${cell('credit')}”: ${credit.message}`);
    const reason = cell('reason');
    if (reason.length > 500) problems.push('reason is longer than 500 characters');
    if (problems.length === 0 && credit.ok && (ndc === null || ndc.ok)) {
      const row: CreditRow = {
        line,
        raNumber,
        ndc: ndc?.ok ? ndc.value : null,
        creditCents: credit.value,
        reason: reason === '' ? null : reason,
      };
      const key = `${raKey(raNumber)}|${row.ndc ?? ''}`;
      const before = seen.get(key);
      if (before === undefined) {
        seen.set(key, line);
        rows.push(row);
        continue;
      }
      problems.push(`the same RA number${row.ndc ? ' and NDC' : ''} is already on line ${before}`);
    }
    errors.push({ line, message: sentence(problems) });
  }
  return finish(rows, errors);
}

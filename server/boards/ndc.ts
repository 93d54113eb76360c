// Identifiers and amounts typed at the pharmacy counter: NDCs, BINs and money. Pure functions, so
// the forms (zod schemas) and the unit tests share one definition of what is accepted.

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const NDC_SHAPES: { pattern: RegExp; pad: (a: string, b: string, c: string) => string }[] = [
  // 4-4-2: the labeler code lost its leading zero.
  { pattern: /^(\d{4})-(\d{4})-(\d{2})$/, pad: (a, b, c) => `0${a}${b}${c}` },
  // 5-3-2: the product code lost its leading zero.
  { pattern: /^(\d{5})-(\d{3})-(\d{2})$/, pad: (a, b, c) => `${a}0${b}${c}` },
  // 5-4-1: the package code lost its leading zero.
  { pattern: /^(\d{5})-(\d{4})-(\d{1})$/, pad: (a, b, c) => `${a}${b}0${c}` },
  // 5-4-2: already the 11-digit billing form.
  { pattern: /^(\d{5})-(\d{4})-(\d{2})$/, pad: (a, b, c) => `${a}${b}${c}` },
];

export const ndcMessages = {
  empty: 'Enter the NDC from the package.',
  tenUndashed:
    'A 10-digit NDC needs its dashes (4-4-2, 5-3-2 or 5-4-1, as printed on the package) so we know where the missing zero goes.',
  shape: 'Enter the NDC as printed (4-4-2, 5-3-2 or 5-4-1 with dashes) or as 11 digits (5-4-2).',
} as const;

/**
 * A National Drug Code in any of its printed 10-digit forms (4-4-2, 5-3-2, 5-4-1 — the dashes
 * tell where the missing zero goes) or the 11-digit billing form (5-4-2, with or without dashes),
 * normalised to 11 digits without dashes.
 */
export function normaliseNdc(input: string): Parsed<string> {
  const text = input.trim().replace(/\s+/g, '');
  if (text === '') return { ok: false, message: ndcMessages.empty };
  if (/^\d{11}$/.test(text)) return { ok: true, value: text };
  if (/^\d{10}$/.test(text)) return { ok: false, message: ndcMessages.tenUndashed };
  for (const shape of NDC_SHAPES) {
    const m = shape.pattern.exec(text);
    if (m) return { ok: true, value: shape.pad(m[1]!, m[2]!, m[3]!) };
  }
  return { ok: false, message: ndcMessages.shape };
}

/** "00002322730" → "00002-3227-30" (the 5-4-2 form claims are billed with). */
export function formatNdc(ndc11: string): string {
  if (!/^\d{11}$/.test(ndc11)) return ndc11;
  return `${ndc11.slice(0, 5)}-${ndc11.slice(5, 9)}-${ndc11.slice(9)}`;
}

/** A pharmacy benefit manager's bank identification number: exactly six digits. */
export function normaliseBin(input: string): Parsed<string> {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'Enter the 6-digit BIN from the insurance card.' };
  if (!/^\d{6}$/.test(text)) return { ok: false, message: 'A BIN is exactly 6 digits, e.g. 610014.' };
  return { ok: true, value: text };
}

/** Largest amount accepted on a form: $10,000,000.00, far above any single return or claim. */
const MAX_CENTS = 1_000_000_000;

/**
 * "$1,234.50", "1234.5", "12" → integer cents. Money is never a float in the database; the
 * digits are parsed as text so 0.1 + 0.2 never happens.
 */
export function parseMoneyToCents(input: string): Parsed<number> {
  const text = input.trim().replace(/^\$\s*/, '');
  if (text === '') return { ok: false, message: 'Enter an amount.' };
  if (text.startsWith('-')) return { ok: false, message: 'Enter an amount of zero or more.' };
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d{0,2}))?$/.exec(text);
  if (!m || (m[1] === undefined && (m[2] === undefined || m[2] === ''))) {
    return { ok: false, message: 'Enter an amount in dollars and cents, e.g. 125.50.' };
  }
  const dollars = Number((m[1] ?? '0').replace(/,/g, ''));
  const cents = Number((m[2] ?? '').padEnd(2, '0'));
  const total = dollars * 100 + cents;
  if (!Number.isSafeInteger(total) || total > MAX_CENTS)
    return { ok: false, message: 'That amount is too large.' };
  return { ok: true, value: total };
}

/** Integer cents → the text a money input shows ("1234.50"), empty for no amount. */
export function centsToInput(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '';
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

// Regulatory and contractual clocks on board cards, as data and pure functions: what is due, by
// which local day, and whether it is done or overdue. Days are the site's calendar days (YYYY-MM-DD, computed with
// `todayAt(site.timeZone)`), so a clock turns overdue at midnight where the pharmacy is.
import { DateTime } from 'luxon';

export interface DeadlineClock {
  /** What is due, in a manager's words. */
  label: string;
  /** The rule it comes from. */
  source: string;
  /** Last day it may be done, inclusive. */
  dueOn: string;
  /** The day it was done, or null. */
  doneOn: string | null;
  state: 'done' | 'due' | 'overdue';
  /** Days from today to `dueOn` (negative when past). */
  daysLeft: number;
}

/**
 * The DEA clocks of a theft or significant loss of a controlled substance. Source: 21 CFR
 * 1301.76(b) — written notice to the DEA field office within one business day of discovery, and
 * DEA Form 106 within 45 days of discovery (as amended in 2023). Must be verified against the
 * current eCFR text; state boards may add their own notice (not modelled here).
 */
export const DEA_LOSS_RULES = {
  noticeBusinessDays: 1,
  form106Days: 45,
} as const;

/** The day `n` calendar days after `date`. */
export function addCalendarDays(date: string, n: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days: n }).toISODate() ?? date;
}

/** The day `n` business days after `date` (Saturdays and Sundays skipped; federal holidays are not known here). */
export function addBusinessDays(date: string, n: number): string {
  let d = DateTime.fromISO(date, { zone: 'utc' });
  let left = n;
  while (left > 0) {
    d = d.plus({ days: 1 });
    if (d.weekday <= 5) left -= 1;
  }
  return d.toISODate() ?? date;
}

function clock(
  label: string,
  source: string,
  dueOn: string,
  doneOn: string | null,
  today: string,
): DeadlineClock {
  const daysLeft = Math.round(
    DateTime.fromISO(dueOn, { zone: 'utc' }).diff(DateTime.fromISO(today, { zone: 'utc' }), 'days').days,
  );
  const state = doneOn !== null ? 'done' : today > dueOn ? 'overdue' : 'due';
  return { label, source, dueOn, doneOn, state, daysLeft };
}

/** The two DEA clocks of a theft-or-loss card discovered on `discoveredOn`, as of the site's `today`. */
export function deaLossClocks(
  facts: { lossDiscoveredOn: string; deaNoticeSentOn: string | null; dea106FiledOn: string | null },
  today: string,
): DeadlineClock[] {
  const noticeDue = addBusinessDays(facts.lossDiscoveredOn, DEA_LOSS_RULES.noticeBusinessDays);
  const formDue =
    DateTime.fromISO(facts.lossDiscoveredOn, { zone: 'utc' })
      .plus({ days: DEA_LOSS_RULES.form106Days })
      .toISODate() ?? facts.lossDiscoveredOn;
  return [
    clock(
      'DEA notice',
      '21 CFR 1301.76(b): within one business day',
      noticeDue,
      facts.deaNoticeSentOn,
      today,
    ),
    clock('DEA Form 106', '21 CFR 1301.76(b): within 45 days', formDue, facts.dea106FiledOn, today),
  ];
}

/** A payer's return-to-stock rule as the billing board reads it (the Payer table). */
export interface PayerRule {
  name: string;
  /** 6 digits. */
  bin: string;
  /** '' for every PCN of the BIN. */
  pcn: string;
  returnToStockDays: number;
  /** Business days (Saturdays and Sundays skipped; holidays are not known here), else calendar days. */
  businessDays: boolean;
}

/**
 * The rule for a claim's BIN and PCN: the one written for exactly that PCN, else the one for every
 * PCN of the BIN (payers run several plans under one BIN, told apart by the PCN), else none.
 */
export function payerRuleFor<R extends PayerRule>(
  rules: readonly R[],
  bin: string,
  pcn: string | null,
): R | null {
  const sameBin = rules.filter((r) => r.bin === bin);
  return (
    sameBin.find((r) => r.pcn !== '' && r.pcn === (pcn ?? '')) ?? sameBin.find((r) => r.pcn === '') ?? null
  );
}

/** "14 calendar days" or "3 business days". */
export function describeReturnToStock(rule: Pick<PayerRule, 'returnToStockDays' | 'businessDays'>): string {
  const unit = rule.businessDays ? 'business day' : 'calendar day';
  return `${rule.returnToStockDays} ${unit}${rule.returnToStockDays === 1 ? '' : 's'}`;
}

/**
 * The return-to-stock clock of a billing issue: a claim for a prescription not picked up must be
 * reversed within the payer's days of its date of service, or the payer recovers it at audit. The
 * clock stops on the day the card is closed (resolved or written off, the claim settled either way).
 */
export function returnToStockClock(
  facts: { dateOfService: string; closedOn: string | null },
  rule: PayerRule,
  today: string,
): DeadlineClock {
  const dueOn = rule.businessDays
    ? addBusinessDays(facts.dateOfService, rule.returnToStockDays)
    : addCalendarDays(facts.dateOfService, rule.returnToStockDays);
  return clock(
    'Return to stock',
    `${rule.name}: reverse within ${describeReturnToStock(rule)} of the date of service`,
    dueOn,
    facts.closedOn,
    today,
  );
}

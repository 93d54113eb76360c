// The rules of the task boards as data and pure functions (DESIGN.md "Task boards"): each board's
// status flow and which statuses may follow which; which facts a card must carry to be in a
// status; when a daily-task template makes a card; how open amounts are aged. The task services
// ask these before every move and edit, the seed follows them, and the unit tests cover each one.

import type { Board } from '../../generated/prisma/enums';

// ---------------------------------------------------------------------------------------------
// Board status flows
// ---------------------------------------------------------------------------------------------

export interface BoardStatus {
  code: string;
  label: string;
  /** A closed status ends the card's life (closedAt is set); listed last on the board. */
  closed?: boolean;
}

export interface BoardFlow {
  statuses: BoardStatus[];
  /** From status → the statuses it may move to. Every status has an entry (possibly empty). */
  transitions: Record<string, string[]>;
}

/**
 * Vendor returns: identified → authorisation requested → authorised → packed → shipped → credit
 * received (closed). DISPUTED is a side state for a vendor that refuses the authorisation or that,
 * after shipment, denies receipt or credits short; from it the card goes back into the flow
 * (re-request authorisation, back to shipped to await the corrected credit) or is closed with
 * the credit received (possibly zero, with a reason). A step back is allowed where it is a
 * natural correction (authorisation request withdrawn, package re-opened).
 *
 * Billing issues: new → investigating → waiting on payer / prescriber → resubmitted → resolved
 * (paid) or written off. A resubmitted claim that rejects again returns to investigating.
 *
 * Daily tasks: to do → in progress → done; a task may be started and put back, and a done task
 * may be reopened (a log signed by mistake) — DONE is closed, but not terminal.
 */
export const BOARD_FLOWS: Record<Board, BoardFlow> = {
  VENDOR_RETURN: {
    statuses: [
      { code: 'IDENTIFIED', label: 'Identified' },
      { code: 'AUTH_REQUESTED', label: 'Authorisation requested' },
      { code: 'AUTHORISED', label: 'Authorised' },
      { code: 'PACKED', label: 'Packed' },
      { code: 'SHIPPED', label: 'Shipped' },
      { code: 'DISPUTED', label: 'Disputed' },
      { code: 'CREDIT_RECEIVED', label: 'Credit received', closed: true },
    ],
    transitions: {
      IDENTIFIED: ['AUTH_REQUESTED'],
      AUTH_REQUESTED: ['AUTHORISED', 'IDENTIFIED', 'DISPUTED'],
      AUTHORISED: ['PACKED'],
      PACKED: ['SHIPPED', 'AUTHORISED'],
      SHIPPED: ['CREDIT_RECEIVED', 'DISPUTED'],
      DISPUTED: ['AUTH_REQUESTED', 'SHIPPED', 'CREDIT_RECEIVED'],
      CREDIT_RECEIVED: [],
    },
  },
  BILLING_ISSUE: {
    statuses: [
      { code: 'NEW', label: 'New' },
      { code: 'INVESTIGATING', label: 'Investigating' },
      { code: 'WAITING_PAYER', label: 'Waiting on payer' },
      { code: 'WAITING_PRESCRIBER', label: 'Waiting on prescriber' },
      { code: 'RESUBMITTED', label: 'Resubmitted' },
      { code: 'RESOLVED_PAID', label: 'Resolved (paid)', closed: true },
      { code: 'WRITTEN_OFF', label: 'Written off', closed: true },
    ],
    transitions: {
      NEW: ['INVESTIGATING'],
      INVESTIGATING: ['WAITING_PAYER', 'WAITING_PRESCRIBER', 'RESUBMITTED', 'WRITTEN_OFF'],
      WAITING_PAYER: ['INVESTIGATING', 'RESUBMITTED', 'WRITTEN_OFF'],
      WAITING_PRESCRIBER: ['INVESTIGATING', 'RESUBMITTED', 'WRITTEN_OFF'],
      RESUBMITTED: ['RESOLVED_PAID', 'INVESTIGATING', 'WRITTEN_OFF'],
      RESOLVED_PAID: [],
      WRITTEN_OFF: [],
    },
  },
  DAILY: {
    statuses: [
      { code: 'TODO', label: 'To do' },
      { code: 'IN_PROGRESS', label: 'In progress' },
      { code: 'DONE', label: 'Done', closed: true },
    ],
    transitions: {
      TODO: ['IN_PROGRESS', 'DONE'],
      IN_PROGRESS: ['DONE', 'TODO'],
      DONE: ['IN_PROGRESS'],
    },
  },
};

/** The status a new card starts in. */
export const INITIAL_STATUS: Record<Board, string> = {
  VENDOR_RETURN: 'IDENTIFIED',
  BILLING_ISSUE: 'NEW',
  DAILY: 'TODO',
};

export function allowedNextStatuses(board: Board, from: string): readonly string[] {
  return BOARD_FLOWS[board].transitions[from] ?? [];
}

export function canTransition(board: Board, from: string, to: string): boolean {
  return allowedNextStatuses(board, from).includes(to);
}

export function isClosedStatus(board: Board, status: string): boolean {
  return BOARD_FLOWS[board].statuses.some((s) => s.code === status && s.closed === true);
}

export function statusLabel(board: Board, status: string): string {
  return BOARD_FLOWS[board].statuses.find((s) => s.code === status)?.label ?? status;
}

// ---------------------------------------------------------------------------------------------
// Daily task recurrence
// ---------------------------------------------------------------------------------------------

export interface RecurrenceRule {
  recurrence: 'DAILY' | 'WEEKLY' | 'MONTHLY';
  /** For WEEKLY: ISO weekdays "1,3,5". */
  weekdays?: string | null;
  /** For MONTHLY: day of the month (1–28). */
  dayOfMonth?: number | null;
}

/** Whether a daily-task template makes a card on a local date (YYYY-MM-DD). */
export function recurrenceRunsOn(rule: RecurrenceRule, isoDate: string): boolean {
  const [y, m, d] = isoDate.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return false;
  switch (rule.recurrence) {
    case 'DAILY':
      return true;
    case 'MONTHLY':
      return rule.dayOfMonth === d;
    case 'WEEKLY': {
      const jsDay = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
      const iso = jsDay === 0 ? 7 : jsDay;
      return (rule.weekdays ?? '')
        .split(',')
        .map((s) => Number(s.trim()))
        .includes(iso);
    }
  }
}

/** What a vendor return carries that some statuses require. */
export interface VendorReturnFacts {
  raNumber: string | null;
  shippedOn: string | null;
  trackingNumber: string | null;
  scheduleII: boolean;
  deaForm222Number: string | null;
  receivedCreditCents: number | null;
  zeroCreditReason: string | null;
}

export interface BillingIssueFacts {
  outcome: string | null;
}

export type CardFacts =
  | { board: 'VENDOR_RETURN'; vendorReturn: VendorReturnFacts }
  | { board: 'BILLING_ISSUE'; billingIssue: BillingIssueFacts }
  | { board: 'DAILY' };

export type MoveCheck =
  | { ok: true }
  /** The flow does not allow the step; `allowed` lists what would be. */
  | { ok: false; kind: 'flow'; message: string; allowed: string[] }
  /** The step is allowed but the card lacks facts the target status needs, one message per field. */
  | { ok: false; kind: 'requirements'; message: string; fieldErrors: Record<string, string> };

const BOARD_NOUN: Record<Board, string> = {
  VENDOR_RETURN: 'vendor return',
  BILLING_ISSUE: 'billing issue',
  DAILY: 'daily task',
};

export function isKnownStatus(board: Board, status: string): boolean {
  return BOARD_FLOWS[board].statuses.some((s) => s.code === status);
}

/** "“Packed” or “Authorised”" — the allowed next steps in words. */
function listLabels(board: Board, codes: readonly string[]): string {
  const labels = codes.map((c) => `“${statusLabel(board, c)}”`);
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}`;
}

/** The refusal for a step outside the flow, naming the steps that are allowed. */
export function flowRefusal(board: Board, from: string, to: string): string {
  const allowed = allowedNextStatuses(board, from);
  const noun = BOARD_NOUN[board];
  const target = isKnownStatus(board, to) ? `“${statusLabel(board, to)}”` : `“${to}”`;
  if (!isKnownStatus(board, to)) return `${target} is not a status on the ${noun} board.`;
  if (allowed.length === 0) {
    return `A ${noun} in “${statusLabel(board, from)}” is finished and cannot move to ${target}.`;
  }
  return `A ${noun} in “${statusLabel(board, from)}” cannot move to ${target}; it can move only to ${listLabels(board, allowed)}.`;
}

const blank = (v: string | null | undefined) => v === null || v === undefined || v.trim() === '';

/** Statuses from which a vendor return must carry its return authorisation number. */
const RA_REQUIRED = new Set(['AUTHORISED', 'PACKED', 'SHIPPED']);

/**
 * Facts a card must carry while it is in `status`, as field → message. Checked when a card moves
 * into the status and when it is edited there (so an edit cannot clear a required field).
 */
export function statusRequirements(facts: CardFacts, status: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (facts.board === 'VENDOR_RETURN') {
    const r = facts.vendorReturn;
    if (RA_REQUIRED.has(status) && blank(r.raNumber)) {
      errors.raNumber = 'Record the return authorisation (RA) number the vendor gave.';
    }
    if (status === 'SHIPPED') {
      if (blank(r.shippedOn)) errors.shippedOn = 'Enter the date the return was shipped.';
      if (blank(r.trackingNumber)) errors.trackingNumber = 'Enter the carrier’s tracking number.';
      if (r.scheduleII && blank(r.deaForm222Number)) {
        errors.deaForm222Number =
          'A Schedule II return cannot ship until its DEA Form 222 number is recorded.';
      }
    }
    if (status === 'CREDIT_RECEIVED') {
      if (r.receivedCreditCents === null) {
        errors.receivedCredit = 'Enter the credit received (enter 0 with a reason if the vendor gave none).';
      } else if (r.receivedCreditCents === 0 && blank(r.zeroCreditReason)) {
        errors.zeroCreditReason = 'Say why the credit is zero.';
      }
    }
  }
  if (
    facts.board === 'BILLING_ISSUE' &&
    isClosedStatus('BILLING_ISSUE', status) &&
    blank(facts.billingIssue.outcome)
  ) {
    errors.outcome =
      status === 'WRITTEN_OFF'
        ? 'Record the outcome: why the claim is written off.'
        : 'Record the outcome: what was paid and how the claim was resolved.';
  }
  return errors;
}

/** Whether a card may move from `from` to `to`, given the facts it will carry after the move. */
export function checkMove(facts: CardFacts, from: string, to: string): MoveCheck {
  const board = facts.board;
  if (!isKnownStatus(board, to) || !allowedNextStatuses(board, from).includes(to)) {
    return {
      ok: false,
      kind: 'flow',
      message: flowRefusal(board, from, to),
      allowed: [...allowedNextStatuses(board, from)],
    };
  }
  const fieldErrors = statusRequirements(facts, to);
  if (Object.keys(fieldErrors).length > 0) {
    return {
      ok: false,
      kind: 'requirements',
      message: `Before this ${BOARD_NOUN[board]} can move to “${statusLabel(board, to)}”: ${Object.values(fieldErrors).join(' ')}`,
      fieldErrors,
    };
  }
  return { ok: true };
}

/** Which fields a move form asks for, so the user can supply them with the move itself. */
export function fieldsNeededFor(board: Board, to: string, scheduleII = false): string[] {
  if (board === 'VENDOR_RETURN') {
    if (RA_REQUIRED.has(to) && to !== 'SHIPPED') return ['raNumber'];
    if (to === 'SHIPPED')
      return ['raNumber', 'shippedOn', 'trackingNumber', ...(scheduleII ? ['deaForm222Number'] : [])];
    if (to === 'CREDIT_RECEIVED') return ['receivedCredit', 'zeroCreditReason'];
  }
  if (board === 'BILLING_ISSUE' && isClosedStatus(board, to)) return ['outcome'];
  return [];
}

// ---------------------------------------------------------------------------------------------
// Ageing
// ---------------------------------------------------------------------------------------------

export type AgeBucket = '0-30' | '31-60' | '61-90' | '90+';
export const AGE_BUCKETS: readonly AgeBucket[] = ['0-30', '31-60', '61-90', '90+'];
export const AGE_BUCKET_LABELS: Record<AgeBucket, string> = {
  '0-30': '0–30 days',
  '31-60': '31–60 days',
  '61-90': '61–90 days',
  '90+': 'Over 90 days',
};

/** Whole days from one local date (YYYY-MM-DD) to another; negative when `from` is later. */
export function daysBetween(from: string, to: string): number {
  const a = Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)) - 1, Number(from.slice(8, 10)));
  const b = Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)) - 1, Number(to.slice(8, 10)));
  return Math.round((b - a) / 86_400_000);
}

/** The ageing column of an amount that has been outstanding for `days` (a future date counts as 0). */
export function ageBucket(days: number): AgeBucket {
  if (days <= 30) return '0-30';
  if (days <= 60) return '31-60';
  if (days <= 90) return '61-90';
  return '90+';
}

export interface AgeingRow {
  key: string;
  buckets: Record<AgeBucket, number>;
  total: number;
  count: number;
}

/** Sums amounts per key and ageing bucket; rows sorted by total, largest first. */
export function buildAgeing(
  items: { key: string; cents: number; since: string }[],
  today: string,
): AgeingRow[] {
  const rows = new Map<string, AgeingRow>();
  for (const item of items) {
    const row = rows.get(item.key) ?? {
      key: item.key,
      buckets: { '0-30': 0, '31-60': 0, '61-90': 0, '90+': 0 },
      total: 0,
      count: 0,
    };
    row.buckets[ageBucket(daysBetween(item.since, today))] += item.cents;
    row.total += item.cents;
    row.count += 1;
    rows.set(item.key, row);
  }
  return [...rows.values()].sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
}

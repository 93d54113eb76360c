// Pure helpers for changing a card: the detail columns a form sets, the facts the board rules
// check, and the history events of a change (one per field whose value differs).
import type { BillingIssueForm, VendorReturnForm } from './boards.schemas';
import type { ChangeRow, EventInput } from './tasks.repository';
import type { CardFacts } from './rules';

/** The VendorReturn columns a vendor-return form sets (creating and editing a card alike). */
export function vendorReturnColumns(form: VendorReturnForm) {
  return {
    vendor: form.vendor,
    drugName: form.drugName,
    ndc: form.ndc,
    lot: form.lot,
    expiryDate: form.expiryDate,
    quantity: form.quantity,
    reason: form.reason,
    raNumber: form.raNumber,
    expectedCreditCents: form.expectedCredit,
    receivedCreditCents: form.receivedCredit,
    zeroCreditReason: form.zeroCreditReason,
    shippedOn: form.shippedOn,
    trackingNumber: form.trackingNumber,
    scheduleII: form.scheduleII,
    deaForm222Number: form.deaForm222Number,
  };
}

/** The BillingIssue columns a billing-issue form sets. */
export function billingIssueColumns(form: BillingIssueForm) {
  return {
    rxNumber: form.rxNumber,
    dateOfService: form.dateOfService,
    payerName: form.payerName,
    bin: form.bin,
    pcn: form.pcn,
    rejectCode: form.rejectCode,
    amountCents: form.amount,
    notes: form.notes,
    outcome: form.outcome,
  };
}

export function factsOf(task: ChangeRow): CardFacts {
  if (task.board === 'VENDOR_RETURN' && task.vendorReturn)
    return { board: 'VENDOR_RETURN', vendorReturn: task.vendorReturn };
  if (task.board === 'BILLING_ISSUE' && task.billingIssue)
    return { board: 'BILLING_ISSUE', billingIssue: task.billingIssue };
  return { board: 'DAILY' };
}

export const asText = (v: string | number | boolean | null | undefined): string | null =>
  v === null || v === undefined ? null : String(v);

/** Field events for every value that differs; `after` holds only the fields being written. */
export function diffEvents<T extends Record<string, unknown>>(before: T, after: Partial<T>): EventInput[] {
  const events: EventInput[] = [];
  for (const [field, value] of Object.entries(after)) {
    const from = asText(before[field] as string | number | boolean | null);
    const to = asText(value as string | number | boolean | null);
    if (from !== to) events.push({ kind: 'FIELD', field, fromValue: from, toValue: to });
  }
  return events;
}

/** Only the entries whose value differs from `before`. */
export function changedOnly<T extends Record<string, unknown>>(before: T, after: Partial<T>): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(after) as [keyof T, T[keyof T]][]) {
    if (asText(before[k] as string | null) !== asText(v as string | null)) out[k] = v;
  }
  return out;
}

// Imports from the pharmacy system onto the boards. Each file is imported whole or not at all:
// every row is checked and matched first, and only a file without errors is written, in one
// transaction with its audit entry. Importing the same file again finds every card as it left it
// and changes nothing.
//
// Rejected claims: a row matches the billing issue with the same Rx number, date of service and
// BIN (claimKey); it updates that card's reject code, amount, PCN and payer, or makes a new card.
// Credit report: a row matches the vendor return with its RA number (and its NDC, where one RA
// covers several returns); it records the credit received and closes a shipped or disputed return.
import type { Db, Tx } from '../db/client';
import type { CurrentUser } from '../http/request-context';
import { recordAudit } from '../account/auth.service';
import { getSiteForUser, type SiteSummary } from '../sites/sites.service';
import {
  claimKey,
  parseClaimsCsv,
  parseCreditsCsv,
  raKey,
  type ClaimRow,
  type CreditRow,
  type RowError,
} from './board-imports';
import * as repo from './board-imports.repository';
import { changedOnly, diffEvents } from './card-changes';
import { StaleCardError } from './cards';
import { payerRuleFor } from './deadlines';
import { formatNdc } from './ndc';
import { listPayers } from './payers.repository';
import { INITIAL_STATUS, statusLabel } from './rules';
import {
  addEvents,
  createBillingIssueRow,
  createTask,
  updateBillingIssueRow,
  updateTaskIfVersion,
  updateVendorReturnRow,
  type EventInput,
} from './tasks.repository';

export interface ImportedCard {
  id: number;
  title: string;
  line: number;
}

export interface ImportSummary {
  rows: number;
  created: ImportedCard[];
  updated: ImportedCard[];
  unchanged: number;
  /** Credit rows whose RA number is on no card of the board: nothing is written for them. */
  unmatched: { line: number; raNumber: string }[];
}

export type ImportOutcome = { ok: true; summary: ImportSummary } | { ok: false; errors: RowError[] };

function emptySummary(rows: number): ImportSummary {
  return { rows, created: [], updated: [], unchanged: 0, unmatched: [] };
}

/** The card's version moves with every import change, so an open form on it is refused as stale. */
async function touch(tx: Tx, id: number, version: number, data: Record<string, unknown> = {}): Promise<void> {
  if (!(await updateTaskIfVersion(tx, id, version, data))) throw new StaleCardError(id);
}

// ---------------------------------------------------------------------------------------------
// Rejected claims
// ---------------------------------------------------------------------------------------------

/** Imports a rejected-claims CSV onto the billing board. */
export async function importClaims(db: Db, user: CurrentUser, text: string): Promise<ImportOutcome> {
  const parsed = parseClaimsCsv(text);
  if (!parsed.ok) return parsed;
  const site = await getSiteForUser(db, user);
  const summary = await db.$transaction(async (tx) => {
    const rxNumbers = [...new Set(parsed.rows.flatMap((r) => [r.rxNumber, r.rxNumber.toUpperCase()]))];
    const cards = new Map(
      (await repo.findBillingIssuesByRx(tx, site.id, rxNumbers)).map((c) => [claimKey(c), c]),
    );
    const payers = await listPayers(tx, site.id);
    const out = emptySummary(parsed.rows.length);
    for (const row of parsed.rows) {
      const card = cards.get(claimKey(row));
      if (!card) {
        const payerName = row.payerName ?? payerRuleFor(payers, row.bin, row.pcn)?.name ?? `BIN ${row.bin}`;
        out.created.push(await createClaimCard(tx, user, site, row, payerName));
        continue;
      }
      const given: Partial<repo.ImportedClaimCard> = {
        rejectCode: row.rejectCode,
        amountCents: row.amountCents,
      };
      if (row.pcn !== null) given.pcn = row.pcn;
      if (row.payerName !== null) given.payerName = row.payerName;
      const changes = changedOnly(card, given);
      if (Object.keys(changes).length === 0) {
        out.unchanged += 1;
        continue;
      }
      await touch(tx, card.taskId, card.task.version);
      await updateBillingIssueRow(tx, card.taskId, changes);
      await addEvents(tx, card.taskId, user.id, diffEvents(card, changes));
      out.updated.push({ id: card.taskId, title: card.task.title, line: row.line });
    }
    await recordAudit(tx, {
      actorId: user.id,
      action: 'board.import_claims',
      entity: 'Site',
      entityId: site.id,
      detail: describe(out, 'claims'),
      siteId: site.id,
    });
    return out;
  });
  return { ok: true, summary };
}

async function createClaimCard(
  tx: Tx,
  user: CurrentUser,
  site: SiteSummary,
  row: ClaimRow,
  payerName: string,
): Promise<ImportedCard> {
  const status = INITIAL_STATUS.BILLING_ISSUE;
  const title = `Rx ${row.rxNumber} — reject ${row.rejectCode}`;
  const id = await createTask(tx, {
    siteId: site.id,
    board: 'BILLING_ISSUE',
    status,
    title,
    createdById: user.id,
  });
  await createBillingIssueRow(tx, id, {
    rxNumber: row.rxNumber,
    dateOfService: row.dateOfService,
    payerName,
    bin: row.bin,
    pcn: row.pcn,
    rejectCode: row.rejectCode,
    amountCents: row.amountCents,
  });
  await addEvents(tx, id, user.id, [{ kind: 'CREATED', field: 'status', toValue: status }]);
  return { id, title, line: row.line };
}

function describe(s: ImportSummary, what: string): string {
  const unmatched = s.unmatched.length > 0 ? `, ${s.unmatched.length} matched no card` : '';
  return `${s.rows} ${what}: ${s.created.length} created, ${s.updated.length} updated, ${s.unchanged} unchanged${unmatched}`;
}

// ---------------------------------------------------------------------------------------------
// Credit report
// ---------------------------------------------------------------------------------------------

/** A return can take its credit once it has shipped; a disputed one too (the corrected credit). */
const CREDITABLE = new Set(['SHIPPED', 'DISPUTED', 'CREDIT_RECEIVED']);

interface CreditPlan {
  row: CreditRow;
  card: repo.ImportedCreditCard;
}

/** Each row's card, or the line's error; rows whose RA is on no card are set aside. */
function planCredits(
  rows: CreditRow[],
  cards: repo.ImportedCreditCard[],
): { plans: CreditPlan[]; unmatched: ImportSummary['unmatched']; errors: RowError[] } {
  const byRa = new Map<string, repo.ImportedCreditCard[]>();
  for (const c of cards) {
    const key = raKey(c.raNumber ?? '');
    byRa.set(key, [...(byRa.get(key) ?? []), c]);
  }
  const plans: CreditPlan[] = [];
  const unmatched: ImportSummary['unmatched'] = [];
  const errors: RowError[] = [];
  const claimedBy = new Map<number, number>();
  for (const row of rows) {
    const sameRa = byRa.get(raKey(row.raNumber)) ?? [];
    const found = row.ndc === null ? sameRa : sameRa.filter((c) => c.ndc === row.ndc);
    const error = (message: string) => errors.push({ line: row.line, message });
    if (found.length === 0) {
      if (sameRa.length > 0 && row.ndc !== null)
        error(`RA ${row.raNumber} has no return of NDC ${formatNdc(row.ndc)} on the board.`);
      else unmatched.push({ line: row.line, raNumber: row.raNumber });
      continue;
    }
    const card = found[0]!;
    if (found.length > 1) {
      error(
        `RA ${row.raNumber} is on ${found.length} returns (${found.map((c) => `#${c.taskId}`).join(', ')}): add the ndc column to say which one.`,
      );
      continue;
    }
    const earlier = claimedBy.get(card.taskId);
    if (earlier !== undefined) {
      error(`Return #${card.taskId} (${card.task.title}) already takes the credit on line ${earlier}.`);
      continue;
    }
    claimedBy.set(card.taskId, row.line);
    if (!CREDITABLE.has(card.task.status)) {
      error(
        `Return #${card.taskId} (${card.task.title}) is still ${statusLabel('VENDOR_RETURN', card.task.status)}: record its shipment before its credit.`,
      );
      continue;
    }
    if (row.creditCents === 0 && row.reason === null && card.zeroCreditReason === null) {
      error(`A zero credit for return #${card.taskId} needs its reason (the reason column).`);
      continue;
    }
    plans.push({ row, card });
  }
  return { plans, unmatched, errors };
}

/** Imports a reverse distributor's credit report onto the vendor-return board. */
export async function importCredits(db: Db, user: CurrentUser, text: string): Promise<ImportOutcome> {
  const parsed = parseCreditsCsv(text);
  if (!parsed.ok) return parsed;
  const site = await getSiteForUser(db, user);
  return db.$transaction(async (tx): Promise<ImportOutcome> => {
    const { plans, unmatched, errors } = planCredits(
      parsed.rows,
      await repo.findVendorReturnsWithRa(tx, site.id),
    );
    if (errors.length > 0) return { ok: false, errors };
    const out = emptySummary(parsed.rows.length);
    out.unmatched = unmatched;
    for (const { row, card } of plans) {
      const given: Partial<repo.ImportedCreditCard> = { receivedCreditCents: row.creditCents };
      if (row.reason !== null) given.zeroCreditReason = row.reason;
      const changes = changedOnly(card, given);
      const closing = card.task.status !== 'CREDIT_RECEIVED';
      if (Object.keys(changes).length === 0 && !closing) {
        out.unchanged += 1;
        continue;
      }
      await touch(
        tx,
        card.taskId,
        card.task.version,
        closing ? { status: 'CREDIT_RECEIVED', closedAt: new Date() } : {},
      );
      if (Object.keys(changes).length > 0) await updateVendorReturnRow(tx, card.taskId, changes);
      const events: EventInput[] = diffEvents(card, changes);
      if (closing)
        events.push({
          kind: 'STATUS',
          field: 'status',
          fromValue: card.task.status,
          toValue: 'CREDIT_RECEIVED',
        });
      await addEvents(tx, card.taskId, user.id, events);
      out.updated.push({ id: card.taskId, title: card.task.title, line: row.line });
    }
    await recordAudit(tx, {
      actorId: user.id,
      action: 'board.import_credits',
      entity: 'Site',
      entityId: site.id,
      detail: describe(out, 'credits'),
      siteId: site.id,
    });
    return { ok: true, summary: out };
  });
}

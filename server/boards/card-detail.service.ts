// Reading one card: its fields, the moves it can make next (with the facts each needs), the
// history in words, comments, and — for a daily task — who may take it.
import { deaLossClocks, payerRuleFor, returnToStockClock, type DeadlineClock } from './deadlines';
import { listPayers } from './payers.repository';
import { DateTime } from 'luxon';
import type { Board } from '../../generated/prisma/enums';
import type { Db } from '../db/client';
import { ForbiddenError, NotFoundError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import { hasRole } from '../account/roles';
import { findSiteStaff, findStaffNames, findTaskDetail, type DetailRow } from './tasks.repository';
import { allowedNextStatuses, fieldsNeededFor, statusLabel } from './rules';
import { rejectCodeMeaning } from './reject-codes';
import { formatNdc } from './ndc';
import { assigneeOptions, findShiftsOn, loadFor } from './daily-tasks.service';
import { getSiteForUser, todayAt, type SiteSummary } from '../sites/sites.service';
import {
  BOARD_PATHS,
  BOARD_TITLES,
  actorName,
  assertSameSite,
  canWorkCard,
  localDate,
  type AssigneeOption,
} from './cards';

// ---------------------------------------------------------------------------------------------
// History in words
// ---------------------------------------------------------------------------------------------

const FIELD_LABELS: Record<string, string> = {
  status: 'Status',
  assigneeId: 'Assignee',
  title: 'Title',
  description: 'Description',
  dueAt: 'Due',
  priority: 'Priority',
  vendor: 'Vendor',
  drugName: 'Drug',
  ndc: 'NDC',
  lot: 'Lot',
  expiryDate: 'Expiry date',
  quantity: 'Quantity',
  reason: 'Reason',
  raNumber: 'RA number',
  expectedCreditCents: 'Expected credit',
  receivedCreditCents: 'Received credit',
  receivedCredit: 'Received credit',
  zeroCreditReason: 'Zero-credit reason',
  shippedOn: 'Shipped on',
  trackingNumber: 'Tracking number',
  scheduleII: 'Schedule II',
  deaForm222Number: 'DEA Form 222 number',
  lossDiscoveredOn: 'Theft or loss discovered on',
  deaNoticeSentOn: 'DEA notice sent on',
  dea106FiledOn: 'DEA Form 106 filed on',
  rxNumber: 'Prescription number',
  dateOfService: 'Date of service',
  payerName: 'Payer',
  bin: 'BIN',
  pcn: 'PCN',
  rejectCode: 'Reject code',
  amountCents: 'Amount',
  outcome: 'Outcome',
  notes: 'Notes',
};

/** "Shipped on" → "shipped on", but "RA number" and "NDC" keep their capitals. */
function lowerFirst(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

export interface HistoryLine {
  at: Date;
  who: string;
  what: string;
  from: string | null;
  to: string | null;
}

function money(cents: string | null): string | null {
  if (cents === null || cents === '') return null;
  const n = Number(cents);
  if (!Number.isFinite(n)) return cents;
  return (n / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' });
}

function describeValue(
  board: Board,
  field: string | null,
  value: string | null,
  names: Map<number, string>,
  zone: string,
): string | null {
  if (value === null) return null;
  if (field === 'status') return statusLabel(board, value);
  if (field === 'assigneeId') return names.get(Number(value)) ?? `staff #${value}`;
  if (field?.endsWith('Cents')) return money(value);
  if (field === 'ndc') return formatNdc(value);
  if (field === 'dueAt') return DateTime.fromISO(value, { zone }).toFormat('d LLL yyyy, HH:mm');
  return value;
}

async function historyOf(db: Db, task: DetailRow, zone: string): Promise<HistoryLine[]> {
  const ids = new Set<number>();
  for (const e of task.events) {
    if (e.field !== 'assigneeId') continue;
    for (const v of [e.fromValue, e.toValue]) if (v !== null && /^\d+$/.test(v)) ids.add(Number(v));
  }
  const names = new Map(
    (await findStaffNames(db, [...ids])).map((s) => [s.id, `${s.firstName} ${s.lastName}`]),
  );
  return task.events.map((e) => {
    const what =
      e.kind === 'CREATED'
        ? 'Created the card'
        : e.kind === 'COMMENT'
          ? 'Commented'
          : e.kind === 'STATUS'
            ? 'Moved the card'
            : e.kind === 'ASSIGNED'
              ? e.toValue === null
                ? 'Unassigned the card'
                : 'Assigned the card'
              : `Changed ${lowerFirst(FIELD_LABELS[e.field ?? ''] ?? e.field ?? 'a field')}`;
    return {
      at: e.createdAt,
      who: actorName(e.actor),
      what,
      from: describeValue(task.board, e.field, e.fromValue, names, zone),
      to: describeValue(task.board, e.field, e.toValue, names, zone),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading a card
// ---------------------------------------------------------------------------------------------

export interface NextStep {
  code: string;
  label: string;
  /** Inputs the move form shows so the user can supply what the target status requires. */
  fields: string[];
  /** The same inputs as their labels, for the button's tooltip. */
  needs: string[];
}

export interface CardDetail {
  site: SiteSummary;
  task: DetailRow;
  boardPath: string;
  boardTitle: string;
  statusLabel: string;
  dueDate: string | null;
  overdue: boolean;
  /** A theft-or-loss card's DEA clocks, or a billing issue's return to stock (server/boards/deadlines.ts). */
  clocks: DeadlineClock[];
  nextSteps: NextStep[];
  history: HistoryLine[];
  comments: { id: number; body: string; at: Date; who: string }[];
  canWork: boolean;
  canEdit: boolean;
  staff: { id: number; name: string }[];
  /** Daily tasks: who is on shift when it is due (the only people it may be assigned to). */
  eligible: AssigneeOption[] | null;
  rejectMeaning: string | null;
}

export function nextStepsFor(board: Board, status: string, scheduleII: boolean): NextStep[] {
  return allowedNextStatuses(board, status).map((code) => {
    const fields = fieldsNeededFor(board, code, scheduleII);
    return { code, label: statusLabel(board, code), fields, needs: fields.map((f) => FIELD_LABELS[f] ?? f) };
  });
}

export async function getCardDetail(
  db: Db,
  user: CurrentUser,
  id: number,
  now: Date = new Date(),
): Promise<CardDetail> {
  const task = await findTaskDetail(db, id);
  if (!task) throw new NotFoundError('We could not find that card.');
  assertSameSite(user, task.siteId);
  if (!canWorkCard(user, task.assignee?.id ?? null)) throw new ForbiddenError();
  const site = await getSiteForUser(db, user.siteId === null ? { ...user, siteId: task.siteId } : user);
  const lead = hasRole(user.role, 'LEAD');
  return {
    site,
    task,
    boardPath: BOARD_PATHS[task.board],
    boardTitle: BOARD_TITLES[task.board],
    statusLabel: statusLabel(task.board, task.status),
    dueDate: localDate(task.dueAt, site.timeZone),
    overdue: task.closedAt === null && task.dueAt !== null && task.dueAt < now,
    clocks: await clocksOf(db, task, site, now),
    nextSteps: nextStepsFor(task.board, task.status, task.vendorReturn?.scheduleII ?? false),
    history: await historyOf(db, task, site.timeZone),
    comments: task.comments.map((c) => ({
      id: c.id,
      body: c.body,
      at: c.createdAt,
      who: actorName(c.author),
    })),
    canWork: true,
    canEdit: lead,
    eligible: lead && task.board === 'DAILY' ? await eligibleFor(db, site, task, now) : null,
    staff: lead
      ? (await findSiteStaff(db, task.siteId)).map((s) => ({
          id: s.id,
          name: `${s.firstName} ${s.lastName}`,
        }))
      : [],
    rejectMeaning: task.billingIssue ? (rejectCodeMeaning(task.billingIssue.rejectCode) ?? null) : null,
  };
}

async function clocksOf(db: Db, task: DetailRow, site: SiteSummary, now: Date): Promise<DeadlineClock[]> {
  const today = todayAt(site.timeZone, now);
  const vr = task.vendorReturn;
  if (vr?.lossDiscoveredOn) return deaLossClocks({ ...vr, lossDiscoveredOn: vr.lossDiscoveredOn }, today);
  const bi = task.billingIssue;
  if (!bi) return [];
  const payer = payerRuleFor(await listPayers(db, task.siteId), bi.bin, bi.pcn);
  if (!payer) return [];
  const closedOn = localDate(task.closedAt, site.timeZone);
  return [returnToStockClock({ dateOfService: bi.dateOfService, closedOn }, payer, today)];
}

async function eligibleFor(db: Db, site: SiteSummary, task: DetailRow, now: Date): Promise<AssigneeOption[]> {
  const date = task.taskDate ?? localDate(task.dueAt, site.timeZone) ?? todayAt(site.timeZone, now);
  const [shifts, load] = await Promise.all([findShiftsOn(db, site, date), loadFor(db, site, date)]);
  return assigneeOptions(shifts, task.dueAt, now, load, (s) => `${s.positionName}, ${s.templateName}`);
}

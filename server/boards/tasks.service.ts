// Cards on the task boards: reading one, creating, moving, editing, assigning and commenting.
// Every change runs in one transaction with its history events and is refused when the card's
// version moved on since the form was read (optimistic concurrency), never silently overwritten.

import { DateTime } from 'luxon';
import {
  BOARD_FLOWS,
  INITIAL_STATUS,
  allowedNextStatuses,
  isClosedStatus,
  rejectCodeMeaning,
  statusLabel,
} from '../../prisma/catalogue';
import type { Board } from '../../generated/prisma/enums';
import type { Db } from '../db/client';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import { hasRole } from '../http/session-middleware';
import {
  addEvents,
  boardDetailsSelect,
  findSiteStaff,
  findStaffInSite,
  findStaffNames,
  findTaskDetail,
  updateTaskIfVersion,
  type DetailRow,
  type EventInput,
  type Tx,
} from './tasks.repository';
import type { BillingIssueForm, DailyTaskEditForm, MoveForm, VendorReturnForm } from './boards.schemas';
import type { z } from 'zod';
import { checkMove, fieldsNeededFor, statusRequirements, type CardFacts } from './board-rules';
import { recordAudit } from '../account/auth.service';
import { formatNdc } from './ndc';
import { HIGH_LOAD, assigneesFor, findShiftsOn, loadFor } from './daily-tasks.service';
import { getSiteForUser, todayAt, type SiteSummary } from '../sites/sites.service';
import { queueNotifications } from '../notifications/notifications.service';
import { taskAssignedEvents } from './task-notifications';

/** Someone a card may be assigned to, with the day's load. */
export interface AssigneeOption {
  id: number;
  name: string;
  /** Open tasks for the day already on this person. */
  load: number;
  busy: boolean;
  /** Where they are, e.g. "Pharmacy technician, Day 07:00–15:30". */
  shift: string;
  /** On shift now while the task is overdue: offered first. */
  onShiftNow: boolean;
}

/** A stale form: somebody else changed the card after this user loaded it. */
export class StaleCardError extends ConflictError {
  constructor(readonly taskId: number) {
    super('This card changed while you were looking at it. Here is its new state; check it and try again.');
    this.name = 'StaleCardError';
  }
}

export const BOARD_PATHS: Record<Board, string> = {
  VENDOR_RETURN: '/boards/vendor-returns',
  BILLING_ISSUE: '/boards/billing-issues',
  DAILY: '/boards/daily',
};

export const BOARD_TITLES: Record<Board, string> = {
  VENDOR_RETURN: 'Vendor returns',
  BILLING_ISSUE: 'Billing issues',
  DAILY: 'Daily tasks',
};

/** Leads and managers work every card; staff only the cards assigned to them. */
export function canWorkCard(user: CurrentUser, assigneeId: number | null): boolean {
  return hasRole(user.role, 'LEAD') || (user.staffId !== null && assigneeId === user.staffId);
}

/** A card at another site does not exist for this user (a manager without a site sees them all). */
function assertSameSite(user: CurrentUser, siteId: number): void {
  if (user.siteId !== null && user.siteId !== siteId) throw new NotFoundError();
}

export function personName(p: { firstName: string; lastName: string } | null | undefined): string | null {
  return p ? `${p.firstName} ${p.lastName}` : null;
}

function actorName(
  a: { email: string; staff: { firstName: string; lastName: string } | null } | null,
): string {
  if (!a) return 'RxRoster (automatic)';
  return personName(a.staff) ?? a.email;
}

/** Due date (local day) → the instant a card is due: 17:00 that day where the pharmacy is. */
export function dueAtFromDate(date: string | null, zone: string): Date | null {
  if (date === null) return null;
  return DateTime.fromISO(date, { zone }).set({ hour: 17, minute: 0 }).toJSDate();
}

export function localDate(instant: Date | null, zone: string): string | null {
  return instant ? DateTime.fromJSDate(instant, { zone }).toISODate() : null;
}

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

async function eligibleFor(db: Db, site: SiteSummary, task: DetailRow, now: Date): Promise<AssigneeOption[]> {
  const date = task.taskDate ?? localDate(task.dueAt, site.timeZone) ?? todayAt(site.timeZone, now);
  const [shifts, load] = await Promise.all([findShiftsOn(db, site, date), loadFor(db, site, date)]);
  return assigneesFor(shifts, task.dueAt, now)
    .map(({ shift: s, onShiftNow }) => {
      const n = load.get(s.staffId) ?? 0;
      return {
        id: s.staffId,
        name: s.staffName,
        load: n,
        busy: n >= HIGH_LOAD,
        shift: `${s.positionName}, ${s.templateName}`,
        onShiftNow,
      };
    })
    .sort(
      (a, b) =>
        Number(b.onShiftNow) - Number(a.onShiftNow) || a.load - b.load || a.name.localeCompare(b.name),
    );
}

// ---------------------------------------------------------------------------------------------
// Creating cards
// ---------------------------------------------------------------------------------------------

async function checkAssignee(tx: Tx, assigneeId: number | null, siteId: number): Promise<void> {
  if (assigneeId === null) return;
  if (!(await findStaffInSite(tx, assigneeId, siteId))) {
    throw new ValidationError({ assigneeId: 'Choose an active staff member of this pharmacy.' });
  }
}

async function createCard(
  tx: Tx,
  user: CurrentUser,
  site: SiteSummary,
  board: Board,
  form: {
    title: string;
    assigneeId: number | null;
    dueDate: string | null;
    priority: 'LOW' | 'NORMAL' | 'HIGH' | 'URGENT';
    description: string | null;
  },
): Promise<number> {
  await checkAssignee(tx, form.assigneeId, site.id);
  const status = INITIAL_STATUS[board];
  const task = await tx.task.create({
    data: {
      siteId: site.id,
      board,
      status,
      title: form.title,
      description: form.description,
      assigneeId: form.assigneeId,
      dueAt: dueAtFromDate(form.dueDate, site.timeZone),
      priority: form.priority,
      createdById: user.id,
    },
    select: { id: true },
  });
  const events: EventInput[] = [{ kind: 'CREATED', field: 'status', toValue: status }];
  if (form.assigneeId !== null)
    events.push({ kind: 'ASSIGNED', field: 'assigneeId', toValue: String(form.assigneeId) });
  await addEvents(tx, task.id, user.id, events);
  await queueNotifications(
    tx,
    taskAssignedEvents(
      { id: task.id, title: form.title, board, priority: form.priority },
      form.assigneeId,
      user,
    ),
  );
  return task.id;
}

/** The VendorReturn columns a vendor-return form sets (creating and editing a card alike). */
function vendorReturnColumns(form: VendorReturnForm) {
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
function billingIssueColumns(form: BillingIssueForm) {
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

export async function createVendorReturn(db: Db, user: CurrentUser, form: VendorReturnForm): Promise<number> {
  const site = await getSiteForUser(db, user);
  return db.$transaction(async (tx) => {
    const taskId = await createCard(tx, user, site, 'VENDOR_RETURN', form);
    await tx.vendorReturn.create({
      data: { taskId, ...vendorReturnColumns(form) },
    });
    return taskId;
  });
}

export async function createBillingIssue(db: Db, user: CurrentUser, form: BillingIssueForm): Promise<number> {
  const site = await getSiteForUser(db, user);
  return db.$transaction(async (tx) => {
    const taskId = await createCard(tx, user, site, 'BILLING_ISSUE', form);
    await tx.billingIssue.create({
      data: { taskId, ...billingIssueColumns(form) },
    });
    return taskId;
  });
}

// ---------------------------------------------------------------------------------------------
// Changing cards
// ---------------------------------------------------------------------------------------------

const changeSelect = {
  id: true,
  siteId: true,
  board: true,
  status: true,
  title: true,
  description: true,
  priority: true,
  dueAt: true,
  version: true,
  assigneeId: true,
  taskDate: true,
  ...boardDetailsSelect,
} as const;

async function loadForChange(tx: Tx, user: CurrentUser, id: number, version: number) {
  const task = await tx.task.findUnique({ where: { id }, select: changeSelect });
  if (!task) throw new NotFoundError('We could not find that card.');
  assertSameSite(user, task.siteId);
  if (!canWorkCard(user, task.assigneeId))
    throw new ForbiddenError('You can only change cards assigned to you.');
  if (task.version !== version) throw new StaleCardError(id);
  return task;
}

type Loaded = Awaited<ReturnType<typeof loadForChange>>;

function factsOf(task: Loaded): CardFacts {
  if (task.board === 'VENDOR_RETURN' && task.vendorReturn)
    return { board: 'VENDOR_RETURN', vendorReturn: task.vendorReturn };
  if (task.board === 'BILLING_ISSUE' && task.billingIssue)
    return { board: 'BILLING_ISSUE', billingIssue: task.billingIssue };
  return { board: 'DAILY' };
}

const asText = (v: string | number | boolean | null | undefined): string | null =>
  v === null || v === undefined ? null : String(v);

/** Field events for every value that differs; `after` holds only the fields being written. */
function diffEvents<T extends Record<string, unknown>>(before: T, after: Partial<T>): EventInput[] {
  const events: EventInput[] = [];
  for (const [field, value] of Object.entries(after)) {
    const from = asText(before[field] as string | number | boolean | null);
    const to = asText(value as string | number | boolean | null);
    if (from !== to) events.push({ kind: 'FIELD', field, fromValue: from, toValue: to });
  }
  return events;
}

/** Only the entries whose value differs from `before`. */
function changedOnly<T extends Record<string, unknown>>(before: T, after: Partial<T>): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(after) as [keyof T, T[keyof T]][]) {
    if (asText(before[k] as string | null) !== asText(v as string | null)) out[k] = v;
  }
  return out;
}

export interface MoveResult {
  taskId: number;
  board: Board;
  title: string;
  from: string;
  to: string;
}

/**
 * Moves a card to another status. Facts submitted with the move (RA number, tracking, received
 * credit, outcome…) are saved with it, so the target status's requirements can be met in one step.
 */
export async function moveTask(
  db: Db,
  user: CurrentUser,
  id: number,
  form: MoveForm,
  ip = '',
): Promise<MoveResult> {
  const result = await db.$transaction(async (tx) => {
    const task = await loadForChange(tx, user, id, form.version);
    const events: EventInput[] = [];
    let facts = factsOf(task);
    let returnChanges: Record<string, unknown> = {};
    let billingChanges: Record<string, unknown> = {};
    if (facts.board === 'VENDOR_RETURN') {
      const submitted = {
        raNumber: form.raNumber,
        shippedOn: form.shippedOn,
        trackingNumber: form.trackingNumber,
        deaForm222Number: form.deaForm222Number,
        receivedCreditCents: form.receivedCredit,
        zeroCreditReason: form.zeroCreditReason,
      };
      const given = Object.fromEntries(Object.entries(submitted).filter(([, v]) => v !== null));
      returnChanges = changedOnly(facts.vendorReturn as unknown as Record<string, unknown>, given);
      facts = { board: 'VENDOR_RETURN', vendorReturn: { ...facts.vendorReturn, ...returnChanges } };
    }
    if (facts.board === 'BILLING_ISSUE' && form.outcome !== null) {
      billingChanges = changedOnly(facts.billingIssue as unknown as Record<string, unknown>, {
        outcome: form.outcome,
      });
      facts = { board: 'BILLING_ISSUE', billingIssue: { ...facts.billingIssue, outcome: form.outcome } };
    }
    const check = checkMove(facts, task.status, form.to);
    if (!check.ok) {
      throw new ValidationError(
        check.kind === 'flow' ? { to: check.message } : check.fieldErrors,
        check.message,
      );
    }
    const closing = isClosedStatus(task.board, form.to);
    if (
      !(await updateTaskIfVersion(tx, id, form.version, {
        status: form.to,
        closedAt: closing ? new Date() : null,
      }))
    ) {
      throw new StaleCardError(id);
    }
    if (Object.keys(returnChanges).length > 0) {
      await tx.vendorReturn.update({ where: { taskId: id }, data: returnChanges });
      events.push(...diffEvents(task.vendorReturn as unknown as Record<string, unknown>, returnChanges));
    }
    if (Object.keys(billingChanges).length > 0) {
      await tx.billingIssue.update({ where: { taskId: id }, data: billingChanges });
      events.push(...diffEvents(task.billingIssue as unknown as Record<string, unknown>, billingChanges));
    }
    events.push({ kind: 'STATUS', field: 'status', fromValue: task.status, toValue: form.to });
    await addEvents(tx, id, user.id, events);
    return { taskId: id, board: task.board, title: task.title, from: task.status, to: form.to };
  });
  await recordAudit(db, {
    actorId: user.id,
    action: 'task.move',
    entity: 'Task',
    entityId: id,
    detail: `${result.board} ${result.from} → ${result.to}`,
    ip,
  });
  return result;
}

/** Saves an edited card (leads and managers); refuses edits that break the current status's needs. */
export async function editTask(
  db: Db,
  user: CurrentUser,
  id: number,
  version: number,
  form: VendorReturnForm | BillingIssueForm | z.infer<typeof DailyTaskEditForm>,
): Promise<void> {
  const site = await getSiteForUser(db, user);
  await db.$transaction(async (tx) => {
    const task = await loadForChange(tx, user, id, version);
    const zone = site.timeZone;
    const common = {
      title: form.title,
      description: form.description,
      priority: form.priority,
      dueAt: form.dueDate === null ? null : (dueAtFromDate(form.dueDate, zone)?.toISOString() ?? null),
    };
    const before = { ...task, dueAt: task.dueAt?.toISOString() ?? null };
    // An unchanged due date keeps its time of day (a daily task is due at its template's minute).
    if (localDate(task.dueAt, zone) === form.dueDate) common.dueAt = before.dueAt;
    const events = diffEvents(before as unknown as Record<string, unknown>, common);
    let returnData: Record<string, unknown> | null = null;
    let billingData: Record<string, unknown> | null = null;
    let facts = factsOf(task);
    if (task.board === 'VENDOR_RETURN' && 'vendor' in form && task.vendorReturn) {
      returnData = changedOnly(
        task.vendorReturn as unknown as Record<string, unknown>,
        vendorReturnColumns(form),
      );
      facts = { board: 'VENDOR_RETURN', vendorReturn: { ...task.vendorReturn, ...returnData } };
      events.push(...diffEvents(task.vendorReturn as unknown as Record<string, unknown>, returnData));
    } else if (task.board === 'BILLING_ISSUE' && 'rxNumber' in form && task.billingIssue) {
      billingData = changedOnly(
        task.billingIssue as unknown as Record<string, unknown>,
        billingIssueColumns(form),
      );
      facts = { board: 'BILLING_ISSUE', billingIssue: { ...task.billingIssue, ...billingData } };
      events.push(...diffEvents(task.billingIssue as unknown as Record<string, unknown>, billingData));
    }
    const missing = statusRequirements(facts, task.status);
    if (Object.keys(missing).length > 0) {
      throw new ValidationError(
        missing,
        `A card in “${statusLabel(task.board, task.status)}” must keep these: ${Object.values(missing).join(' ')}`,
      );
    }
    // A daily task goes only to someone on shift when it is due: that is the assign form's job.
    const assigneeId = task.board === 'DAILY' ? task.assigneeId : form.assigneeId;
    const assignChanged = assigneeId !== task.assigneeId;
    if (assignChanged) {
      await checkAssignee(tx, form.assigneeId, task.siteId);
      events.push({
        kind: 'ASSIGNED',
        field: 'assigneeId',
        fromValue: asText(task.assigneeId),
        toValue: asText(form.assigneeId),
      });
    }
    if (events.length === 0) return;
    const ok = await updateTaskIfVersion(tx, id, version, {
      title: common.title,
      description: common.description,
      priority: common.priority,
      dueAt: common.dueAt === null ? null : new Date(common.dueAt),
      assigneeId,
    });
    if (!ok) throw new StaleCardError(id);
    if (returnData && Object.keys(returnData).length > 0)
      await tx.vendorReturn.update({ where: { taskId: id }, data: returnData });
    if (billingData && Object.keys(billingData).length > 0)
      await tx.billingIssue.update({ where: { taskId: id }, data: billingData });
    await addEvents(tx, id, user.id, events);
    if (assignChanged)
      await queueNotifications(
        tx,
        taskAssignedEvents({ ...task, title: common.title, priority: common.priority }, assigneeId, user),
      );
  });
}

export interface AssignResult {
  title: string;
  assigneeName: string | null;
  /** The assignee's open tasks for the card's day after this assignment (0 when unassigned). */
  load: number;
  /** The load is at or above HIGH_LOAD: the page warns the lead. */
  busy: boolean;
}

/** The local day a card belongs to: its daily-task date, else the day it is due. */
function cardDay(task: { taskDate: string | null; dueAt: Date | null }, site: SiteSummary): string | null {
  return task.taskDate ?? localDate(task.dueAt, site.timeZone);
}

/**
 * Assigns a card. A daily task may go only to someone on a published shift when it is due; any
 * card may go only to an active staff member of its pharmacy. Who is on shift is read before the
 * write transaction (the version check then refuses the write if the card changed meanwhile).
 */
export async function assignTask(
  db: Db,
  user: CurrentUser,
  id: number,
  version: number,
  assigneeId: number | null,
  now: Date = new Date(),
): Promise<AssignResult> {
  const site = await getSiteForUser(db, user);
  const before = await db.task.findUnique({
    where: { id },
    select: { board: true, taskDate: true, dueAt: true },
  });
  if (!before) throw new NotFoundError('We could not find that card.');
  const day = cardDay(before, site);
  let onShift: Set<number> | null = null;
  if (before.board === 'DAILY' && day !== null) {
    onShift = new Set(
      assigneesFor(await findShiftsOn(db, site, day), before.dueAt, now).map((a) => a.shift.staffId),
    );
  }
  const result = await db.$transaction(async (tx) => {
    const task = await loadForChange(tx, user, id, version);
    let assigneeName: string | null = null;
    if (assigneeId !== null) {
      const person = await findStaffInSite(tx, assigneeId, task.siteId);
      if (!person)
        throw new ValidationError({ assigneeId: 'Choose an active staff member of this pharmacy.' });
      assigneeName = `${person.firstName} ${person.lastName}`;
      if (onShift && !onShift.has(assigneeId)) {
        throw new ValidationError(
          {
            assigneeId: `${assigneeName} is not on shift when this task is due or now; choose someone who is.`,
          },
          `${assigneeName} is not on shift when “${task.title}” is due or now.`,
        );
      }
    }
    if (assigneeId !== task.assigneeId) {
      if (!(await updateTaskIfVersion(tx, id, version, { assigneeId }))) throw new StaleCardError(id);
      await addEvents(tx, id, user.id, [
        {
          kind: 'ASSIGNED',
          field: 'assigneeId',
          fromValue: asText(task.assigneeId),
          toValue: asText(assigneeId),
        },
      ]);
      await queueNotifications(tx, taskAssignedEvents(task, assigneeId, user));
    }
    return { title: task.title, assigneeName };
  });
  const load =
    assigneeId !== null && day !== null ? ((await loadFor(db, site, day)).get(assigneeId) ?? 0) : 0;
  return { ...result, load, busy: load >= HIGH_LOAD };
}

/** Which board a card is on (its edit form depends on it). */
export async function boardOfTask(db: Db, id: number): Promise<Board> {
  const task = await db.task.findUnique({ where: { id }, select: { board: true } });
  if (!task) throw new NotFoundError('We could not find that card.');
  return task.board;
}

/** The active staff of the user's pharmacy, for assignee choices. */
export async function listSiteStaff(db: Db, user: CurrentUser): Promise<{ id: number; name: string }[]> {
  const site = await getSiteForUser(db, user);
  return (await findSiteStaff(db, site.id)).map((s) => ({ id: s.id, name: `${s.firstName} ${s.lastName}` }));
}

/** Adds a comment. Comments do not change the card's version: talking never blocks a move. */
export async function commentOnTask(db: Db, user: CurrentUser, id: number, body: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const task = await tx.task.findUnique({
      where: { id },
      select: { id: true, siteId: true, assigneeId: true },
    });
    if (!task) throw new NotFoundError('We could not find that card.');
    assertSameSite(user, task.siteId);
    if (!canWorkCard(user, task.assigneeId))
      throw new ForbiddenError('You can only comment on cards assigned to you.');
    await tx.taskComment.create({ data: { taskId: id, authorId: user.id, body } });
    await addEvents(tx, id, user.id, [{ kind: 'COMMENT' }]);
  });
}

export function statusOptions(board: Board) {
  return BOARD_FLOWS[board].statuses;
}

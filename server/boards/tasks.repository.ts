// Every Prisma call of the task boards, with explicit selects; plain objects out.

import type { Prisma } from '../../generated/prisma/client';
import type { Board, Priority, TaskEventKind } from '../../generated/prisma/enums';
import type { Db } from '../db/client';

export type Tx = Prisma.TransactionClient;

export const personSelect = { id: true, firstName: true, lastName: true } as const;

export const cardSelect = {
  id: true,
  siteId: true,
  board: true,
  status: true,
  title: true,
  priority: true,
  dueAt: true,
  taskDate: true,
  version: true,
  closedAt: true,
  createdAt: true,
  updatedAt: true,
  assignee: { select: personSelect },
  vendorReturn: {
    select: {
      vendor: true,
      drugName: true,
      quantity: true,
      expectedCreditCents: true,
      receivedCreditCents: true,
      scheduleII: true,
      reason: true,
      lossDiscoveredOn: true,
      deaNoticeSentOn: true,
      dea106FiledOn: true,
    },
  },
  billingIssue: {
    select: {
      payerName: true,
      rejectCode: true,
      amountCents: true,
      dateOfService: true,
      rxNumber: true,
      bin: true,
      pcn: true,
    },
  },
} as const satisfies Prisma.TaskSelect;

export type CardRow = Prisma.TaskGetPayload<{ select: typeof cardSelect }>;

export interface CardFilter {
  assigneeId?: number | null;
  priority?: Priority;
  /** Open cards whose due instant is before this one (or listed in `overdueIds`). */
  overdueBefore?: Date;
  /** With `overdueBefore`: open cards overdue by a deadline clock, whatever their due date. */
  overdueIds?: number[];
  /** Vendor (returns) or payer (billing) containing this text. */
  party?: string;
  includeClosed: boolean;
  taskDate?: string;
  /** Cards in one column only. */
  status?: string;
}

/** Closed cards stay on a board for a fortnight so a finished return does not vanish at once. */
export const RECENTLY_CLOSED_DAYS = 14;

export type CardWhere = Prisma.TaskWhereInput;

/** The where clause of a board's cards under a filter. */
export function cardWhere(siteId: number, board: Board, filter: CardFilter): CardWhere {
  const where: Prisma.TaskWhereInput = { siteId, board };
  if (filter.assigneeId !== undefined) where.assigneeId = filter.assigneeId;
  if (filter.priority !== undefined) where.priority = filter.priority;
  if (filter.taskDate !== undefined) where.taskDate = filter.taskDate;
  if (filter.status !== undefined) where.status = filter.status;
  if (filter.overdueBefore !== undefined) {
    where.closedAt = null;
    where.OR = [{ dueAt: { lt: filter.overdueBefore } }];
    if (filter.overdueIds !== undefined && filter.overdueIds.length > 0)
      where.OR.push({ id: { in: filter.overdueIds } });
  } else if (!filter.includeClosed && filter.taskDate === undefined) {
    where.OR = [
      { closedAt: null },
      { closedAt: { gte: new Date(Date.now() - RECENTLY_CLOSED_DAYS * 86_400_000) } },
    ];
  }
  if (filter.party !== undefined && filter.party !== '') {
    if (board === 'VENDOR_RETURN') where.vendorReturn = { vendor: { contains: filter.party } };
    if (board === 'BILLING_ISSUE') where.billingIssue = { payerName: { contains: filter.party } };
  }
  return where;
}

const cardOrder = [{ dueAt: 'asc' }, { id: 'asc' }] satisfies Prisma.TaskOrderByWithRelationInput[];

export async function findCards(
  db: Db,
  siteId: number,
  board: Board,
  filter: CardFilter,
): Promise<CardRow[]> {
  return db.task.findMany({
    where: cardWhere(siteId, board, filter),
    select: cardSelect,
    orderBy: cardOrder,
  });
}

/** The first `take` cards of one column (status), in board order (due first, then oldest id). */
export function findColumnCards(
  db: Db,
  where: Prisma.TaskWhereInput,
  status: string,
  take: number,
): Promise<CardRow[]> {
  return db.task.findMany({ where: { ...where, status }, select: cardSelect, orderBy: cardOrder, take });
}

/** How many cards match `where`, per status. */
export async function countCardsByStatus(db: Db, where: Prisma.TaskWhereInput): Promise<Map<string, number>> {
  const rows = await db.task.groupBy({ by: ['status'], where, _count: { _all: true } });
  return new Map(rows.map((r) => [r.status, r._count._all]));
}

/**
 * The facts the deadline clocks run on, for the open cards of `where` that carry a clock: a theft or
 * loss (its discovery day) or a billing issue (its date of service and payer).
 */
export function findClockFacts(db: Db, where: CardWhere) {
  return db.task.findMany({
    where: {
      AND: [
        where,
        { closedAt: null },
        { OR: [{ vendorReturn: { lossDiscoveredOn: { not: null } } }, { billingIssue: { isNot: null } }] },
      ],
    },
    select: {
      id: true,
      vendorReturn: { select: { lossDiscoveredOn: true, deaNoticeSentOn: true, dea106FiledOn: true } },
      billingIssue: { select: { dateOfService: true, bin: true, pcn: true } },
    },
  });
}

export function countCards(db: Db, where: Prisma.TaskWhereInput): Promise<number> {
  return db.task.count({ where });
}

/** The board-specific fields of a card: vendor-return or billing-issue details. */
export const boardDetailsSelect = {
  vendorReturn: {
    select: {
      vendor: true,
      drugName: true,
      ndc: true,
      lot: true,
      expiryDate: true,
      quantity: true,
      reason: true,
      raNumber: true,
      expectedCreditCents: true,
      receivedCreditCents: true,
      zeroCreditReason: true,
      shippedOn: true,
      trackingNumber: true,
      scheduleII: true,
      deaForm222Number: true,
      lossDiscoveredOn: true,
      deaNoticeSentOn: true,
      dea106FiledOn: true,
    },
  },
  billingIssue: {
    select: {
      rxNumber: true,
      dateOfService: true,
      payerName: true,
      bin: true,
      pcn: true,
      rejectCode: true,
      amountCents: true,
      outcome: true,
      notes: true,
    },
  },
} as const;

export const detailSelect = {
  ...cardSelect,
  description: true,
  templateId: true,
  createdBy: { select: { email: true, staff: { select: personSelect } } },
  ...boardDetailsSelect,
  comments: {
    select: {
      id: true,
      body: true,
      createdAt: true,
      author: { select: { email: true, staff: { select: personSelect } } },
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  },
  events: {
    select: {
      id: true,
      kind: true,
      field: true,
      fromValue: true,
      toValue: true,
      createdAt: true,
      actor: { select: { email: true, staff: { select: personSelect } } },
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  },
} as const satisfies Prisma.TaskSelect;

export type DetailRow = Prisma.TaskGetPayload<{ select: typeof detailSelect }>;

export function findTaskDetail(db: Db | Tx, id: number): Promise<DetailRow | null> {
  return db.task.findUnique({ where: { id }, select: detailSelect });
}

/**
 * Writes a change only if nobody changed the card since `version` was read; returns false when
 * the version moved on (the caller reports a conflict instead of overwriting).
 */
export async function updateTaskIfVersion(
  tx: Tx,
  id: number,
  version: number,
  data: Prisma.TaskUncheckedUpdateManyInput,
): Promise<boolean> {
  const { count } = await tx.task.updateMany({
    where: { id, version },
    data: { ...data, version: { increment: 1 } },
  });
  return count === 1;
}

export interface EventInput {
  kind: TaskEventKind;
  field?: string | null;
  fromValue?: string | null;
  toValue?: string | null;
}

export async function addEvents(
  tx: Tx,
  taskId: number,
  actorId: number | null,
  events: EventInput[],
): Promise<void> {
  if (events.length === 0) return;
  await tx.taskEvent.createMany({
    data: events.map((e) => ({
      taskId,
      actorId,
      kind: e.kind,
      field: e.field ?? null,
      fromValue: e.fromValue ?? null,
      toValue: e.toValue ?? null,
    })),
  });
}

export function findSiteStaff(db: Db | Tx, siteId: number) {
  return db.staff.findMany({
    where: { siteId, active: true },
    select: personSelect,
    orderBy: [{ firstName: 'asc' }, { lastName: 'asc' }],
  });
}

export function findStaffNames(db: Db | Tx, ids: number[]) {
  return db.staff.findMany({ where: { id: { in: ids } }, select: personSelect });
}

export function findStaffInSite(db: Db | Tx, id: number, siteId: number) {
  return db.staff.findFirst({ where: { id, siteId, active: true }, select: personSelect });
}

/** Creates a card (any board); returns its id. */
export async function createTask(tx: Db | Tx, data: Prisma.TaskUncheckedCreateInput): Promise<number> {
  const task = await tx.task.create({ data, select: { id: true } });
  return task.id;
}

export type VendorReturnColumns = Omit<Prisma.VendorReturnUncheckedCreateInput, 'taskId'>;
export type BillingIssueColumns = Omit<Prisma.BillingIssueUncheckedCreateInput, 'taskId'>;

export async function createVendorReturnRow(
  tx: Tx,
  taskId: number,
  columns: VendorReturnColumns,
): Promise<void> {
  await tx.vendorReturn.create({ data: { taskId, ...columns }, select: { taskId: true } });
}

export async function createBillingIssueRow(
  tx: Tx,
  taskId: number,
  columns: BillingIssueColumns,
): Promise<void> {
  await tx.billingIssue.create({ data: { taskId, ...columns }, select: { taskId: true } });
}

export async function updateVendorReturnRow(
  tx: Tx,
  taskId: number,
  data: Prisma.VendorReturnUncheckedUpdateInput,
): Promise<void> {
  await tx.vendorReturn.update({ where: { taskId }, data, select: { taskId: true } });
}

export async function updateBillingIssueRow(
  tx: Tx,
  taskId: number,
  data: Prisma.BillingIssueUncheckedUpdateInput,
): Promise<void> {
  await tx.billingIssue.update({ where: { taskId }, data, select: { taskId: true } });
}

/** What a change to a card reads and compares (its fields and its board's details). */
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
export type ChangeRow = Prisma.TaskGetPayload<{ select: typeof changeSelect }>;

export function findTaskForChange(tx: Tx, id: number): Promise<ChangeRow | null> {
  return tx.task.findUnique({ where: { id }, select: changeSelect });
}

/** The card's board and the day it belongs to (for who may be assigned). */
export function findTaskDay(db: Db, id: number) {
  return db.task.findUnique({ where: { id }, select: { board: true, taskDate: true, dueAt: true } });
}

export async function findTaskBoard(db: Db, id: number): Promise<Board | null> {
  const task = await db.task.findUnique({ where: { id }, select: { board: true } });
  return task?.board ?? null;
}

/** Who may touch the card: its site and assignee. */
export function findTaskAccess(tx: Tx, id: number) {
  return tx.task.findUnique({ where: { id }, select: { id: true, siteId: true, assigneeId: true } });
}

export async function createComment(tx: Tx, taskId: number, authorId: number, body: string): Promise<void> {
  await tx.taskComment.create({ data: { taskId, authorId, body }, select: { id: true } });
}

/** A staff member's open cards, soonest due first. */
export function findOpenTasksOf(db: Db, staffId: number, take: number) {
  return db.task.findMany({
    where: { assigneeId: staffId, closedAt: null },
    select: {
      id: true,
      title: true,
      board: true,
      status: true,
      version: true,
      dueAt: true,
      taskDate: true,
      vendorReturn: { select: { scheduleII: true } },
    },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    take,
  });
}

/** The site's open vendor returns with what the credit ageing needs. */
export function findOpenVendorCredits(db: Db, siteId: number) {
  return db.task.findMany({
    where: { siteId, board: 'VENDOR_RETURN', closedAt: null },
    select: {
      createdAt: true,
      vendorReturn: { select: { vendor: true, expectedCreditCents: true, shippedOn: true } },
    },
  });
}

/** The site's open billing issues with what the claim ageing needs. */
export function findOpenBillingClaims(db: Db, siteId: number) {
  return db.billingIssue.findMany({
    where: { task: { siteId, closedAt: null } },
    select: { rejectCode: true, amountCents: true, dateOfService: true },
  });
}

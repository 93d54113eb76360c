// Every Prisma call of the task boards, with explicit selects; plain objects out.

import type { Prisma } from '../../generated/prisma/client';
import type { Board, Priority, TaskEventKind } from '../../generated/prisma/enums';
import type { Db } from '../db/client';

export type Tx = Prisma.TransactionClient;

const personSelect = { id: true, firstName: true, lastName: true } as const;

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
    select: { payerName: true, rejectCode: true, amountCents: true, dateOfService: true, rxNumber: true },
  },
} as const satisfies Prisma.TaskSelect;

export type CardRow = Prisma.TaskGetPayload<{ select: typeof cardSelect }>;

export interface CardFilter {
  assigneeId?: number | null;
  priority?: Priority;
  /** Open cards whose due instant is before this one. */
  overdueBefore?: Date;
  /** Vendor (returns) or payer (billing) containing this text. */
  party?: string;
  includeClosed: boolean;
  taskDate?: string;
  /** Cards in one column only. */
  status?: string;
}

/** Closed cards stay on a board for a fortnight so a finished return does not vanish at once. */
export const RECENTLY_CLOSED_DAYS = 14;

/** The where clause of a board's cards under a filter. */
export function cardWhere(siteId: number, board: Board, filter: CardFilter): Prisma.TaskWhereInput {
  const where: Prisma.TaskWhereInput = { siteId, board };
  if (filter.assigneeId !== undefined) where.assigneeId = filter.assigneeId;
  if (filter.priority !== undefined) where.priority = filter.priority;
  if (filter.taskDate !== undefined) where.taskDate = filter.taskDate;
  if (filter.status !== undefined) where.status = filter.status;
  if (filter.overdueBefore !== undefined) {
    where.closedAt = null;
    where.dueAt = { lt: filter.overdueBefore };
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

/** Published assignments of shifts that start on one of `dates` at a site, with their shift times. */
export function findPublishedAssignments(db: Db, siteId: number, dates: string[]) {
  return db.assignment.findMany({
    where: { shiftDate: { in: dates }, schedule: { status: 'PUBLISHED', siteId } },
    select: {
      shiftDate: true,
      templateId: true,
      template: { select: { name: true, startMinute: true, endMinute: true } },
      position: { select: { id: true, code: true, name: true, color: true, sortOrder: true } },
      staff: { select: personSelect },
    },
  });
}

/** Shift templates of a site with their coverage requirements (to compare with who is assigned). */
export function findShiftTemplatesWithCoverage(db: Db, siteId: number) {
  return db.shiftTemplate.findMany({
    where: { siteId, active: true },
    select: {
      id: true,
      name: true,
      weekdays: true,
      startMinute: true,
      endMinute: true,
      coverage: {
        select: {
          min: true,
          max: true,
          position: { select: { id: true, name: true, color: true, sortOrder: true } },
        },
      },
    },
    orderBy: [{ startMinute: 'asc' }, { id: 'asc' }],
  });
}

/** Open cards per assignee that are due by `dayEnd` or belong to `taskDate`: today's workload. */
export async function countOpenLoad(
  db: Db,
  siteId: number,
  taskDate: string,
  dayEnd: Date,
): Promise<Map<number, number>> {
  const rows = await db.task.groupBy({
    by: ['assigneeId'],
    where: {
      siteId,
      closedAt: null,
      assigneeId: { not: null },
      OR: [{ taskDate }, { dueAt: { lte: dayEnd } }],
    },
    _count: { _all: true },
  });
  return new Map(
    rows.filter((r) => r.assigneeId !== null).map((r) => [r.assigneeId as number, r._count._all]),
  );
}

// ---------------------------------------------------------------------------------------------
// Daily task templates
// ---------------------------------------------------------------------------------------------

export const templateSelect = {
  id: true,
  siteId: true,
  title: true,
  description: true,
  recurrence: true,
  weekdays: true,
  dayOfMonth: true,
  dueMinute: true,
  priority: true,
  active: true,
} as const satisfies Prisma.DailyTaskTemplateSelect;

export type TemplateRow = Prisma.DailyTaskTemplateGetPayload<{ select: typeof templateSelect }>;

export function findTemplates(db: Db, siteId: number, onlyActive: boolean): Promise<TemplateRow[]> {
  return db.dailyTaskTemplate.findMany({
    where: { siteId, ...(onlyActive ? { active: true } : {}) },
    select: templateSelect,
    orderBy: [{ active: 'desc' }, { dueMinute: 'asc' }, { title: 'asc' }],
  });
}

export function findTemplate(db: Db, id: number): Promise<TemplateRow | null> {
  return db.dailyTaskTemplate.findUnique({ where: { id }, select: templateSelect });
}

/** Template ids that already have their card on `taskDate`. */
export async function findGeneratedTemplateIds(
  db: Db,
  siteId: number,
  taskDate: string,
): Promise<Set<number>> {
  const rows = await db.task.findMany({
    where: { siteId, board: 'DAILY', taskDate, templateId: { not: null } },
    select: { templateId: true },
  });
  return new Set(rows.map((r) => r.templateId as number));
}

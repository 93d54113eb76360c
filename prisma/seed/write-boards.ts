// Writes the demo task-board cards with their history, and the daily tasks of the recent days.
import type { Prisma } from '../../generated/prisma/client';
import type { Board } from '../../generated/prisma/enums';
import { INITIAL_STATUS, canTransition, isClosedStatus, recurrenceRunsOn } from '../../server/boards/rules';
import { BILLING_ISSUES, PAYERS } from './billing-issues';
import type { SeedContext } from './context';
import { cents, hm } from './helpers';
import { DAILY_TEMPLATES } from './schedules';
import { type CardSpec, type Step, VENDOR_RETURNS } from './vendor-returns';
export async function tasks(ctx: SeedContext): Promise<void> {
  for (const v of VENDOR_RETURNS) {
    const taskId = await card(ctx, 'VENDOR_RETURN', v);
    await ctx.tx.vendorReturn.create({
      data: {
        taskId,
        vendor: v.vendor,
        drugName: v.drugName,
        ndc: v.ndc,
        lot: v.lot,
        expiryDate: ctx.date(v.expiryIn),
        quantity: v.quantity,
        reason: v.reason,
        raNumber: v.raNumber ?? null,
        expectedCreditCents: cents(v.expectedCredit),
        receivedCreditCents: v.receivedCredit === undefined ? null : cents(v.receivedCredit),
        shippedOn: v.shippedIn === undefined ? null : ctx.date(v.shippedIn),
        trackingNumber: v.trackingNumber ?? null,
        scheduleII: v.scheduleII ?? false,
        deaForm222Number: v.deaForm222Number ?? null,
      },
    });
  }
  for (const b of BILLING_ISSUES) {
    const taskId = await card(ctx, 'BILLING_ISSUE', b);
    await ctx.tx.billingIssue.create({
      data: {
        taskId,
        rxNumber: b.rxNumber,
        dateOfService: ctx.date(b.serviceIn),
        payerName: b.payerName,
        bin: b.bin,
        pcn: b.pcn ?? null,
        rejectCode: b.rejectCode,
        amountCents: cents(b.amount),
        outcome: b.outcome ?? null,
        notes: b.notes ?? null,
      },
    });
  }
  await ctx.tx.payer.createMany({
    data: PAYERS.map((p) => ({
      siteId: ctx.siteId,
      name: p.name,
      bin: p.bin,
      pcn: p.pcn ?? '',
      returnToStockDays: p.days,
      businessDays: p.businessDays,
    })),
  });
  await dailyTasks(ctx);
}

/** Creates a card and replays its steps as history; returns the task id. */
export async function card(
  ctx: SeedContext,
  board: Board,
  spec: CardSpec,
  extra: Partial<Prisma.TaskUncheckedCreateInput> = {},
): Promise<number> {
  const [created, ...rest] = spec.steps;
  if (!created) throw new Error(`card ${spec.title} has no steps`);
  let status = INITIAL_STATUS[board];
  let assignee: number | null = null;
  let version = 1;
  let closedAt: Date | null = null;
  const events: Prisma.TaskEventCreateManyInput[] = [];
  const comments: Prisma.TaskCommentCreateManyInput[] = [];
  const createdAt = ctx.instant(created.day, created.at);
  let updatedAt = createdAt;
  events.push({
    taskId: 0,
    actorId: actor(ctx, created.by),
    kind: 'CREATED',
    field: 'status',
    toValue: status,
    createdAt,
  });
  for (const step of rest) {
    const at = ctx.instant(step.day, step.at);
    const actorId = actor(ctx, step.by);
    if (at < updatedAt) throw new Error(`card ${spec.title}: steps out of order`);
    if (step.status !== undefined) {
      if (!canTransition(board, status, step.status)) {
        throw new Error(`card ${spec.title}: ${status} → ${step.status} is not in the ${board} flow`);
      }
      events.push({
        taskId: 0,
        actorId,
        kind: 'STATUS',
        field: 'status',
        fromValue: status,
        toValue: step.status,
        createdAt: at,
      });
      status = step.status;
      closedAt = isClosedStatus(board, status) ? at : null;
      version++;
      updatedAt = at;
    }
    if (step.assign !== undefined) {
      const next = ctx.staffId(step.assign);
      events.push({
        taskId: 0,
        actorId,
        kind: 'ASSIGNED',
        field: 'assigneeId',
        fromValue: assignee === null ? null : String(assignee),
        toValue: String(next),
        createdAt: at,
      });
      assignee = next;
      version++;
      updatedAt = at;
    }
    if (step.field !== undefined) {
      events.push({
        taskId: 0,
        actorId,
        kind: 'FIELD',
        field: step.field[0],
        toValue: step.field[1],
        createdAt: at,
      });
      version++;
      updatedAt = at;
    }
    if (step.comment !== undefined) {
      comments.push({ taskId: 0, authorId: actorId, body: step.comment, createdAt: at });
      events.push({ taskId: 0, actorId, kind: 'COMMENT', createdAt: at });
    }
  }
  const task = await ctx.tx.task.create({
    data: {
      siteId: ctx.siteId,
      board,
      status,
      title: spec.title,
      description: spec.description ?? null,
      assigneeId: assignee,
      dueAt: spec.dueIn === null ? null : ctx.instant(spec.dueIn, '17:00'),
      priority: spec.priority,
      createdById: actor(ctx, created.by),
      version,
      closedAt,
      createdAt,
      updatedAt,
      ...extra,
    },
  });
  await ctx.tx.taskEvent.createMany({ data: events.map((e) => ({ ...e, taskId: task.id })) });
  if (comments.length > 0) {
    await ctx.tx.taskComment.createMany({ data: comments.map((c) => ({ ...c, taskId: task.id })) });
  }
  return task.id;
}

export function actor(ctx: SeedContext, key: string): number | null {
  return key === 'system' ? null : ctx.userId(key);
}

/** Daily-task templates, plus yesterday's cards (done, one left overdue) and today's (to do). */
export async function dailyTasks(ctx: SeedContext): Promise<void> {
  for (const t of DAILY_TEMPLATES) {
    const template = await ctx.tx.dailyTaskTemplate.create({
      data: {
        siteId: ctx.siteId,
        title: t.title,
        description: t.description,
        recurrence: t.recurrence,
        weekdays: t.weekdays ?? null,
        dayOfMonth: t.dayOfMonth ?? null,
        dueMinute: hm(t.due),
        priority: t.priority,
      },
    });
    for (const day of [-1, 0]) {
      const taskDate = ctx.date(day);
      if (!recurrenceRunsOn(t, taskDate)) continue;
      const steps: Step[] = [{ day, at: '05:00', by: 'system' }];
      if (day === -1 && t.yesterdayBy !== null) {
        const dueMinute = hm(t.due);
        const start = Math.max(300, dueMinute - 60);
        const fmt = (m: number): string =>
          `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        steps.push(
          { day, at: '06:30', by: 'jordan', assign: t.yesterdayBy },
          { day, at: fmt(Math.max(start, 390)), by: t.yesterdayBy, status: 'IN_PROGRESS' },
          { day, at: fmt(Math.max(dueMinute - 10, 400)), by: t.yesterdayBy, status: 'DONE' },
        );
      }
      const spec: CardSpec = {
        title: t.title,
        description: t.description,
        priority: t.priority,
        dueIn: null,
        steps,
      };
      await card(ctx, 'DAILY', spec, {
        taskDate,
        templateId: template.id,
        dueAt: ctx.instant(day, t.due),
      });
    }
  }
}

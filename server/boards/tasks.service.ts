// Changing cards on the task boards: creating, moving, editing, assigning and commenting. Every
// change runs in one transaction with its history events and is refused when the card's version
// moved on since the form was read (optimistic concurrency), never silently overwritten.
// Reading a card: card-detail.service.ts; what all card code shares: cards.ts.
import type { Board } from '../../generated/prisma/enums';
import type { Db } from '../db/client';
import { ForbiddenError, NotFoundError, ValidationError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import {
  addEvents,
  createBillingIssueRow,
  createComment,
  createTask,
  createVendorReturnRow,
  findSiteStaff,
  findStaffInSite,
  findTaskAccess,
  findTaskBoard,
  findTaskDay,
  findTaskForChange,
  updateBillingIssueRow,
  updateTaskIfVersion,
  updateVendorReturnRow,
  type ChangeRow,
  type EventInput,
  type Tx,
} from './tasks.repository';
import type { BillingIssueForm, DailyTaskEditForm, MoveForm, VendorReturnForm } from './boards.schemas';
import type { z } from 'zod';
import { INITIAL_STATUS, checkMove, isClosedStatus, statusLabel, statusRequirements } from './rules';
import { recordAudit } from '../account/auth.service';
import { HIGH_LOAD, assigneesFor, findShiftsOn, loadFor } from './daily-tasks.service';
import { getSiteForUser, type SiteSummary } from '../sites/sites.service';
import { StaleCardError, assertSameSite, canWorkCard, dueAtFromDate, localDate } from './cards';
import {
  asText,
  billingIssueColumns,
  changedOnly,
  diffEvents,
  factsOf,
  vendorReturnColumns,
} from './card-changes';
import { queueNotifications } from '../notifications/notifications.service';
import { taskAssignedEvents } from './task-notifications';

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
  const taskId = await createTask(tx, {
    siteId: site.id,
    board,
    status,
    title: form.title,
    description: form.description,
    assigneeId: form.assigneeId,
    dueAt: dueAtFromDate(form.dueDate, site.timeZone),
    priority: form.priority,
    createdById: user.id,
  });
  const events: EventInput[] = [{ kind: 'CREATED', field: 'status', toValue: status }];
  if (form.assigneeId !== null)
    events.push({ kind: 'ASSIGNED', field: 'assigneeId', toValue: String(form.assigneeId) });
  await addEvents(tx, taskId, user.id, events);
  await queueNotifications(
    tx,
    taskAssignedEvents(
      { id: taskId, title: form.title, board, priority: form.priority },
      form.assigneeId,
      user,
    ),
  );
  return taskId;
}

export async function createVendorReturn(db: Db, user: CurrentUser, form: VendorReturnForm): Promise<number> {
  const site = await getSiteForUser(db, user);
  return db.$transaction(async (tx) => {
    const taskId = await createCard(tx, user, site, 'VENDOR_RETURN', form);
    await createVendorReturnRow(tx, taskId, vendorReturnColumns(form));
    return taskId;
  });
}

export async function createBillingIssue(db: Db, user: CurrentUser, form: BillingIssueForm): Promise<number> {
  const site = await getSiteForUser(db, user);
  return db.$transaction(async (tx) => {
    const taskId = await createCard(tx, user, site, 'BILLING_ISSUE', form);
    await createBillingIssueRow(tx, taskId, billingIssueColumns(form));
    return taskId;
  });
}

// ---------------------------------------------------------------------------------------------
// Changing cards
// ---------------------------------------------------------------------------------------------

async function loadForChange(tx: Tx, user: CurrentUser, id: number, version: number): Promise<ChangeRow> {
  const task = await findTaskForChange(tx, id);
  if (!task) throw new NotFoundError('We could not find that card.');
  assertSameSite(user, task.siteId);
  if (!canWorkCard(user, task.assigneeId))
    throw new ForbiddenError('You can only change cards assigned to you.');
  if (task.version !== version) throw new StaleCardError(id);
  return task;
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
      await updateVendorReturnRow(tx, id, returnChanges);
      events.push(...diffEvents(task.vendorReturn as unknown as Record<string, unknown>, returnChanges));
    }
    if (Object.keys(billingChanges).length > 0) {
      await updateBillingIssueRow(tx, id, billingChanges);
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
    if (returnData && Object.keys(returnData).length > 0) await updateVendorReturnRow(tx, id, returnData);
    if (billingData && Object.keys(billingData).length > 0) await updateBillingIssueRow(tx, id, billingData);
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
  const before = await findTaskDay(db, id);
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
  const board = await findTaskBoard(db, id);
  if (!board) throw new NotFoundError('We could not find that card.');
  return board;
}

/** The active staff of the user's pharmacy, for assignee choices. */
export async function listSiteStaff(db: Db, user: CurrentUser): Promise<{ id: number; name: string }[]> {
  const site = await getSiteForUser(db, user);
  return (await findSiteStaff(db, site.id)).map((s) => ({ id: s.id, name: `${s.firstName} ${s.lastName}` }));
}

/** Adds a comment. Comments do not change the card's version: talking never blocks a move. */
export async function commentOnTask(db: Db, user: CurrentUser, id: number, body: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const task = await findTaskAccess(tx, id);
    if (!task) throw new NotFoundError('We could not find that card.');
    assertSameSite(user, task.siteId);
    if (!canWorkCard(user, task.assigneeId))
      throw new ForbiddenError('You can only comment on cards assigned to you.');
    await createComment(tx, id, user.id, body);
    await addEvents(tx, id, user.id, [{ kind: 'COMMENT' }]);
  });
}

// What a board page shows: columns of cards by status, the same cards as a sortable list, and the
// filters. The money summaries: board-summaries.service.ts.

import {
  deaLossClocks,
  payerRuleFor,
  returnToStockClock,
  type DeadlineClock,
  type PayerRule,
} from './deadlines';
import { listPayers } from './payers.repository';
import { localParts } from './local-parts';
import type { Board, Priority } from '../../generated/prisma/enums';
import type { Db } from '../db/client';
import type { CurrentUser } from '../http/request-context';
import {
  cardWhere,
  countCards,
  countCardsByStatus,
  findCards,
  findClockFacts,
  findColumnCards,
  findSiteStaff,
  type CardFilter,
  type CardWhere,
  type CardRow,
} from './tasks.repository';
import type { BoardQuery } from './boards.schemas';
import { BOARD_FLOWS, isClosedStatus, statusLabel } from './rules';
import { rejectCodeMeaning } from './reject-codes';
import {
  HIGH_LOAD,
  ensureDailyTasks,
  findShiftsOn,
  loadFor,
  assigneeOptions,
  type ShiftInstance,
} from './daily-tasks.service';
import { addDays, getSiteForUser, todayAt, type SiteSummary } from '../sites/sites.service';
import { BOARD_PATHS, BOARD_TITLES, personName, type AssigneeOption } from './cards';
import { nextStepsFor, type NextStep } from './card-detail.service';
import { clock, daysBetween } from '../lib/time';

/** How far ahead the daily board makes a day's cards when someone opens that day. */
export const GENERATE_AHEAD_DAYS = 14;

const PRIORITY_RANK: Record<Priority, number> = { URGENT: 0, HIGH: 1, NORMAL: 2, LOW: 3 };

export interface CardView {
  id: number;
  board: Board;
  title: string;
  status: string;
  statusLabel: string;
  priority: Priority;
  assigneeId: number | null;
  assigneeName: string | null;
  dueAt: Date | null;
  /** Due day (returns and billing) or due time (daily tasks), in the site's zone. */
  dueLabel: string | null;
  overdue: boolean;
  ageDays: number;
  amountCents: number | null;
  amountLabel: string;
  party: string | null;
  detail: string | null;
  version: number;
  closed: boolean;
  scheduleII: boolean;
  /**
   * Clocks still running or done: a theft-or-loss card's DEA notice and Form 106; a billing issue's
   * return to stock when its payer has days set.
   */
  clocks: DeadlineClock[];
  next: NextStep[];
  /** Daily tasks: the people on shift at the due time, to choose the assignee from. */
  eligible: AssigneeOption[] | null;
}

function shiftLabel(s: ShiftInstance): string {
  return `${s.positionName}, ${s.templateName} ${clock(s.startMinute)}–${clock(s.endMinute % 1440)}`;
}

/**
 * A card's deadline clocks: a theft or loss's DEA notice and Form 106; a billing issue's return to
 * stock when its payer has days set (stopped on `closedOn`, the local day the card was closed).
 */
function cardClocks(
  vr: {
    lossDiscoveredOn: string | null;
    deaNoticeSentOn: string | null;
    dea106FiledOn: string | null;
  } | null,
  bi: { dateOfService: string; bin: string; pcn: string | null } | null,
  closedOn: string | null,
  payers: readonly PayerRule[],
  today: string,
): DeadlineClock[] {
  const clocks = vr?.lossDiscoveredOn
    ? deaLossClocks({ ...vr, lossDiscoveredOn: vr.lossDiscoveredOn }, today)
    : [];
  const payer = bi ? payerRuleFor(payers, bi.bin, bi.pcn) : null;
  if (bi && payer)
    clocks.push(returnToStockClock({ dateOfService: bi.dateOfService, closedOn }, payer, today));
  return clocks;
}

/**
 * The open cards of `where` overdue by a deadline clock (due date or not): the board's overdue count
 * and its "overdue only" filter include them, as the card itself is flagged.
 */
async function clockOverdueIds(
  db: Db,
  where: CardWhere,
  payers: readonly PayerRule[],
  today: string,
): Promise<number[]> {
  const rows = await findClockFacts(db, where);
  return rows
    .filter((r) =>
      cardClocks(r.vendorReturn, r.billingIssue, null, payers, today).some((c) => c.state === 'overdue'),
    )
    .map((r) => r.id);
}

/** `payers`: the site's return-to-stock rules, for billing issues. */
export function toCardView(
  row: CardRow,
  zone: string,
  today: string,
  now: Date,
  payers: readonly PayerRule[] = [],
): CardView {
  const closed = isClosedStatus(row.board, row.status);
  const vr = row.vendorReturn;
  const bi = row.billingIssue;
  let amountCents: number | null = null;
  let amountLabel = '';
  let party: string | null = null;
  let detail: string | null = null;
  if (vr) {
    amountCents = vr.receivedCreditCents ?? vr.expectedCreditCents;
    amountLabel = vr.receivedCreditCents !== null ? 'Credit received' : 'Expected credit';
    party = vr.vendor;
    detail = `${vr.reason.charAt(0)}${vr.reason
      .slice(1)
      .toLowerCase()
      .replaceAll('_', vr.reason === 'THEFT_OR_LOSS' ? ' ' : '-')} · ${vr.quantity} units`;
  }
  if (bi) {
    amountCents = bi.amountCents;
    amountLabel = 'At stake';
    party = bi.payerName;
    const meaning = rejectCodeMeaning(bi.rejectCode);
    detail = `Reject ${bi.rejectCode}${meaning ? ` — ${meaning}` : ''}`;
  }
  const closedOn = row.closedAt ? localParts(row.closedAt, zone).date : null;
  const clocks = cardClocks(vr, bi, closedOn, payers, today);
  // A daily task shows its time; one from another day (left overdue) its day as well.
  let dueLabel: string | null = null;
  if (row.dueAt) {
    const due = localParts(row.dueAt, zone);
    if (row.board !== 'DAILY') dueLabel = due.day;
    else dueLabel = due.date === today ? due.time : `${due.day}, ${due.time}`;
  }
  return {
    id: row.id,
    board: row.board,
    title: row.title,
    status: row.status,
    statusLabel: statusLabel(row.board, row.status),
    priority: row.priority,
    assigneeId: row.assignee?.id ?? null,
    assigneeName: personName(row.assignee),
    dueAt: row.dueAt,
    dueLabel,
    overdue: (!closed && row.dueAt !== null && row.dueAt < now) || clocks.some((c) => c.state === 'overdue'),
    ageDays: Math.max(0, daysBetween(localParts(row.createdAt, zone).date, today)),
    amountCents,
    amountLabel,
    party,
    detail,
    version: row.version,
    closed,
    scheduleII: vr?.scheduleII ?? false,
    clocks,
    next: nextStepsFor(row.board, row.status, vr?.scheduleII ?? false),
    eligible: null,
  };
}

function sortCards(
  cards: CardView[],
  sort: BoardQuery['sort'],
  dir: BoardQuery['dir'],
  board: Board,
): CardView[] {
  const order = new Map(BOARD_FLOWS[board].statuses.map((s, i) => [s.code, i]));
  const sign = dir === 'desc' ? -1 : 1;
  const nullsLast = (a: number | null, b: number | null) =>
    a === null ? (b === null ? 0 : 1) : b === null ? -1 : sign * (a - b);
  const compare: Record<BoardQuery['sort'], (a: CardView, b: CardView) => number> = {
    due: (a, b) => nullsLast(a.dueAt?.getTime() ?? null, b.dueAt?.getTime() ?? null),
    age: (a, b) => sign * (a.ageDays - b.ageDays),
    priority: (a, b) => sign * (PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority]),
    amount: (a, b) => nullsLast(a.amountCents, b.amountCents),
    status: (a, b) => sign * ((order.get(a.status) ?? 0) - (order.get(b.status) ?? 0)),
    title: (a, b) => sign * a.title.localeCompare(b.title),
  };
  return [...cards].sort((a, b) => compare[sort](a, b) || a.id - b.id);
}

/**
 * Cards a board column shows; the rest are a link away (the list view of that column). A busy
 * pharmacy has hundreds of open returns: rendering them all made the board a 1.6 MB page.
 */
export const COLUMN_CARD_LIMIT = 25;
/** Rows per page of the list view. */
export const LIST_PAGE_SIZE = 100;

export interface BoardColumn {
  code: string;
  label: string;
  closed: boolean;
  /** The first COLUMN_CARD_LIMIT cards of the column (all of them in the list view's data). */
  cards: CardView[];
  /** Cards in the column under the filters, shown or not. */
  total: number;
}

export interface BoardPage {
  site: SiteSummary;
  board: Board;
  boardPath: string;
  boardTitle: string;
  today: string;
  /** The daily board's day. */
  date: string | null;
  query: BoardQuery;
  /** The column the board is narrowed to (`status` query), as people read it. */
  statusFilterLabel: string | null;
  columns: BoardColumn[];
  /** One page of the list view (empty in the columns view). */
  list: CardView[];
  listPage: { page: number; pages: number; total: number; first: number; last: number };
  staff: { id: number; name: string }[];
  counts: { open: number; overdue: number; unassigned: number };
  highLoad: number;
}

/** Attaches to each daily card the people it may go to (assigneeOptions): on shift now first when overdue, then least loaded. */
export function withEligible(
  cards: CardView[],
  shifts: ShiftInstance[],
  load: Map<number, number>,
  now: Date,
): CardView[] {
  return cards.map((c) => ({
    ...c,
    eligible: assigneeOptions(shifts, c.dueAt, now, load, shiftLabel),
  }));
}

export async function getBoard(
  db: Db,
  user: CurrentUser,
  board: Board,
  query: BoardQuery,
  now: Date = new Date(),
): Promise<BoardPage> {
  const site = await getSiteForUser(db, user);
  const today = todayAt(site.timeZone, now);
  const date = board === 'DAILY' ? (query.date ?? today) : null;
  // Cards are made for today and the coming fortnight; looking back at a past day must not
  // create cards that would then sit there overdue.
  if (date !== null && date >= today && date <= addDays(today, GENERATE_AHEAD_DAYS))
    await ensureDailyTasks(db, site, date);
  const statuses = BOARD_FLOWS[board].statuses;
  const filter: CardFilter = { includeClosed: query.closed };
  if (query.assignee === 'none') filter.assigneeId = null;
  else if (query.assignee !== undefined && query.assignee !== '') filter.assigneeId = Number(query.assignee);
  if (query.priority !== undefined && query.priority !== '') filter.priority = query.priority;
  if (query.party !== undefined) filter.party = query.party;
  if (date !== null) filter.taskDate = date;
  const narrowedTo = statuses.find((s) => s.code === query.status);
  if (narrowedTo) filter.status = narrowedTo.code;
  const payers = board === 'BILLING_ISSUE' ? await listPayers(db, site.id) : [];
  // Daily tasks carry no clocks.
  const overdueIds =
    board === 'DAILY' ? [] : await clockOverdueIds(db, cardWhere(site.id, board, filter), payers, today);
  if (query.overdue) {
    filter.overdueBefore = now;
    filter.overdueIds = overdueIds;
  }
  const where = cardWhere(site.id, board, filter);
  const toView = (r: CardRow) => toCardView(r, site.timeZone, today, now, payers);
  const eligibility = async (cards: CardView[]) => {
    if (date === null || cards.length === 0) return cards;
    const [shifts, load] = await Promise.all([findShiftsOn(db, site, date), loadFor(db, site, date)]);
    return withEligible(cards, shifts, load, now);
  };

  let columns: BoardColumn[];
  let list: CardView[] = [];
  let listPage = { page: 1, pages: 1, total: 0, first: 0, last: 0 };
  let counts: BoardPage['counts'];
  if (query.view === 'list') {
    // The list sorts on what the cards show (age in local days, amount, status order), so every
    // matching card is read and sorted; only one page of them is rendered.
    const cards = (await findCards(db, site.id, board, filter)).map(toView);
    const sorted = sortCards(cards, query.sort, query.dir, board);
    const pages = Math.max(1, Math.ceil(sorted.length / LIST_PAGE_SIZE));
    const page = Math.min(query.page ?? 1, pages);
    const offset = (page - 1) * LIST_PAGE_SIZE;
    list = await eligibility(sorted.slice(offset, offset + LIST_PAGE_SIZE));
    listPage = {
      page,
      pages,
      total: sorted.length,
      first: sorted.length === 0 ? 0 : offset + 1,
      last: offset + list.length,
    };
    columns = statuses.map((s) => ({
      code: s.code,
      label: s.label,
      closed: s.closed === true,
      cards: [],
      total: cards.filter((c) => c.status === s.code).length,
    }));
    const open = cards.filter((c) => !c.closed);
    counts = {
      open: open.length,
      overdue: open.filter((c) => c.overdue).length,
      unassigned: open.filter((c) => c.assigneeId === null).length,
    };
  } else {
    // Columns: how many cards each column holds, then the first few of each, in board order.
    const totals = await countCardsByStatus(db, where);
    const shown = await Promise.all(
      statuses.map((s) =>
        (totals.get(s.code) ?? 0) > 0 ? findColumnCards(db, where, s.code, COLUMN_CARD_LIMIT) : [],
      ),
    );
    const cards = await eligibility(shown.flat().map(toView));
    columns = statuses.map((s) => ({
      code: s.code,
      label: s.label,
      closed: s.closed === true,
      cards: cards.filter((c) => c.status === s.code),
      total: totals.get(s.code) ?? 0,
    }));
    const openWhere = { ...where, status: { in: openStatuses(board, filter.status) } };
    const [overdue, unassigned] = await Promise.all([
      countCards(db, {
        ...openWhere,
        AND: [
          { OR: [{ dueAt: { lt: now } }, ...(overdueIds.length > 0 ? [{ id: { in: overdueIds } }] : [])] },
        ],
      }),
      countCards(db, { ...openWhere, assigneeId: null }),
    ]);
    counts = {
      open: columns.filter((c) => !c.closed).reduce((n, c) => n + c.total, 0),
      overdue,
      unassigned,
    };
  }
  return {
    site,
    board,
    boardPath: BOARD_PATHS[board],
    boardTitle: BOARD_TITLES[board],
    today,
    date,
    query,
    statusFilterLabel: narrowedTo?.label ?? null,
    columns,
    list,
    listPage,
    staff: (await findSiteStaff(db, site.id)).map((s) => ({
      id: s.id,
      name: `${s.firstName} ${s.lastName}`,
    })),
    counts,
    highLoad: HIGH_LOAD,
  };
}

/** The open statuses of a board (only `only`, when the board is narrowed to an open one). */
function openStatuses(board: Board, only: string | undefined): string[] {
  return BOARD_FLOWS[board].statuses
    .filter((s) => s.closed !== true && (only === undefined || s.code === only))
    .map((s) => s.code);
}

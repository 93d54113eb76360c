// A staff member's own open cards, for their home page, with the moves they can make from there.

import { DateTime } from 'luxon';
import { statusLabel } from './rules';
import type { Board } from '../../generated/prisma/enums';
import type { Db } from '../db/client';
import { BOARD_TITLES } from './cards';
import { nextStepsFor, type NextStep } from './card-detail.service';
import { findOpenTasksOf } from './tasks.repository';

export interface MyTask {
  id: number;
  title: string;
  board: Board;
  boardTitle: string;
  status: string;
  statusLabel: string;
  version: number;
  dueLabel: string | null;
  overdue: boolean;
  next: NextStep[];
}

export async function findMyTasks(
  db: Db,
  staffId: number,
  zone: string,
  now: Date = new Date(),
): Promise<MyTask[]> {
  const rows = await findOpenTasksOf(db, staffId, 20);
  return rows.map((t) => ({
    id: t.id,
    title: t.title,
    board: t.board,
    boardTitle: BOARD_TITLES[t.board],
    status: t.status,
    statusLabel: statusLabel(t.board, t.status),
    version: t.version,
    dueLabel: t.dueAt ? DateTime.fromJSDate(t.dueAt, { zone }).toFormat('ccc d LLL, HH:mm') : null,
    overdue: t.dueAt !== null && t.dueAt < now,
    next: nextStepsFor(t.board, t.status, t.vendorReturn?.scheduleII ?? false),
  }));
}

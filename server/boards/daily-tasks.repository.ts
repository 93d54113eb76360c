// Prisma access for the daily board: who is on a published shift on a day, the shift templates'
// coverage, each person's open load, and the daily-task templates.
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../db/client';
import { personSelect } from './tasks.repository';

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

export async function createTemplateRow(
  db: Db,
  data: Prisma.DailyTaskTemplateUncheckedCreateInput,
): Promise<number> {
  const row = await db.dailyTaskTemplate.create({ data, select: { id: true } });
  return row.id;
}

export async function updateTemplateRow(
  db: Db,
  id: number,
  data: Prisma.DailyTaskTemplateUncheckedUpdateInput,
): Promise<void> {
  await db.dailyTaskTemplate.update({ where: { id }, data, select: { id: true } });
}

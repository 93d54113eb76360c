// Shared set-up of the task-board integration tests: a fixed clock on the demo "today", a
// published schedule for that day, and small helpers for posting forms as the pages do.

import { vi } from 'vitest';
import type { Db } from '../../server/db/client';
import { csrfFrom, type Agent, type TestApp } from '../helpers/test-app';

export const TEST_TODAY = '2026-11-25';
/** 10:00 in New York on the demo day (a Wednesday): the fridge log (08:00) is already overdue. */
export const TEST_NOW = new Date('2026-11-25T15:00:00Z');

/** Only Date is faked: timers and I/O keep running, so Prisma and supertest behave normally. */
export function freezeClock(now: Date = TEST_NOW): void {
  vi.useFakeTimers({ toFake: ['Date'], now });
}

export async function csrfAt(agent: Agent, url: string): Promise<string> {
  const res = await agent.get(url);
  return csrfFrom(res.text);
}

export async function post(agent: Agent, url: string, fields: Record<string, string | number>, from = '/') {
  const _csrf = await csrfAt(agent, from);
  return agent
    .post(url)
    .type('form')
    .send({ ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])), _csrf });
}

export async function staffIdOf(t: TestApp, role: 'MANAGER' | 'LEAD' | 'STAFF', index = 0): Promise<number> {
  const user = await t.db.user.findUniqueOrThrow({
    where: { email: t.demoUser(role, index).email },
    select: { staffId: true },
  });
  if (user.staffId === null) throw new Error(`${role} ${index} has no staff record`);
  return user.staffId;
}

/**
 * Publishes a schedule for the demo week with the given people on today's shifts. Template names
 * are the seed's ("Weekday day" 07:00–15:30, "Weekday evening" 15:00–23:30).
 */
export async function publishToday(
  db: Db,
  shifts: { staffId: number; template: string; position: string }[],
): Promise<void> {
  const site = await db.site.findFirstOrThrow({ select: { id: true } });
  const schedule = await db.schedule.create({
    data: {
      siteId: site.id,
      periodStart: '2026-11-23',
      periodEnd: '2026-11-29',
      status: 'PUBLISHED',
      version: 90,
      publishedAt: new Date(),
    },
  });
  for (const s of shifts) {
    const template = await db.shiftTemplate.findFirstOrThrow({
      where: { siteId: site.id, name: s.template },
      select: { id: true },
    });
    const position = await db.position.findUniqueOrThrow({
      where: { code: s.position },
      select: { id: true },
    });
    await db.assignment.create({
      data: {
        scheduleId: schedule.id,
        shiftDate: TEST_TODAY,
        templateId: template.id,
        staffId: s.staffId,
        positionId: position.id,
      },
    });
  }
}

/** A staff member with a position, other than the given people. */
export async function someoneWith(db: Db, position: string, not: number[]): Promise<number> {
  const row = await db.staff.findFirstOrThrow({
    where: { active: true, id: { notIn: not }, positions: { some: { position: { code: position } } } },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  return row.id;
}

export function versionOf(db: Db, id: number): Promise<number> {
  return db.task.findUniqueOrThrow({ where: { id }, select: { version: true } }).then((t) => t.version);
}

/**
 * For the access matrix: a card assigned to the first demo STAFF user (who may open only their
 * own cards), so every role's GET of it is a 200.
 */
export async function matrixOwnTaskId(db: Db): Promise<number> {
  const { inject } = await import('vitest');
  const email = inject('demoSignIns').find((s) => s.role === 'STAFF')!.email;
  const user = await db.user.findUniqueOrThrow({ where: { email }, select: { staffId: true } });
  const own = await db.task.findFirst({ where: { assigneeId: user.staffId }, select: { id: true } });
  if (own) return own.id;
  const task = await db.task.findFirstOrThrow({
    where: { board: 'VENDOR_RETURN', closedAt: null },
    select: { id: true },
  });
  await db.task.update({ where: { id: task.id }, data: { assigneeId: user.staffId } });
  return task.id;
}

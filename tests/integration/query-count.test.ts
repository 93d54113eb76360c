import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { PrismaClient } from '../../generated/prisma/client';
import { createApp } from '../../server/app';
import type { Db } from '../../server/db/client';
import { crawl } from '../helpers/crawl';
import { csrfFrom } from '../helpers/test-app';

// N+1 detector: every page is read twice, before and after the data it lists grows by a lot.
// A page whose number of SQL queries grows with the data runs a query per row somewhere.

const dir = mkdtempSync(path.join(os.tmpdir(), 'rxroster-queries-'));
const file = path.join(dir, 'q.db');
let db: Db;
let queries = 0;
let app: ReturnType<typeof createApp>;

async function signIn(role: string) {
  const user = inject('demoSignIns').find((s) => s.role === role)!;
  const agent = request.agent(app);
  const page = await agent.get('/sign-in');
  await agent
    .post('/sign-in')
    .type('form')
    .send({ email: user.email, password: user.password, _csrf: csrfFrom(page.text) });
  return agent;
}

/** A published schedule this week with everyone holding a position on a shift. */
async function publishWeek(periodStart: string) {
  const site = await db.site.findFirstOrThrow();
  const schedule = await db.schedule.upsert({
    where: { siteId_periodStart_version: { siteId: site.id, periodStart, version: 1 } },
    create: {
      siteId: site.id,
      periodStart,
      periodEnd: periodStart,
      status: 'PUBLISHED',
      publishedAt: new Date(),
    },
    update: {},
  });
  const templates = await db.shiftTemplate.findMany({ where: { siteId: site.id } });
  const staff = await db.staff.findMany({ include: { positions: true } });
  let i = 0;
  for (const s of staff) {
    const positionId = s.positions[0]?.positionId;
    if (!positionId) continue;
    const templateId = templates[i++ % templates.length]!.id;
    await db.assignment.upsert({
      where: {
        scheduleId_shiftDate_templateId_staffId: {
          scheduleId: schedule.id,
          shiftDate: '2026-11-25',
          templateId,
          staffId: s.id,
        },
      },
      create: { scheduleId: schedule.id, shiftDate: '2026-11-25', templateId, staffId: s.id, positionId },
      update: {},
    });
  }
  return schedule.id;
}

/** Thirty more staff with credentials and availability, and ninety more cards with history. */
async function growData() {
  const site = await db.site.findFirstOrThrow();
  const models = await db.staff.findMany({
    include: { positions: true, credentials: true, availabilityRules: true },
    take: 10,
    skip: 1,
  });
  const manager = await db.user.findFirstOrThrow({ where: { role: 'MANAGER' } });
  for (let i = 0; i < 30; i += 1) {
    const m = models[i % models.length]!;
    await db.staff.create({
      data: {
        siteId: site.id,
        firstName: m.firstName,
        lastName: `${m.lastName} ${i}`,
        employmentType: m.employmentType,
        hourlyRateCents: m.hourlyRateCents,
        positions: { create: m.positions.map((p) => ({ positionId: p.positionId })) },
        credentials: {
          create: m.credentials.map((c) => ({
            credentialTypeId: c.credentialTypeId,
            number: `${c.number}${i}`,
            issuedOn: c.issuedOn,
            expiresOn: c.expiresOn,
          })),
        },
        availabilityRules: {
          create: m.availabilityRules.map((r) => ({
            weekday: r.weekday,
            startMinute: r.startMinute,
            endMinute: r.endMinute,
            kind: r.kind,
          })),
        },
        user: { create: { email: `grow${i}@example.org`, passwordHash: 'x', role: 'STAFF' } },
      },
    });
  }
  const tasks = await db.task.findMany({ include: { vendorReturn: true, billingIssue: true, events: true } });
  for (let i = 0; i < 90; i += 1) {
    const t = tasks[i % tasks.length]!;
    const { vendorReturn, billingIssue, events } = t;
    await db.task.create({
      data: {
        siteId: t.siteId,
        board: t.board,
        status: t.status,
        title: `${t.title} ${i}`,
        priority: t.priority,
        assigneeId: t.assigneeId,
        createdById: manager.id,
        dueAt: t.dueAt,
        taskDate: t.taskDate,
        closedAt: t.closedAt,
        ...(vendorReturn ? { vendorReturn: { create: withoutTaskId(vendorReturn) } } : {}),
        ...(billingIssue ? { billingIssue: { create: withoutTaskId(billingIssue) } } : {}),
        events: {
          create: events.map((e) => ({
            actorId: e.actorId,
            kind: e.kind,
            field: e.field,
            fromValue: e.fromValue,
            toValue: e.toValue,
          })),
        },
      },
    });
  }
  for (let i = 0; i < 60; i += 1)
    await db.auditLog.create({ data: { actorId: manager.id, action: 'auth.sign_in' } });
}

function withoutTaskId<T extends { taskId: number }>(row: T): Omit<T, 'taskId'> {
  const { taskId: _taskId, ...rest } = row;
  return rest;
}

async function countPerPage(urls: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const role of ['MANAGER', 'LEAD', 'STAFF']) {
    const agent = await signIn(role);
    for (const url of urls) {
      queries = 0;
      const res = await agent.get(url);
      if (res.status === 200) out.set(`${role} ${url}`, queries);
    }
  }
  return out;
}

beforeAll(async () => {
  copyFileSync(inject('baseDatabase'), file);
  const client = new PrismaClient({
    adapter: new PrismaBetterSqlite3({ url: `file:${file}` }),
    log: [{ emit: 'event', level: 'query' }],
  });
  client.$on('query', () => {
    queries += 1;
  });
  db = client as unknown as Db;
  app = createApp(db, {
    sessionSecret: 'query-count-secret-that-is-long-enough',
    signInAddressFailuresPer15Minutes: 1000,
  });
});
afterAll(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe('queries per page', () => {
  it('stay the same when the data a page lists grows (no query per row)', async () => {
    const scheduleId = await publishWeek('2026-11-23');
    const manager = await signIn('MANAGER');
    const { pages } = await crawl(manager, ['/', `/schedules/${scheduleId}`], 80);
    const urls = [...pages.entries()].filter(([, p]) => p.status === 200).map(([url]) => url);
    const before = await countPerPage(urls);
    await growData();
    await publishWeek('2026-11-23');
    const after = await countPerPage(urls);
    const grown = [...before.entries()]
      .filter(([key, n]) => (after.get(key) ?? n) > n)
      .map(([key, n]) => `${key}: ${n} → ${after.get(key)} queries`);
    expect(before.size).toBeGreaterThan(20);
    expect(grown).toEqual([]);
  }, 300_000);
});

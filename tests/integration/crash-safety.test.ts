import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../server/db/client';
import { applyMigrations } from '../../server/db/migrate';
import { csrfOverHttp, signInOverHttp, startServerProcess } from '../helpers/server-process';
import { createTestApp, type TestApp } from '../helpers/test-app';

// SIGKILL gives the server no chance to clean up: whatever SQLite committed is there after the
// restart, and nothing else. These tests kill the real server while it publishes and prove the
// database then holds the whole publish or none of it.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const WEEK = '2026-12-07';

/**
 * A published version 1 and a draft version 2 of one week with the same people: the data is made up
 * without regard to the scheduling rules, and a publish refuses any hard-rule break the version it
 * replaces did not already have.
 */
async function makeWeek(db: TestApp['db'], managerId: number) {
  const site = await db.site.findFirstOrThrow();
  const templates = await db.shiftTemplate.findMany({
    where: { siteId: site.id },
    include: { coverage: true },
  });
  const staff = await db.staff.findMany({ where: { siteId: site.id }, include: { positions: true } });
  const slots: { shiftDate: string; templateId: number; positionId: number; candidates: number[] }[] = [];
  for (let d = 0; d < 7; d += 1) {
    const date = new Date(Date.parse(`${WEEK}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
    const weekday = d + 1;
    for (const tpl of templates) {
      if (!tpl.weekdays.split(',').map(Number).includes(weekday)) continue;
      for (const c of tpl.coverage) {
        const candidates = staff
          .filter((s) => s.positions.some((p) => p.positionId === c.positionId))
          .map((s) => s.id);
        if (candidates.length > 0)
          slots.push({ shiftDate: date, templateId: tpl.id, positionId: c.positionId, candidates });
      }
    }
  }
  const v1 = await db.schedule.create({
    data: {
      siteId: site.id,
      periodStart: WEEK,
      periodEnd: '2026-12-13',
      status: 'PUBLISHED',
      version: 1,
      publishedAt: new Date(),
      publishedById: managerId,
    },
  });
  const v2 = await db.schedule.create({
    data: {
      siteId: site.id,
      periodStart: WEEK,
      periodEnd: '2026-12-13',
      status: 'DRAFT',
      version: 2,
      basedOnId: v1.id,
      createdById: managerId,
    },
  });
  for (const [schedule, offset] of [
    [v1, 0],
    [v2, 0],
  ] as const) {
    const used = new Set<string>();
    const rows = [];
    for (const s of slots) {
      const staffId = s.candidates[offset % s.candidates.length]!;
      const key = `${s.shiftDate}:${s.templateId}:${staffId}`;
      if (used.has(key)) continue;
      used.add(key);
      rows.push({
        scheduleId: schedule.id,
        shiftDate: s.shiftDate,
        templateId: s.templateId,
        staffId,
        positionId: s.positionId,
      });
    }
    await db.assignment.createMany({ data: rows });
  }
  return { v1: v1.id, v2: v2.id };
}

describe('crash safety', () => {
  it('holds all of a publish or none of it after the server is killed mid-request', async () => {
    const manager = await t.db.user.findUniqueOrThrow({ where: { email: t.demoUser('MANAGER').email } });
    const outcomes: string[] = [];
    let publishMs = 0;
    // The first run is not killed: it measures how long a publish takes, and after its answer the
    // server is killed anyway — a publish that was answered must survive that. The later runs are
    // killed at fractions of that time, inside the request.
    for (const fraction of [null, 0.2, 0.45, 0.7, 0.9, 1.1]) {
      await t.db.assignment.deleteMany({ where: { schedule: { periodStart: WEEK } } });
      await t.db.schedule.deleteMany({ where: { periodStart: WEEK } });
      const { v1, v2 } = await makeWeek(t.db, manager.id);
      const countsBefore = {
        v1: await t.db.assignment.count({ where: { scheduleId: v1 } }),
        v2: await t.db.assignment.count({ where: { scheduleId: v2 } }),
      };
      await t.db.$disconnect();

      const server = await startServerProcess(t.databaseFile);
      const { email, password } = t.demoUser('MANAGER');
      const cookie = await signInOverHttp(server.baseUrl, email, password);
      const csrf = await csrfOverHttp(server.baseUrl, cookie);
      const started = Date.now();
      const publishing = fetch(`${server.baseUrl}/schedules/${v2}/publish`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ _csrf: csrf, confirmGaps: 'on' }),
      }).catch(() => null);
      if (fraction === null) {
        const res = await publishing;
        expect(res?.status).toBe(303);
        publishMs = Date.now() - started;
      } else {
        await new Promise((r) => setTimeout(r, publishMs * fraction));
      }
      server.child.kill('SIGKILL');
      await server.exited;
      await publishing;

      // Restart as the server would: migrations check the file, then read it.
      applyMigrations(t.databaseFile);
      const sqlite = new Database(t.databaseFile, { readonly: true });
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      sqlite.close();
      const db = createPrismaClient(t.databaseFile);
      const [s1, s2] = await Promise.all([
        db.schedule.findUniqueOrThrow({ where: { id: v1 } }),
        db.schedule.findUniqueOrThrow({ where: { id: v2 } }),
      ]);
      const whole = s1.status === 'ARCHIVED' && s2.status === 'PUBLISHED' && s2.changeSummary !== null;
      const none = s1.status === 'PUBLISHED' && s2.status === 'DRAFT' && s2.publishedAt === null;
      expect(whole || none, `killed at ${fraction ?? 'the answer'}: v1 ${s1.status}, v2 ${s2.status}`).toBe(
        true,
      );
      if (fraction === null) expect(whole).toBe(true);
      expect(await db.assignment.count({ where: { scheduleId: v1 } })).toBe(countsBefore.v1);
      expect(await db.assignment.count({ where: { scheduleId: v2 } })).toBe(countsBefore.v2);
      outcomes.push(`${fraction ?? 'after answer'}: ${whole ? 'published' : 'not published'}`);
      await db.$disconnect();
      t.db = createPrismaClient(t.databaseFile);
    }
    console.log(`publish took ${publishMs} ms; outcomes by kill time: ${outcomes.join(', ')}`);
    expect(outcomes).toHaveLength(6);
  }, 300_000);

  it('imports all of a roster CSV or none of it after the server is killed mid-import', async () => {
    const rows = Array.from(
      { length: 250 },
      (_, i) => `crash.${i}@import.example,Crash,Tester ${i},STAFF,PART_TIME,31.50,10,20,24,,TECHNICIAN,true`,
    );
    const csv = [
      'email,first_name,last_name,role,employment_type,hourly_rate,min_weekly_hours,target_weekly_hours,max_weekly_hours,phone,positions,active',
      ...rows,
    ].join('\n');
    const outcomes: string[] = [];
    let importMs = 0;
    for (const fraction of [null, 0.3, 0.6, 0.85, 0.95]) {
      await t.db.user.deleteMany({ where: { email: { endsWith: '@import.example' } } });
      await t.db.staff.deleteMany({ where: { user: null, lastName: { startsWith: 'Tester ' } } });
      const staffBefore = await t.db.staff.count();
      await t.db.$disconnect();

      const server = await startServerProcess(t.databaseFile);
      const { email, password } = t.demoUser('MANAGER');
      const cookie = await signInOverHttp(server.baseUrl, email, password);
      const csrf = await csrfOverHttp(server.baseUrl, cookie);
      const started = Date.now();
      const importing = fetch(`${server.baseUrl}/staff/import`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ _csrf: csrf, csv }),
      }).catch(() => null);
      if (fraction === null) {
        const res = await importing;
        expect(res?.status).toBeLessThan(400);
        importMs = Date.now() - started;
      } else {
        await new Promise((r) => setTimeout(r, importMs * fraction));
      }
      server.child.kill('SIGKILL');
      await server.exited;
      await importing;

      applyMigrations(t.databaseFile);
      const db = createPrismaClient(t.databaseFile);
      const imported = await db.user.count({ where: { email: { endsWith: '@import.example' } } });
      const staffAfter = await db.staff.count();
      expect([0, 250], `killed at ${fraction ?? 'the answer'}: ${imported} of 250 imported`).toContain(
        imported,
      );
      expect(staffAfter - staffBefore).toBe(imported);
      if (fraction === null) expect(imported).toBe(250);
      outcomes.push(`${fraction ?? 'after answer'}: ${imported === 250 ? 'imported' : 'not imported'}`);
      await db.$disconnect();
      t.db = createPrismaClient(t.databaseFile);
    }
    console.log(`import took ${importMs} ms; outcomes by kill time: ${outcomes.join(', ')}`);
  }, 300_000);
});

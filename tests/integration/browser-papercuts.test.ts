import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWorkers } from '../../solver';
import type { CurrentUser } from '../../server/http/request-context';
import { publishDemoWeek } from '../../server/scheduling/demo-schedule.service';
import { getLeadToday } from '../../server/boards/lead-today.service';
import { settleSolveJobs } from '../../server/scheduling/solve-jobs.service';
import { assignTask } from '../../server/boards/tasks.service';
import { decodeEntities } from '../helpers/crawl';
import { createSchedule, nextMonday } from '../helpers/publish-fixtures';
import { createTestApp, type Agent, type TestApp } from '../helpers/test-app';

// A safety net only: the demo pharmacy solves in a few seconds.
process.env.SOLVE_TIME_LIMIT_SECONDS = '20';

let t: TestApp;
let manager: Agent;
let publishedId: number;
beforeAll(async () => {
  t = await createTestApp();
  expect(await publishDemoWeek(t.db, 20_000)).not.toBeNull();
  publishedId = (
    await t.db.schedule.findFirstOrThrow({ where: { status: 'PUBLISHED' }, select: { id: true } })
  ).id;
  manager = await t.signInAs('MANAGER');
});
afterAll(async () => {
  await settleSolveJobs();
  await closeWorkers();
  await t?.close();
});

const textOf = (html: string) => decodeEntities(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

describe('smaller things seen in the browser', () => {
  it('serves a small icon at /favicon.ico', async () => {
    const res = await manager.get('/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/vnd.microsoft.icon');
    expect(Number(res.headers['content-length'])).toBeGreaterThan(50);
  });

  it('gives every element on /availability its own id, so each label points into its own form', async () => {
    for (const role of ['STAFF', 'MANAGER'] as const) {
      const agent = role === 'MANAGER' ? manager : await t.signInAs(role);
      const html = (await agent.get('/availability')).text;
      const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
      expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
      for (const form of html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)) {
        for (const label of form[1]!.matchAll(/<label for="([^"]+)"/g))
          expect(form[1], `label for ${label[1]}`).toContain(`id="${label[1]}"`);
      }
    }
  });

  it('links the dashboard’s schedule rows and its Expired card', async () => {
    const html = (await manager.get('/')).text;
    expect(html).toContain(`<a href="/schedules/${publishedId}">`);
    const expiredCard = /<h2>Expired credentials<\/h2>[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(expiredCard).toContain('href="/credentials/expiring#expired"');
    expect((await manager.get('/credentials/expiring')).text).toContain('id="expired"');
  });

  it('lists only people who can be scheduled on a schedule: not the manager, who holds no position', async () => {
    const text = textOf((await manager.get(`/schedules/${publishedId}`)).text);
    // Only in the menu bar, as the signed-in person.
    expect(text.match(/Denise Alvarez/g)?.length).toBe(1);
    expect(text).toContain('Aisha Thompson');
  });

  it('pre-fills the Move form with the assignment chosen from the shift list', async () => {
    const html = (await manager.get(`/schedules/${publishedId}`)).text;
    const move = /href="\/schedules\/\d+\?move=(\d+)#move-form"/.exec(html);
    expect(move).not.toBeNull();
    const chosen = await t.db.assignment.findUniqueOrThrow({
      where: { id: Number(move![1]) },
      select: { id: true, staffId: true, positionId: true, templateId: true, shiftDate: true },
    });
    const page = (await manager.get(`/schedules/${publishedId}?move=${chosen.id}`)).text;
    const form = /<form[^>]*id="move-form"[^>]*>([\s\S]*?)<\/form>/.exec(page)?.[1] ?? '';
    const selected = (name: string) =>
      new RegExp(`<select[^>]*name="${name}"[^>]*>[\\s\\S]*?<option value="([^"]+)" selected>`).exec(
        form,
      )?.[1];
    expect(selected('assignmentId')).toBe(String(chosen.id));
    expect(selected('staffId')).toBe(String(chosen.staffId));
    expect(selected('positionId')).toBe(String(chosen.positionId));
    expect(selected('shiftId')).toContain(String(chosen.templateId));
  });

  it('marks the gaps in the grid with words, per day', async () => {
    const week = nextMonday();
    const id = await createSchedule(t.db, {
      periodStart: week,
      assignments: [['Priya', week, 'Weekday day', 'PHARMACIST']],
    });
    const html = (await manager.get(`/schedules/${id}`)).text;
    const grid = /<table class="table schedule-grid">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    const gapRow = /<tr class="grid-gaps">([\s\S]*?)<\/tr>/.exec(grid)?.[1] ?? '';
    const monday = textOf(/<td>([\s\S]*?)<\/td>/.exec(gapRow)?.[1] ?? '');
    expect(textOf(gapRow)).toContain('Not covered');
    // Priya covers one of the two weekday-day pharmacists.
    expect(monday).toContain('Weekday day 07:00–15:30: 1 Pharmacist missing');
    expect(gapRow).toMatch(/href="#shift-[^"]+"/);
  });

  it('offers the people on shift now first for an overdue morning task, and lets the lead assign one of them', async () => {
    const site = await t.db.site.findFirstOrThrow({ select: { timeZone: true } });
    const lead = await t.db.user.findUniqueOrThrow({
      where: { email: t.demoUser('LEAD').email },
      select: { id: true, email: true, role: true, staffId: true, staff: { select: { siteId: true } } },
    });
    const user: CurrentUser = {
      id: lead.id,
      email: lead.email,
      role: lead.role,
      staffId: lead.staffId,
      siteId: lead.staff?.siteId ?? null,
      displayName: 'Jordan Mitchell',
      mustChangePassword: false,
    };
    // 16:00 today: the day crew (07:00–15:30) has gone home, the evening crew (from 15:00) is in.
    const now = DateTime.now()
      .setZone(site.timeZone)
      .set({ hour: 16, minute: 0, second: 0, millisecond: 0 })
      .toJSDate();
    const today = await getLeadToday(t.db, user, now);
    const fridge = today.dailyTasks.find((c) => c.title === 'Fridge temperature log' && !c.closed);
    expect(fridge?.overdue).toBe(true);
    const eligible = fridge!.eligible!;
    const onNow = today.onShiftNow.flatMap((g) => g.people.map((p) => p.name));
    expect(onNow.length).toBeGreaterThan(0);
    const first = eligible.slice(0, onNow.length);
    expect(first.map((p) => p.name).sort()).toEqual([...onNow].sort());
    expect(first.every((p) => p.onShiftNow)).toBe(true);
    // The day crew it was due with are still offered, after them.
    expect(eligible.length).toBeGreaterThan(onNow.length);

    const pick = first[0]!;
    await assignTask(t.db, user, fridge!.id, fridge!.version, pick.id, now);
    const saved = await t.db.task.findUniqueOrThrow({
      where: { id: fridge!.id },
      select: { assigneeId: true },
    });
    expect(saved.assigneeId).toBe(pick.id);
  });
});

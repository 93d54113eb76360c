import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HIGH_LOAD, ensureDailyTasks } from '../../server/boards/daily-tasks.service';
import { createTestApp, type Agent, type TestApp } from '../helpers/test-app';
import {
  TEST_TODAY,
  freezeClock,
  post,
  publishToday,
  someoneWith,
  staffIdOf,
  versionOf,
} from './boards-helpers';

let t: TestApp;
let lead: Agent;
let manager: Agent;
let staff: Agent;
/** Demo STAFF user (a pharmacist) on the day shift; a technician on the day shift; one on the evening shift. */
let pharmacist: number;
let dayTech: number;
let eveningTech: number;
let offShift: number;

beforeAll(async () => {
  freezeClock();
  t = await createTestApp();
  [lead, manager, staff] = await Promise.all([
    t.signInAs('LEAD'),
    t.signInAs('MANAGER'),
    t.signInAs('STAFF'),
  ]);
  pharmacist = await staffIdOf(t, 'STAFF');
  dayTech = await someoneWith(t.db, 'TECHNICIAN', [pharmacist]);
  eveningTech = await someoneWith(t.db, 'TECHNICIAN', [pharmacist, dayTech]);
  offShift = await someoneWith(t.db, 'TECHNICIAN', [pharmacist, dayTech, eveningTech]);
  await publishToday(t.db, [
    { staffId: pharmacist, template: 'Weekday day', position: 'PHARMACIST' },
    { staffId: dayTech, template: 'Weekday day', position: 'TECHNICIAN' },
    { staffId: eveningTech, template: 'Weekday evening', position: 'TECHNICIAN' },
  ]);
});
afterAll(async () => {
  vi.useRealTimers();
  await t.close();
});

async function dailyTask(title: string): Promise<{ id: number; version: number }> {
  return t.db.task.findFirstOrThrow({
    where: { board: 'DAILY', taskDate: TEST_TODAY, title },
    select: { id: true, version: true },
  });
}

async function name(id: number): Promise<string> {
  const s = await t.db.staff.findUniqueOrThrow({ where: { id } });
  return `${s.firstName} ${s.lastName}`;
}

describe('daily tasks', () => {
  it('makes the day’s cards from the templates once, however often the pages are opened, and never for past days', async () => {
    const tomorrow = '2026-11-26';
    const before = await t.db.task.count({ where: { board: 'DAILY', taskDate: tomorrow } });
    expect(before).toBe(0);
    const pages = await Promise.all([
      lead.get(`/boards/daily?date=${tomorrow}`),
      manager.get(`/boards/daily?date=${tomorrow}`),
    ]);
    for (const p of pages) expect(p.status).toBe(200);
    await lead.get(`/boards/daily?date=${tomorrow}`);
    const cards = await t.db.task.findMany({
      where: { board: 'DAILY', taskDate: tomorrow },
      select: { title: true },
    });
    // Thursday: the two daily templates run; Mon/Wed/Fri receiving, Monday's count and the 1st-of-month pull do not.
    expect(cards.map((c) => c.title).sort()).toEqual(['Fridge temperature log', 'IV room cleaning log']);
    await lead.get('/boards/daily?date=2026-11-02');
    expect(await t.db.task.count({ where: { board: 'DAILY', taskDate: '2026-11-02' } })).toBe(0);
    const todays = await t.db.task.count({ where: { board: 'DAILY', taskDate: TEST_TODAY } });
    await lead.get('/');
    expect(await t.db.task.count({ where: { board: 'DAILY', taskDate: TEST_TODAY } })).toBe(todays);
  });

  it('settles concurrent generation of the same day by the unique index, without errors', async () => {
    const site = await t.db.site.findFirstOrThrow({
      select: { id: true, name: true, timeZone: true, usState: true },
    });
    const created = await Promise.all(
      Array.from({ length: 5 }, () => ensureDailyTasks(t.db, site, '2026-11-30')),
    );
    const cards = await t.db.task.findMany({
      where: { board: 'DAILY', taskDate: '2026-11-30' },
      select: { templateId: true },
    });
    // Monday: the two daily templates, receiving (Mon/Wed/Fri) and the weekly controlled-substance count.
    expect(cards.length).toBe(4);
    expect(new Set(cards.map((c) => c.templateId)).size).toBe(4);
    expect(created.reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('shows the lead who is on shift now and later by position, coverage gaps and today’s tasks', async () => {
    const res = await lead.get('/');
    expect(res.status).toBe(200);
    const [now, later] = res.text.split('<h3>Later today</h3>');
    expect(now).toContain(await name(pharmacist));
    expect(now).toContain(await name(dayTech));
    expect(later).toContain(await name(eveningTech));
    expect(now).not.toContain(await name(eveningTech));
    expect(res.text).toContain('Pharmacist</p>');
    expect(res.text).toContain('Coverage gaps');
    expect(res.text).toMatch(/1 of 2<\/span> Weekday day/);
    expect(res.text).toContain('Fridge temperature log');
    expect(res.text).toContain('unassigned');
  });

  it('offers only the people on shift at a task’s due time', async () => {
    const res = await lead.get('/boards/daily');
    expect(res.status).toBe(200);
    const fridge = await dailyTask('Fridge temperature log'); // due 08:00: day shift only
    const cleaning = await dailyTask('IV room cleaning log'); // due 15:00: day shift and evening shift overlap
    const selectOf = (id: number) =>
      new RegExp(`<select id="assign-${id}"[\\s\\S]*?</select>`).exec(res.text)![0];
    expect(selectOf(fridge.id)).toContain(`value="${dayTech}"`);
    expect(selectOf(fridge.id)).toContain(`value="${pharmacist}"`);
    expect(selectOf(fridge.id)).not.toContain(`value="${eveningTech}"`);
    expect(selectOf(fridge.id)).not.toContain(`value="${offShift}"`);
    expect(selectOf(cleaning.id)).toContain(`value="${eveningTech}"`);
  });

  it('assigns to someone on shift with a history event, and refuses someone who is not', async () => {
    const fridge = await dailyTask('Fridge temperature log');
    const refused = await post(lead, `/tasks/${fridge.id}/assign`, {
      assigneeId: eveningTech,
      version: fridge.version,
      back: '/',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('is not on shift when this task is due');
    const notAtAll = await post(lead, `/tasks/${fridge.id}/assign`, {
      assigneeId: offShift,
      version: fridge.version,
    });
    expect(notAtAll.status).toBe(400);
    const ok = await post(lead, `/tasks/${fridge.id}/assign`, {
      assigneeId: dayTech,
      version: fridge.version,
      back: '/',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/');
    const task = await t.db.task.findUniqueOrThrow({
      where: { id: fridge.id },
      select: { assigneeId: true, version: true },
    });
    expect(task).toEqual({ assigneeId: dayTech, version: fridge.version + 1 });
    const event = await t.db.taskEvent.findFirstOrThrow({
      where: { taskId: fridge.id, kind: 'ASSIGNED' },
      orderBy: { id: 'desc' },
    });
    expect(event).toMatchObject({ fromValue: null, toValue: String(dayTech) });
    const stale = await post(lead, `/tasks/${fridge.id}/assign`, {
      assigneeId: pharmacist,
      version: fridge.version,
    });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('This card changed while you were looking at it.');
  });

  it('warns when the person assigned already has a high load', async () => {
    const site = await t.db.site.findFirstOrThrow({ orderBy: { id: 'asc' } });
    for (let i = 0; i < HIGH_LOAD; i++) {
      await t.db.task.create({
        data: {
          siteId: site.id,
          board: 'DAILY',
          status: 'TODO',
          title: `Extra count ${i}`,
          taskDate: TEST_TODAY,
          assigneeId: pharmacist,
          dueAt: new Date('2026-11-25T20:00:00Z'),
        },
      });
    }
    const page = await lead.get('/');
    expect(page.text).toMatch(/\d+ tasks · busy/);
    const cleaning = await dailyTask('IV room cleaning log');
    const res = await post(lead, `/tasks/${cleaning.id}/assign`, {
      assigneeId: pharmacist,
      version: cleaning.version,
      back: '/',
    });
    expect(res.status).toBe(303);
    const home = await lead.get('/');
    expect(home.text).toMatch(/Heads up: .* now has \d+ open tasks for the day/);
  });

  it('lets staff see their tasks on their home page and move them, but not other people’s', async () => {
    const home = await staff.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('My tasks');
    expect(home.text).toContain('IV room cleaning log');
    const cleaning = await dailyTask('IV room cleaning log');
    const started = await post(staff, `/tasks/${cleaning.id}/move`, {
      to: 'IN_PROGRESS',
      version: cleaning.version,
      back: '/',
    });
    expect(started.status).toBe(303);
    expect(started.headers.location).toBe('/');
    const fridge = await dailyTask('Fridge temperature log');
    const refused = await post(staff, `/tasks/${fridge.id}/move`, { to: 'DONE', version: fridge.version });
    expect(refused.status).toBe(403);
    expect((await staff.get(`/tasks/${fridge.id}`)).status).toBe(403);
    expect(
      (await post(staff, `/tasks/${fridge.id}/assign`, { assigneeId: pharmacist, version: fridge.version }))
        .status,
    ).toBe(403);
    expect((await staff.get('/boards/daily')).status).toBe(403);
  });

  it('shows overdue and unassigned tasks at a glance on the board', async () => {
    const res = await lead.get('/boards/daily?overdue=1');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<strong>\d+<\/strong> overdue/);
    expect(res.text).toContain('Fridge temperature log'); // due 08:00, it is 10:00
    expect(res.text).not.toContain('>IV room cleaning log<');
  });

  it('manages the recurring templates: list, validation 400, create and edit; staff are refused', async () => {
    expect((await lead.get('/boards/daily/templates')).text).toContain('Controlled-substance count');
    const bad = await post(
      lead,
      '/boards/daily/templates',
      { title: 'Crash cart check', recurrence: 'WEEKLY', dueTime: '25:00', active: 'on' },
      '/boards/daily/templates/new',
    );
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter a time as HH:MM');
    expect(bad.text).toContain('value="Crash cart check"');
    const noDays = await post(lead, '/boards/daily/templates', {
      title: 'Crash cart check',
      recurrence: 'WEEKLY',
      dueTime: '09:30',
      active: 'on',
    });
    expect(noDays.status).toBe(400);
    expect(noDays.text).toContain('Tick at least one weekday.');
    const _csrf = (await lead.get('/boards/daily/templates/new')).text.match(
      /name="_csrf" value="([^"]+)"/,
    )![1]!;
    const ok = await lead
      .post('/boards/daily/templates')
      .type('form')
      .send(
        `_csrf=${_csrf}&title=Crash+cart+check&recurrence=WEEKLY&weekdays=3&weekdays=5&dueTime=09%3A30&priority=HIGH&active=on`,
      );
    expect(ok.status).toBe(303);
    const created = await t.db.dailyTaskTemplate.findFirstOrThrow({ where: { title: 'Crash cart check' } });
    expect(created).toMatchObject({
      recurrence: 'WEEKLY',
      weekdays: '3,5',
      dueMinute: 570,
      priority: 'HIGH',
      active: true,
    });
    const friday = await lead.get('/boards/daily?date=2026-11-27');
    expect(friday.text).toContain('Crash cart check');
    const edit = await post(lead, `/boards/daily/templates/${created.id}`, {
      title: 'Crash cart check',
      recurrence: 'MONTHLY',
      dayOfMonth: '15',
      dueTime: '09:30',
      priority: 'HIGH',
    });
    expect(edit.status).toBe(303);
    expect(await t.db.dailyTaskTemplate.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      recurrence: 'MONTHLY',
      dayOfMonth: 15,
      weekdays: null,
      active: false,
    });
    expect((await staff.get('/boards/daily/templates')).status).toBe(403);
    expect(
      (await post(staff, '/boards/daily/templates', { title: 'x', recurrence: 'DAILY', dueTime: '09:00' }))
        .status,
    ).toBe(403);
  });
});

describe('daily task version check', () => {
  it('does not let two people move the same card at once', async () => {
    const task = await dailyTask('Receive wholesaler order');
    const [a, b] = await Promise.all([
      post(lead, `/tasks/${task.id}/move`, { to: 'IN_PROGRESS', version: task.version }),
      post(manager, `/tasks/${task.id}/move`, { to: 'DONE', version: task.version }),
    ]);
    expect([a.status, b.status].sort()).toEqual([303, 409]);
    expect(await versionOf(t.db, task.id)).toBe(task.version + 1);
    expect(await t.db.taskEvent.count({ where: { taskId: task.id, kind: 'STATUS' } })).toBe(1);
  });
});

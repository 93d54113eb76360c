import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, csrfOf, type Agent, type TestApp } from '../helpers/test-app';

let t: TestApp;
let manager: Agent;
let staff: Agent;
beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  staff = await t.signInAs('STAFF');
});
afterAll(async () => {
  await t.close();
});

async function post(agent: Agent, url: string, form: Record<string, string>, csrfPage = '/') {
  return agent
    .post(url)
    .type('form')
    .send({ _csrf: await csrfOf(agent, csrfPage), ...form });
}

describe('shift templates', () => {
  it('lists the templates with their coverage', async () => {
    const res = await manager.get('/shift-templates');
    expect(res.status).toBe(200);
    const template = await t.db.shiftTemplate.findFirstOrThrow();
    expect(res.text).toContain(template.name);
  });

  it('creates a night template that crosses midnight, with coverage per position', async () => {
    const pharmacist = await t.db.position.findUniqueOrThrow({ where: { code: 'PHARMACIST' } });
    const tech = await t.db.position.findUniqueOrThrow({ where: { code: 'TECHNICIAN' } });
    const res = await post(
      manager,
      '/shift-templates',
      {
        name: 'Overnight test',
        shiftType: 'night',
        start: '22:30',
        end: '07:00',
        weekday_5: 'on',
        weekday_6: 'on',
        [`min_${pharmacist.id}`]: '1',
        [`max_${pharmacist.id}`]: '1',
        [`min_${tech.id}`]: '2',
        [`max_${tech.id}`]: '',
      },
      '/shift-templates/new',
    );
    expect(res.status).toBe(303);
    const row = await t.db.shiftTemplate.findFirstOrThrow({
      where: { name: 'Overnight test' },
      include: { coverage: true },
    });
    expect(row).toMatchObject({ shiftType: 'NIGHT', weekdays: '5,6', startMinute: 1350, endMinute: 420 });
    expect(row.coverage.map((c) => [c.positionId, c.min, c.max]).sort()).toEqual(
      [
        [pharmacist.id, 1, 1],
        [tech.id, 2, null],
      ].sort(),
    );
  });

  it('re-renders with 400 and messages for missing days, bad counts and equal times', async () => {
    const tech = await t.db.position.findUniqueOrThrow({ where: { code: 'TECHNICIAN' } });
    const res = await post(manager, '/shift-templates', {
      name: 'Broken',
      shiftType: 'DAY',
      start: '07:00',
      end: '07:00',
      [`min_${tech.id}`]: '3',
      [`max_${tech.id}`]: '2',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('The end must differ from the start');
    expect(res.text).toContain('Choose at least one weekday.');
    expect(res.text).toContain('The maximum cannot be below the minimum.');
    expect(res.text).toContain('value="Broken"');
    const none = await post(manager, '/shift-templates', {
      name: 'Empty',
      shiftType: 'DAY',
      start: '07:00',
      end: '15:00',
      weekday_1: 'on',
    });
    expect(none.text).toContain('Require at least one position on this shift.');
  });

  it('gives a template the default unpaid meal break by length unless the manager sets one', async () => {
    const tech = await t.db.position.findUniqueOrThrow({ where: { code: 'TECHNICIAN' } });
    const create = (name: string, start: string, end: string, breakMinutes?: string) =>
      post(
        manager,
        '/shift-templates',
        {
          name,
          shiftType: 'DAY',
          start,
          end,
          ...(breakMinutes === undefined ? {} : { breakMinutes }),
          weekday_3: 'on',
          [`min_${tech.id}`]: '1',
        },
        '/shift-templates/new',
      );
    expect((await create('Break default long', '07:00', '15:30', '')).status).toBe(303);
    expect((await create('Break default short', '10:00', '16:00')).status).toBe(303);
    expect((await create('Break set', '22:00', '06:00', '60')).status).toBe(303);
    const rows = await t.db.shiftTemplate.findMany({
      where: { name: { startsWith: 'Break ' } },
      select: { name: true, breakMinutes: true },
      orderBy: { name: 'asc' },
    });
    expect(rows).toEqual([
      { name: 'Break default long', breakMinutes: 30 },
      { name: 'Break default short', breakMinutes: 0 },
      { name: 'Break set', breakMinutes: 60 },
    ]);
    const list = (await manager.get('/shift-templates')).text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(list).toContain(
      'minus its unpaid meal break. Weekly hours, overtime, the maximum-hours rule and the cost',
    );
    expect(list).toContain('07:00–15:30 8 h 30 min unpaid break');
    expect(list).toContain('10:00–16:00 6 h no unpaid break');
    expect(list).toContain('22:00–06:00 (+1 day) 7 h 60 min unpaid break');
    const set = await t.db.shiftTemplate.findFirstOrThrow({ where: { name: 'Break set' } });
    expect((await manager.get(`/shift-templates/${set.id}/edit`)).text).toMatch(
      /name="breakMinutes" type="text" value="60"/,
    );
  });

  it('refuses a break that is not whole minutes or not shorter than the shift, with the field marked', async () => {
    const tech = await t.db.position.findUniqueOrThrow({ where: { code: 'TECHNICIAN' } });
    const cases: [string, string][] = [
      ['-5', 'Enter the unpaid break in whole minutes, e.g. 30, or leave it empty for the default.'],
      ['7.5', 'Enter the unpaid break in whole minutes, e.g. 30, or leave it empty for the default.'],
      [
        'half an hour',
        'Enter the unpaid break in whole minutes, e.g. 30, or leave it empty for the default.',
      ],
      ['480', 'The unpaid break must be shorter than the shift.'],
    ];
    for (const [breakMinutes, message] of cases) {
      const res = await post(manager, '/shift-templates', {
        name: 'Bad break',
        shiftType: 'DAY',
        start: '07:00',
        end: '15:00',
        breakMinutes,
        weekday_1: 'on',
        [`min_${tech.id}`]: '1',
      });
      expect(res.status).toBe(400);
      expect(res.text).toContain(message);
      expect(res.text).toMatch(/id="f-breakMinutes" name="breakMinutes"[^>]*aria-invalid="true"/);
    }
    expect(await t.db.shiftTemplate.count({ where: { name: 'Bad break' } })).toBe(0);
  });

  it('keeps the break start the manager sets, shows it, and the middle of the shift when it is empty', async () => {
    const tech = await t.db.position.findUniqueOrThrow({ where: { code: 'TECHNICIAN' } });
    const form = (name: string, breakStart: string) => ({
      name,
      shiftType: 'DAY',
      start: '08:00',
      end: '16:30',
      breakMinutes: '30',
      breakStart,
      weekday_2: 'on',
      [`min_${tech.id}`]: '1',
    });
    expect((await post(manager, '/shift-templates', form('Lunch at one', '13:00'))).status).toBe(303);
    expect((await post(manager, '/shift-templates', form('Lunch mid-shift', ''))).status).toBe(303);
    const saved = () =>
      t.db.shiftTemplate.findMany({
        where: { name: { startsWith: 'Lunch ' } },
        select: { name: true, breakMinutes: true, breakStartMinute: true },
        orderBy: { name: 'asc' },
      });
    expect(await saved()).toEqual([
      { name: 'Lunch at one', breakMinutes: 30, breakStartMinute: 13 * 60 },
      { name: 'Lunch mid-shift', breakMinutes: 30, breakStartMinute: null },
    ]);
    const list = (await manager.get('/shift-templates')).text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(list).toContain('Lunch at one DAY Tue 08:00–16:30 8 h 30 min unpaid break 13:00–13:30');
    expect(list).toContain('Lunch mid-shift DAY Tue 08:00–16:30 8 h 30 min unpaid break 12:00–12:30');
    const atOne = await t.db.shiftTemplate.findFirstOrThrow({ where: { name: 'Lunch at one' } });
    const edit = await manager.get(`/shift-templates/${atOne.id}/edit`);
    expect(edit.text).toMatch(/id="f-breakStart" name="breakStart" type="time" value="13:00"/);
    expect(edit.text).toContain('Leave empty for the middle of the shift');
    // Emptied again: back to the middle of the shift.
    expect((await post(manager, `/shift-templates/${atOne.id}`, form('Lunch at one', ''))).status).toBe(303);
    expect((await saved())[0]).toEqual({ name: 'Lunch at one', breakMinutes: 30, breakStartMinute: null });
  });

  it('refuses a break start outside the shift, not a time, or on a shift without a break, with the field marked', async () => {
    const tech = await t.db.position.findUniqueOrThrow({ where: { code: 'TECHNICIAN' } });
    const existing = await t.db.shiftTemplate.findFirstOrThrow({
      where: { name: 'Lunch mid-shift' },
      select: { id: true, breakStartMinute: true, updatedAt: true },
    });
    const cases: [Record<string, string>, string][] = [
      [
        { start: '08:00', end: '16:30', breakMinutes: '30', breakStart: '16:15' },
        'The break must lie inside the shift (08:00–16:30): start it between 08:00 and 16:00.',
      ],
      [
        { start: '08:00', end: '16:30', breakMinutes: '30', breakStart: '07:45' },
        'The break must lie inside the shift (08:00–16:30): start it between 08:00 and 16:00.',
      ],
      [
        { start: '22:00', end: '06:00', breakMinutes: '60', breakStart: '05:30' },
        'The break must lie inside the shift (22:00–06:00): start it between 22:00 and 05:00.',
      ],
      [
        { start: '08:00', end: '16:30', breakMinutes: '30', breakStart: 'noon' },
        'Enter the break start as a time, e.g. 12:30, or leave it empty for the middle of the shift.',
      ],
      [
        { start: '10:00', end: '16:00', breakMinutes: '', breakStart: '12:00' },
        'This shift has no unpaid break: leave the break start empty.',
      ],
    ];
    for (const [times, message] of cases) {
      const res = await post(manager, `/shift-templates/${existing.id}`, {
        name: 'Lunch mid-shift',
        shiftType: 'DAY',
        ...times,
        weekday_2: 'on',
        [`min_${tech.id}`]: '1',
      });
      expect(res.status).toBe(400);
      expect(res.text).toContain(message);
      expect(res.text).toMatch(/id="f-breakStart" name="breakStart"[^>]*aria-invalid="true"/);
    }
    expect(
      await t.db.shiftTemplate.findUniqueOrThrow({
        where: { id: existing.id },
        select: { id: true, breakStartMinute: true, updatedAt: true },
      }),
    ).toEqual(existing);
  });

  it('edits and deactivates a template, keeping it', async () => {
    const row = await t.db.shiftTemplate.findFirstOrThrow({
      where: { name: 'Overnight test' },
      include: { coverage: true },
    });
    const edit = await manager.get(`/shift-templates/${row.id}/edit`);
    expect(edit.text).toContain('value="22:30"');
    const off = await post(manager, `/shift-templates/${row.id}/deactivate`, {});
    expect(off.status).toBe(303);
    expect((await t.db.shiftTemplate.findUniqueOrThrow({ where: { id: row.id } })).active).toBe(false);
    await post(manager, `/shift-templates/${row.id}/activate`, {});
    expect((await t.db.shiftTemplate.findUniqueOrThrow({ where: { id: row.id } })).active).toBe(true);
  });

  it('shows the week as required headcount per position', async () => {
    const res = await manager.get('/coverage?week=2026-11-30');
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-testid="coverage-grid"');
    expect(res.text).toContain('Mon 30 Nov');
    expect(res.text).toContain('Pharmacist');
    const odd = await manager.get('/coverage?week=2026-12-02');
    expect(odd.text).toContain('Week of Mon 30 Nov 2026');
  });

  it('refuses templates and coverage to staff', async () => {
    const row = await t.db.shiftTemplate.findFirstOrThrow();
    expect((await staff.get('/shift-templates')).status).toBe(403);
    expect((await staff.get('/coverage')).status).toBe(403);
    expect((await post(staff, `/shift-templates/${row.id}`, { name: 'x' })).status).toBe(403);
    expect((await post(staff, '/shift-templates', { name: 'x' })).status).toBe(403);
  });
});

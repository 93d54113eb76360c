import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayAt } from '../../server/sites/sites.service';
import { createTestApp, csrfOf, type Agent, type TestApp } from '../helpers/test-app';

let t: TestApp;
let manager: Agent;
let staff: Agent;
let staffId: number;
let otherStaffId: number;
let today: string;
beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  staff = await t.signInAs('STAFF');
  staffId = (await t.db.user.findUniqueOrThrow({ where: { email: t.demoUser('STAFF').email } })).staffId!;
  otherStaffId = (await t.db.user.findUniqueOrThrow({ where: { email: t.demoUser('STAFF', 1).email } }))
    .staffId!;
  today = todayAt((await t.db.site.findFirstOrThrow({ orderBy: { id: 'asc' } })).timeZone);
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

function plusDays(iso: string, n: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + n)).toISOString().slice(0, 10);
}

describe('my availability', () => {
  it('shows my weekly pattern and how it meets the coming shifts', async () => {
    const res = await staff.get('/availability');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Weekly pattern');
    expect(res.text).toContain('as the scheduler sees them');
  });

  it('adds a weekly window', async () => {
    await t.db.availabilityRule.deleteMany({ where: { staffId, weekday: 3 } });
    const res = await post(
      staff,
      '/availability/rules',
      { weekday: '3', start: '07:00', end: '15:30', kind: 'PREFERRED' },
      '/availability',
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/availability');
    expect(
      await t.db.availabilityRule.count({
        where: { staffId, weekday: 3, startMinute: 420, endMinute: 930, kind: 'PREFERRED' },
      }),
    ).toBe(1);
  });

  it('refuses an end before the start, with the message next to the field', async () => {
    const res = await post(staff, '/availability/rules', {
      weekday: '3',
      start: '15:00',
      end: '07:00',
      kind: 'AVAILABLE',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('The end must be after the start.');
    expect(res.text).toContain('value="15:00"');
  });

  it('refuses a window of another kind overlapping one on the same day', async () => {
    const res = await post(staff, '/availability/rules', {
      weekday: '3',
      start: '14:00',
      end: '18:00',
      kind: 'UNAVAILABLE',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('This overlaps your preferred window 07:00–15:30 on Wednesdays.');
    const sameKind = await post(staff, '/availability/rules', {
      weekday: '3',
      start: '15:30',
      end: '18:00',
      kind: 'UNAVAILABLE',
    });
    expect(sameKind.status).toBe(303);
  });

  it('adds and removes a dated exception, and refuses past or far-off dates', async () => {
    const date = plusDays(today, 10);
    const ok = await post(staff, '/availability/exceptions', {
      date,
      start: '',
      end: '',
      kind: 'UNAVAILABLE',
      note: 'school play',
    });
    expect(ok.status).toBe(303);
    const row = await t.db.availabilityException.findFirstOrThrow({ where: { staffId, date } });
    expect(row.startMinute).toBeNull();
    const past = await post(staff, '/availability/exceptions', {
      date: plusDays(today, -1),
      start: '',
      end: '',
      kind: 'AVAILABLE',
      note: '',
    });
    expect(past.status).toBe(400);
    expect(past.text).toContain('past days cannot change');
    const far = await post(staff, '/availability/exceptions', {
      date: plusDays(today, 400),
      start: '',
      end: '',
      kind: 'AVAILABLE',
      note: '',
    });
    expect(far.text).toContain('Choose a date within the next year.');
    const half = await post(staff, '/availability/exceptions', {
      date,
      start: '09:00',
      end: '',
      kind: 'AVAILABLE',
      note: '',
    });
    expect(half.text).toContain('Give both a start and an end, or neither for the whole day.');
    const clash = await post(staff, '/availability/exceptions', {
      date,
      start: '09:00',
      end: '10:00',
      kind: 'AVAILABLE',
      note: '',
    });
    expect(clash.status).toBe(400);
    expect(clash.text).toContain('overlaps your unavailable exception');
    expect((await post(staff, `/availability/exceptions/${row.id}/delete`, {})).status).toBe(303);
    expect(await t.db.availabilityException.count({ where: { id: row.id } })).toBe(0);
  });
});

describe("someone else's availability", () => {
  it("refuses staff deleting another person's window or exception with 403", async () => {
    const theirs = await t.db.availabilityRule.create({
      data: { staffId: otherStaffId, weekday: 1, startMinute: 0, endMinute: 60, kind: 'UNAVAILABLE' },
    });
    const exception = await t.db.availabilityException.create({
      data: { staffId: otherStaffId, date: plusDays(today, 3), kind: 'UNAVAILABLE' },
    });
    expect((await post(staff, `/availability/rules/${theirs.id}/delete`, {})).status).toBe(403);
    expect((await post(staff, `/availability/exceptions/${exception.id}/delete`, {})).status).toBe(403);
    expect(await t.db.availabilityRule.count({ where: { id: theirs.id } })).toBe(1);
    expect((await staff.get(`/staff/${otherStaffId}/availability`)).status).toBe(403);
    expect(
      (
        await post(staff, `/staff/${otherStaffId}/availability/rules`, {
          weekday: '1',
          start: '07:00',
          end: '08:00',
          kind: 'AVAILABLE',
        })
      ).status,
    ).toBe(403);
  });

  it('lets a manager edit anyone', async () => {
    const page = await manager.get(`/staff/${otherStaffId}/availability`);
    expect(page.status).toBe(200);
    const add = await post(manager, `/staff/${otherStaffId}/availability/rules`, {
      weekday: '6',
      start: '08:00',
      end: '12:00',
      kind: 'AVAILABLE',
    });
    expect(add.status).toBe(303);
    expect(add.headers.location).toBe(`/staff/${otherStaffId}/availability`);
    const rule = await t.db.availabilityRule.findFirstOrThrow({
      where: { staffId: otherStaffId, weekday: 6, startMinute: 480 },
    });
    expect((await post(manager, `/availability/rules/${rule.id}/delete`, {})).status).toBe(303);
    const bad = await post(manager, `/staff/${otherStaffId}/availability/exceptions`, {
      date: 'tomorrow',
      start: '',
      end: '',
      kind: 'AVAILABLE',
      note: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter the date as a date');
  });
});

// Paid hours: a shift's length minus its unpaid meal break. The demo week's
// overtime, the hours table, the CSV export, the calendar feed and "My shifts" all count them.
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDemoWeek } from '../../server/scheduling/demo-schedule.service';
import { publishSchedule } from '../../server/scheduling/publish.service';
import { createSchedule, demoLookups, nextMonday, plusDays } from '../helpers/publish-fixtures';
import { createTestApp, csrfOf, type Agent, type TestApp } from '../helpers/test-app';

let t: TestApp;
let manager: Agent;
let staff: Agent;
let managerId: number;

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  staff = await t.signInAs('STAFF'); // Priya Raman, pharmacist
  managerId = (await t.db.user.findUniqueOrThrow({ where: { email: t.demoUser('MANAGER').email } })).id;
});
afterAll(async () => {
  await t.close();
});

/** The text of an HTML page without tags, whitespace collapsed. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
}

/** "40 h", "8.5 h": hours as the pages write them. */
function hoursText(minutes: number): string {
  const h = minutes / 60;
  return `${Number.isInteger(h) ? h : h.toFixed(1)} h`;
}

/** Paid minutes of one shift, from the template row: wall-clock length in the site's zone minus the break. */
function paidMinutes(
  zone: string,
  date: string,
  t: { startMinute: number; endMinute: number; breakMinutes: number },
): number {
  const at = (day: string, minute: number) =>
    DateTime.fromISO(day, { zone }).set({ hour: Math.floor(minute / 60), minute: minute % 60 });
  const start = at(date, t.startMinute);
  const end = at(t.endMinute <= t.startMinute ? plusDays(date, 1) : date, t.endMinute);
  return end.diff(start, 'minutes').minutes - t.breakMinutes;
}

describe('paid hours', () => {
  it("the demo week's overtime is what paid hours give, and the demo data calls for none", async () => {
    const demo = await publishDemoWeek(t.db, 60_000);
    expect(demo).not.toBeNull();
    const schedule = await t.db.schedule.findFirstOrThrow({
      where: { periodStart: demo!.periodStart, status: 'PUBLISHED' },
      select: { id: true, site: { select: { timeZone: true, overtimeThresholdMinutes: true } } },
    });
    const rows = await t.db.assignment.findMany({
      where: { scheduleId: schedule.id },
      select: {
        staffId: true,
        shiftDate: true,
        staff: { select: { firstName: true, lastName: true } },
        template: { select: { startMinute: true, endMinute: true, breakMinutes: true } },
      },
    });
    const byPerson = new Map<string, { minutes: number; shifts: number }>();
    for (const r of rows) {
      const name = `${r.staff.firstName} ${r.staff.lastName}`;
      const line = byPerson.get(name) ?? { minutes: 0, shifts: 0 };
      line.minutes += paidMinutes(schedule.site.timeZone, r.shiftDate, r.template);
      line.shifts += 1;
      byPerson.set(name, line);
    }
    const threshold = schedule.site.overtimeThresholdMinutes;
    const expectedOvertime = [...byPerson.values()].reduce(
      (sum, p) => sum + Math.max(0, p.minutes - threshold),
      0,
    );

    const page = await manager.get(`/schedules/${schedule.id}`);
    expect(page.status).toBe(200);
    const overtime = /data-testid="overtime-total"[^>]*>([^<]*)</.exec(page.text)?.[1];
    expect(overtime).toBe(hoursText(expectedOvertime));
    expect(expectedOvertime).toBe(0);
    // Every person's line in the hours table shows their paid hours.
    const text = textOf(page.text);
    for (const [name, p] of byPerson) expect(text).toContain(`${name} ${p.shifts} ${hoursText(p.minutes)}`);
  });

  describe('a shift template with a break', () => {
    const week = nextMonday();
    let scheduleId: number;

    beforeAll(async () => {
      const pharmacist = await t.db.position.findUniqueOrThrow({ where: { code: 'PHARMACIST' } });
      const res = await manager
        .post('/shift-templates')
        .type('form')
        .send({
          _csrf: await csrfOf(manager, '/shift-templates/new'),
          name: 'Long day',
          shiftType: 'DAY',
          start: '07:00',
          end: '17:00',
          breakMinutes: '60',
          weekday_1: 'on',
          weekday_2: 'on',
          [`min_${pharmacist.id}`]: '0',
          [`max_${pharmacist.id}`]: '1',
        });
      expect(res.status).toBe(303);
      scheduleId = await createSchedule(t.db, {
        periodStart: week,
        assignments: [
          ['Priya', week, 'Long day', 'PHARMACIST'],
          ['Priya', plusDays(week, 1), 'Long day', 'PHARMACIST'],
        ],
      });
      await publishSchedule(t.db, scheduleId, managerId, { confirmGaps: true });
    });

    it('the hours table counts 9 paid hours for a 07:00–17:00 shift with a 60-minute break', async () => {
      const ids = await demoLookups(t.db);
      const priya = await t.db.staff.findUniqueOrThrow({ where: { id: ids.staffId('Priya') } });
      const text = textOf((await manager.get(`/schedules/${scheduleId}`)).text);
      expect(text).toContain(`${priya.firstName} ${priya.lastName} 2 18 h`);
      expect(text).toContain('07:00–17:00 Long day break 11:30–12:30');
      // Wages on the paid hours: 18 h at the hourly rate, no overtime.
      const dollars = (priya.hourlyRateCents * 18) / 100;
      expect(text).toContain(
        `Cost of the week ${dollars.toLocaleString('en-US', { style: 'currency', currency: 'USD' })}`,
      );
    });

    it('the CSV export has the break and the paid hours of each assignment', async () => {
      const res = await manager.get(`/schedules/${scheduleId}/export.csv`);
      const [header, ...lines] = res.text.trim().split('\r\n');
      const columns = header!.split(',');
      const cell = (line: string, column: string) => line.split(',')[columns.indexOf(column)];
      expect(columns).toContain('Unpaid break (min)');
      expect(columns).toContain('Paid hours');
      expect(lines).toHaveLength(2);
      for (const line of lines) {
        expect(cell(line, 'Shift')).toBe('Long day');
        expect(cell(line, 'Unpaid break (min)')).toBe('60');
        expect(cell(line, 'Paid hours')).toBe('9');
      }
    });

    it('the calendar event says the break and the paid hours', async () => {
      const csrf = await csrfOf(staff, '/my/calendar');
      await staff.post('/my/calendar/reset').type('form').send({ _csrf: csrf });
      const path = /(\/calendar\/[\w-]{43}\.ics)/.exec((await staff.get('/my/calendar')).text)![1]!;
      const feed = new ICAL.Component(ICAL.parse((await request(t.app).get(path)).text));
      const descriptions = feed
        .getAllSubcomponents('vevent')
        .map((v) => new ICAL.Event(v))
        .filter((e) => e.summary.startsWith('Long day'))
        .map((e) => e.description);
      expect(descriptions).toHaveLength(2);
      // No break start set on the template: the middle of the shift.
      for (const d of descriptions) expect(d).toContain('Unpaid meal break: 60 min, 11:30–12:30 (9 h paid)');
    });

    it('My shifts counts the paid hours of the week', async () => {
      const text = textOf((await staff.get(`/my/shifts?week=${week}`)).text);
      expect(text).toContain('18 h scheduled');
      expect(text).toContain('60 min unpaid break 11:30–12:30');
    });
  });
});

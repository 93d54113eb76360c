import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFeed } from '../../server/shifts/calendar.service';
import { applyMigrations } from '../../server/db/migrate';
import { createToken } from '../../server/account/sessions.service';
import { draftFromPublished, publishSchedule } from '../../server/scheduling/publish.service';
import {
  availableAllDay,
  createSchedule,
  demoLookups,
  nextMonday,
  plusDays,
} from '../helpers/publish-fixtures';
import { createTestApp, csrfOf, type Agent, type TestApp } from '../helpers/test-app';

const ZONE = 'America/New_York';
let t: TestApp;
let staff: Agent;
let managerId: number;
let priyaUserId: number;
const week = nextMonday();

interface FeedEvent {
  uid: string;
  summary: string;
  start: DateTime;
  end: DateTime;
  sequence: number;
}

/** Parses a feed back with ical.js, times as luxon DateTimes in the site's zone. */
function parseFeed(text: string): FeedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      summary: event.summary,
      start: DateTime.fromJSDate(event.startDate.toJSDate(), { zone: ZONE }),
      end: DateTime.fromJSDate(event.endDate.toJSDate(), { zone: ZONE }),
      sequence: event.sequence,
    };
  });
}

/** The feed URL path shown on "My calendar", creating the link first when there is none. */
async function feedPath(agent: Agent): Promise<string> {
  let page = await agent.get('/my/calendar');
  if (!/\/calendar\/[A-Za-z0-9_-]{43}\.ics/.test(page.text)) {
    const csrf = await csrfOf(agent, '/my/calendar');
    const res = await agent.post('/my/calendar/reset').type('form').send({ _csrf: csrf });
    expect(res.status).toBe(303);
    page = await agent.get('/my/calendar');
  }
  const match = /(\/calendar\/[A-Za-z0-9_-]{43}\.ics)/.exec(page.text);
  if (!match?.[1]) throw new Error('No feed URL on the page');
  return match[1];
}

/** Priya's current feed token, making one when she has none. */
async function feedToken(): Promise<string> {
  const path = await feedPath(staff);
  return /\/calendar\/([\w-]{43})\.ics/.exec(path)![1]!;
}

beforeAll(async () => {
  t = await createTestApp();
  staff = await t.signInAs('STAFF'); // Priya Raman, pharmacist
  const users = await t.db.user.findMany({ select: { id: true, email: true } });
  managerId = users.find((u) => u.email === t.demoUser('MANAGER').email)!.id;
  priyaUserId = users.find((u) => u.email === t.demoUser('STAFF').email)!.id;
});
afterAll(async () => {
  await t.close();
});

describe('private iCalendar feed', () => {
  let v1: number;

  it("contains exactly the person's published shifts, with times in the site's zone, an overnight one included", async () => {
    v1 = await createSchedule(t.db, {
      periodStart: week,
      status: 'DRAFT',
      assignments: [
        ['Priya', week, 'Weekday day', 'PHARMACIST'],
        ['Priya', plusDays(week, 2), 'Overnight pharmacist', 'PHARMACIST'],
        ['Marcus', week, 'Weekday evening', 'PHARMACIST'],
      ],
    });
    // Priya's overnight runs into Thursday morning, outside her weekly pattern: she agreed to it.
    await availableAllDay(t.db, 'Priya', plusDays(week, 3));
    const path = await feedPath(staff);
    // A draft is nobody's shift yet.
    expect(parseFeed((await request(t.app).get(path)).text)).toEqual([]);

    await publishSchedule(t.db, v1, managerId, { confirmGaps: true });
    const res = await request(t.app).get(path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.text).toMatch(/^BEGIN:VCALENDAR/);
    const events = parseFeed(res.text).sort((a, b) => a.start.toMillis() - b.start.toMillis());
    expect(events.map((e) => e.summary)).toEqual([
      'Weekday day — Pharmacist',
      'Overnight pharmacist — Pharmacist',
    ]);
    const [day, night] = events as [FeedEvent, FeedEvent];
    expect(day.start.toISO({ suppressMilliseconds: true, includeOffset: false })).toBe(`${week}T07:00:00`);
    expect(day.end.toFormat('yyyy-MM-dd HH:mm')).toBe(`${week} 15:30`);
    expect(night.start.toFormat('yyyy-MM-dd HH:mm')).toBe(`${plusDays(week, 2)} 23:00`);
    expect(night.end.toFormat('yyyy-MM-dd HH:mm')).toBe(`${plusDays(week, 3)} 07:30`);
    expect(night.end.diff(night.start, 'hours').hours).toBe(8.5);
    // Instants are written in UTC, so no client needs the zone's rules to place them.
    expect(res.text).toMatch(/DTSTART:\d{8}T\d{6}Z/);
    expect(res.text).not.toContain('Marcus');
  });

  it('follows a new version, keeping the UID of an unchanged slot and dropping the archived one', async () => {
    const path = await feedPath(staff);
    const before = parseFeed((await request(t.app).get(path)).text);
    const draft = await draftFromPublished(t.db, v1, managerId);
    const ids = await demoLookups(t.db);
    // Tuesday's day shift is added; the Wednesday night shift moves to the Thursday night.
    await t.db.assignment.create({
      data: {
        scheduleId: draft.id,
        staffId: ids.staffId('Priya'),
        shiftDate: plusDays(week, 1),
        templateId: ids.templateId('Weekday day'),
        positionId: ids.positionId('PHARMACIST'),
      },
    });
    await t.db.assignment.updateMany({
      where: { scheduleId: draft.id, staffId: ids.staffId('Priya'), shiftDate: plusDays(week, 2) },
      data: { shiftDate: plusDays(week, 3) },
    });
    await availableAllDay(t.db, 'Priya', plusDays(week, 4));
    await publishSchedule(t.db, draft.id, managerId, { confirmGaps: true });

    const after = parseFeed((await request(t.app).get(path)).text);
    expect(after).toHaveLength(3);
    const mondayBefore = before.find((e) => e.start.toISODate() === week)!;
    const mondayAfter = after.find((e) => e.start.toISODate() === week)!;
    expect(mondayAfter.uid).toBe(mondayBefore.uid);
    expect(mondayAfter.sequence).toBeGreaterThan(mondayBefore.sequence);
    expect(after.map((e) => e.start.toFormat('ccc HH:mm')).sort()).toEqual([
      'Mon 07:00',
      'Thu 23:00',
      'Tue 07:00',
    ]);
    expect(new Set(after.map((e) => e.uid)).size).toBe(3);
  });

  it('stops working at once when the person resets the link, and the new link works', async () => {
    const oldPath = await feedPath(staff);
    const csrf = await csrfOf(staff, '/my/calendar');
    const res = await staff.post('/my/calendar/reset').type('form').send({ _csrf: csrf });
    expect(res.status).toBe(303);
    const newPath = await feedPath(staff);
    expect(newPath).not.toBe(oldPath);
    expect((await request(t.app).get(oldPath)).status).toBe(404);
    expect((await request(t.app).get(newPath)).status).toBe(200);
    const audit = await t.db.auditLog.findFirst({
      where: { action: 'calendar.reset', actorId: priyaUserId },
    });
    expect(audit).not.toBeNull();
  });

  it('stops working when a manager revokes it, with an audit entry', async () => {
    const path = await feedPath(staff);
    const manager = await t.signInAs('MANAGER');
    const list = await manager.get('/calendar/feeds');
    expect(list.text).toContain('Priya Raman');
    const ids = await demoLookups(t.db);
    const csrf = await csrfOf(manager, '/calendar/feeds');
    const res = await manager
      .post(`/calendar/feeds/${ids.staffId('Priya')}/revoke`)
      .type('form')
      .send({ _csrf: csrf });
    expect(res.status).toBe(303);
    expect((await request(t.app).get(path)).status).toBe(404);
    const audit = await t.db.auditLog.findFirst({ where: { action: 'calendar.revoke', actorId: managerId } });
    expect(audit?.entityId).toBe(String(priyaUserId));
    const mine = await staff.get('/my/calendar');
    expect(mine.text).toContain('Create my calendar link');
  });

  it('gives the overnight shift of the fall-back night its real length of 9.5 hours', async () => {
    const fallBackWeek = '2026-10-26';
    const id = await createSchedule(t.db, {
      periodStart: fallBackWeek,
      assignments: [['Priya', '2026-10-31', 'Overnight pharmacist', 'PHARMACIST']],
    });
    await availableAllDay(t.db, 'Priya', '2026-11-01');
    await publishSchedule(t.db, id, managerId, { confirmGaps: true });
    const token = await feedToken();
    const events = parseFeed(await buildFeed(t.db, token, new Date('2026-10-28T12:00:00Z')));
    const night = events.find((e) => e.start.toISODate() === '2026-10-31')!;
    expect(night.start.toFormat('HH:mm ZZZZ')).toBe('23:00 EDT');
    expect(night.end.toFormat('yyyy-MM-dd HH:mm ZZZZ')).toBe('2026-11-01 07:30 EST');
    expect(night.end.diff(night.start, 'hours').hours).toBe(9.5);
  });

  it('keeps only a hash of the link, and shows the link once, right after it is made', async () => {
    const csrf = await csrfOf(staff, '/my/calendar');
    await staff.post('/my/calendar/reset').type('form').send({ _csrf: csrf });
    const shown = await staff.get('/my/calendar');
    const token = /\/calendar\/([\w-]{43})\.ics/.exec(shown.text)![1]!;
    const row = await t.db.user.findUniqueOrThrow({
      where: { id: priyaUserId },
      select: { icalToken: true },
    });
    expect(row.icalToken).toBe(createHash('sha256').update(token).digest('hex'));
    const again = await staff.get('/my/calendar');
    expect(again.text).not.toContain(token);
    expect(again.text).toContain('Your calendar link is active.');
    expect((await request(t.app).get(`/calendar/${token}.ics`)).status).toBe(200);
  });

  it('hashes links stored before hashing when migrating, and they keep working', async () => {
    const plain = createToken(32);
    await t.db.user.update({ where: { id: priyaUserId }, data: { icalToken: plain } });
    applyMigrations(t.databaseFile);
    const row = await t.db.user.findUniqueOrThrow({
      where: { id: priyaUserId },
      select: { icalToken: true },
    });
    expect(row.icalToken).toBe(createHash('sha256').update(plain).digest('hex'));
    expect((await request(t.app).get(`/calendar/${plain}.ics`)).status).toBe(200);
  });

  it('answers 404 for unknown and malformed tokens without revealing anything', async () => {
    expect((await request(t.app).get(`/calendar/${'a'.repeat(43)}.ics`)).status).toBe(404);
    expect((await request(t.app).get('/calendar/short.ics')).status).toBe(404);
  });
});

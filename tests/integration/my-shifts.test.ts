import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftFromPublished, publishSchedule } from '../../server/scheduling/publish.service';
import {
  availableAllDay,
  createSchedule,
  demoLookups,
  nextMonday,
  plusDays,
} from '../helpers/publish-fixtures';
import { createTestApp, csrfOf, type Agent, type TestApp } from '../helpers/test-app';

let t: TestApp;
let staff: Agent;
let managerId: number;
let v1: number;
const week = nextMonday();

beforeAll(async () => {
  t = await createTestApp();
  staff = await t.signInAs('STAFF'); // Priya Raman
  managerId = (await t.db.user.findUniqueOrThrow({ where: { email: t.demoUser('MANAGER').email } })).id;
});
afterAll(async () => {
  await t.close();
});

/** The text of an HTML page without tags, whitespace collapsed, for reading assertions. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
}

describe('My shifts', () => {
  it('shows published shifts as a list and a week view, marked new on the first look only', async () => {
    v1 = await createSchedule(t.db, {
      periodStart: week,
      assignments: [
        ['Priya', week, 'Weekday day', 'PHARMACIST'],
        ['Priya', plusDays(week, 2), 'Overnight pharmacist', 'PHARMACIST'],
        ['Marcus', week, 'Weekday evening', 'PHARMACIST'],
      ],
    });
    // Priya's overnight runs into Thursday morning, outside her weekly pattern: she agreed to it.
    await availableAllDay(t.db, 'Priya', plusDays(week, 3));
    // A draft is not anyone's shift yet.
    expect(textOf((await staff.get(`/my/shifts?week=${week}`)).text)).not.toContain('Overnight pharmacist');
    await publishSchedule(t.db, v1, managerId, { confirmGaps: true });

    const page = await staff.get(`/my/shifts?week=${week}`);
    expect(page.status).toBe(200);
    const text = textOf(page.text);
    expect(text).toContain('Since you last looked');
    expect(text).toContain('2 new shifts');
    expect(page.text.match(/badge-new/g)?.length).toBeGreaterThanOrEqual(4); // list and week view
    expect(text).toContain('07:00–15:30');
    // The overnight shift ends the next morning.
    expect(text).toMatch(/23:00–07:30 \(ends \w{3} \d+ \w{3}\)/);
    expect(text).toContain('Pharmacist Riverside Hospital Outpatient &amp; IV Pharmacy');
    expect(text).toContain('16 h scheduled'); // two 8.5-hour shifts, each with a 30-minute unpaid break
    expect(page.text).toContain(`/my/shifts?week=${plusDays(week, -7)}`);
    expect(page.text).toContain(`/my/shifts?week=${plusDays(week, 7)}`);
    expect(text).not.toContain('Marcus');

    const seen = await t.db.user.findUniqueOrThrow({ where: { email: t.demoUser('STAFF').email } });
    expect(seen.shiftsSeenAt).not.toBeNull();
    const again = await staff.get(`/my/shifts?week=${week}`);
    expect(again.text).not.toContain('badge-new');
  });

  it('marks shifts a new version changed or added, and lists the changes that affect the person', async () => {
    const draft = await draftFromPublished(t.db, v1, managerId);
    const ids = await demoLookups(t.db);
    await t.db.assignment.updateMany({
      where: { scheduleId: draft.id, staffId: ids.staffId('Priya'), shiftDate: week },
      data: { templateId: ids.templateId('Weekday evening') },
    });
    await t.db.assignment.create({
      data: {
        scheduleId: draft.id,
        staffId: ids.staffId('Priya'),
        shiftDate: plusDays(week, 1),
        templateId: ids.templateId('Weekday evening'),
        positionId: ids.positionId('PHARMACIST'),
      },
    });
    await t.db.assignment.deleteMany({ where: { scheduleId: draft.id, staffId: ids.staffId('Marcus') } });
    await publishSchedule(t.db, draft.id, managerId, { confirmGaps: true });

    const home = await staff.get('/');
    const text = textOf(home.text);
    expect(text).toContain('1 new shift and 1 changed shift');
    expect(text).toContain('was Weekday day as Pharmacist');
    expect(text).toContain('Schedule changes for you');
    // Her own changes are told to her in the second person.
    expect(text).toMatch(
      /You were moved from Weekday day 07:00–15:30 \(Pharmacist\) to Weekday evening 15:00–23:30 \(Pharmacist\)/,
    );
    expect(text).toMatch(/You were added to Weekday evening 15:00–23:30 as Pharmacist/);
    expect(text).not.toMatch(/Priya Raman (moved|added)/);
    // Another person's change is not this person's business.
    expect(text).not.toContain('Marcus Bell removed');
    expect(text).toContain('Upcoming shifts');
    expect(text).toContain('My tasks');

    // Seen now: the marks go, the change list stays on the My shifts page.
    const later = await staff.get(`/my/shifts?week=${week}`);
    expect(later.text).not.toContain('badge-changed');
    expect(textOf(later.text)).toContain('Recent changes to your shifts');
    expect(textOf(later.text)).toMatch(/Week of \w{3} \d+ \w{3}, version 2/);
  });

  it('shows a week without shifts as days off and ignores a malformed week', async () => {
    const empty = textOf((await staff.get(`/my/shifts?week=${plusDays(week, 70)}`)).text);
    expect(empty).toContain('0 h scheduled');
    expect(empty.match(/ Off /g)?.length).toBe(7);
    expect((await staff.get('/my/shifts?week=not-a-date')).status).toBe(200);
  });

  it('lists My calendar and Team schedule in the staff menu', async () => {
    const home = await staff.get('/my/shifts');
    expect(home.text).toContain('href="/my/calendar"');
    expect(home.text).toContain('href="/team-schedule"');
  });
});

describe('Team schedule', () => {
  it('shows staff the published week of their site when the manager shares it', async () => {
    const res = await staff.get(`/team-schedule?week=${week}`);
    expect(res.status).toBe(200);
    const text = textOf(res.text);
    expect(text).toContain('Priya Raman you');
    expect(text).toContain('Overnight pharmacist');
    expect(text).toContain('version 2');
    // Marcus left the Monday evening in version 2; the archived version 1 is not shown.
    expect(text).not.toContain('Marcus Bell');
  });

  it('refuses staff with a friendly 403 when the manager hides it, while leads and managers still see it', async () => {
    const manager = await t.signInAs('MANAGER');
    const lead = await t.signInAs('LEAD');
    const csrf = await csrfOf(manager, '/team-schedule');
    const hide = await manager
      .post('/team-schedule/visibility')
      .type('form')
      .send({ _csrf: csrf, visible: 'no' });
    expect(hide.status).toBe(303);
    expect((await t.db.site.findFirstOrThrow({ orderBy: { id: 'asc' } })).teamScheduleVisible).toBe(false);

    const refused = await staff.get(`/team-schedule?week=${week}`);
    expect(refused.status).toBe(403);
    expect(textOf(refused.text)).toContain(
      'Your manager has not shared the team schedule for this pharmacy.',
    );
    expect((await lead.get(`/team-schedule?week=${week}`)).status).toBe(200);
    expect((await manager.get(`/team-schedule?week=${week}`)).status).toBe(200);
    expect(await t.db.auditLog.count({ where: { action: 'site.team_schedule_visibility' } })).toBe(1);

    const show = await manager
      .post('/team-schedule/visibility')
      .type('form')
      .send({ _csrf: csrf, visible: 'yes' });
    expect(show.status).toBe(303);
    expect((await staff.get(`/team-schedule?week=${week}`)).status).toBe(200);
  });
});

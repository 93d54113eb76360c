import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchedule, nextMonday, plusDays } from '../helpers/publish-fixtures';
import { createTestApp, csrfOf, type Agent, type TestApp } from '../helpers/test-app';
import { draftFromPublished, publishSchedule } from '../../server/scheduling/publish.service';

let t: TestApp;
let manager: Agent;
let managerId: number;
const week = nextMonday();
const tue = plusDays(week, 1);

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  managerId = (
    await t.db.user.findUniqueOrThrow({ where: { email: t.demoUser('MANAGER').email }, select: { id: true } })
  ).id;
});
afterAll(async () => {
  await t.close();
});

async function publishForm(agent: Agent, id: number, fields: Record<string, string> = {}) {
  const csrf = await csrfOf(agent, `/schedules/${id}/versions`);
  return agent
    .post(`/schedules/${id}/publish`)
    .type('form')
    .send({ _csrf: csrf, ...fields });
}

describe('publishing a schedule', () => {
  let v1: number;

  it('asks for confirmation and lists the gaps when the schedule leaves positions uncovered', async () => {
    v1 = await createSchedule(t.db, {
      periodStart: week,
      assignments: [
        ['Priya', week, 'Weekday day', 'PHARMACIST'],
        ['Marcus', tue, 'Weekday day', 'PHARMACIST'],
        ['Aisha', tue, 'Weekday day', 'TECHNICIAN'],
      ],
    });
    const res = await publishForm(manager, v1);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Publish with gaps?');
    expect(res.text).toContain('IV room day');
    expect(res.text).toMatch(/name="confirmGaps" value="on"/);
    const gapCount = Number(/name="gapCount" value="(\d+)"/.exec(res.text)?.[1]);
    expect(gapCount).toBeGreaterThan(10);
    expect((await t.db.schedule.findUniqueOrThrow({ where: { id: v1 } })).status).toBe('DRAFT');
  });

  it('refuses a confirmation made when the schedule had fewer gaps than it has now', async () => {
    const res = await publishForm(manager, v1, { confirmGaps: 'on', gapCount: '1' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('The gaps changed since you confirmed them');
  });

  it('publishes once the manager confirms, with a flash and the first-version change list', async () => {
    const page = await publishForm(manager, v1);
    const gapCount = /name="gapCount" value="(\d+)"/.exec(page.text)?.[1] ?? '';
    const res = await publishForm(manager, v1, { confirmGaps: 'on', gapCount });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/schedules/${v1}`);
    const row = await t.db.schedule.findUniqueOrThrow({ where: { id: v1 } });
    expect(row.status).toBe('PUBLISHED');
    expect(row.publishedById).toBe(managerId);
    expect(row.changeSummary).toBe('First published version: 3 assignments.');
    const audit = await t.db.auditLog.findFirst({
      where: { action: 'schedule.publish', entityId: String(v1) },
    });
    expect(audit?.actorId).toBe(managerId);
    const versions = await manager.get(`/schedules/${v1}/versions`);
    expect(versions.text).toContain('is published; staff can see it now');
  });

  it('refuses to publish the same version twice', async () => {
    const res = await publishForm(manager, v1, { confirmGaps: 'on' });
    expect(res.status).toBe(409);
  });

  it('edits a published schedule as a new version, archives the old one on publish and keeps it readable', async () => {
    const csrf = await csrfOf(manager, `/schedules/${v1}/versions`);
    const start = await manager.post(`/schedules/${v1}/new-version`).type('form').send({ _csrf: csrf });
    expect(start.status).toBe(303);
    const v2 = Number(/\/schedules\/(\d+)$/.exec(start.headers.location ?? '')?.[1]);
    expect(v2).not.toBe(v1);
    const draft = await t.db.schedule.findUniqueOrThrow({
      where: { id: v2 },
      include: { assignments: true },
    });
    expect(draft).toMatchObject({ status: 'DRAFT', version: 2, basedOnId: v1 });
    expect(draft.assignments).toHaveLength(3);

    // Starting again returns the same draft instead of a second one.
    const again = await manager.post(`/schedules/${v1}/new-version`).type('form').send({ _csrf: csrf });
    expect(again.headers.location).toBe(`/schedules/${v2}`);

    // The manager's edits: Priya moves to the evening, Aisha leaves Tuesday, Kevin joins Tuesday.
    const ids = await lookups();
    await t.db.assignment.updateMany({
      where: { scheduleId: v2, staffId: ids.priya },
      data: { templateId: ids.evening },
    });
    await t.db.assignment.deleteMany({ where: { scheduleId: v2, staffId: ids.aisha } });
    await t.db.assignment.create({
      data: {
        scheduleId: v2,
        staffId: ids.kevin,
        shiftDate: tue,
        templateId: ids.day,
        positionId: ids.technician,
        source: 'MANUAL',
      },
    });

    const versionsBefore = await manager.get(`/schedules/${v2}/versions`);
    expect(versionsBefore.text).toContain('Publishing would change, against version 1');
    expect(versionsBefore.text).toContain('Aisha Thompson removed from Weekday day');

    const res = await publishForm(manager, v2, { confirmGaps: 'on' });
    expect(res.status).toBe(303);
    const [old, now] = await Promise.all([
      t.db.schedule.findUniqueOrThrow({ where: { id: v1 } }),
      t.db.schedule.findUniqueOrThrow({ where: { id: v2 } }),
    ]);
    expect(old.status).toBe('ARCHIVED');
    expect(now.status).toBe('PUBLISHED');
    // Next week starts within the site's 14-day notice window: every change is listed as inside it.
    expect(now.changeSummary?.split('\n')).toEqual([
      'Changes against version 1 (1 added, 1 removed, 1 moved):',
      'Inside the notice window:',
      expect.stringMatching(
        /^- \w{3} \d+ \w{3}: Priya Raman moved from Weekday day 07:00–15:30 \(Pharmacist\) to Weekday evening 15:00–23:30 \(Pharmacist\)$/,
      ),
      expect.stringMatching(/Aisha Thompson removed from Weekday day 07:00–15:30 \(Pharmacy technician\)$/),
      expect.stringMatching(/Kevin Nguyen added to Weekday day 07:00–15:30 as Pharmacy technician$/),
    ]);

    // The archived version stays readable: history, print and CSV.
    const history = await manager.get(`/schedules/${v1}/versions`);
    expect(history.status).toBe(200);
    expect(history.text).toContain('Version 2');
    expect(history.text).toContain('Archived');
    expect(history.text).toContain('Priya Raman moved from Weekday day');
    expect((await manager.get(`/schedules/${v1}/print`)).text).toContain('Marcus Bell');
    expect((await manager.get(`/schedules/${v1}/export.csv`)).text).toContain('Marcus Bell');
  });

  it('refuses a draft started from a version that has been replaced since', async () => {
    const published = await t.db.schedule.findFirstOrThrow({
      where: { periodStart: week, status: 'PUBLISHED' },
    });
    const stale = await createSchedule(t.db, {
      periodStart: week,
      version: 9,
      basedOnId: (await t.db.schedule.findFirstOrThrow({ where: { periodStart: week, status: 'ARCHIVED' } }))
        .id,
      assignments: [['Priya', week, 'Weekday day', 'PHARMACIST']],
    });
    await expect(publishSchedule(t.db, stale, managerId, { confirmGaps: true })).rejects.toThrow(
      `Version ${published.version} was published after this draft was started`,
    );
    await expect(draftFromPublished(t.db, stale, managerId)).rejects.toThrow(
      'only be started from the published version',
    );
  });

  it('answers 404 for a schedule that does not exist', async () => {
    expect((await manager.get('/schedules/999999/versions')).status).toBe(404);
    expect((await manager.get('/schedules/abc/print')).status).toBe(404);
  });
});

describe('print view and CSV export', () => {
  it('prints the week as a days × shifts grid with open positions', async () => {
    const id = await createSchedule(t.db, {
      periodStart: plusDays(week, 14),
      assignments: [['Priya', plusDays(week, 14), 'Overnight pharmacist', 'PHARMACIST']],
    });
    const res = await manager.get(`/schedules/${id}/print`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('/assets/print-schedule.css');
    expect(res.text).not.toContain('class="topbar"');
    expect(res.text).toContain('Overnight pharmacist');
    expect(res.text).toContain('23:00–07:30 (+1)');
    expect(res.text).toContain('Open: 1 × Pharmacist');
    const css = await manager.get('/assets/print-schedule.css');
    expect(css.text).toContain('@media print');
  });

  it('exports CSV as an attachment with a header row and formula cells escaped', async () => {
    const ids = await lookups();
    await t.db.staff.update({
      where: { id: ids.kevin },
      data: { firstName: '=HYPERLINK("http://evil.example")', lastName: '+Nguyen' },
    });
    const id = await createSchedule(t.db, {
      periodStart: plusDays(week, 21),
      assignments: [
        ['Priya', plusDays(week, 21), 'Weekday day', 'PHARMACIST'],
        [
          '=HYPERLINK("http://evil.example")',
          plusDays(week, 22),
          'Weekday evening',
          'TECHNICIAN',
          { locked: true, source: 'MANUAL' },
        ],
      ],
    });
    const res = await manager.get(`/schedules/${id}/export.csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="schedule-${plusDays(week, 21)}-v1.csv"`,
    );
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'Date,Day,Shift,Start,End,Ends next day,Unpaid break (min),Paid hours,Position,Staff,Locked,Source',
    );
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://evil.example"") +Nguyen"`);
    expect(lines[2]).toMatch(/,yes,manual$/);
    for (const line of lines.slice(1)) {
      for (const cell of line.split(',')) expect(cell).not.toMatch(/^"?[=+\-@]/);
    }
    await t.db.staff.update({ where: { id: ids.kevin }, data: { firstName: 'Kevin', lastName: 'Nguyen' } });
  });
});

async function lookups() {
  const staff = await t.db.staff.findMany({ select: { id: true, firstName: true, lastName: true } });
  const id = (last: string) => staff.find((s) => s.lastName === last || s.lastName === `+${last}`)!.id;
  const template = async (name: string) =>
    (await t.db.shiftTemplate.findFirstOrThrow({ where: { name } })).id;
  return {
    priya: id('Raman'),
    aisha: id('Thompson'),
    kevin: id('Nguyen'),
    day: await template('Weekday day'),
    evening: await template('Weekday evening'),
    technician: (await t.db.position.findFirstOrThrow({ where: { code: 'TECHNICIAN' } })).id,
  };
}

// Floaters across a district's stores, beyond one site's own week: rest and runs of days across the
// week's edges at every site, a person taken off a float list who still has shifts there, call-outs
// covered from the district's other stores, and the drafts a district solve makes at sibling sites.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeWorkers } from '../../solver';
import { hashPassword } from '../../server/account/passwords';
import { settleSolveJobs } from '../../server/scheduling/solve-jobs.service';
import { shiftKey } from '../../server/scheduling/week-facts';
import { createSchedule, demoLookups, plusDays } from '../helpers/publish-fixtures';
import { runClockFrom, waitForJob } from '../helpers/schedules';
import { createTestApp, csrfFrom, csrfOf, type Agent, type TestApp } from '../helpers/test-app';

process.env.SOLVE_TIME_LIMIT_SECONDS = '20';

const TROY = 'Riverside Community Pharmacy – Troy';
// Weeks ahead of the demo's "today" (Wednesday 25 Nov 2026), one per test.
const REST_WEEK = '2027-01-18';
const RUN_WEEK = '2027-01-25';

let t: TestApp;
let manager: Agent;
let ids: Awaited<ReturnType<typeof demoLookups>>;
let troy: { id: number };
let marcusId: number;

beforeAll(async () => {
  runClockFrom();
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  ids = await demoLookups(t.db);
  troy = await t.db.site.findFirstOrThrow({ where: { name: TROY }, select: { id: true } });
  marcusId = ids.staffId('Marcus');
});
afterAll(async () => {
  vi.useRealTimers();
  await settleSolveJobs();
  await closeWorkers();
  await t.close();
});

/** A Troy shift template (made once per name). */
async function troyTemplate(name: string, weekdays = '1,2,3,4,5,6,7', start = 870, end = 1380) {
  const found = await t.db.shiftTemplate.findFirst({
    where: { siteId: troy.id, name },
    select: { id: true },
  });
  if (found) return found.id;
  const made = await t.db.shiftTemplate.create({
    data: { siteId: troy.id, name, shiftType: 'EVENING', weekdays, startMinute: start, endMinute: end },
    select: { id: true },
  });
  return made.id;
}

/** A published Troy week with the given person on the given dates of a template. */
async function publishedAtTroy(periodStart: string, templateId: number, staffId: number, dates: string[]) {
  return t.db.schedule.create({
    data: {
      siteId: troy.id,
      periodStart,
      periodEnd: plusDays(periodStart, 6),
      status: 'PUBLISHED',
      version: 1,
      publishedAt: new Date(),
      assignments: {
        create: dates.map((shiftDate) => ({
          shiftDate,
          templateId,
          staffId,
          positionId: ids.positionId('PHARMACIST'),
        })),
      },
    },
    select: { id: true },
  });
}

/** Adds a person to a shift of a hospital draft through the schedule page's form. */
async function addByHand(scheduleId: number, template: string, date: string, staffId: number) {
  const page = await manager.get(`/schedules/${scheduleId}`);
  return manager
    .post(`/schedules/${scheduleId}/assignments`)
    .type('form')
    .send({
      _csrf: csrfFrom(page.text),
      revision: /name="revision" value="(\d+)"/.exec(page.text)?.[1] ?? '',
      shiftId: shiftKey(ids.templateId(template), date),
      staffId: String(staffId),
      positionId: String(ids.positionId('PHARMACIST')),
    });
}

describe("a floater's shifts at another site across the week's edges", () => {
  it('count for minimum rest: a Sunday evening at Troy rules out the early Monday shift at the hospital', async () => {
    const sunday = plusDays(REST_WEEK, -1);
    const late = await troyTemplate('Sunday close', '7', 14 * 60 + 30, 23 * 60);
    await publishedAtTroy(plusDays(REST_WEEK, -7), late, marcusId, [sunday]);
    const scheduleId = await createSchedule(t.db, { periodStart: REST_WEEK, assignments: [] });

    const res = await addByHand(scheduleId, 'Weekday day', REST_WEEK, marcusId);
    expect(res.status).toBe(400);
    expect(res.text).toContain(
      `rest after Sun 14:30–23:00 Sunday close at ${TROY} of the week before would be 8 h, the site requires 10 h`,
    );
    expect(await t.db.assignment.count({ where: { scheduleId } })).toBe(0);
    // The evening shift leaves him 16 h of rest: allowed.
    const evening = await addByHand(scheduleId, 'Weekday evening', REST_WEEK, marcusId);
    expect(evening.status).toBe(303);
    expect(await t.db.assignment.count({ where: { scheduleId, staffId: marcusId } })).toBe(1);
  });

  it('count for consecutive days: six days in a row at Troy make a seventh at the hospital too many', async () => {
    const day = await troyTemplate('Store early', '1,2,3,4,5,6,7', 6 * 60, 14 * 60);
    const before = [-6, -5, -4, -3, -2, -1].map((d) => plusDays(RUN_WEEK, d));
    await publishedAtTroy(plusDays(RUN_WEEK, -7), day, marcusId, before);
    const scheduleId = await createSchedule(t.db, { periodStart: RUN_WEEK, assignments: [] });

    const res = await addByHand(scheduleId, 'Weekday evening', RUN_WEEK, marcusId);
    expect(res.status).toBe(400);
    expect(res.text).toContain(
      'Marcus Bell works 7 days in a row (the 6 days before, then Mon 25 Jan to Mon 25 Jan); at most 6 allowed.',
    );
    expect(await t.db.assignment.count({ where: { scheduleId } })).toBe(0);
  });
});

describe('a person taken off a float list who still has shifts there', () => {
  it("stays in the site's week with those shifts: shown, kept by a re-solve, and given no other", async () => {
    const week = '2027-02-01';
    const walter = await t.db.staff.findFirstOrThrow({
      where: { firstName: 'Walter', lastName: 'Brennan' },
      select: { id: true },
    });
    await t.db.staffSite.create({ data: { staffId: walter.id, siteId: ids.site.id } });
    const published = await t.db.schedule.create({
      data: {
        siteId: ids.site.id,
        periodStart: week,
        periodEnd: plusDays(week, 6),
        status: 'PUBLISHED',
        version: 1,
        publishedAt: new Date(),
        assignments: {
          create: [
            {
              shiftDate: plusDays(week, 2),
              templateId: ids.templateId('Weekday day'),
              staffId: walter.id,
              positionId: ids.positionId('PHARMACIST'),
            },
          ],
        },
      },
      select: { id: true },
    });
    // He no longer floats to the hospital, but Wednesday's shift there is published and his.
    await t.db.staffSite.delete({ where: { staffId_siteId: { staffId: walter.id, siteId: ids.site.id } } });

    const page = await manager.get(`/schedules/${published.id}`);
    expect(page.status).toBe(200);
    const row = /<th scope="row">Walter Brennan<\/th>[\s\S]*?<\/tr>/.exec(page.text)?.[0] ?? '';
    expect(row).toContain('07:00–15:30');

    const res = await manager
      .post(`/schedules/${published.id}/resolve`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(303);
    const job = await waitForJob(manager, res.headers.location as string);
    expect(job.status).toBe('DONE');
    const draft = await t.db.schedule.findFirstOrThrow({
      where: { siteId: ids.site.id, periodStart: week, status: 'DRAFT' },
      select: {
        assignments: { where: { staffId: walter.id }, select: { shiftDate: true, templateId: true } },
      },
    });
    expect(draft.assignments).toEqual([
      { shiftDate: plusDays(week, 2), templateId: ids.templateId('Weekday day') },
    ]);
    // No other hospital shift can be given to him by hand.
    const draftId = (
      await t.db.schedule.findFirstOrThrow({
        where: { siteId: ids.site.id, periodStart: week, status: 'DRAFT' },
        select: { id: true },
      })
    ).id;
    const refused = await addByHand(draftId, 'Weekday day', plusDays(week, 3), walter.id);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain(
      'no longer works at Riverside Hospital Outpatient &amp; IV Pharmacy (not on its float list)',
    );
    expect(await t.db.assignment.count({ where: { scheduleId: draftId, staffId: walter.id } })).toBe(1);
  }, 180_000);
});

describe("a call-out with nobody of the site's own free", () => {
  it("is covered by a pharmacist of the district's other store, never one busy there", async () => {
    const week = '2027-02-08';
    const pharmacist = ids.positionId('PHARMACIST');
    const troyPharmacist = (firstName: string) =>
      t.db.staff.findFirstOrThrow({ where: { firstName, siteId: troy.id }, select: { id: true } });
    const walter = await troyPharmacist('Walter');
    const sofia = await troyPharmacist('Sofia');
    const scheduleId = await createSchedule(t.db, {
      periodStart: week,
      status: 'PUBLISHED',
      assignments: [['Priya', week, 'Weekday day', 'PHARMACIST']],
    });
    const priya = await t.db.assignment.findFirstOrThrow({ where: { scheduleId }, select: { id: true } });
    // Every other pharmacist who works at the hospital (its own and its floaters) is away that Monday.
    const local = await t.db.staff.findMany({
      where: {
        OR: [{ siteId: ids.site.id }, { floatSites: { some: { siteId: ids.site.id } } }],
        positions: { some: { positionId: pharmacist } },
        id: { not: ids.staffId('Priya') },
      },
      select: { id: true },
    });
    expect(local.length).toBeGreaterThan(0);
    await t.db.availabilityException.createMany({
      data: local.map((p) => ({ staffId: p.id, date: week, kind: 'UNAVAILABLE' as const, note: 'Away' })),
    });
    // Walter works Monday's store day at Troy (08:00–16:30), which overlaps the hospital's 07:00–15:30.
    const storeDay = await t.db.shiftTemplate.findFirstOrThrow({
      where: { siteId: troy.id, name: 'Store day' },
      select: { id: true },
    });
    await publishedAtTroy(week, storeDay.id, walter.id, [week]);

    const page = await manager.get(`/schedules/${scheduleId}/callout/${priya.id}`);
    expect(page.status).toBe(200);
    const offered = /<table class="table repair-table">[\s\S]*?<\/table>/.exec(page.text)?.[0] ?? '';
    expect(offered).toContain(`Sofia Marin <span class="muted">from ${TROY}</span>`);
    expect(offered).not.toContain('Walter Brennan');
    const ruledOut = /<tr><td>Walter Brennan<\/td>[\s\S]*?<\/tr>/.exec(page.text)?.[0] ?? '';
    expect(ruledOut).toContain('Store day at Riverside Community Pharmacy – Troy, which overlap');
    // Refused for Walter (no such repair), accepted for Sofia: published with her on the shift.
    const refused = await manager
      .post(`/schedules/${scheduleId}/callout/${priya.id}`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), reason: 'sick', replacement: String(walter.id) });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('That repair no longer works without breaking a rule; pick another.');
    const res = await manager
      .post(`/schedules/${scheduleId}/callout/${priya.id}`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), reason: 'sick', replacement: String(sofia.id) });
    expect(res.status).toBe(303);
    const published = await t.db.schedule.findFirstOrThrow({
      where: { siteId: ids.site.id, periodStart: week, status: 'PUBLISHED' },
      select: { version: true, assignments: { select: { staffId: true, shiftDate: true, source: true } } },
    });
    expect(published.version).toBe(2);
    expect(published.assignments).toEqual([{ staffId: sofia.id, shiftDate: week, source: 'REPAIR' }]);
  });
});

/** Signs in as a new manager attached (through a staff record without positions) to a site. */
async function managerAt(siteId: number, email: string): Promise<Agent> {
  const staff = await t.db.staff.create({
    data: {
      siteId,
      firstName: 'Site',
      lastName: 'Manager',
      employmentType: 'FULL_TIME',
      hourlyRateCents: 6000,
    },
    select: { id: true },
  });
  await t.db.user.create({
    data: {
      email,
      role: 'MANAGER',
      passwordHash: await hashPassword('site-manager-password'),
      staffId: staff.id,
    },
  });
  const agent = request.agent(t.app);
  const page = await agent.get('/sign-in');
  const res = await agent
    .post('/sign-in')
    .type('form')
    .send({ email, password: 'site-manager-password', _csrf: csrfFrom(page.text) });
  expect(res.status).toBe(303);
  return agent;
}

describe("a district solve's drafts at the sibling sites", () => {
  it('open read-only for the manager who started it, and are published by their own site’s manager', async () => {
    const week = '2027-02-15';
    const csrf = await csrfOf(manager, '/schedules');
    const started = await manager
      .post('/schedules/generate')
      .type('form')
      .send({ _csrf: csrf, siteId: String(ids.site.id), week, district: 'on' });
    expect(started.status).toBe(303);
    const jobUrl = started.headers.location as string;
    expect((await waitForJob(manager, jobUrl)).status).toBe('DONE');
    const troyDraft = await t.db.schedule.findFirstOrThrow({
      where: { siteId: troy.id, periodStart: week, status: 'DRAFT' },
      select: { id: true },
    });

    // The result page links every site's draft; the sibling sites' are marked read-only.
    const jobPage = await manager.get(jobUrl);
    expect(jobPage.status).toBe(200);
    expect(jobPage.text).toContain(
      `<a href="/schedules/${troyDraft.id}">${TROY}</a> · version 1 · Draft <span class="muted">(read-only: managed at that site)</span>`,
    );
    const view = await manager.get(`/schedules/${troyDraft.id}`);
    expect(view.status).toBe(200);
    expect(view.text).toContain('Read-only: this week belongs to another site of your district.');
    expect(view.text).not.toContain(`action="/schedules/${troyDraft.id}/publish"`);
    expect(view.text).not.toContain(`action="/schedules/${troyDraft.id}/assignments"`);
    // Publishing, re-solving or editing it is refused, and nothing changes.
    for (const path of ['publish', 'resolve', 'assignments']) {
      const res = await manager
        .post(`/schedules/${troyDraft.id}/${path}`)
        .type('form')
        .send({ _csrf: csrfFrom(view.text), confirmGaps: 'on' });
      expect(res.status).toBe(403);
    }
    expect(
      await t.db.schedule.findUniqueOrThrow({ where: { id: troyDraft.id }, select: { status: true } }),
    ).toEqual({
      status: 'DRAFT',
    });

    // Troy's own manager sees the same result page and publishes Troy's draft.
    const troyManager = await managerAt(troy.id, 'manager@troy.test');
    const troyJobPage = await troyManager.get(jobUrl);
    expect(troyJobPage.status).toBe(200);
    expect(troyJobPage.text).toContain(
      `<a href="/schedules/${troyDraft.id}">${TROY}</a> · version 1 · Draft</li>`,
    );
    const own = await troyManager.get(`/schedules/${troyDraft.id}`);
    expect(own.text).not.toContain('Read-only');
    const gapCount = /name="gapCount" value="(\d+)"/.exec(own.text)?.[1];
    const published = await troyManager
      .post(`/schedules/${troyDraft.id}/publish`)
      .type('form')
      .send({ _csrf: csrfFrom(own.text), confirmGaps: 'on', ...(gapCount ? { gapCount } : {}) });
    expect(published.status).toBe(303);
    expect(
      await t.db.schedule.findUniqueOrThrow({ where: { id: troyDraft.id }, select: { status: true } }),
    ).toEqual({
      status: 'PUBLISHED',
    });

    // A manager of a site outside the district sees neither the result nor the draft.
    const lone = await t.db.site.create({
      data: { name: 'Lone Pharmacy', timeZone: 'America/New_York', usState: 'NY' },
      select: { id: true },
    });
    const outsider = await managerAt(lone.id, 'manager@lone.test');
    expect((await outsider.get(jobUrl)).status).toBe(404);
    expect((await outsider.get(`/schedules/${troyDraft.id}`)).status).toBe(404);
    const refused = await outsider
      .post(`/schedules/${troyDraft.id}/resolve`)
      .type('form')
      .send({ _csrf: await csrfOf(outsider, '/schedules') });
    expect(refused.status).toBe(404);
  }, 180_000);
});

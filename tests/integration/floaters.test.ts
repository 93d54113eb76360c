// Floaters across stores: a person who works at several sites is never double-booked across them,
// and their shifts at the other sites count for the solver like their own.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeWorkers } from '../../solver';
import { settleSolveJobs } from '../../server/scheduling/solve-jobs.service';
import { shiftKey } from '../../server/scheduling/week-facts';
import { createSchedule, demoLookups, plusDays } from '../helpers/publish-fixtures';
import { runClockFrom, waitForJob } from '../helpers/schedules';
import { createTestApp, csrfFrom, csrfOf, type Agent, type TestApp } from '../helpers/test-app';

process.env.SOLVE_TIME_LIMIT_SECONDS = '20';

// Weeks ahead of the demo's "today" that no other test of this file shares.
const EDIT_WEEK = '2026-12-14';
const SOLVE_WEEK = '2026-12-21';
const DISTRICT_WEEK = '2026-12-28';
const CALLOUT_WEEK = '2027-01-11';
const TROY = 'Riverside Community Pharmacy – Troy';

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

/** A published week at Troy with Marcus (who floats there from the hospital) on the given days' store day shift. */
async function marcusAtTroy(periodStart: string, days: number[]): Promise<void> {
  const template = await t.db.shiftTemplate.findFirstOrThrow({
    where: { siteId: troy.id, name: 'Store day' },
    select: { id: true },
  });
  await t.db.schedule.create({
    data: {
      siteId: troy.id,
      periodStart,
      periodEnd: plusDays(periodStart, 6),
      status: 'PUBLISHED',
      version: 1,
      publishedAt: new Date(),
      assignments: {
        create: days.map((d) => ({
          shiftDate: plusDays(periodStart, d),
          templateId: template.id,
          staffId: marcusId,
          positionId: ids.positionId('PHARMACIST'),
        })),
      },
    },
  });
}

describe('a floater across two sites', () => {
  it('cannot be added by hand to a shift that overlaps his shift at the other site', async () => {
    await marcusAtTroy(EDIT_WEEK, [1]);
    const tuesday = plusDays(EDIT_WEEK, 1);
    const scheduleId = await createSchedule(t.db, { periodStart: EDIT_WEEK, assignments: [] });
    const page = await manager.get(`/schedules/${scheduleId}`);
    const revision = /name="revision" value="(\d+)"/.exec(page.text)?.[1] ?? '';
    const res = await manager
      .post(`/schedules/${scheduleId}/assignments`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        revision,
        shiftId: shiftKey(ids.templateId('Weekday day'), tuesday),
        staffId: String(marcusId),
        positionId: String(ids.positionId('PHARMACIST')),
      });
    expect(res.status).toBe(400);
    expect(res.text).toContain('This change was refused');
    expect(res.text).toContain(
      'Marcus Bell works Tue 07:00–15:30 Weekday day and Tue 08:00–16:30 Store day at Riverside Community Pharmacy – Troy, which overlap.',
    );
    expect(await t.db.assignment.count({ where: { scheduleId } })).toBe(0);
    // The schedule page shows why he is not free: his shift at Troy, in his row.
    const row = /<th scope="row">Marcus Bell<\/th>[\s\S]*?<\/tr>/.exec(page.text)?.[0] ?? '';
    expect(row).toContain(`08:00–16:30</span> <span class="chip-pos">at ${TROY}</span>`);
  });

  it('is solved around his shifts at the other site: no overlap, and his hours there count', async () => {
    // Four 8-hour days at Troy: 32 of his 40 hours are taken, so the hospital may have one more shift of his.
    await marcusAtTroy(SOLVE_WEEK, [0, 1, 2, 3]);
    const csrf = await csrfOf(manager, '/schedules');
    const res = await manager
      .post('/schedules/generate')
      .type('form')
      .send({ _csrf: csrf, siteId: String(ids.site.id), week: SOLVE_WEEK });
    expect(res.status).toBe(303);
    const job = await waitForJob(manager, res.headers.location as string);
    expect(job.status).toBe('DONE');
    const draft = await t.db.schedule.findFirstOrThrow({
      where: { siteId: ids.site.id, periodStart: SOLVE_WEEK, status: 'DRAFT' },
      select: { assignments: { where: { staffId: marcusId }, select: { shiftDate: true } } },
    });
    expect(draft.assignments.length).toBeLessThanOrEqual(1);
    for (const a of draft.assignments)
      expect([plusDays(SOLVE_WEEK, 4), plusDays(SOLVE_WEEK, 5), plusDays(SOLVE_WEEK, 6)]).toContain(
        a.shiftDate,
      );
    // Nothing of Troy's week changed.
    expect(await t.db.assignment.count({ where: { staffId: marcusId, schedule: { siteId: troy.id } } })).toBe(
      5,
    );
  }, 180_000);
});

describe('a district solve', () => {
  it('solves the three sites together: one draft each, a floater placed where he is needed, nobody twice at once', async () => {
    const csrf = await csrfOf(manager, '/schedules');
    const res = await manager
      .post('/schedules/generate')
      .type('form')
      .send({ _csrf: csrf, siteId: String(ids.site.id), week: DISTRICT_WEEK, district: 'on' });
    expect(res.status).toBe(303);
    const job = await waitForJob(manager, res.headers.location as string);
    expect(job.status).toBe('DONE');
    const drafts = await t.db.schedule.findMany({
      where: { periodStart: DISTRICT_WEEK, status: 'DRAFT' },
      select: {
        siteId: true,
        assignments: {
          select: {
            staffId: true,
            shiftDate: true,
            position: { select: { code: true } },
            staff: { select: { siteId: true } },
          },
        },
      },
    });
    expect(drafts.map((d) => d.siteId).sort()).toHaveLength(3);
    // Troy's own two pharmacists work 10 of its 11 pharmacist shifts at most: Marcus, who floats there, takes the rest.
    const atTroy = drafts.find((d) => d.siteId === troy.id)!;
    const troyPharmacists = atTroy.assignments.filter((a) => a.position.code === 'PHARMACIST');
    expect(troyPharmacists).toHaveLength(11);
    expect(troyPharmacists.some((a) => a.staffId === marcusId)).toBe(true);
    // Every person works at most one shift a day across all three sites.
    const days = drafts.flatMap((d) => d.assignments.map((a) => `${a.staffId}@${a.shiftDate}`));
    expect(new Set(days).size).toBe(days.length);
  }, 180_000);

  it('is refused for a site that belongs to no district, with the field marked', async () => {
    const lone = await t.db.site.create({
      data: { name: 'Lone Pharmacy', timeZone: 'America/New_York', usState: 'NY' },
    });
    // The manager is attached to the hospital pharmacy, so another site's week is not theirs to solve.
    const csrf = await csrfOf(manager, '/schedules');
    const res = await manager
      .post('/schedules/generate')
      .type('form')
      .send({ _csrf: csrf, siteId: String(lone.id), week: DISTRICT_WEEK, district: 'on' });
    expect(res.status).toBe(404);
    await t.db.site.update({ where: { id: ids.site.id }, data: { district: null } });
    const refused = await manager
      .post('/schedules/generate')
      .type('form')
      .send({ _csrf: csrf, siteId: String(ids.site.id), week: '2027-01-04', district: 'on' });
    await t.db.site.update({ where: { id: ids.site.id }, data: { district: 'Riverside Health' } });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('This site belongs to no district; generate its week on its own.');
    expect(await t.db.solveJob.count({ where: { periodStart: '2027-01-04' } })).toBe(0);
  });
});

describe("a person's float sites", () => {
  it('are edited on the person page: saved and audited, the home site refused with the field marked', async () => {
    const aisha = ids.staffId('Aisha');
    const profile = await manager.get(`/staff/${aisha}`);
    expect(profile.text).toContain('Riverside Hospital Outpatient &amp; IV Pharmacy (home)');
    const form = await manager.get(`/staff/${aisha}/sites`);
    expect(form.status).toBe(200);
    const refused = await manager
      .post(`/staff/${aisha}/sites`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), [`site_${ids.site.id}`]: 'on', [`site_${troy.id}`]: 'on' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('field-error');
    expect(refused.text).toContain('The home site is always theirs; choose only the sites they float to.');
    expect(await t.db.staffSite.count({ where: { staffId: aisha } })).toBe(0);

    const saved = await manager
      .post(`/staff/${aisha}/sites`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), [`site_${troy.id}`]: 'on' });
    expect(saved.status).toBe(303);
    expect(await t.db.staffSite.findMany({ where: { staffId: aisha }, select: { siteId: true } })).toEqual([
      { siteId: troy.id },
    ]);
    expect(
      await t.db.auditLog.count({ where: { action: 'staff.float_sites', entityId: String(aisha) } }),
    ).toBe(1);
    const after = await manager.get(`/staff/${aisha}`);
    expect(after.text).toContain(TROY);
  });

  it('refuses a form without the CSRF token', async () => {
    const aisha = ids.staffId('Aisha');
    const res = await manager
      .post(`/staff/${aisha}/sites`)
      .type('form')
      .send({ [`site_${troy.id}`]: 'on' });
    expect(res.status).toBe(403);
  });
});

describe('My shifts of a floater', () => {
  it('shows the site of each shift', async () => {
    const priya = ids.staffId('Priya');
    await t.db.staffSite.create({ data: { staffId: priya, siteId: troy.id } });
    const template = await t.db.shiftTemplate.findFirstOrThrow({
      where: { siteId: troy.id, name: 'Store day' },
      select: { id: true },
    });
    // The week of the demo's "today" (Wednesday 25 Nov 2026): Friday at Troy.
    await t.db.schedule.create({
      data: {
        siteId: troy.id,
        periodStart: '2026-11-23',
        periodEnd: '2026-11-29',
        status: 'PUBLISHED',
        version: 1,
        publishedAt: new Date(),
        assignments: {
          create: [
            {
              shiftDate: '2026-11-27',
              templateId: template.id,
              staffId: priya,
              positionId: ids.positionId('PHARMACIST'),
            },
          ],
        },
      },
    });
    const index = [0, 1].find((i) => t.demoUser('STAFF', i).email.startsWith('priya.'))!;
    const staff = await t.signInAs('STAFF', index);
    const res = await staff.get('/my/shifts?week=2026-11-23');
    expect(res.status).toBe(200);
    const row = /<tr[^>]*>\s*<td>Fri 27 Nov[\s\S]*?<\/tr>/.exec(res.text)?.[0] ?? '';
    expect(row).toContain('Store day');
    expect(row).toContain('Riverside Community Pharmacy – Troy');
  });
});

describe('a call-out', () => {
  it("offers the people who float to the site, and then those of the district's other sites", async () => {
    const walter = await t.db.staff.findFirstOrThrow({ where: { firstName: 'Walter', lastName: 'Brennan' } });
    const page = async () => {
      const scheduleId = await createSchedule(t.db, {
        periodStart: CALLOUT_WEEK,
        status: 'PUBLISHED',
        version: (await t.db.schedule.count({ where: { periodStart: CALLOUT_WEEK } })) + 1,
        assignments: [['Priya', CALLOUT_WEEK, 'Weekday day', 'PHARMACIST']],
      });
      const priya = await t.db.assignment.findFirstOrThrow({ where: { scheduleId } });
      const res = await manager.get(`/schedules/${scheduleId}/callout/${priya.id}`);
      await t.db.schedule.update({ where: { id: scheduleId }, data: { status: 'ARCHIVED' } });
      return res;
    };
    // Walter Brennan is a Troy pharmacist: offered from the district's other store until he floats
    // to the hospital, then as one of its own.
    const before = await page();
    expect(before.text).toContain(`Walter Brennan <span class="muted">from ${TROY}</span>`);
    await t.db.staffSite.create({ data: { staffId: walter.id, siteId: ids.site.id } });
    const res = await page();
    expect(res.status).toBe(200);
    expect(res.text).toContain('Walter Brennan');
    expect(res.text).not.toContain(`Walter Brennan <span class="muted">from`);
  });
});

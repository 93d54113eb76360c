// The week report across a chain's sites (issue 16): one row per site the user may see and the
// totals, as a page and a CSV; a site's manager sees their own site only, an administrator (a
// manager without a staff record) every site.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/account/passwords';
import { createSchedule, plusDays } from '../helpers/publish-fixtures';
import { createTestApp, csrfFrom, type Agent, type TestApp } from '../helpers/test-app';

let t: TestApp;
let admin: Agent;
let demoSite: { id: number; name: string };
let priyaRate: number;
const WEEK = '2026-03-02';

beforeAll(async () => {
  t = await createTestApp();
  demoSite = await t.db.site.findFirstOrThrow({ select: { id: true, name: true }, orderBy: { id: 'asc' } });
  // The demo site: no counts and no budget; Priya works two 8-paid-hour shifts of the week.
  await t.db.volumeCount.deleteMany({});
  await t.db.site.update({
    where: { id: demoSite.id },
    data: { budgetHours: null, budgetCents: null, budgetLabourPercent: null, revenuePerRxCents: null },
  });
  await createSchedule(t.db, {
    periodStart: WEEK,
    status: 'PUBLISHED',
    assignments: [
      ['Priya', WEEK, 'Weekday day', 'PHARMACIST'],
      ['Priya', plusDays(WEEK, 1), 'Weekday day', 'PHARMACIST'],
    ],
  });
  priyaRate = (
    await t.db.staff.findFirstOrThrow({ where: { firstName: 'Priya' }, select: { hourlyRateCents: true } })
  ).hourlyRateCents;

  // Northside: a 10-hour budget, 80 prescriptions a weekday, one pharmacist shift a weekday
  // required, Omar ($50 an hour) works two of them and calls out once.
  const pharmacist = await t.db.position.findUniqueOrThrow({
    where: { code: 'PHARMACIST' },
    select: { id: true },
  });
  const northside = await t.db.site.create({
    data: { name: 'Northside & Co', timeZone: 'America/New_York', usState: 'NY', budgetHours: 10 },
    select: { id: true },
  });
  const template = await t.db.shiftTemplate.create({
    data: {
      siteId: northside.id,
      name: 'Northside day',
      shiftType: 'DAY',
      weekdays: '1,2,3,4,5',
      startMinute: 9 * 60,
      endMinute: 17 * 60 + 30,
      breakMinutes: 30,
      coverage: { create: { positionId: pharmacist.id, min: 1, max: 1 } },
    },
    select: { id: true },
  });
  const omar = await t.db.staff.create({
    data: {
      siteId: northside.id,
      firstName: 'Omar',
      lastName: 'Northside',
      employmentType: 'FULL_TIME',
      hourlyRateCents: 5000,
    },
    select: { id: true },
  });
  const schedule = await t.db.schedule.create({
    data: {
      siteId: northside.id,
      periodStart: WEEK,
      periodEnd: plusDays(WEEK, 6),
      status: 'PUBLISHED',
      version: 1,
    },
    select: { id: true },
  });
  await t.db.assignment.createMany({
    data: [0, 1].map((d) => ({
      scheduleId: schedule.id,
      staffId: omar.id,
      shiftDate: plusDays(WEEK, d),
      templateId: template.id,
      positionId: pharmacist.id,
    })),
  });
  await t.db.availabilityException.create({
    data: { staffId: omar.id, date: plusDays(WEEK, 3), kind: 'UNAVAILABLE', calledOut: true },
  });
  const counts = [];
  for (let day = -28; day < 0; day++) {
    const date = plusDays(WEEK, day);
    if (new Date(`${date}T00:00:00Z`).getUTCDay() % 6 !== 0)
      counts.push({ siteId: northside.id, date, hour: null, queue: '', count: 80 });
  }
  await t.db.volumeCount.createMany({ data: counts });

  // Eastgate: a site with nothing yet.
  await t.db.site.create({ data: { name: 'Eastgate', timeZone: 'America/Chicago', usState: 'IL' } });

  await t.db.user.create({
    data: {
      email: 'admin@chain.test',
      role: 'MANAGER',
      passwordHash: await hashPassword('chain-admin-password'),
    },
  });
  admin = request.agent(t.app);
  const page = await admin.get('/sign-in');
  const signedIn = await admin
    .post('/sign-in')
    .type('form')
    .send({ email: 'admin@chain.test', password: 'chain-admin-password', _csrf: csrfFrom(page.text) });
  expect(signedIn.status).toBe(303);
});
afterAll(async () => {
  await t.close();
});

/** CSV text → rows keyed by their first cell, each a record of header → cell. */
function csvRecords(text: string): Map<string, Record<string, string>> {
  const parse = (line: string) =>
    [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)]
      .map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"'))
      .slice(0, -1);
  const [header, ...lines] = text.trim().split('\r\n').map(parse);
  return new Map(
    lines.map((cells) => [cells[0]!, Object.fromEntries(header!.map((h, i) => [h, cells[i] ?? '']))]),
  );
}

describe('the sites report', () => {
  it('is for managers only', async () => {
    const staff = await t.signInAs('STAFF');
    expect((await staff.get(`/volume/chain?week=${WEEK}`)).status).toBe(403);
    expect((await staff.get(`/volume/chain.csv?week=${WEEK}`)).status).toBe(403);
  });

  it('lists every site for an administrator, with the totals', async () => {
    // The demo district's sites, then the two this test adds.
    const sites = (await t.db.site.findMany({ orderBy: { id: 'asc' }, select: { name: true } })).map(
      (x) => x.name,
    );
    const page = await admin.get(`/volume/chain?week=${WEEK}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Sites report: week of 2026-03-02');
    expect(page.text).toContain(`${sites.length} sites`);
    expect(page.text).toContain('<th scope="row">Northside &amp; Co</th>');
    expect(page.text).toContain('<th scope="row">Eastgate</th>');
    expect(page.text).toContain(`<th scope="row">${demoSite.name.replace('&', '&amp;')}</th>`);
    // Northside: 400 forecast prescriptions over 16 paid hours; 16 of 10 budgeted hours.
    const northside = page.text.slice(page.text.indexOf('Northside &amp; Co</th>')).split('</tr>')[0]!;
    expect(northside).toContain('<td>published v1</td>');
    expect(northside).toContain('<td>25.0 / —</td>');
    expect(northside).toContain('16.0 of 10 <span class="over-budget">(6.0 over)</span>');

    const csv = await admin.get(`/volume/chain.csv?week=${WEEK}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="sites-report-2026-03-02.csv"');
    const rows = csvRecords(csv.text);
    expect(sites.slice(-2)).toEqual(['Northside & Co', 'Eastgate']);
    expect([...rows.keys()]).toEqual([...sites, `All sites (${sites.length})`]);
    expect(rows.get('Northside & Co')).toMatchObject({
      schedule: 'published version 1',
      'labour hours': '16.0',
      'budget hours': '10',
      'hours over budget': '6.0',
      'pay ($)': '800.00',
      'forecast prescriptions': '400',
      'prescriptions per labour hour, planned': '25.0',
      'coverage gaps (person-shifts)': '3',
      'call-outs': '1',
    });
    expect(rows.get('Eastgate')).toMatchObject({
      schedule: 'none',
      'labour hours': '0.0',
      'pay ($)': '0.00',
      'prescriptions per labour hour, planned': '',
      'call-outs': '0',
    });
    const demo = rows.get(demoSite.name)!;
    expect(demo['labour hours']).toBe('16.0');
    expect(demo['pay ($)']).toBe(((16 * priyaRate) / 100).toFixed(2));
    // Totals: hours and pay add up; the budget covers only Northside; the rate is pooled (400 / 32 h).
    expect(rows.get(`All sites (${sites.length})`)).toMatchObject({
      'labour hours': '32.0',
      'budget hours': '10',
      'hours over budget': '6.0',
      'pay ($)': ((16 * priyaRate + 80_000) / 100).toFixed(2),
      'forecast prescriptions': '400',
      'prescriptions per labour hour, planned': '12.5',
      // Every site's gaps added up (the demo district's stores have coverage and no schedule that week).
      'coverage gaps (person-shifts)': String(
        sites.reduce((sum, name) => sum + Number(rows.get(name)!['coverage gaps (person-shifts)']), 0),
      ),
      'call-outs': String(Number(demo['call-outs']) + 1),
    });
  });

  it('shows a site’s manager their own site only', async () => {
    const manager = await t.signInAs('MANAGER');
    const page = await manager.get(`/volume/chain?week=${WEEK}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('1 site ·');
    expect(page.text).not.toContain('Northside');
    const rows = csvRecords((await manager.get(`/volume/chain.csv?week=${WEEK}`)).text);
    expect([...rows.keys()]).toEqual([demoSite.name, 'All sites (1)']);
  });
});

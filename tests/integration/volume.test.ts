// Prescription volume (issue 16): importing the pharmacy system's counts all-or-nothing and
// idempotently, entering a day by hand, the history charts and the week's forecast with its error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchedule } from '../helpers/publish-fixtures';
import { createTestApp, csrfFrom, type Agent, type TestApp } from '../helpers/test-app';

let t: TestApp;
let manager: Agent;
let siteName: string;
let siteId: number;

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  const site = await t.db.site.findFirstOrThrow({ select: { id: true, name: true }, orderBy: { id: 'asc' } });
  siteName = site.name;
  siteId = site.id;
  // Start from a site with no history, standards or budget (the demo has all three).
  await t.db.volumeCount.deleteMany({});
  await t.db.productivityStandard.deleteMany({});
  await t.db.site.update({
    where: { id: siteId },
    data: {
      budgetHours: null,
      budgetCents: null,
      budgetLabourPercent: null,
      revenuePerRxCents: null,
      budgetHard: false,
    },
  });
});
afterAll(async () => {
  await t.close();
});

async function post(path: string, page: string, fields: Record<string, string>) {
  const form = await manager.get(page);
  return manager
    .post(path)
    .type('form')
    .send({ _csrf: csrfFrom(form.text), ...fields });
}

const counts = () =>
  t.db.volumeCount.findMany({
    where: { siteId },
    select: { date: true, hour: true, queue: true, count: true },
    orderBy: [{ date: 'asc' }, { hour: 'asc' }, { queue: 'asc' }],
  });

describe('volume import', () => {
  it('is for managers only', async () => {
    const staff = await t.signInAs('STAFF');
    expect((await staff.get('/volume')).status).toBe(403);
    expect((await staff.get('/volume/import')).status).toBe(403);
    expect((await staff.get('/volume/forecast')).status).toBe(403);
  });

  it('imports nothing when any row is wrong, naming each line', async () => {
    const csv = [
      'date,hour,count,site',
      '2026-03-02,9,41,',
      '2026-03-32,10,12,',
      '2026-03-02,25,3,',
      `2026-03-03,,-4,`,
      '2026-03-04,,10,Other Pharmacy',
    ].join('\n');
    const res = await post('/volume/import', '/volume/import', { csv });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Nothing was imported');
    expect(res.text).toContain('Line 3: Date “2026-03-32” is not a date written YYYY-MM-DD.');
    expect(res.text).toContain(
      'Line 4: Hour “25” is not a whole hour from 0 to 23 (leave it empty for a whole day).',
    );
    expect(res.text).toContain('Line 5: Count “-4” is not a whole number from 0 to 100000.');
    expect(res.text).toContain(
      `Line 6: Site “Other Pharmacy” is not this pharmacy (${siteName.replace('&', '&amp;')})`,
    );
    expect(await counts()).toEqual([]);
  });

  it('imports days, hours and queues, and importing the same file again changes nothing', async () => {
    const csv = [
      'date,hour,queue,count',
      '2026-03-02,9,,41',
      '2026-03-02,10,,38',
      '2026-03-03,,NEW,120',
      '2026-03-03,,refill,200',
    ].join('\n');
    const first = await post('/volume/import', '/volume/import', { csv });
    expect(first.status).toBe(303);
    const after = await counts();
    expect(after).toEqual([
      { date: '2026-03-02', hour: 9, queue: '', count: 41 },
      { date: '2026-03-02', hour: 10, queue: '', count: 38 },
      { date: '2026-03-03', hour: null, queue: 'NEW', count: 120 },
      { date: '2026-03-03', hour: null, queue: 'REFILL', count: 200 },
    ]);
    const again = await post('/volume/import', '/volume/import', { csv });
    expect(again.status).toBe(303);
    expect(await counts()).toEqual(after);
    const flashPage = await manager.get('/volume');
    expect(flashPage.text).toContain('Imported 4 counts for 2 days (2026-03-02 to 2026-03-03).');
    const audit = await t.db.auditLog.findMany({
      where: { action: 'volume.import' },
      select: { detail: true },
    });
    expect(audit.map((a) => a.detail)).toEqual([
      '4 counts for 2 days, 2026-03-02 to 2026-03-03',
      '4 counts for 2 days, 2026-03-02 to 2026-03-03',
    ]);
  });

  it('replaces a count imported again with a new number', async () => {
    await post('/volume/import', '/volume/import', { csv: 'date,hour,count\n2026-03-02,9,50' });
    const row = await t.db.volumeCount.findMany({
      where: { siteId, date: '2026-03-02', hour: 9 },
      select: { count: true },
    });
    expect(row).toEqual([{ count: 50 }]);
  });

  it('takes a day typed by hand, and marks a bad count', async () => {
    const bad = await post('/volume/day', '/volume', { date: '2026-03-05', count: 'many' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/aria-invalid="true" aria-describedby="f-count-error"/);
    expect(bad.text).toContain('Enter a whole number of prescriptions from 0 to 100000.');
    const good = await post('/volume/day', '/volume', { date: '2026-03-05', count: '310' });
    expect(good.status).toBe(303);
    expect(
      await t.db.volumeCount.findMany({
        where: { siteId, date: '2026-03-05' },
        select: { hour: true, count: true },
      }),
    ).toEqual([{ hour: null, count: 310 }]);
  });
});

describe('volume forecast', () => {
  it('forecasts a week from the weeks before and shows its error on them', async () => {
    // Eight weeks of a steady Monday-heavy pattern: Mon 300, Tue–Fri 200, Sat 100, closed Sunday.
    await t.db.volumeCount.deleteMany({});
    const rows = ['date,count'];
    const pattern = [300, 200, 200, 200, 200, 100];
    for (let w = 0; w < 8; w++)
      pattern.forEach((n, d) => {
        const date = new Date(Date.UTC(2026, 0, 5 + w * 7 + d)).toISOString().slice(0, 10);
        rows.push(`${date},${n}`);
      });
    expect((await post('/volume/import', '/volume/import', { csv: rows.join('\n') })).status).toBe(303);
    const page = await manager.get('/volume/forecast?week=2026-03-04'); // a Wednesday: its week starts 2 March
    expect(page.status).toBe(200);
    expect(page.text).toContain('Volume forecast: week of 2026-03-02');
    expect(page.text).toContain('1200 prescriptions forecast');
    expect(page.text).toMatch(/week of 2026-02-02 <strong>0\.0 %<\/strong>/);

    const holiday = await post('/volume/adjustments', '/volume/forecast?week=2026-03-02', {
      week: '2026-03-02',
      date: '2026-03-02',
      multiplier: '0.5',
      note: 'Holiday hours',
    });
    expect(holiday.status).toBe(303);
    expect(holiday.headers.location).toBe('/volume/forecast?week=2026-03-02');
    const adjusted = await manager.get('/volume/forecast?week=2026-03-02');
    expect(adjusted.text).toContain('1050 prescriptions forecast');
    expect(adjusted.text).toContain('Holiday hours');

    const bad = await post('/volume/adjustments', '/volume/forecast?week=2026-03-02', {
      week: '2026-03-02',
      date: '2026-03-03',
      multiplier: '9',
      note: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter a multiplier from 0 to 5 (1 removes the adjustment).');
  });
});

describe('staffing from volume', () => {
  it('marks a bad standard and saves nothing', async () => {
    const tech = await t.db.position.findUniqueOrThrow({
      where: { code: 'TECHNICIAN' },
      select: { id: true },
    });
    const res = await post('/volume/standards', '/volume/standards', {
      [`rate_${tech.id}`]: 'fast',
      [`min_${tech.id}`]: '1',
      [`tasks_${tech.id}`]: 'receiving in the morning',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter prescriptions per labour hour, such as 15, or leave it empty.');
    expect(res.text).toContain(
      '“receiving in the morning” is not a task: write one per line as 09:00 2h Receiving.',
    );
    expect(res.text).toMatch(new RegExp(`aria-invalid="true" aria-describedby="f-rate_${tech.id}-error"`));
    expect(await t.db.productivityStandard.count()).toBe(0);
  });

  it('suggests template headcounts that meet every hour a template covers, and accepting makes them the coverage', async () => {
    const tech = await t.db.position.findUniqueOrThrow({
      where: { code: 'TECHNICIAN' },
      select: { id: true },
    });
    const saved = await post('/volume/standards', '/volume/standards', {
      [`rate_${tech.id}`]: '12',
      [`min_${tech.id}`]: '1',
      [`tasks_${tech.id}`]: '09:00 2h Receiving',
    });
    expect(saved.status).toBe(303);
    expect(
      await t.db.productivityStandard.findMany({
        select: { positionId: true, rxPerLabourHour: true, minimumWhenOpen: true, fixedTasks: true },
      }),
    ).toEqual([
      {
        positionId: tech.id,
        rxPerLabourHour: 12,
        minimumWhenOpen: 1,
        fixedTasks: JSON.stringify([{ startHour: 9, hours: 2, name: 'Receiving' }]),
      },
    ]);
    const before = await manager.get('/volume/staffing?week=2026-03-02');
    expect(before.status).toBe(200);
    expect(before.text).toContain('Staffing from volume: week of 2026-03-02');
    expect(before.text).toContain('1050 prescriptions forecast'); // with the holiday adjustment above
    // Before: in some hour the templates plan fewer technicians than the standard asks for.
    expect(before.text.slice(before.text.indexOf('>Pharmacy technician<'))).toContain('staffing-short');

    const accepted = await post('/volume/staffing/accept', '/volume/staffing?week=2026-03-02', {
      week: '2026-03-02',
    });
    expect(accepted.status).toBe(303);
    const after = await manager.get('/volume/staffing?week=2026-03-02');
    expect(after.text).toMatch(/Coverage of \d+ template positions updated from the forecast\./);
    // Every hour a template covers now plans at least the people needed: no shaded cell is left.
    const tableOfTech = after.text.slice(after.text.indexOf('>Pharmacy technician<'));
    expect(tableOfTech).toContain('Needed / planned per hour');
    expect(tableOfTech).not.toContain('No template covers');
    expect(tableOfTech).not.toContain('staffing-short');
    const audit = await t.db.auditLog.findFirstOrThrow({
      where: { action: 'volume.coverage' },
      select: { detail: true },
    });
    expect(audit.detail).toMatch(
      /^coverage from the forecast of the week of 2026-03-02: .+ Pharmacy technician \d+ → \d+/,
    );
    const again = await post('/volume/staffing/accept', '/volume/staffing?week=2026-03-02', {
      week: '2026-03-02',
    });
    expect(again.status).toBe(303);
    expect((await manager.get('/volume/staffing?week=2026-03-02')).text).toContain(
      'The templates already match the suggestion.',
    );
  });
});

describe('labour budget', () => {
  it('marks bad amounts and a half-given revenue share, and saves nothing', async () => {
    const res = await post('/volume/budget', '/volume/staffing?week=2026-03-02', {
      week: '2026-03-02',
      budgetHours: 'forty',
      budgetDollars: '',
      budgetLabourPercent: '13',
      revenuePerRx: '',
      weightOverBudget: '100',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter whole hours, such as 420, or leave it empty.');
    expect(res.text).toContain('A revenue share needs both the percentage and the revenue per prescription.');
    expect(res.text).toMatch(/aria-invalid="true" aria-describedby="f-revenuePerRx-error"/);
    expect(
      await t.db.site.findFirstOrThrow({
        where: { id: siteId },
        select: { budgetHours: true, budgetLabourPercent: true },
      }),
    ).toEqual({
      budgetHours: null,
      budgetLabourPercent: null,
    });
  });

  it('sets the week’s pay budget from the forecast revenue, the lower of two pay caps holding, and audits it', async () => {
    const res = await post('/volume/budget', '/volume/staffing?week=2026-03-02', {
      week: '2026-03-02',
      budgetHours: '400',
      budgetDollars: '9000',
      budgetLabourPercent: '12.5',
      revenuePerRx: '60',
      budgetHard: 'on',
      weightOverBudget: '100',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/volume/staffing?week=2026-03-02');
    const page = await manager.get('/volume/staffing?week=2026-03-02');
    // 1050 forecast prescriptions × $60 × 12.5 % = $7,875, below the $9,000 amount.
    expect(page.text).toContain(
      'This week: <strong>400 paid hours</strong> and <strong>$7,875.00</strong> of pay (the revenue share of 1050 forecast prescriptions), a cap the optimiser never plans over.',
    );
    const audit = await t.db.auditLog.findFirstOrThrow({
      where: { action: 'volume.budget' },
      select: { detail: true },
    });
    expect(audit.detail).toBe('labour budget none → 400 h, $9000.00, 12.5 % of $60.00 a prescription (cap)');
  });
});

describe('week report', () => {
  it('reports the published week’s labour against volume and budget, with CSV', async () => {
    const weekStart = '2026-03-02';
    await createSchedule(t.db, {
      periodStart: weekStart,
      status: 'PUBLISHED',
      assignments: [
        ['Priya', '2026-03-02', 'Weekday day', 'PHARMACIST'],
        ['Priya', '2026-03-03', 'Weekday day', 'PHARMACIST'],
      ],
    });
    // Monday's prescriptions arrive: 250 against a forecast of 150 (300 halved by the holiday above).
    await post('/volume/import', '/volume/import', { csv: 'date,count\n2026-03-02,250' });
    const priya = await t.db.staff.findFirstOrThrow({
      where: { firstName: 'Priya' },
      select: { id: true, hourlyRateCents: true },
    });
    await t.db.availabilityException.create({
      data: { staffId: priya.id, date: '2026-03-04', kind: 'UNAVAILABLE', calledOut: true },
    });
    const template = await t.db.shiftTemplate.findFirstOrThrow({
      where: { name: 'Weekday day' },
      select: { startMinute: true, endMinute: true, breakMinutes: true },
    });
    const paidHours = (2 * (template.endMinute - template.startMinute - template.breakMinutes)) / 60;
    // The demo hospital pharmacy's templates (the report is of its week; the district's other sites have their own).
    const site = await t.db.site.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } });
    const templates = await t.db.shiftTemplate.findMany({
      where: { active: true, siteId: site.id },
      select: { weekdays: true, coverage: { select: { min: true } } },
    });
    const required = [1, 2, 3, 4, 5, 6, 7]
      .map((weekday) =>
        templates
          .filter((t) => t.weekdays.split(',').map(Number).includes(weekday))
          .reduce((sum, t) => sum + t.coverage.reduce((s, c) => s + c.min, 0), 0),
      )
      .reduce((a, b) => a + b, 0);

    const page = await manager.get(`/volume/report?week=${weekStart}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('from the published schedule (version 1)');
    expect(page.text).toContain(
      `<th scope="row">Labour hours</th><td>${paidHours.toFixed(1)} of 400 budgeted`,
    );
    expect(page.text).toContain('1050 forecast, 250 filled so far');
    expect(page.text).toContain('40.0 % a day on average');
    expect(page.text).toContain(`${required - 2} person-shifts required and not filled`);
    expect(page.text).toMatch(/<th scope="row">Call-outs<\/th><td>1<\/td>/);

    const csv = await manager.get(`/volume/report.csv?week=${weekStart}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = Object.fromEntries(
      csv.text
        .trim()
        .split('\r\n')
        .map((line) => line.split(',')),
    );
    expect(rows['labour hours']).toBe(paidHours.toFixed(1));
    expect(rows['pay ($)']).toBe(((paidHours * priya.hourlyRateCents) / 100).toFixed(2));
    expect(rows['budget pay ($)']).toBe('7875.00');
    expect(rows['actual prescriptions']).toBe('250');
    expect(rows['call-outs']).toBe('1');
  });
});

// The schedule page sets the week against the site's labour budget and volume (issue 16): paid hours
// and pay against the budget, prescriptions per labour hour planned from the forecast, and actual
// once the week is past and its counts are imported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchedule, plusDays } from '../helpers/publish-fixtures';
import { createTestApp, csrfFrom, type Agent, type TestApp } from '../helpers/test-app';

let t: TestApp;
let manager: Agent;
let scheduleId: number;
let rateCents: number;
const WEEK = '2026-03-02';
/** Mon 300, Tue–Fri 200, Sat 100, Sunday closed: 1,200 a week. */
const PATTERN = [300, 200, 200, 200, 200, 100];

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  const site = await t.db.site.findFirstOrThrow({ select: { id: true }, orderBy: { id: 'asc' } });
  await t.db.volumeCount.deleteMany({});
  await t.db.site.update({
    where: { id: site.id },
    data: {
      budgetHours: 12,
      budgetCents: null,
      budgetLabourPercent: 10,
      revenuePerRxCents: 5000,
      budgetHard: false,
    },
  });
  // Priya works two 8-hour paid shifts (07:00–15:30 less a 30-minute break): 16 paid hours.
  scheduleId = await createSchedule(t.db, {
    periodStart: WEEK,
    status: 'PUBLISHED',
    assignments: [
      ['Priya', WEEK, 'Weekday day', 'PHARMACIST'],
      ['Priya', plusDays(WEEK, 1), 'Weekday day', 'PHARMACIST'],
    ],
  });
  rateCents = (
    await t.db.staff.findFirstOrThrow({ where: { firstName: 'Priya' }, select: { hourlyRateCents: true } })
  ).hourlyRateCents;
});
afterAll(async () => {
  await t.close();
});

async function importCounts(rows: [string, number][]) {
  const form = await manager.get('/volume/import');
  const csv = ['date,count', ...rows.map(([date, n]) => `${date},${n}`)].join('\n');
  const res = await manager
    .post('/volume/import')
    .type('form')
    .send({ _csrf: csrfFrom(form.text), csv });
  expect(res.status).toBe(303);
}

/** The labour-budget facts of the schedule page, tags stripped. */
async function labourFacts(): Promise<string> {
  const page = await manager.get(`/schedules/${scheduleId}`);
  expect(page.status).toBe(200);
  const start = page.text.indexOf('data-testid="labour-budget"');
  expect(start).toBeGreaterThan(0);
  const block = page.text.slice(start, page.text.indexOf('</dl>', start));
  return block
    .replace(/^[^>]*>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const money = (cents: number) =>
  `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

describe('the schedule page against the labour budget', () => {
  it('shows paid hours and pay against the budget and the planned prescriptions per labour hour', async () => {
    // Four weeks of history before the week: the forecast is 1,200 prescriptions.
    await importCounts(
      [-28, -21, -14, -7].flatMap((w) => PATTERN.map((n, d): [string, number] => [plusDays(WEEK, w + d), n])),
    );
    const cost = 16 * rateCents;
    // Pay budget: 1,200 forecast × $50 × 10 % = $6,000.
    expect(await labourFacts()).toBe(
      [
        'Paid hours 16.0 of 12 budgeted (4.0 over)',
        `Pay against budget ${money(cost)} of $6,000.00 (revenue share) (${money(Math.abs(cost - 600_000))} ${cost > 600_000 ? 'over' : 'under'})`,
        'Prescriptions per labour hour 75.0 planned (1200 forecast); actual once the week is past and its counts are imported',
      ].join(' '),
    );
  });

  it('shows no actual while the week’s counts are partly imported, then the actual once they are all in', async () => {
    await importCounts([[WEEK, 280]]);
    expect(await labourFacts()).toContain('; actual once the week is past and its counts are imported');
    // The rest of the week, up to its closed Sunday: 280 + 4 × 210 + 90 = 1,210.
    await importCounts([
      [plusDays(WEEK, 1), 210],
      [plusDays(WEEK, 2), 210],
      [plusDays(WEEK, 3), 210],
      [plusDays(WEEK, 4), 210],
      [plusDays(WEEK, 5), 90],
      [plusDays(WEEK, 6), 0],
    ]);
    expect(await labourFacts()).toContain(
      'Prescriptions per labour hour 75.0 planned (1200 forecast), 75.6 actual (1210 filled)',
    );
  });
});

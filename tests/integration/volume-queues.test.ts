// A productivity standard of one queue (issue 16): IV admixtures per IV-technician hour, so the IV
// position's headcount follows the IV queue's forecast while every other standard follows the total.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, csrfFrom, type Agent, type TestApp } from '../helpers/test-app';

let t: TestApp;
let manager: Agent;
let ivTechId: number;
const WEEK = '2026-03-02';

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  await t.db.volumeCount.deleteMany({});
  await t.db.productivityStandard.deleteMany({});
  ivTechId = (await t.db.position.findUniqueOrThrow({ where: { code: 'IV_TECH' }, select: { id: true } })).id;
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

/** Four weeks before WEEK, Monday to Friday 08:00–13:59: 100 prescriptions an hour, 12 of them IV admixtures. */
function history(): string {
  const lines = ['date,hour,queue,count'];
  for (let day = -28; day < 0; day++) {
    const date = new Date(Date.parse(`${WEEK}T00:00:00Z`) + day * 86_400_000);
    if (date.getUTCDay() === 0 || date.getUTCDay() === 6) continue;
    const iso = date.toISOString().slice(0, 10);
    for (let hour = 8; hour < 14; hour++) lines.push(`${iso},${hour},,100`, `${iso},${hour},IV,12`);
  }
  return lines.join('\n');
}

/** The IV technicians' "needed / planned" cells of one hour, Monday to Friday. */
function ivHourRow(html: string, hour: string): string[] {
  const section = html.slice(html.indexOf(`id="pos-${ivTechId}"`));
  const row = section.slice(section.indexOf(`<th scope="row">${hour}</th>`)).split('</tr>')[0]!;
  return [...row.matchAll(/(staffing-short|staffing-over|)">(\d+ \/ \d+)</g)]
    .slice(0, 5)
    .map((m) => `${m[1]}">${m[2]}`);
}

/** IV technicians the weekday templates running at 10:00 require in all. */
async function weekdayIvTechsAt10(): Promise<number> {
  const rows = await t.db.coverageRequirement.findMany({
    where: {
      positionId: ivTechId,
      template: { weekdays: '1,2,3,4,5', startMinute: { lte: 600 }, active: true },
    },
    select: { min: true, template: { select: { endMinute: true } } },
  });
  return rows.filter((r) => r.template.endMinute > 600).reduce((n, r) => n + r.min, 0);
}

describe('a standard of one queue', () => {
  it('refuses a queue the counts do not have, or a queue without a rate, and saves nothing', async () => {
    expect((await post('/volume/import', '/volume/import', { csv: history() })).status).toBe(303);
    const page = await manager.get('/volume/standards');
    expect(page.text).toContain('<option value="IV" >Queue IV</option>');
    const unknown = await post('/volume/standards', '/volume/standards', {
      [`queue_${ivTechId}`]: 'CHEMO',
      [`rate_${ivTechId}`]: '5',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('Choose a queue the imported counts have, or all prescriptions.');
    expect(unknown.text).toMatch(
      new RegExp(`aria-invalid="true" aria-describedby="f-queue_${ivTechId}-error"`),
    );
    const noRate = await post('/volume/standards', '/volume/standards', {
      [`queue_${ivTechId}`]: 'IV',
      [`rate_${ivTechId}`]: '',
    });
    expect(noRate.status).toBe(400);
    expect(noRate.text).toContain('A queue counts only with prescriptions per labour hour: enter a rate.');
    expect(await t.db.productivityStandard.count()).toBe(0);
  });

  it('sizes the IV position from the IV queue’s forecast, and accepting makes it the IV room’s coverage', async () => {
    const saved = await post('/volume/standards', '/volume/standards', {
      [`queue_${ivTechId}`]: 'IV',
      [`rate_${ivTechId}`]: '5',
    });
    expect(saved.status).toBe(303);
    expect(
      await t.db.productivityStandard.findMany({
        select: { positionId: true, queue: true, rxPerLabourHour: true },
      }),
    ).toEqual([{ positionId: ivTechId, queue: 'IV', rxPerLabourHour: 5 }]);
    // The form shows the saved queue chosen.
    expect((await manager.get('/volume/standards')).text).toContain(
      '<option value="IV" selected>Queue IV</option>',
    );

    const page = await manager.get(`/volume/staffing?week=${WEEK}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('3000 prescriptions forecast for the week');
    // 5 days × 6 hours × 12 admixtures.
    expect(page.text).toContain('Follows queue <strong>IV</strong>: 360 forecast for the week.');

    // 12 admixtures an hour at 5 per IV-technician hour is 2.4 people: 3 (against all 100
    // prescriptions an hour the same rate would ask for 20); the IV room plans 2 today.
    expect(ivHourRow(page.text, '10:00')).toEqual(Array(5).fill('staffing-short">3 / 2'));

    const accepted = await post('/volume/staffing/accept', `/volume/staffing?week=${WEEK}`, { week: WEEK });
    expect(accepted.status).toBe(303);
    const after = await manager.get(`/volume/staffing?week=${WEEK}`);
    expect(ivHourRow(after.text, '10:00')).toEqual(Array(5).fill('">3 / 3'));
    expect(await weekdayIvTechsAt10()).toBe(3);
    const audit = await t.db.auditLog.findFirstOrThrow({
      where: { action: 'volume.standards' },
      select: { detail: true },
    });
    expect(audit.detail).toBe('1 positions with a productivity standard');
  });
});

// A licence from another state does not count where the position accepts only the site's state's
// (issue 15): the expiring page, My credentials and the manager's "Published schedule at risk"
// judge a lapsing registration as the scheduler does, with the out-of-state one set aside.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchedule, demoLookups, nextMonday, plusDays } from '../helpers/publish-fixtures';
import { createTestApp, type Agent, type TestApp } from '../helpers/test-app';

let t: TestApp;
let manager: Agent;

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
});
afterAll(async () => {
  await t.close();
});

const TODAY = DateTime.now().setZone('America/New_York').toISODate()!;
/** A Monday three weeks ahead: no other published week reaches it. */
const SHIFT_DAY = plusDays(nextMonday(), 14);
const REG = 'State pharmacy technician registration';

/** Aisha's New York registration, lapsing `lastDay`, and a New Jersey one valid for years. */
async function givenAishaRegistrations(lastDay: string): Promise<{ staffId: number; nyId: number }> {
  const aisha = await t.db.staff.findFirstOrThrow({ where: { firstName: 'Aisha', lastName: 'Thompson' } });
  const type = await t.db.credentialType.findUniqueOrThrow({ where: { code: 'STATE_TECH_REG' } });
  const ny = await t.db.credential.findFirstOrThrow({
    where: { staffId: aisha.id, credentialTypeId: type.id },
    orderBy: { id: 'asc' },
    select: { id: true, issuingState: true },
  });
  expect(ny.issuingState).toBe('NY');
  await t.db.credential.update({ where: { id: ny.id }, data: { expiresOn: lastDay } });
  const nj = await t.db.credential.findFirst({ where: { staffId: aisha.id, issuingState: 'NJ' } });
  if (!nj)
    await t.db.credential.create({
      data: {
        staffId: aisha.id,
        credentialTypeId: type.id,
        number: 'NJ-TR-55120',
        issuingState: 'NJ',
        issuedOn: '2025-01-10',
        expiresOn: '2030-01-09',
      },
    });
  return { staffId: aisha.id, nyId: ny.id };
}

function rowOf(html: string, name: string): string {
  return html.split('<tr>').find((r) => r.includes(name) && r.includes(REG)) ?? '';
}

describe('site-state-only requirements outside the scheduler', () => {
  it('lists a lapsing New York registration as losing the technician position although a New Jersey one is valid, with the published shift at risk', async () => {
    const { nyId } = await givenAishaRegistrations(plusDays(SHIFT_DAY, -3));
    const scheduleId = await createSchedule(t.db, {
      periodStart: SHIFT_DAY,
      status: 'PUBLISHED',
      assignments: [['Aisha', SHIFT_DAY, 'Weekday day', 'TECHNICIAN']],
    });
    const res = await manager.get('/credentials/expiring?within=90');
    expect(res.status).toBe(200);
    const row = rowOf(res.text, 'Aisha Thompson');
    expect(row).toContain('Pharmacy technician');
    expect(row).toContain('Weekday day as Pharmacy technician');

    // The manager's dashboard lists the shift with both fixes.
    const assignment = await t.db.assignment.findFirstOrThrow({
      where: { scheduleId },
      select: { id: true },
    });
    const home = await manager.get('/');
    const section = /<section[^>]*id="schedule-at-risk"[\s\S]*?<\/section>/.exec(home.text)?.[0] ?? '';
    expect(section).toContain('Published schedule at risk');
    expect(section).toContain('Aisha Thompson');
    expect(section).toContain(`${REG} lapses`);
    expect(section).toContain(`href="/credentials/${nyId}/edit"`);
    expect(section).toContain(`href="/schedules/${scheduleId}/callout/${assignment.id}"`);
  });

  it('does not count the New Jersey registration on My credentials once the New York one has lapsed', async () => {
    await givenAishaRegistrations(plusDays(TODAY, -1));
    const index = [0, 1].find((i) => t.demoUser('STAFF', i).email.startsWith('aisha.'));
    const aisha = await t.signInAs('STAFF', index);
    const res = await aisha.get('/my/credentials');
    expect(res.status).toBe(200);
    const mine = /data-testid="my-qualifications"[\s\S]*?<\/ul>/.exec(res.text)?.[0] ?? '';
    expect(mine).toContain('Pharmacy technician:');
    expect(mine).toContain('Not qualified');
    expect(mine).toContain(`${REG} expired on ${plusDays(TODAY, -1)}`);
    expect(res.text).toContain(
      `Your ${REG} expired on ${plusDays(TODAY, -1)}; you cannot work as Pharmacy technician.`,
    );
  });

  it('lists an out-of-state registration that lapses as losing nothing while the New York one is valid', async () => {
    const { staffId } = await givenAishaRegistrations('2030-06-30');
    await t.db.credential.updateMany({
      where: { staffId, issuingState: 'NJ' },
      data: { expiresOn: plusDays(TODAY, 10) },
    });
    const res = await manager.get('/credentials/expiring?within=30');
    const row = rowOf(res.text, 'Aisha Thompson');
    expect(row).toContain(`(in 10 days)`);
    expect(row).toMatch(/<td>none<\/td>\s*<td>none<\/td>/);
  });
});

// Keeps the lookup helper honest about the demo site's state, which the test relies on.
it('runs on a New York demo site', async () => {
  const ids = await demoLookups(t.db);
  expect((await t.db.site.findUniqueOrThrow({ where: { id: ids.site.id } })).usState).toBe('NY');
});

// Issue 15: the technician ratio as the state writes it, in a real solve through the app. The demo
// site is moved to Minnesota (1:3, or 1:4 while a certified technician is on duty) with only a small
// crew: one pharmacist and five technicians wanted on a Monday day shift, one technician holding a CPhT.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeWorkers } from '../../solver';
import { settleSolveJobs } from '../../server/scheduling/solve-jobs.service';
import { createTestApp, csrfOf, type Agent, type TestApp } from '../helpers/test-app';
import { runClockFrom, waitForJob } from '../helpers/schedules';

process.env.SOLVE_TIME_LIMIT_SECONDS = '20';

const FIRST_WEEK = '2026-11-30';
const SECOND_WEEK = '2026-12-07';
let t: TestApp;
let manager: Agent;
let siteId: number;
let templateId: number;
let certifiedId: number;

async function credentialTypeId(code: string): Promise<number> {
  return (await t.db.credentialType.findUniqueOrThrow({ where: { code }, select: { id: true } })).id;
}

async function positionId(code: string): Promise<number> {
  return (await t.db.position.findUniqueOrThrow({ where: { code }, select: { id: true } })).id;
}

/** A person at the site holding one position and its state credential (issued by Minnesota). */
async function hire(firstName: string, position: string, credential: string): Promise<number> {
  const staff = await t.db.staff.create({
    data: {
      siteId,
      firstName,
      lastName: 'Ratio',
      employmentType: 'FULL_TIME',
      hourlyRateCents: 3000,
      positions: { create: { positionId: await positionId(position) } },
      credentials: {
        create: {
          credentialTypeId: await credentialTypeId(credential),
          number: `${firstName}-1`,
          issuingState: 'MN',
          issuedOn: '2020-01-01',
        },
      },
    },
    select: { id: true },
  });
  return staff.id;
}

async function solveWeek(week: string) {
  const csrf = await csrfOf(manager, '/schedules');
  const res = await manager
    .post('/schedules/generate')
    .type('form')
    .send({ _csrf: csrf, siteId: String(siteId), week });
  expect(res.status).toBe(303);
  const job = await waitForJob(manager, res.headers.location as string);
  expect(job.status).toBe('DONE');
  const schedule = await t.db.schedule.findFirstOrThrow({
    where: { siteId, periodStart: week },
    select: { id: true, solverDetails: true },
  });
  const technicians = await t.db.assignment.findMany({
    where: { scheduleId: schedule.id, templateId, position: { code: 'TECHNICIAN' } },
    select: { staffId: true },
  });
  const details = JSON.parse(schedule.solverDetails ?? '{}') as { explanations: Array<{ summary: string }> };
  return { technicians: technicians.map((a) => a.staffId), details };
}

beforeAll(async () => {
  runClockFrom();
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  const site = await t.db.site.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } });
  siteId = site.id;
  // Minnesota alone chooses the pack: the site's own number is cleared.
  await t.db.site.update({ where: { id: siteId }, data: { usState: 'MN', techRatio: null } });
  await t.db.shiftTemplate.updateMany({ where: { siteId }, data: { active: false } });
  await t.db.staff.updateMany({ where: { siteId, positions: { some: {} } }, data: { active: false } });
  const template = await t.db.shiftTemplate.create({
    data: {
      siteId,
      name: 'Ratio day',
      shiftType: 'DAY',
      weekdays: '1',
      startMinute: 9 * 60,
      endMinute: 17 * 60,
      coverage: {
        create: [
          { positionId: await positionId('PHARMACIST'), min: 1, max: 1 },
          { positionId: await positionId('TECHNICIAN'), min: 5 },
        ],
      },
    },
    select: { id: true },
  });
  templateId = template.id;
  await hire('Rita', 'PHARMACIST', 'RPH_LICENSE');
  for (const name of ['Tom', 'Tess', 'Theo', 'Tara']) await hire(name, 'TECHNICIAN', 'STATE_TECH_REG');
  certifiedId = await hire('Cara', 'TECHNICIAN', 'STATE_TECH_REG');
  await t.db.credential.create({
    data: {
      staffId: certifiedId,
      credentialTypeId: await credentialTypeId('CPHT'),
      number: 'CPHT-1',
      issuedOn: '2020-01-01',
      expiresOn: '2026-12-06',
    },
  });
});
afterAll(async () => {
  vi.useRealTimers();
  await settleSolveJobs();
  await closeWorkers();
  await t.close();
});

describe('a Minnesota site', () => {
  it('places 4 technicians with one pharmacist while the certified technician works, 3 once her CPhT has lapsed', async () => {
    const first = await solveWeek(FIRST_WEEK);
    expect(first.technicians).toHaveLength(4);
    expect(first.technicians).toContain(certifiedId);

    // The CPhT expires on Sunday 6 December: the next Monday she is no longer certified.
    const second = await solveWeek(SECOND_WEEK);
    expect(second.technicians).toHaveLength(3);
    // The gap says the ratio is what leaves it, naming the state's rule.
    const gap = second.details.explanations.find((e) => e.summary.includes('Pharmacy technician: 3 of 5'));
    expect(gap?.summary).toContain('3 of 5 — the technician ratio leaves it open: ');
    expect(gap?.summary).toContain(
      '4 technicians would be on duty with 1 pharmacist and no certified technician; Minnesota allows 3 per pharmacist, 4 when one is certified (3 here).',
    );
  }, 180_000);
});

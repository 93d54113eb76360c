// Issue 15: the pharmacist's meal break in the technician ratio, through the app. The demo site is
// moved to Minnesota (a pharmacist on a meal break does not count) with one pharmacist on an
// 08:00–18:30 shift and one technician on a 10:00–15:00 shift: the break the shift template places
// decides whether the technician may work, and California (where the pharmacist counts) lets them.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeWorkers } from '../../solver';
import { settleSolveJobs } from '../../server/scheduling/solve-jobs.service';
import { createTestApp, csrfOf, type Agent, type TestApp } from '../helpers/test-app';
import { runClockFrom, waitForJob } from '../helpers/schedules';

process.env.SOLVE_TIME_LIMIT_SECONDS = '20';

let t: TestApp;
let manager: Agent;
let siteId: number;
let pharmacistTemplateId: number;
let technicianTemplateId: number;
let tomId: number;

async function positionId(code: string): Promise<number> {
  return (await t.db.position.findUniqueOrThrow({ where: { code }, select: { id: true } })).id;
}

async function credentialTypeId(code: string): Promise<number> {
  return (await t.db.credentialType.findUniqueOrThrow({ where: { code }, select: { id: true } })).id;
}

/** A person at the site holding one position and its credential, issued by the state given. */
async function hire(firstName: string, position: string, credential: string, state: string): Promise<number> {
  const staff = await t.db.staff.create({
    data: {
      siteId,
      firstName,
      lastName: 'Break',
      employmentType: 'FULL_TIME',
      hourlyRateCents: 3000,
      positions: { create: { positionId: await positionId(position) } },
      credentials: {
        create: {
          credentialTypeId: await credentialTypeId(credential),
          number: `${firstName}-${state}`,
          issuingState: state,
          issuedOn: '2020-01-01',
        },
      },
    },
    select: { id: true },
  });
  return staff.id;
}

async function solveWeek(week: string) {
  const res = await manager
    .post('/schedules/generate')
    .type('form')
    .send({ _csrf: await csrfOf(manager, '/schedules'), siteId: String(siteId), week });
  expect(res.status).toBe(303);
  const job = await waitForJob(manager, res.headers.location as string);
  expect(job.status).toBe('DONE');
  const schedule = await t.db.schedule.findFirstOrThrow({
    where: { siteId, periodStart: week },
    select: { id: true, solverDetails: true },
  });
  const technicians = await t.db.assignment.findMany({
    where: { scheduleId: schedule.id, templateId: technicianTemplateId },
    select: { staffId: true },
  });
  const details = JSON.parse(schedule.solverDetails ?? '{}') as { explanations: Array<{ summary: string }> };
  return {
    technicians: technicians.map((a) => a.staffId),
    summaries: details.explanations.map((e) => e.summary),
  };
}

beforeAll(async () => {
  runClockFrom();
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  siteId = (await t.db.site.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } })).id;
  await t.db.site.update({ where: { id: siteId }, data: { usState: 'MN', techRatio: null } });
  await t.db.shiftTemplate.updateMany({ where: { siteId }, data: { active: false } });
  await t.db.staff.updateMany({ where: { siteId, positions: { some: {} } }, data: { active: false } });
  const template = async (name: string, start: number, end: number, breakMinutes: number, position: string) =>
    (
      await t.db.shiftTemplate.create({
        data: {
          siteId,
          name,
          shiftType: 'DAY',
          weekdays: '1',
          startMinute: start,
          endMinute: end,
          breakMinutes,
          coverage: { create: [{ positionId: await positionId(position), min: 1, max: 1 }] },
        },
        select: { id: true },
      })
    ).id;
  // No break start set: the break is centred, 13:00–13:30, inside the technician's shift.
  pharmacistTemplateId = await template('Rx long day', 8 * 60, 18 * 60 + 30, 30, 'PHARMACIST');
  technicianTemplateId = await template('Tech midday', 10 * 60, 15 * 60, 0, 'TECHNICIAN');
  for (const state of ['MN', 'CA']) {
    await hire(`Rita${state}`, 'PHARMACIST', 'RPH_LICENSE', state);
  }
  tomId = await hire('Tom', 'TECHNICIAN', 'STATE_TECH_REG', 'MN');
  await t.db.credential.create({
    data: {
      staffId: tomId,
      credentialTypeId: await credentialTypeId('STATE_TECH_REG'),
      number: 'Tom-CA',
      issuingState: 'CA',
      issuedOn: '2020-01-01',
    },
  });
});
afterAll(async () => {
  vi.useRealTimers();
  await settleSolveJobs();
  await closeWorkers();
  await t.close();
});

describe('the pharmacist’s meal break and the technician ratio', () => {
  it('leaves the technician off during the only pharmacist’s break in Minnesota and says why; a break moved out of the way on the template lets them work; California counts the pharmacist on a break', async () => {
    const minnesota = await solveWeek('2026-11-30');
    expect(minnesota.technicians).toEqual([]);
    const gap = minnesota.summaries.find((s) => s.includes('Tech midday'));
    expect(gap).toContain('0 of 1 — the technician ratio leaves it open: Tom Break could work it otherwise.');
    expect(gap).toContain(
      'At Mon 30 Nov 13:00, 1 technician would be on duty with 0 pharmacists (1 on a meal break, who does not count in Minnesota) and no certified technician; Minnesota allows 3 per pharmacist, 4 when one is certified (0 here).',
    );

    // The manager moves the pharmacist's break to 15:30, after the technician's shift.
    const save = await manager
      .post(`/shift-templates/${pharmacistTemplateId}`)
      .type('form')
      .send({
        _csrf: await csrfOf(manager, `/shift-templates/${pharmacistTemplateId}/edit`),
        name: 'Rx long day',
        shiftType: 'DAY',
        start: '08:00',
        end: '18:30',
        breakMinutes: '30',
        breakStart: '15:30',
        weekday_1: 'on',
        [`min_${await positionId('PHARMACIST')}`]: '1',
        [`max_${await positionId('PHARMACIST')}`]: '1',
      });
    expect(save.status).toBe(303);
    expect((await solveWeek('2026-12-07')).technicians).toEqual([tomId]);

    // Back in the middle of the shift, in California: the pharmacist on a break still counts.
    await t.db.shiftTemplate.update({
      where: { id: pharmacistTemplateId },
      data: { breakStartMinute: null },
    });
    await t.db.site.update({ where: { id: siteId }, data: { usState: 'CA' } });
    expect((await solveWeek('2026-12-14')).technicians).toEqual([tomId]);
  }, 180_000);
});

// The published schedule is the system of record (issue 11): nothing that breaks a hard rule is
// published, two managers editing at once cannot overwrite each other, and a shift that has started
// changes only through a recorded correction of history.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { freezeClock } from './boards-helpers';
import { createSchedule, demoLookups } from '../helpers/publish-fixtures';
import { createTestApp, csrfFrom, type Agent, type TestApp } from '../helpers/test-app';

/** A week no other test here uses; the clock is fixed before it, so nothing in it has started. */
const WEEK = '2026-12-07';
const MON = '2026-12-07';
const TUE = '2026-12-08';
const FRI = '2026-12-11';

let t: TestApp;
let managerA: Agent;
let managerB: Agent;
let ids: Awaited<ReturnType<typeof demoLookups>>;
let version = 1;

beforeAll(async () => {
  freezeClock();
  t = await createTestApp();
  managerA = await t.signInAs('MANAGER');
  managerB = await t.signInAs('MANAGER');
  ids = await demoLookups(t.db);
});
afterEach(() => {
  freezeClock();
});
afterAll(async () => {
  vi.useRealTimers();
  await t.close();
});

/** The schedule page as the manager sees it: its CSRF token and the revision its forms carry. */
async function openPage(agent: Agent, id: number) {
  const page = await agent.get(`/schedules/${id}`);
  expect(page.status).toBe(200);
  const revision = /name="revision" value="(\d+)"/.exec(page.text)?.[1];
  return { csrf: csrfFrom(page.text), revision: revision ?? '' };
}

async function postFrom(
  agent: Agent,
  page: { csrf: string; revision: string },
  url: string,
  fields: Record<string, string>,
) {
  return agent
    .post(url)
    .type('form')
    .send({ _csrf: page.csrf, revision: page.revision, ...fields });
}

describe('publishing verifies the schedule', () => {
  it('refuses an assignment whose CSPT expired, naming the rule and the assignment; nothing is published', async () => {
    freezeClock();
    const id = await createSchedule(t.db, {
      periodStart: WEEK,
      version: version++,
      assignments: [
        ['Priya', TUE, 'Weekday day', 'PHARMACIST'],
        ['Ben', TUE, 'IV room day', 'IV_TECH'],
      ],
    });
    const page = await openPage(managerA, id);
    const res = await postFrom(managerA, page, `/schedules/${id}/publish`, { confirmGaps: 'on' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('Not published: this schedule breaks a hard rule.');
    expect(res.text).toMatch(
      /Rule “qualified”: Ben Carter is not qualified as IV technician \(sterile compounding\) on Tue 07:00–15:30 IV room day \(Compounded Sterile Preparation Technician \(CSPT\) expired on \d{4}-\d{2}-\d{2}\)/,
    );
    const row = await t.db.schedule.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'DRAFT', publishedAt: null });
    expect(await t.db.auditLog.count({ where: { action: 'schedule.publish', entityId: String(id) } })).toBe(
      0,
    );
  });
});

describe('two managers editing the same week', () => {
  it('refuses a stale remove of an assignment another manager just moved (409, nothing written)', async () => {
    freezeClock();
    const id = await createSchedule(t.db, {
      periodStart: WEEK,
      version: version++,
      assignments: [
        ['Priya', MON, 'Weekday day', 'PHARMACIST'],
        ['Priya', TUE, 'Weekday day', 'PHARMACIST'],
        ['Aisha', MON, 'Weekday day', 'TECHNICIAN'],
      ],
    });
    const aisha = await t.db.assignment.findFirstOrThrow({
      where: { scheduleId: id, staffId: ids.staffId('Aisha') },
    });
    const stale = await openPage(managerA, id);
    const fresh = await openPage(managerB, id);
    const moved = await postFrom(managerB, fresh, `/schedules/${id}/move`, {
      assignmentId: String(aisha.id),
      shiftId: `t${ids.templateId('Weekday day')}@${TUE}`,
      staffId: String(aisha.staffId),
      positionId: String(aisha.positionId),
      override: 'on',
    });
    expect(moved.status).toBe(303);
    const before = await t.db.assignment.findMany({ where: { scheduleId: id }, orderBy: { id: 'asc' } });
    expect(before.find((a) => a.id === aisha.id)?.shiftDate).toBe(TUE);

    const res = await postFrom(managerA, stale, `/schedules/${id}/assignments/${aisha.id}/remove`, {
      override: 'on',
    });
    expect(res.status).toBe(409);
    expect(res.text).toContain(
      'This week changed while you were looking at it (another manager edited it). Here is its current state; check it and try again.',
    );
    // The current state is shown: Aisha on Tuesday.
    expect(res.text).toContain('Tue 07:00–15:30 Weekday day');
    expect(await t.db.assignment.findMany({ where: { scheduleId: id }, orderBy: { id: 'asc' } })).toEqual(
      before,
    );
  });

  it('refuses a stale lock the same way', async () => {
    freezeClock();
    const id = await createSchedule(t.db, {
      periodStart: WEEK,
      version: version++,
      assignments: [
        ['Priya', MON, 'Weekday day', 'PHARMACIST'],
        ['Aisha', MON, 'Weekday day', 'TECHNICIAN'],
      ],
    });
    const aisha = await t.db.assignment.findFirstOrThrow({
      where: { scheduleId: id, staffId: ids.staffId('Aisha') },
    });
    const stale = await openPage(managerA, id);
    const fresh = await openPage(managerB, id);
    expect(
      (
        await postFrom(managerB, fresh, `/schedules/${id}/assignments/${aisha.id}/remove`, {
          override: 'on',
        })
      ).status,
    ).toBe(303);
    const before = await t.db.assignment.findMany({ where: { scheduleId: id }, orderBy: { id: 'asc' } });
    const res = await postFrom(managerA, stale, `/schedules/${id}/assignments/${aisha.id}/lock`, {
      locked: '1',
    });
    expect(res.status).toBe(409);
    expect(await t.db.assignment.findMany({ where: { scheduleId: id }, orderBy: { id: 'asc' } })).toEqual(
      before,
    );
  });
});

describe('a shift that has started', () => {
  /** Thursday 10 Dec 2026, 18:00 in New York: Monday to Thursday's day shifts have started, Friday's not. */
  const THURSDAY_EVENING = new Date('2026-12-10T23:00:00Z');

  it('is not changed by a plain edit, with a clear message', async () => {
    freezeClock(THURSDAY_EVENING);
    // Signed in at the new time: the sessions from before the jump have run out.
    managerA = await t.signInAs('MANAGER');
    const id = await createSchedule(t.db, {
      periodStart: WEEK,
      status: 'PUBLISHED',
      version: version++,
      assignments: [
        ['Priya', MON, 'Weekday day', 'PHARMACIST'],
        ['Aisha', MON, 'Weekday day', 'TECHNICIAN'],
      ],
    });
    const aisha = await t.db.assignment.findFirstOrThrow({
      where: { scheduleId: id, staffId: ids.staffId('Aisha') },
    });
    const page = await openPage(managerA, id);
    const res = await postFrom(managerA, page, `/schedules/${id}/assignments/${aisha.id}/remove`, {
      override: 'on',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain(
      'Mon 07:00–15:30 Weekday day has started: its assignments are history and stay as they are. If they are wrong, record a correction of history with the reason.',
    );
    expect(await t.db.schedule.count({ where: { periodStart: WEEK, basedOnId: id } })).toBe(0);
    expect(await t.db.assignment.count({ where: { scheduleId: id } })).toBe(2);
  });

  it('is changed by a manager correction of history, recorded with who and why and listed in the change list', async () => {
    freezeClock(THURSDAY_EVENING);
    managerA = await t.signInAs('MANAGER');
    const id = await createSchedule(t.db, {
      periodStart: WEEK,
      status: 'PUBLISHED',
      version: version++,
      assignments: [
        ['Priya', MON, 'Weekday day', 'PHARMACIST'],
        ['Aisha', MON, 'Weekday day', 'TECHNICIAN'],
        ['Aisha', FRI, 'Weekday day', 'TECHNICIAN'],
      ],
    });
    // Only the version of this test is published for the week.
    await t.db.schedule.updateMany({
      where: { periodStart: WEEK, status: 'PUBLISHED', id: { not: id } },
      data: { status: 'ARCHIVED' },
    });
    const aisha = await t.db.assignment.findFirstOrThrow({
      where: { scheduleId: id, staffId: ids.staffId('Aisha'), shiftDate: MON },
    });
    const page = await openPage(managerA, id);
    const res = await postFrom(managerA, page, `/schedules/${id}/assignments/${aisha.id}/remove`, {
      override: 'on',
      correctionReason: 'Aisha went home sick before the shift began; the time clock shows no hours.',
    });
    expect(res.status).toBe(303);
    const draft = await t.db.schedule.findFirstOrThrow({ where: { basedOnId: id, status: 'DRAFT' } });
    expect(res.headers.location).toBe(`/schedules/${draft.id}`);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'schedule.correct_history' } });
    expect(audit.detail).toContain('Aisha went home sick before the shift began');

    const draftPage = await openPage(managerA, draft.id);
    const published = await postFrom(managerA, draftPage, `/schedules/${draft.id}/publish`, {
      confirmGaps: 'on',
    });
    expect(published.status).toBe(303);
    const row = await t.db.schedule.findUniqueOrThrow({ where: { id: draft.id } });
    expect(row.status).toBe('PUBLISHED');
    expect(row.changeSummary).toContain(
      'Corrections of history:\n- Mon 7 Dec: Aisha Thompson removed from Weekday day 07:00–15:30 (Pharmacy technician) — corrected by Denise Alvarez: Aisha went home sick before the shift began; the time clock shows no hours.',
    );
    const versions = await managerA.get(`/schedules/${draft.id}/versions`);
    expect(versions.text).toContain('corrected by Denise Alvarez');
  });
});

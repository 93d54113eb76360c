import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayAt } from '../../server/sites/sites.service';
import { createTestApp, csrfOf, type Agent, type TestApp } from '../helpers/test-app';

let t: TestApp;
let manager: Agent;
let staff: Agent;
let staffId: number;
let today: string;
beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  staff = await t.signInAs('STAFF');
  staffId = (await t.db.user.findUniqueOrThrow({ where: { email: t.demoUser('STAFF').email } })).staffId!;
  today = todayAt((await t.db.site.findFirstOrThrow({ orderBy: { id: 'asc' } })).timeZone);
  // Start from a clean slate for this person so overlap checks are predictable.
  await t.db.timeOffRequest.deleteMany({ where: { staffId } });
});
afterAll(async () => {
  await t.close();
});

async function post(agent: Agent, url: string, form: Record<string, string>, csrfPage = '/') {
  return agent
    .post(url)
    .type('form')
    .send({ _csrf: await csrfOf(agent, csrfPage), ...form });
}

function plusDays(iso: string, n: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + n)).toISOString().slice(0, 10);
}

/** A published schedule with one shift for the demo staff member on `date`. */
async function publishShiftFor(date: string) {
  const site = await t.db.site.findFirstOrThrow({ orderBy: { id: 'asc' } });
  const template = await t.db.shiftTemplate.findFirstOrThrow({ where: { siteId: site.id } });
  const position = await t.db.staffPosition.findFirstOrThrow({ where: { staffId } });
  const schedule = await t.db.schedule.create({
    data: {
      siteId: site.id,
      periodStart: plusDays(date, -1),
      periodEnd: plusDays(date, 5),
      status: 'PUBLISHED',
      version: 99,
    },
  });
  await t.db.assignment.create({
    data: {
      scheduleId: schedule.id,
      shiftDate: date,
      templateId: template.id,
      staffId,
      positionId: position.positionId,
    },
  });
  return template;
}

describe('requesting time off', () => {
  it('records a pending request', async () => {
    const res = await post(
      staff,
      '/time-off',
      { startDate: plusDays(today, 20), endDate: plusDays(today, 22), reason: 'Family visit' },
      '/time-off',
    );
    expect(res.status).toBe(303);
    const row = await t.db.timeOffRequest.findFirstOrThrow({ where: { staffId, reason: 'Family visit' } });
    expect(row.status).toBe('PENDING');
    expect((await staff.get('/time-off')).text).toContain('Family visit');
  });

  it('refuses bad dates with messages next to the fields', async () => {
    const backwards = await post(staff, '/time-off', {
      startDate: plusDays(today, 5),
      endDate: plusDays(today, 4),
      reason: 'x',
    });
    expect(backwards.status).toBe(400);
    expect(backwards.text).toContain('The last day must be on or after the first day.');
    const past = await post(staff, '/time-off', {
      startDate: plusDays(today, -3),
      endDate: plusDays(today, -1),
      reason: 'x',
    });
    expect(past.text).toContain('Time off cannot start in the past.');
    const noReason = await post(staff, '/time-off', {
      startDate: plusDays(today, 40),
      endDate: plusDays(today, 40),
      reason: '',
    });
    expect(noReason.text).toContain('Enter a reason.');
    const overlap = await post(staff, '/time-off', {
      startDate: plusDays(today, 21),
      endDate: plusDays(today, 25),
      reason: 'again',
    });
    expect(overlap.status).toBe(400);
    expect(overlap.text).toContain('You already have pending time off');
  });

  it("refuses cancelling someone else's request with 403", async () => {
    const other = await t.db.timeOffRequest.findFirstOrThrow({ where: { staffId: { not: staffId } } });
    expect((await post(staff, `/time-off/${other.id}/cancel`, {})).status).toBe(403);
  });

  it('lets staff cancel their own pending request', async () => {
    await post(staff, '/time-off', {
      startDate: plusDays(today, 50),
      endDate: plusDays(today, 50),
      reason: 'Dentist',
    });
    const row = await t.db.timeOffRequest.findFirstOrThrow({ where: { staffId, reason: 'Dentist' } });
    expect((await post(staff, `/time-off/${row.id}/cancel`, {})).status).toBe(303);
    expect((await t.db.timeOffRequest.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('CANCELLED');
  });
});

describe('reviewing time off', () => {
  it('flags a clash with a published shift and needs it acknowledged before approving', async () => {
    const day = plusDays(today, 30);
    const template = await publishShiftFor(day);
    await post(staff, '/time-off', { startDate: day, endDate: plusDays(day, 1), reason: 'Wedding' });
    const request = await t.db.timeOffRequest.findFirstOrThrow({ where: { staffId, reason: 'Wedding' } });
    const review = await manager.get('/approvals/time-off');
    expect(review.status).toBe(200);
    expect(review.text).toContain('Clashes with 1 published shift');
    expect(review.text).toContain(template.name);

    const blind = await post(manager, `/time-off/${request.id}/approve`, { note: '' }, '/approvals/time-off');
    expect(blind.status).toBe(400);
    expect(blind.text).toContain('tick the box to approve anyway');
    expect((await t.db.timeOffRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe(
      'PENDING',
    );

    const ok = await post(
      manager,
      `/time-off/${request.id}/approve`,
      { note: 'Enjoy', acknowledgeConflicts: 'on' },
      '/approvals/time-off',
    );
    expect(ok.status).toBe(303);
    const after = await t.db.timeOffRequest.findUniqueOrThrow({
      where: { id: request.id },
      include: { reviewer: true },
    });
    expect(after.status).toBe('APPROVED');
    expect(after.reviewNote).toBe('Enjoy');
    expect(after.reviewer?.email).toBe(t.demoUser('MANAGER').email);
    expect(
      await t.db.auditLog.count({ where: { action: 'time_off.approve', entityId: String(request.id) } }),
    ).toBe(1);
    const again = await post(manager, `/time-off/${request.id}/approve`, { note: '' });
    expect(again.status).toBe(409);
  });

  it('approves a request without clashes directly, and the person becomes unavailable', async () => {
    const request = await t.db.timeOffRequest.findFirstOrThrow({
      where: { staffId, reason: 'Family visit' },
    });
    const res = await post(manager, `/time-off/${request.id}/approve`, { note: '' }, '/approvals/time-off');
    expect(res.status).toBe(303);
    const { resolveAvailability } = await import('../../server/availability/availability.service');
    const verdict = resolveAvailability(
      {
        rules: [],
        exceptions: [],
        active: true,
        approvedTimeOff: [{ startDate: request.startDate, endDate: request.endDate, reason: request.reason }],
      },
      { date: request.startDate, startMinute: 420, endMinute: 900 },
    );
    expect(verdict).toEqual({
      kind: 'UNAVAILABLE',
      reason: `approved time off ${request.startDate} – ${request.endDate}: Family visit`,
    });
  });

  it('needs a note to deny', async () => {
    await post(staff, '/time-off', {
      startDate: plusDays(today, 60),
      endDate: plusDays(today, 61),
      reason: 'Trip',
    });
    const request = await t.db.timeOffRequest.findFirstOrThrow({ where: { staffId, reason: 'Trip' } });
    const bare = await post(manager, `/time-off/${request.id}/deny`, { note: '' });
    expect(bare.status).toBe(400);
    expect(bare.text).toContain('Say why the request is denied');
    const ok = await post(manager, `/time-off/${request.id}/deny`, { note: 'Inventory week' });
    expect(ok.status).toBe(303);
    expect((await t.db.timeOffRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe(
      'DENIED',
    );
    expect((await staff.get('/time-off')).text).toContain('Inventory week');
  });

  it('refuses the review page and decisions to staff and leads', async () => {
    const lead = await t.signInAs('LEAD');
    const request = await t.db.timeOffRequest.findFirstOrThrow();
    for (const agent of [staff, lead]) {
      expect((await agent.get('/approvals/time-off')).status).toBe(403);
      expect((await post(agent, `/time-off/${request.id}/approve`, {})).status).toBe(403);
      expect((await post(agent, `/time-off/${request.id}/deny`, { note: 'no' })).status).toBe(403);
    }
  });
});

// Breaks in a published week surface and lead to their repair: approving time off or an
// unavailability that takes someone off a published shift, and the call-out page's candidates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchedule, demoLookups, nextMonday, plusDays } from '../helpers/publish-fixtures';
import { createTestApp, csrfOf, type Agent, type TestApp } from '../helpers/test-app';

// A week no demo schedule covers, far enough ahead that none of its shifts has started.
const WEEK = plusDays(nextMonday(), 14);
const TUESDAY = plusDays(WEEK, 1);
const WEDNESDAY = plusDays(WEEK, 2);
const THURSDAY = plusDays(WEEK, 3);
const FRIDAY = plusDays(WEEK, 4);
// A week long over: every shift in it has ended.
const PAST_WEEK = plusDays(nextMonday(), -56);

let t: TestApp;
let manager: Agent;
let aisha: Agent;
let priya: Agent;
let ids: Awaited<ReturnType<typeof demoLookups>>;
let scheduleId: number;

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  priya = await t.signInAs('STAFF', 0);
  aisha = await t.signInAs('STAFF', 1);
  ids = await demoLookups(t.db);
  scheduleId = await createSchedule(t.db, {
    periodStart: WEEK,
    status: 'PUBLISHED',
    assignments: [
      ['Priya', TUESDAY, 'Weekday day', 'PHARMACIST'],
      ['Priya', WEDNESDAY, 'Weekday day', 'PHARMACIST'],
      ['Aisha', TUESDAY, 'Weekday day', 'TECHNICIAN'],
      ['Aisha', THURSDAY, 'Weekday day', 'TECHNICIAN'],
      ['Aisha', FRIDAY, 'Weekday day', 'TECHNICIAN'],
      ['Kevin', FRIDAY, 'Weekday day', 'TECHNICIAN'],
    ],
  });
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

async function assignmentOf(first: string, date: string, schedule = scheduleId) {
  return t.db.assignment.findFirstOrThrow({
    where: { scheduleId: schedule, staffId: ids.staffId(first), shiftDate: date },
    select: { id: true },
  });
}

/** The links in the dashboard's "published weeks that now break a rule" card. */
function breakLinks(html: string): string[] {
  const card = /<section[^>]*id="published-breaks"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  return [...card.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
}

describe('approving time off that clashes with a published shift', () => {
  it('leads to the call-out repair of the shift, and the dashboard and schedule list show the break', async () => {
    const request = await t.db.timeOffRequest.create({
      data: { staffId: ids.staffId('Aisha'), startDate: TUESDAY, endDate: TUESDAY, reason: 'Wedding' },
      select: { id: true },
    });
    const shift = await assignmentOf('Aisha', TUESDAY);
    const repairUrl = `/schedules/${scheduleId}/callout/${shift.id}`;
    expect(breakLinks((await manager.get('/')).text)).not.toContain(repairUrl);

    const approved = await post(
      manager,
      `/time-off/${request.id}/approve`,
      { acknowledgeConflicts: 'on', note: '' },
      '/approvals/time-off',
    );
    expect(approved.status).toBe(303);
    expect(approved.headers.location).toBe(`/approvals/time-off/${request.id}/approved`);
    const confirmation = await manager.get(approved.headers.location!);
    expect(confirmation.status).toBe(200);
    expect(confirmation.text).toContain('Approved time off for Aisha Thompson');
    expect(confirmation.text).toContain(`href="${repairUrl}"`);

    const home = await manager.get('/');
    expect(home.text).toContain('Published weeks that now break a rule');
    expect(breakLinks(home.text)).toContain(repairUrl);
    expect(breakLinks((await manager.get('/schedules')).text)).toContain(repairUrl);

    const repair = await manager.get(repairUrl);
    expect(repair.status).toBe(200);
    expect(repair.text).toContain('Call-out: Aisha Thompson');
    expect(repair.text).toContain(`Tue ${Number(TUESDAY.slice(8))}`);
  });
});

describe('a staff member marking themselves unavailable on a published shift', () => {
  it('becomes a request the manager decides, and once approved surfaces with the repair link', async () => {
    const shift = await assignmentOf('Priya', WEDNESDAY);
    const repairUrl = `/schedules/${scheduleId}/callout/${shift.id}`;
    const res = await post(
      priya,
      '/availability/exceptions',
      { date: WEDNESDAY, start: '', end: '', kind: 'UNAVAILABLE', note: 'Family emergency' },
      '/availability',
    );
    expect(res.status).toBe(303);
    const row = await t.db.availabilityException.findFirstOrThrow({
      where: { staffId: ids.staffId('Priya'), date: WEDNESDAY },
    });
    expect(row.status).toBe('PENDING');
    const mine = await priya.get('/availability');
    expect(mine.text).toContain('You hold a published shift that day, so your manager decides this request.');
    expect(mine.text).toContain('waiting for your manager');
    // Not yet counted: the published week does not break; the dashboard points at the request.
    const home = await manager.get('/');
    expect(breakLinks(home.text)).not.toContain(repairUrl);
    expect(home.text).toContain('1 unavailability request too');

    const review = await manager.get('/approvals/time-off');
    expect(review.text).toContain('Unavailability requests');
    expect(review.text).toContain('Family emergency');
    const approved = await post(
      manager,
      `/availability/exceptions/${row.id}/approve`,
      { note: '' },
      '/approvals/time-off',
    );
    expect(approved.status).toBe(303);
    expect(approved.headers.location).toBe(`/approvals/unavailability/${row.id}/approved`);
    expect((await t.db.availabilityException.findUniqueOrThrow({ where: { id: row.id } })).status).toBe(
      'APPROVED',
    );
    const confirmation = await manager.get(approved.headers.location!);
    expect(confirmation.text).toContain(`href="${repairUrl}"`);
    expect(breakLinks((await manager.get('/')).text)).toContain(repairUrl);
    expect((await manager.get(repairUrl)).text).toContain('Call-out: Priya Raman');
  });

  it('refuses removing a weekly window that would take them off a published shift', async () => {
    const weekday = new Date(`${TUESDAY}T00:00:00Z`).getUTCDay() || 7;
    const rule = await t.db.availabilityRule.findFirstOrThrow({
      where: { staffId: ids.staffId('Priya'), weekday, kind: { not: 'UNAVAILABLE' } },
    });
    const res = await post(priya, `/availability/rules/${rule.id}/delete`, {}, '/availability');
    expect(res.status).toBe(409);
    expect(res.text).toContain('Removing this would take you off your published shift');
    expect(await t.db.availabilityRule.count({ where: { id: rule.id } })).toBe(1);
  });

  it('applies at once on a day without a published shift', async () => {
    const date = plusDays(WEEK, 5);
    const res = await post(
      priya,
      '/availability/exceptions',
      { date, start: '', end: '', kind: 'UNAVAILABLE', note: 'Concert' },
      '/availability',
    );
    expect(res.status).toBe(303);
    const row = await t.db.availabilityException.findFirstOrThrow({
      where: { staffId: ids.staffId('Priya'), date },
    });
    expect(row.status).toBe('APPROVED');
  });

  it('a declined request stays out of the availability and tells the staff member', async () => {
    const date = THURSDAY;
    await post(
      aisha,
      '/availability/exceptions',
      { date, start: '', end: '', kind: 'UNAVAILABLE', note: 'Gym' },
      '/availability',
    );
    const row = await t.db.availabilityException.findFirstOrThrow({
      where: { staffId: ids.staffId('Aisha'), date },
    });
    expect(row.status).toBe('PENDING');
    const noNote = await post(
      manager,
      `/availability/exceptions/${row.id}/deny`,
      { note: '' },
      '/approvals/time-off',
    );
    expect(noNote.status).toBe(400);
    const denied = await post(
      manager,
      `/availability/exceptions/${row.id}/deny`,
      { note: 'Inventory count that day' },
      '/approvals/time-off',
    );
    expect(denied.status).toBe(303);
    expect((await t.db.availabilityException.findUniqueOrThrow({ where: { id: row.id } })).status).toBe(
      'DENIED',
    );
    expect((await aisha.get('/availability')).text).toContain('Inventory count that day');
  });
});

describe('the call-out page', () => {
  it('lists the candidates ruled out with the rule, and shows the date', async () => {
    const shift = await assignmentOf('Aisha', FRIDAY);
    const page = await manager.get(`/schedules/${scheduleId}/callout/${shift.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Fri ${Number(FRIDAY.slice(8))}`);
    const ruledOut = /<section[^>]*id="ruled-out"[\s\S]*?<\/section>/.exec(page.text)?.[0] ?? '';
    // Kevin already works this shift: ruled out by one shift at a time.
    expect(ruledOut).toMatch(/Kevin Nguyen[\s\S]*?one shift at a time/);
    // A pharmacist does not hold the position at all.
    expect(ruledOut).not.toContain('Priya Raman');
  });

  it('offers no call-out on a shift that has ended', async () => {
    const pastId = await createSchedule(t.db, {
      periodStart: PAST_WEEK,
      status: 'PUBLISHED',
      version: 7,
      assignments: [['Aisha', plusDays(PAST_WEEK, 1), 'Weekday day', 'TECHNICIAN']],
    });
    const past = await manager.get(`/schedules/${pastId}`);
    expect(past.status).toBe(200);
    expect(past.text).not.toContain('/callout/');
    const current = await manager.get(`/schedules/${scheduleId}`);
    expect(current.text).toContain(`/schedules/${scheduleId}/callout/`);
  });
});

describe('the unavailability a call-out recorded', () => {
  it('cannot be deleted by the staff member', async () => {
    const shift = await assignmentOf('Aisha', THURSDAY);
    const callout = await post(
      manager,
      `/schedules/${scheduleId}/callout/${shift.id}`,
      { reason: 'sick', replacement: 'none' },
      `/schedules/${scheduleId}/callout/${shift.id}`,
    );
    expect(callout.status).toBe(303);
    const recorded = await t.db.availabilityException.findFirstOrThrow({
      where: { staffId: ids.staffId('Aisha'), date: THURSDAY, calledOut: true },
    });
    expect(recorded.note).toBe('Called out: sick');
    expect((await aisha.get('/availability')).text).toContain('Called out: sick');
    const res = await post(aisha, `/availability/exceptions/${recorded.id}/delete`, {}, '/availability');
    expect(res.status).toBe(409);
    expect(res.text).toContain(
      'This was recorded when you called out of a shift; only a manager can remove it.',
    );
    expect(await t.db.availabilityException.count({ where: { id: recorded.id } })).toBe(1);
  });
});

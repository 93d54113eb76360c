// Swaps, give-aways and drops from My shifts (issue 13): every request is checked with
// verifySchedule when made, when accepted and when approved; refusals name the rule; an agreed
// request is published at once only when the site allows it and every rule holds, otherwise it goes
// to the manager; a drop waits in the open pool until someone takes it; started shifts never move.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import request from 'supertest';
import { hashPassword } from '../../server/account/passwords';
import { createSchedule, demoLookups } from '../helpers/publish-fixtures';
import { runClockFrom } from '../helpers/schedules';
import { createTestApp, csrfFrom, csrfOf, type Agent, type TestApp } from '../helpers/test-app';

const WEEK = '2026-11-30';
const TUESDAY = '2026-12-01';
const WEDNESDAY = '2026-12-02';
const THURSDAY = '2026-12-03';
/** Tuesday 1 Dec 2026, 12:00 in New York: Tuesday's day shift (07:00) has started. */
const TUESDAY_NOON = new Date('2026-12-01T17:00:00Z');

let t: TestApp;
let manager: Agent;
let aisha: Agent;
let jordan: Agent;
let ana: Agent;
let ids: Awaited<ReturnType<typeof demoLookups>>;

async function post(agent: Agent, url: string, fields: Record<string, string> = {}, from = '/my/swaps') {
  return agent
    .post(url)
    .type('form')
    .send({ _csrf: await csrfOf(agent, from), ...fields });
}

async function signInStaff(firstName: string): Promise<Agent> {
  for (const i of [0, 1])
    if (t.demoUser('STAFF', i).email.startsWith(`${firstName.toLowerCase()}.`)) return t.signInAs('STAFF', i);
  throw new Error(`${firstName} is not a demo staff sign-in`);
}

/** The messages next to the fields of a re-rendered form. */
function fieldErrors(html: string): string[] {
  return [...html.matchAll(/class="error-text"[^>]*>([^<]*)</g)].map((m) => m[1]!);
}

async function published() {
  return t.db.schedule.findFirstOrThrow({
    where: { periodStart: WEEK, status: 'PUBLISHED' },
    select: { id: true, version: true, changeSummary: true },
  });
}

/** The published assignment of a person on a day. */
async function shiftOf(firstName: string, date: string) {
  const { id: scheduleId } = await published();
  return t.db.assignment.findFirstOrThrow({
    where: { scheduleId, staffId: ids.staffId(firstName), shiftDate: date },
  });
}

async function whoWorks(date: string, template = 'Weekday day'): Promise<number[]> {
  const { id: scheduleId } = await published();
  const rows = await t.db.assignment.findMany({
    where: { scheduleId, shiftDate: date, templateId: ids.templateId(template) },
    select: { staffId: true },
  });
  return rows.map((r) => r.staffId).sort((a, b) => a - b);
}

async function setSwapApproval(value: 'AUTOMATIC' | 'MANAGER') {
  await t.db.site.update({ where: { id: ids.site.id }, data: { swapApproval: value } });
}

async function ask(agent: Agent, assignmentId: number, fields: Record<string, string>) {
  return post(
    agent,
    '/my/swaps',
    { assignmentId: String(assignmentId), ...fields },
    `/my/swaps/new?shift=${assignmentId}`,
  );
}

beforeAll(async () => {
  runClockFrom();
  t = await createTestApp();
  ids = await demoLookups(t.db);
  manager = await t.signInAs('MANAGER');
  aisha = await signInStaff('Aisha');
  jordan = await t.signInAs('LEAD');
  // Ana (an IV technician) gets a password the test knows.
  const anaUser = await t.db.user.update({
    where: { staffId: ids.staffId('Ana') },
    data: { passwordHash: await hashPassword('correct horse battery'), mustChangePassword: false },
    select: { email: true },
  });
  ana = request.agent(t.app);
  const signIn = await ana.get('/sign-in');
  const signedIn = await ana
    .post('/sign-in')
    .type('form')
    .send({
      _csrf: csrfFrom(signIn.text),
      email: anaUser.email,
      password: 'correct horse battery',
    });
  if (signedIn.status !== 303) throw new Error(`Ana's sign-in failed with ${signedIn.status}`);

  const day = (date: string, technicians: string[]) =>
    [
      ['Priya', date, 'Weekday day', 'PHARMACIST'],
      ['Marcus', date, 'Weekday day', 'PHARMACIST'],
      ...technicians.map((name) => [name, date, 'Weekday day', 'TECHNICIAN']),
    ] as [string, string, string, string][];
  await createSchedule(t.db, {
    periodStart: WEEK,
    status: 'PUBLISHED',
    assignments: [
      ...day(TUESDAY, ['Aisha', 'Kevin', 'Maria']),
      ...day(WEDNESDAY, ['Jordan', 'Kevin', 'Maria']),
      ...day(THURSDAY, ['Aisha', 'Kevin']),
      ['Ana', TUESDAY, 'IV room day', 'IV_TECH'],
      ['Dee', TUESDAY, 'IV room day', 'IV_TECH'],
    ],
  });
}, 60_000);
afterAll(async () => {
  vi.useRealTimers();
  await t.close();
});

describe('asking', () => {
  it('refuses a give-away that breaks a rule, naming the rule on the colleague field', async () => {
    const ivShift = await shiftOf('Ana', TUESDAY);
    const form = await ana.get(`/my/swaps/new?shift=${ivShift.id}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Ben Carter');
    const res = await ask(ana, ivShift.id, { action: 'give', colleagueId: String(ids.staffId('Ben')) });
    expect(res.status).toBe(400);
    expect(fieldErrors(res.text)).toEqual([
      'Rule “qualified”: Ben Carter is not qualified as IV technician (sterile compounding) on Tue 07:00–15:30 IV room day (Compounded Sterile Preparation Technician (CSPT) expired on 2026-11-19).',
    ]);
    expect(res.text).toContain('id="f-colleagueId" name="colleagueId" aria-invalid="true"');

    const mine = await shiftOf('Aisha', TUESDAY);
    const priya = await ask(aisha, mine.id, { action: 'give', colleagueId: String(ids.staffId('Priya')) });
    expect(priya.status).toBe(400);
    expect(priya.text).toContain('Rule “qualified”: Priya Raman is not qualified as Pharmacy technician');
    expect(await t.db.shiftRequest.count()).toBe(0);
  });

  it('marks missing choices with 400, answers 404 for shifts that are not mine, 403 without the CSRF token or the role', async () => {
    const mine = await shiftOf('Aisha', TUESDAY);
    const noAction = await ask(aisha, mine.id, {});
    expect(noAction.status).toBe(400);
    expect(noAction.text).toContain('Choose what to do with the shift.');
    const noColleague = await ask(aisha, mine.id, { action: 'give' });
    expect(noColleague.status).toBe(400);
    expect(noColleague.text).toContain('Pick the colleague to give it to.');
    const kevins = await shiftOf('Kevin', TUESDAY);
    expect((await aisha.get(`/my/swaps/new?shift=${kevins.id}`)).status).toBe(404);
    expect((await aisha.get('/my/swaps/new?shift=999999')).status).toBe(404);
    expect((await aisha.get('/my/swaps/new?shift=abc')).status).toBe(404);
    expect((await ask(aisha, kevins.id, { action: 'drop' })).status).toBe(404);
    expect((await post(jordan, '/my/swaps/999999/accept')).status).toBe(404);
    const noToken = await aisha
      .post('/my/swaps')
      .type('form')
      .send({ assignmentId: String(mine.id), action: 'drop' });
    expect(noToken.status).toBe(403);
    expect((await aisha.get('/approvals/swaps')).status).toBe(403);
    expect(await t.db.shiftRequest.count()).toBe(0);
    expect(await t.db.openShift.count()).toBe(0);
  });
});

describe('a give-away through the manager', () => {
  it('is accepted by the colleague, approved by the manager and published as a new version', async () => {
    await setSwapApproval('MANAGER');
    const mine = await shiftOf('Aisha', TUESDAY);
    const asked = await ask(aisha, mine.id, { action: 'give', colleagueId: String(ids.staffId('Jordan')) });
    expect(asked.status).toBe(303);
    const req = await t.db.shiftRequest.findFirstOrThrow();
    expect(req).toMatchObject({
      kind: 'GIVE',
      status: 'PENDING_COLLEAGUE',
      toStaffId: ids.staffId('Jordan'),
    });

    const request_ = await t.db.notification.findFirstOrThrow({
      where: { entity: 'ShiftRequest', entityId: String(req.id) },
      select: { kind: true, subject: true, user: { select: { staffId: true } } },
    });
    expect(request_).toEqual({
      kind: 'SWAP_REQUEST',
      subject: 'Aisha Thompson asks you to take a shift',
      user: { staffId: ids.staffId('Jordan') },
    });
    const inbox = await jordan.get('/my/swaps');
    expect(inbox.text).toContain(`data-testid="request-${req.id}"`);
    expect(inbox.text).toContain(
      'Aisha Thompson gives Tue 1 Dec Weekday day 07:00–15:30 (Pharmacy technician) to Jordan Mitchell',
    );
    expect((await post(jordan, `/my/swaps/${req.id}/accept`)).status).toBe(303);
    expect((await t.db.shiftRequest.findUniqueOrThrow({ where: { id: req.id } })).status).toBe(
      'PENDING_MANAGER',
    );
    expect((await published()).version).toBe(1);

    const managerUser = await t.db.user.findFirstOrThrow({ where: { email: t.demoUser('MANAGER').email } });
    expect(
      await t.db.notification.count({
        where: { userId: managerUser.id, kind: 'SWAP_REQUEST', entityId: String(req.id) },
      }),
    ).toBe(1);
    const approvals = await manager.get('/approvals/swaps');
    expect(approvals.text).toContain(`data-testid="swap-${req.id}"`);
    const approved = await post(manager, `/approvals/swaps/${req.id}/approve`, {}, '/approvals/swaps');
    expect(approved.status).toBe(303);
    const version = await published();
    expect(version.version).toBe(2);
    expect(version.changeSummary).toContain('Aisha Thompson removed from Weekday day 07:00–15:30');
    expect(version.changeSummary).toContain('Jordan Mitchell added to Weekday day 07:00–15:30');
    expect(await whoWorks(TUESDAY)).toContain(ids.staffId('Jordan'));
    expect(await whoWorks(TUESDAY)).not.toContain(ids.staffId('Aisha'));
    expect(await t.db.shiftRequest.findUniqueOrThrow({ where: { id: req.id } })).toMatchObject({
      status: 'APPROVED',
      resultScheduleId: version.id,
    });
    // Both are told of the approval, and each of their own change by the publish.
    for (const name of ['Aisha', 'Jordan']) {
      const kinds = (
        await t.db.notification.findMany({
          where: { user: { staffId: ids.staffId(name) } },
          select: { kind: true, subject: true },
        })
      ).map((n) => `${n.kind}: ${n.subject}`);
      expect(kinds).toContain('SWAP_OUTCOME: Swap request approved');
      expect(kinds.some((k) => k.startsWith('SCHEDULE_CHANGED'))).toBe(true);
    }
    const actions = (
      await t.db.auditLog.findMany({ where: { entity: 'ShiftRequest' }, orderBy: { id: 'asc' } })
    ).map((a) => a.action);
    expect(actions).toEqual([
      'shift_request.make',
      'shift_request.pending_manager',
      'shift_request.approved',
    ]);
    // Both see the change in My shifts.
    expect((await aisha.get('/my/shifts')).text).toContain(
      'Tue 1 Dec: You were removed from Weekday day 07:00–15:30 (Pharmacy technician)',
    );
    expect((await jordan.get('/my/shifts')).text).toContain(
      'Tue 1 Dec: You were added to Weekday day 07:00–15:30 as Pharmacy technician',
    );
  });
});

describe('a swap approved automatically', () => {
  it('is published when the colleague accepts, because every rule holds', async () => {
    await setSwapApproval('AUTOMATIC');
    const mine = await shiftOf('Aisha', THURSDAY);
    const theirs = await shiftOf('Jordan', WEDNESDAY);
    const asked = await ask(aisha, mine.id, { action: 'swap', swapAssignmentId: String(theirs.id) });
    expect(asked.status).toBe(303);
    const req = await t.db.shiftRequest.findFirstOrThrow({ where: { kind: 'SWAP' } });
    expect((await post(jordan, `/my/swaps/${req.id}/accept`)).status).toBe(303);
    const version = await published();
    expect(version.version).toBe(3);
    expect(await whoWorks(WEDNESDAY)).toContain(ids.staffId('Aisha'));
    expect(await whoWorks(WEDNESDAY)).not.toContain(ids.staffId('Jordan'));
    expect(await whoWorks(THURSDAY)).toContain(ids.staffId('Jordan'));
    expect(await whoWorks(THURSDAY)).not.toContain(ids.staffId('Aisha'));
    expect(await t.db.shiftRequest.findUniqueOrThrow({ where: { id: req.id } })).toMatchObject({
      status: 'APPROVED',
      outcome: 'Approved automatically: it passes every rule. Version 3.',
    });
  });

  it('records a decline and changes nothing', async () => {
    const mine = await shiftOf('Aisha', WEDNESDAY);
    await ask(aisha, mine.id, { action: 'give', colleagueId: String(ids.staffId('Jordan')) });
    const req = await t.db.shiftRequest.findFirstOrThrow({ where: { status: 'PENDING_COLLEAGUE' } });
    expect((await post(jordan, `/my/swaps/${req.id}/decline`)).status).toBe(303);
    expect((await t.db.shiftRequest.findUniqueOrThrow({ where: { id: req.id } })).status).toBe('DECLINED');
    expect((await published()).version).toBe(3);
  });
  it('closes a request the week no longer allows, naming the rule, and publishes nothing', async () => {
    const mine = await shiftOf('Aisha', WEDNESDAY);
    const asked = await ask(aisha, mine.id, { action: 'give', colleagueId: String(ids.staffId('Jordan')) });
    expect(fieldErrors(asked.text)).toEqual([]);
    expect(asked.status).toBe(303);
    const req = await t.db.shiftRequest.findFirstOrThrow({ where: { status: 'PENDING_COLLEAGUE' } });
    // Since the request, Jordan's Wednesday became unavailable.
    const busy = await t.db.availabilityException.create({
      data: { staffId: ids.staffId('Jordan'), date: WEDNESDAY, kind: 'UNAVAILABLE', note: 'Course' },
    });
    const res = await post(jordan, `/my/swaps/${req.id}/accept`);
    expect(res.status).toBe(303);
    const after = await t.db.shiftRequest.findUniqueOrThrow({ where: { id: req.id } });
    expect(after.status).toBe('CANCELLED');
    expect(after.outcome).toContain(
      'The week changed since the request was made and it no longer works: Rule “available”: Jordan Mitchell',
    );
    expect((await published()).version).toBe(3);
    expect((await aisha.get('/my/swaps')).text).toContain('Rule “available”: Jordan Mitchell');
    // The course was moved: Jordan's Wednesday is free again.
    await t.db.availabilityException.delete({ where: { id: busy.id } });
  });
});

describe('a drop to the open pool', () => {
  it('stays the holder’s until a colleague claims it, then moves in a new version', async () => {
    const mine = await shiftOf('Aisha', WEDNESDAY);
    const dropped = await ask(aisha, mine.id, { action: 'drop' });
    expect(dropped.status).toBe(303);
    expect(dropped.headers.location).toBe('/my/open-shifts');
    const open = await t.db.openShift.findFirstOrThrow({ where: { origin: 'DROP' } });
    expect(open).toMatchObject({ droppedById: ids.staffId('Aisha'), status: 'OPEN' });
    const offered = (await t.db.openShiftOffer.findMany({ where: { openShiftId: open.id } })).map(
      (o) => o.staffId,
    );
    expect(offered).toContain(ids.staffId('Jordan'));
    expect(offered).not.toContain(ids.staffId('Aisha'));
    expect(offered).not.toContain(ids.staffId('Ana'));
    expect(await whoWorks(WEDNESDAY)).toContain(ids.staffId('Aisha'));
    expect((await aisha.get('/my/open-shifts')).text).toContain('My shifts in the open pool (1)');
    // Asking again about the same shift is refused.
    const again = await ask(aisha, mine.id, { action: 'drop' });
    expect(again.status).toBe(400);
    expect(again.text).toContain('This shift is already in the open pool.');

    const claimed = await post(jordan, `/my/open-shifts/${open.id}/claim`, {}, '/my/open-shifts');
    expect(claimed.status).toBe(303);
    const version = await published();
    expect(version.version).toBe(4);
    expect(version.changeSummary).toContain('Aisha Thompson removed from Weekday day 07:00–15:30');
    expect(version.changeSummary).toContain('Jordan Mitchell added to Weekday day 07:00–15:30');
    expect(await whoWorks(WEDNESDAY)).toContain(ids.staffId('Jordan'));
    expect(await whoWorks(WEDNESDAY)).not.toContain(ids.staffId('Aisha'));
  });
});

describe('the manager’s path', () => {
  it('needs a note to deny, and denies without publishing', async () => {
    await setSwapApproval('MANAGER');
    const jordans = await shiftOf('Jordan', THURSDAY);
    await ask(jordan, jordans.id, { action: 'give', colleagueId: String(ids.staffId('Aisha')) });
    const req = await t.db.shiftRequest.findFirstOrThrow({ where: { status: 'PENDING_COLLEAGUE' } });
    expect((await post(aisha, `/my/swaps/${req.id}/accept`)).status).toBe(303);
    const noNote = await post(manager, `/approvals/swaps/${req.id}/deny`, {}, '/approvals/swaps');
    expect(noNote.status).toBe(400);
    expect(noNote.text).toContain('Say why, for the people who asked.');
    const denied = await post(
      manager,
      `/approvals/swaps/${req.id}/deny`,
      { note: 'Jordan leads Thursday' },
      '/approvals/swaps',
    );
    expect(denied.status).toBe(303);
    expect(await t.db.shiftRequest.findUniqueOrThrow({ where: { id: req.id } })).toMatchObject({
      status: 'DENIED',
      outcome: 'Denied: Jordan leads Thursday',
    });
    expect((await published()).version).toBe(4);
    expect((await post(manager, '/approvals/swaps/999999/approve', {}, '/approvals/swaps')).status).toBe(404);
  });
});

describe('started shifts', () => {
  it('cannot be swapped, given away or dropped', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: TUESDAY_NOON, shouldAdvanceTime: true });
    // Days later the old session has ended.
    jordan = await t.signInAs('LEAD');
    const started = await shiftOf('Jordan', TUESDAY);
    const form = await jordan.get(`/my/swaps/new?shift=${started.id}`);
    expect(form.status).toBe(409);
    expect(form.text).toContain(
      'has started: started shifts are history and can no longer be swapped, dropped or claimed.',
    );
    const direct = await jordan
      .post('/my/swaps')
      .type('form')
      .send({ _csrf: await csrfOf(jordan, '/my/swaps'), assignmentId: String(started.id), action: 'drop' });
    expect(direct.status).toBe(409);
    expect(await t.db.openShift.count({ where: { shiftDate: TUESDAY } })).toBe(0);
  });
});

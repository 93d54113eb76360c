// Open shifts and call-out offers (issue 13): a posted gap is offered only to people who could take
// it without breaking a rule; the first valid claim becomes a published version and closes every
// other offer; a claim that breaks a rule at the moment it is made is refused with the rule named;
// with "manager picks" the manager chooses among claimants; a call-out is offered one at a time.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifySchedule } from '../../solver';
import { advanceOffers } from '../../server/exchange/open-shift-claims.service';
import { loadSolverInput } from '../../server/scheduling/solver-input.service';
import { toSolverAssignments } from '../../server/scheduling/week-facts';
import { createSchedule, demoLookups } from '../helpers/publish-fixtures';
import { runClockFrom } from '../helpers/schedules';
import { createTestApp, csrfFrom, csrfOf, type Agent, type TestApp } from '../helpers/test-app';

const WEEK = '2026-11-30';
const TUESDAY = '2026-12-01';
const WEDNESDAY = '2026-12-02';

let t: TestApp;
let manager: Agent;
let aisha: Agent;
let jordan: Agent;
let ids: Awaited<ReturnType<typeof demoLookups>>;
let publishedId: number;

async function post(agent: Agent, url: string, fields: Record<string, string> = {}, from = '/') {
  return agent
    .post(url)
    .type('form')
    .send({ _csrf: await csrfOf(agent, from), ...fields });
}

/** Signs in the demo staff member with that first name. */
async function signInStaff(firstName: string): Promise<Agent> {
  for (const i of [0, 1])
    if (t.demoUser('STAFF', i).email.startsWith(`${firstName.toLowerCase()}.`)) return t.signInAs('STAFF', i);
  throw new Error(`${firstName} is not a demo staff sign-in`);
}

async function offersOf(openShiftId: number) {
  const rows = await t.db.openShiftOffer.findMany({
    where: { openShiftId },
    select: { staffId: true, status: true, rank: true, expiresAt: true },
    orderBy: { rank: 'asc' },
  });
  return rows;
}

/** The in-app notifications of a staff member about an open shift, by kind. */
async function noticesOf(firstName: string, openShiftId: number) {
  return t.db.notification.findMany({
    where: { user: { staffId: ids.staffId(firstName) }, entity: 'OpenShift', entityId: String(openShiftId) },
    select: { kind: true, subject: true },
    orderBy: { id: 'asc' },
  });
}

async function publishedVersion() {
  return t.db.schedule.findFirstOrThrow({
    where: { periodStart: WEEK, status: 'PUBLISHED' },
    select: { id: true, version: true, changeSummary: true, publishedBy: { select: { email: true } } },
  });
}

beforeAll(async () => {
  // Wednesday 25 Nov 2026, 10:00 in New York: the week of 30 Nov lies ahead.
  runClockFrom();
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  aisha = await signInStaff('Aisha');
  jordan = await t.signInAs('LEAD');
  ids = await demoLookups(t.db);
  // Tuesday and Wednesday day shifts with two pharmacists and three technicians: one technician short.
  const day = (date: string) =>
    [
      ['Priya', date, 'Weekday day', 'PHARMACIST'],
      ['Marcus', date, 'Weekday day', 'PHARMACIST'],
      ['Kevin', date, 'Weekday day', 'TECHNICIAN'],
      ['Maria', date, 'Weekday day', 'TECHNICIAN'],
      ['Tyrone', date, 'Weekday day', 'TECHNICIAN'],
    ] as [string, string, string, string][];
  publishedId = await createSchedule(t.db, {
    periodStart: WEEK,
    status: 'PUBLISHED',
    assignments: [...day(TUESDAY), ...day(WEDNESDAY)],
  });
  // Samantha cannot work on Tuesday.
  await t.db.availabilityException.create({
    data: { staffId: ids.staffId('Samantha'), date: TUESDAY, kind: 'UNAVAILABLE', note: 'Dentist' },
  });
}, 60_000);
afterAll(async () => {
  vi.useRealTimers();
  await t.close();
});

describe('posting a gap', () => {
  it('offers it only to people who could take it without breaking a rule', async () => {
    const page = await manager.get('/open-shifts');
    expect(page.status).toBe(200);
    const technician = ids.positionId('TECHNICIAN');
    const dayShift = ids.templateId('Weekday day');
    expect(page.text).toContain(`data-testid="gap-${TUESDAY}-${dayShift}-${technician}"`);

    const res = await manager
      .post('/open-shifts')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        scheduleId: String(publishedId),
        shiftDate: TUESDAY,
        templateId: String(dayShift),
        positionId: String(technician),
      });
    expect(res.status).toBe(303);
    const open = await t.db.openShift.findFirstOrThrow({
      where: { shiftDate: TUESDAY, templateId: dayShift, positionId: technician },
    });
    expect(open).toMatchObject({ status: 'OPEN', origin: 'GAP', offerMode: 'ALL' });
    const offered = (await offersOf(open.id)).map((o) => o.staffId);
    expect(offered).toContain(ids.staffId('Aisha'));
    expect(offered).toContain(ids.staffId('Jordan'));
    // Unavailable that day, already on the shift, or not a technician: not offered.
    for (const name of ['Samantha', 'Kevin', 'Maria', 'Tyrone', 'Priya', 'Nicole'])
      expect(offered).not.toContain(ids.staffId(name));

    // Everyone offered passes every hard rule when added; every technician not offered breaks one.
    const ctx = await loadSolverInput(t.db, ids.site.id, WEEK, { previousFrom: 'none' });
    const rows = await t.db.assignment.findMany({ where: { scheduleId: publishedId } });
    const known = new Set(verifySchedule(ctx.input, toSolverAssignments(ctx, rows)).map((v) => v.message));
    const breaks = (staffId: number) =>
      verifySchedule(
        ctx.input,
        toSolverAssignments(ctx, [
          ...rows,
          { staffId, shiftDate: TUESDAY, templateId: dayShift, positionId: technician },
        ]),
      ).filter((v) => !known.has(v.message));
    for (const staffId of offered) expect(breaks(staffId)).toEqual([]);
    const technicians = await t.db.staffPosition.findMany({
      where: { positionId: technician, staff: { active: true, siteId: ids.site.id } },
      select: { staffId: true },
    });
    const onShift = new Set(rows.filter((r) => r.shiftDate === TUESDAY).map((r) => r.staffId));
    for (const { staffId } of technicians) {
      if (offered.includes(staffId) || onShift.has(staffId)) continue;
      expect(breaks(staffId).length).toBeGreaterThan(0);
    }

    // Everyone offered is told (in the app and by email); nobody else is.
    const told = await t.db.notification.findMany({
      where: { entity: 'OpenShift', entityId: String(open.id) },
      select: { kind: true, user: { select: { staffId: true } } },
    });
    expect(told.map((n) => n.user.staffId).sort()).toEqual([...offered].sort());
    expect(told.every((n) => n.kind === 'OPEN_SHIFT')).toBe(true);
    expect((await noticesOf('Aisha', open.id))[0]?.subject).toBe(
      'Open shift you could take: Tuesday 1 December 2026, 07:00–15:30 America/New_York (EST) — Weekday day, Pharmacy technician',
    );
    expect(
      await t.db.outboxMessage.count({ where: { entity: 'OpenShift', entityId: String(open.id) } }),
    ).toBe(offered.length);

    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'open_shift.post' } });
    expect(audit.detail).toContain('Aisha Thompson');
  });

  it('refuses a place that is not a gap, and bad or missing fields, with 400 and the message', async () => {
    const res = await post(manager, '/open-shifts', {
      scheduleId: String(publishedId),
      shiftDate: TUESDAY,
      templateId: String(ids.templateId('Weekday day')),
      positionId: String(ids.positionId('PHARMACIST')),
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('This shift is no longer below its required staffing; reload the page.');
    const bad = await post(manager, '/open-shifts', { scheduleId: 'x', shiftDate: '2026-02-30' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Pick a gap from the list.');
    expect(await t.db.openShift.count()).toBe(1);
  });

  it('answers 404 for a missing open shift or schedule, 403 for staff, and refuses a claim without the CSRF token', async () => {
    expect((await manager.get('/open-shifts/999999')).status).toBe(404);
    expect((await post(aisha, '/my/open-shifts/999999/claim')).status).toBe(404);
    expect(
      (
        await post(manager, '/open-shifts', {
          scheduleId: '999999',
          shiftDate: TUESDAY,
          templateId: '1',
          positionId: '1',
        })
      ).status,
    ).toBe(404);
    expect((await aisha.get('/open-shifts')).status).toBe(403);
    const open = await t.db.openShift.findFirstOrThrow();
    const res = await aisha.post(`/my/open-shifts/${open.id}/claim`).type('form').send({});
    expect(res.status).toBe(403);
    expect(await t.db.openShiftOffer.count({ where: { status: { not: 'OFFERED' } } })).toBe(0);
  });
});

describe('claiming', () => {
  it('refuses a claim that breaks a rule at the moment it is made, naming the rule', async () => {
    const open = await t.db.openShift.findFirstOrThrow();
    const page = await aisha.get('/my/open-shifts');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`data-testid="open-shift-${open.id}"`);
    // Since the offer, Aisha's Tuesday became unavailable.
    await t.db.availabilityException.create({
      data: { staffId: ids.staffId('Aisha'), date: TUESDAY, kind: 'UNAVAILABLE', note: 'Moving house' },
    });
    const res = await aisha
      .post(`/my/open-shifts/${open.id}/claim`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(409);
    expect(res.text).toContain('You cannot take this shift now. Rule “available”: Aisha Thompson');
    expect((await t.db.openShift.findUniqueOrThrow({ where: { id: open.id } })).status).toBe('OPEN');
    expect((await publishedVersion()).version).toBe(1);
  });

  it('publishes the first valid claim as a new version and closes everyone else’s offer', async () => {
    const open = await t.db.openShift.findFirstOrThrow();
    const res = await post(jordan, `/my/open-shifts/${open.id}/claim`, {}, '/my/open-shifts');
    expect(res.status).toBe(303);
    const version = await publishedVersion();
    expect(version.version).toBe(2);
    expect(version.publishedBy?.email).toBe(t.demoUser('LEAD').email);
    expect(version.changeSummary).toContain(
      'Jordan Mitchell added to Weekday day 07:00–15:30 as Pharmacy technician',
    );
    const jordanId = ids.staffId('Jordan');
    expect(
      await t.db.assignment.count({
        where: { scheduleId: version.id, staffId: jordanId, shiftDate: TUESDAY },
      }),
    ).toBe(1);
    const after = await t.db.openShift.findUniqueOrThrow({ where: { id: open.id } });
    expect(after).toMatchObject({ status: 'FILLED', filledById: jordanId, resultScheduleId: version.id });
    const offers = await offersOf(open.id);
    expect(offers.find((o) => o.staffId === jordanId)?.status).toBe('TAKEN');
    expect(offers.filter((o) => o.staffId !== jordanId).every((o) => o.status === 'CLOSED')).toBe(true);
    expect(await t.db.auditLog.count({ where: { action: 'open_shift.fill' } })).toBe(1);
    expect((await noticesOf('Jordan', open.id)).map((n) => n.subject)).toContain(
      'The shift is yours: Tuesday 1 December 2026, 07:00–15:30 America/New_York (EST) — Weekday day, Pharmacy technician',
    );

    // Aisha's offer is closed: her page no longer lists it and a late claim is refused.
    expect((await aisha.get('/my/open-shifts')).text).not.toContain(`data-testid="open-shift-${open.id}"`);
    const late = await post(aisha, `/my/open-shifts/${open.id}/claim`, {}, '/my/open-shifts');
    expect(late.status).toBe(409);
    expect(late.text).toContain('Someone else took this shift a moment ago.');
  });

  it('with "manager picks", records claims and publishes the one the manager gives it to', async () => {
    const settings = await manager.get('/exchange-settings');
    const saved = await manager
      .post('/exchange-settings')
      .type('form')
      .send({ _csrf: csrfFrom(settings.text), claimPolicy: 'MANAGER_PICKS', swapApproval: 'MANAGER' });
    expect(saved.status).toBe(303);
    const posted = await post(manager, '/open-shifts', {
      scheduleId: String((await publishedVersion()).id),
      shiftDate: WEDNESDAY,
      templateId: String(ids.templateId('Weekday day')),
      positionId: String(ids.positionId('TECHNICIAN')),
    });
    expect(posted.status).toBe(303);
    const open = await t.db.openShift.findFirstOrThrow({ where: { shiftDate: WEDNESDAY } });
    for (const agent of [aisha, jordan])
      expect((await post(agent, `/my/open-shifts/${open.id}/claim`, {}, '/my/open-shifts')).status).toBe(303);
    expect((await publishedVersion()).version).toBe(2);
    const claimed = (await offersOf(open.id)).filter((o) => o.status === 'CLAIMED').map((o) => o.staffId);
    expect(claimed.sort()).toEqual([ids.staffId('Aisha'), ids.staffId('Jordan')].sort());

    const page = await manager.get(`/open-shifts/${open.id}`);
    expect(page.text).toContain('Give it to Aisha Thompson');
    const notClaimant = await manager
      .post(`/open-shifts/${open.id}/pick`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), staffId: String(ids.staffId('Kenji')) });
    expect(notClaimant.status).toBe(400);
    expect(notClaimant.text).toContain('That person has not claimed this shift.');
    const picked = await manager
      .post(`/open-shifts/${open.id}/pick`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), staffId: String(ids.staffId('Aisha')) });
    expect(picked.status).toBe(303);
    const version = await publishedVersion();
    expect(version.version).toBe(3);
    expect(version.changeSummary).toContain(
      'Aisha Thompson added to Weekday day 07:00–15:30 as Pharmacy technician',
    );
    const offers = await offersOf(open.id);
    expect(offers.find((o) => o.staffId === ids.staffId('Jordan'))?.status).toBe('CLOSED');
    // The claimant who did not get it is told so.
    expect((await noticesOf('Jordan', open.id)).map((n) => n.subject)).toContain(
      'Open shift taken: Wednesday 2 December 2026, 07:00–15:30 America/New_York (EST) — Weekday day, Pharmacy technician',
    );
  });
});

describe('a call-out offered to the ranked candidates', () => {
  it('publishes the week with the shift open and offers it one at a time, passing on when time runs out', async () => {
    const version = await publishedVersion();
    const kevin = await t.db.assignment.findFirstOrThrow({
      where: { scheduleId: version.id, staffId: ids.staffId('Kevin'), shiftDate: WEDNESDAY },
    });
    const url = `/schedules/${version.id}/callout/${kevin.id}`;
    const page = await manager.get(url);
    expect(page.text).toContain('Or offer it to the ranked candidates');
    const bad = await manager
      .post(`${url}/offer`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), reason: 'sick', offerMode: 'ONE_AT_A_TIME', offerMinutes: '2' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Give each person 5 to 1440 minutes to answer.');
    expect((await publishedVersion()).version).toBe(3);

    const res = await manager
      .post(`${url}/offer`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), reason: 'sick', offerMode: 'ONE_AT_A_TIME', offerMinutes: '30' });
    expect(res.status).toBe(303);
    const after = await publishedVersion();
    expect(after.version).toBe(4);
    expect(after.changeSummary).toContain('Kevin');
    const open = await t.db.openShift.findFirstOrThrow({ where: { origin: 'CALL_OUT' } });
    expect(res.headers.location).toBe(`/open-shifts/${open.id}`);
    expect(open).toMatchObject({ offerMode: 'ONE_AT_A_TIME', offerMinutes: 30, shiftDate: WEDNESDAY });
    const offers = await offersOf(open.id);
    expect(offers.length).toBeGreaterThan(1);
    expect(offers.map((o) => o.status)).toEqual(['OFFERED', ...offers.slice(1).map(() => 'WAITING')]);
    expect(offers.map((o) => o.staffId)).not.toContain(ids.staffId('Kevin'));
    const firstExpiry = offers[0]!.expiresAt!.getTime();
    expect(firstExpiry - Date.now()).toBeGreaterThan(29 * 60_000);

    // Only the first in line is told, urgently (quiet hours do not hold a call-out back).
    const urgent = await t.db.outboxMessage.findMany({
      where: { entity: 'OpenShift', entityId: String(open.id) },
      select: { kind: true, urgent: true, user: { select: { staffId: true } } },
    });
    expect(urgent).toEqual([{ kind: 'CALLOUT_OFFER', urgent: true, user: { staffId: offers[0]!.staffId } }]);

    // Half an hour later nobody answered: the turn passes to the second in line.
    expect(await advanceOffers(t.db, new Date(firstExpiry + 1000))).toBe(1);
    const next = await offersOf(open.id);
    expect(next[0]!.status).toBe('EXPIRED');
    expect(next[1]!.status).toBe('OFFERED');
    expect(next.slice(2).every((o) => o.status === 'WAITING')).toBe(true);
    const nowTold = await t.db.outboxMessage.findMany({
      where: { entity: 'OpenShift', entityId: String(open.id) },
      select: { user: { select: { staffId: true } } },
      orderBy: { id: 'asc' },
    });
    expect(nowTold.map((m) => m.user?.staffId)).toEqual([offers[0]!.staffId, offers[1]!.staffId]);
  });
});

describe('withdrawing an open shift', () => {
  it('tells the people it was offered to or who claimed it, and nobody still waiting in line', async () => {
    const open = await t.db.openShift.findFirstOrThrow({ where: { origin: 'CALL_OUT', status: 'OPEN' } });
    const before = await offersOf(open.id);
    const live = before.filter((o) => o.status === 'OFFERED' || o.status === 'CLAIMED').map((o) => o.staffId);
    const waiting = before.filter((o) => o.status === 'WAITING').map((o) => o.staffId);
    expect(live.length).toBe(1);
    expect(waiting.length).toBeGreaterThan(0);
    const page = await manager.get(`/open-shifts/${open.id}`);
    const res = await manager
      .post(`/open-shifts/${open.id}/cancel`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(303);
    expect((await offersOf(open.id)).every((o) => ['CLOSED', 'EXPIRED'].includes(o.status))).toBe(true);

    const withdrawn = await t.db.notification.findMany({
      where: {
        entity: 'OpenShift',
        entityId: String(open.id),
        subject: { startsWith: 'Open shift withdrawn' },
      },
      select: { subject: true, user: { select: { staffId: true } } },
    });
    expect(withdrawn.map((n) => n.user.staffId)).toEqual(live);
    expect(withdrawn[0]!.subject).toBe(
      'Open shift withdrawn: Wednesday 2 December 2026, 07:00–15:30 America/New_York (EST) — Weekday day, Pharmacy technician',
    );
    expect(
      await t.db.outboxMessage.count({
        where: {
          entity: 'OpenShift',
          entityId: String(open.id),
          subject: { startsWith: 'Open shift withdrawn' },
        },
      }),
    ).toBe(1);
  });
});

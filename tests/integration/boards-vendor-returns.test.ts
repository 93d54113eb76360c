import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../helpers/test-app';
import { freezeClock, post, staffIdOf, versionOf } from './boards-helpers';

let t: TestApp;
let lead: Agent;
let manager: Agent;
let staff: Agent;
beforeAll(async () => {
  freezeClock();
  t = await createTestApp();
  [lead, manager, staff] = await Promise.all([
    t.signInAs('LEAD'),
    t.signInAs('MANAGER'),
    t.signInAs('STAFF'),
  ]);
});
afterAll(async () => {
  vi.useRealTimers();
  await t.close();
});

const VALID = {
  title: 'Return expired amoxicillin',
  vendor: 'Cardinal Health',
  drugName: 'Amoxicillin 500 mg capsules',
  ndc: '0093-3109-01',
  lot: 'LOT778',
  expiryDate: '2026-10-31',
  quantity: '3',
  reason: 'EXPIRED',
  expectedCredit: '$1,204.50',
  priority: 'HIGH',
};

async function createReturn(fields: Record<string, string> = {}): Promise<number> {
  const res = await post(
    lead,
    '/boards/vendor-returns',
    { ...VALID, ...fields },
    '/boards/vendor-returns/new',
  );
  expect(res.status).toBe(303);
  return Number(/\/tasks\/(\d+)/.exec(res.headers.location ?? '')![1]);
}

async function move(
  agent: Agent,
  id: number,
  to: string,
  extra: Record<string, string> = {},
  version?: number,
) {
  return post(
    agent,
    `/tasks/${id}/move`,
    { to, version: version ?? (await versionOf(t.db, id)), ...extra },
    `/tasks/${id}`,
  );
}

describe('vendor-return board', () => {
  it('shows leads and managers the board as columns with the seeded cards, and refuses staff', async () => {
    const res = await lead.get('/boards/vendor-returns');
    expect(res.status).toBe(200);
    for (const column of [
      'Identified',
      'Authorisation requested',
      'Authorised',
      'Packed',
      'Shipped',
      'Disputed',
      'Credit received',
    ]) {
      expect(res.text).toContain(`>${column} <span class="col-count">`);
    }
    const open = await t.db.task.findFirstOrThrow({
      where: { board: 'VENDOR_RETURN', closedAt: null },
      select: { title: true },
    });
    expect(res.text).toContain(open.title.replace(/&/g, '&amp;'));
    expect((await manager.get('/boards/vendor-returns')).status).toBe(200);
    const refused = await staff.get('/boards/vendor-returns');
    expect(refused.status).toBe(403);
  });

  it('filters by vendor and sorts the list view by amount', async () => {
    const res = await lead.get('/boards/vendor-returns?view=list&sort=amount&dir=desc&party=McKesson');
    expect(res.status).toBe(200);
    expect(res.text).toContain('class="table board-list"');
    expect(res.text).not.toMatch(/<span class="muted">Cardinal Health<\/span>/);
    const amounts = [...res.text.matchAll(/<td class="num">\$([\d,]+\.\d\d)<\/td>/g)].map((m) =>
      Number(m[1]!.replace(/,/g, '')),
    );
    expect(amounts.length).toBeGreaterThan(0);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
  });

  it('creates a return with the NDC normalised to 11 digits and money in cents, with its history', async () => {
    const id = await createReturn();
    const row = await t.db.vendorReturn.findUniqueOrThrow({ where: { taskId: id } });
    expect(row).toMatchObject({
      ndc: '00093310901',
      expectedCreditCents: 120450,
      quantity: 3,
      reason: 'EXPIRED',
    });
    const task = await t.db.task.findUniqueOrThrow({
      where: { id },
      select: { status: true, priority: true, events: true },
    });
    expect(task.status).toBe('IDENTIFIED');
    expect(task.events.map((e) => e.kind)).toEqual(['CREATED']);
    const page = await lead.get(`/tasks/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('00093-3109-01');
    expect(page.text).toContain('$1,204.50');
  });

  it('re-renders the form with 400, a message per field and the input kept', async () => {
    const res = await post(
      lead,
      '/boards/vendor-returns',
      { ...VALID, ndc: '0093310901', quantity: '0', reason: '', expectedCredit: '12.345' },
      '/boards/vendor-returns/new',
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('A 10-digit NDC needs its dashes');
    expect(res.text).toContain('The quantity must be more than zero.');
    expect(res.text).toContain('Choose why the product goes back.');
    expect(res.text).toContain('Enter an amount in dollars and cents');
    expect(res.text).toContain('value="Amoxicillin 500 mg capsules"');
    expect(res.text).toContain('value="0093310901"');
  });

  it('refuses a DEA Form 222 number on a return that is not Schedule II', async () => {
    const res = await post(
      lead,
      '/boards/vendor-returns',
      { ...VALID, deaForm222Number: '261234567' },
      '/boards/vendor-returns/new',
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('only for Schedule II returns');
  });

  it('refuses staff the create form and the create post', async () => {
    expect((await staff.get('/boards/vendor-returns/new')).status).toBe(403);
    const res = await post(staff, '/boards/vendor-returns', VALID);
    expect(res.status).toBe(403);
  });

  it('moves a return through its whole flow, requiring the RA number, shipping facts and the credit', async () => {
    const id = await createReturn();
    expect((await move(lead, id, 'AUTH_REQUESTED')).status).toBe(303);

    const skip = await move(lead, id, 'SHIPPED');
    expect(skip.status).toBe(400);
    expect(skip.text).toContain(
      'cannot move to “Shipped”; it can move only to “Authorised”, “Identified” or “Disputed”.',
    );

    const noRa = await move(lead, id, 'AUTHORISED');
    expect(noRa.status).toBe(400);
    expect(noRa.text).toContain('Record the return authorisation (RA) number');
    expect((await t.db.task.findUniqueOrThrow({ where: { id } })).status).toBe('AUTH_REQUESTED');

    expect((await move(lead, id, 'AUTHORISED', { raNumber: 'CAH-RA-1' })).status).toBe(303);
    expect((await move(lead, id, 'PACKED')).status).toBe(303);

    const noShip = await move(lead, id, 'SHIPPED');
    expect(noShip.status).toBe(400);
    expect(noShip.text).toContain('Enter the date the return was shipped.');
    expect(noShip.text).toContain('Enter the carrier’s tracking number.');
    expect(
      (await move(lead, id, 'SHIPPED', { shippedOn: '2026-11-24', trackingNumber: '1Z999' })).status,
    ).toBe(303);

    const noCredit = await move(lead, id, 'CREDIT_RECEIVED');
    expect(noCredit.status).toBe(400);
    expect(noCredit.text).toContain('Enter the credit received');
    const zero = await move(lead, id, 'CREDIT_RECEIVED', { receivedCredit: '0' });
    expect(zero.status).toBe(400);
    expect(zero.text).toContain('Say why the credit is zero.');
    expect((await move(lead, id, 'CREDIT_RECEIVED', { receivedCredit: '1180.00' })).status).toBe(303);

    const task = await t.db.task.findUniqueOrThrow({
      where: { id },
      select: {
        status: true,
        closedAt: true,
        version: true,
        vendorReturn: true,
        events: { orderBy: { id: 'asc' } },
      },
    });
    expect(task.status).toBe('CREDIT_RECEIVED');
    expect(task.closedAt).not.toBeNull();
    expect(task.vendorReturn).toMatchObject({
      raNumber: 'CAH-RA-1',
      shippedOn: '2026-11-24',
      trackingNumber: '1Z999',
      receivedCreditCents: 118000,
    });
    const statusEvents = task.events
      .filter((e) => e.kind === 'STATUS')
      .map((e) => `${e.fromValue}→${e.toValue}`);
    expect(statusEvents).toEqual([
      'IDENTIFIED→AUTH_REQUESTED',
      'AUTH_REQUESTED→AUTHORISED',
      'AUTHORISED→PACKED',
      'PACKED→SHIPPED',
      'SHIPPED→CREDIT_RECEIVED',
    ]);
    expect(task.events.filter((e) => e.kind === 'FIELD').map((e) => e.field)).toEqual([
      'raNumber',
      'shippedOn',
      'trackingNumber',
      'receivedCreditCents',
    ]);
    const audits = await t.db.auditLog.count({ where: { action: 'task.move', entityId: String(id) } });
    expect(audits).toBe(5);

    const page = await lead.get(`/tasks/${id}`);
    expect(page.text).toContain('This card is finished');
    expect(page.text).toContain('Packed → Shipped');
    expect(page.text).toContain('— → $1,180.00');
  });

  it('keeps a Schedule II return from shipping until its DEA Form 222 number is recorded', async () => {
    const id = await createReturn({ scheduleII: 'on', raNumber: 'RA-C2', title: 'Return oxycodone' });
    await move(lead, id, 'AUTH_REQUESTED');
    await move(lead, id, 'AUTHORISED');
    await move(lead, id, 'PACKED');
    const refused = await move(lead, id, 'SHIPPED', { shippedOn: '2026-11-25', trackingNumber: '1Z1' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain(
      'A Schedule II return cannot ship until its DEA Form 222 number is recorded.',
    );
    const ok = await move(lead, id, 'SHIPPED', {
      shippedOn: '2026-11-25',
      trackingNumber: '1Z1',
      deaForm222Number: '261234567',
    });
    expect(ok.status).toBe(303);
  });

  it('answers a stale move with 409 and the card’s new state, and changes nothing', async () => {
    const id = await createReturn();
    const stale = await versionOf(t.db, id);
    expect((await move(lead, id, 'AUTH_REQUESTED', {}, stale)).status).toBe(303);
    const second = await move(manager, id, 'AUTH_REQUESTED', {}, stale);
    expect(second.status).toBe(409);
    expect(second.text).toContain('This card changed while you were looking at it.');
    expect(second.text).toContain('It is now in “Authorisation requested”');
    const events = await t.db.taskEvent.count({ where: { taskId: id, kind: 'STATUS' } });
    expect(events).toBe(1);
  });

  it('moves by JSON for the board script, with the same rules and conflicts', async () => {
    const id = await createReturn();
    const csrf = (await lead.get('/boards/vendor-returns')).text.match(/data-csrf="([^"]+)"/)![1]!;
    const version = await versionOf(t.db, id);
    const ok = await lead
      .post(`/tasks/${id}/move`)
      .set('X-CSRF-Token', csrf)
      .set('Accept', 'application/json')
      .send({ to: 'AUTH_REQUESTED', version });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, status: 'AUTH_REQUESTED' });
    const stale = await lead
      .post(`/tasks/${id}/move`)
      .set('X-CSRF-Token', csrf)
      .set('Accept', 'application/json')
      .send({ to: 'AUTHORISED', version });
    expect(stale.status).toBe(409);
    expect(stale.body.card).toMatchObject({ status: 'AUTH_REQUESTED', version: version + 1 });
    const refused = await lead
      .post(`/tasks/${id}/move`)
      .set('X-CSRF-Token', csrf)
      .set('Accept', 'application/json')
      .send({ to: 'CREDIT_RECEIVED', version: version + 1 });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toContain('it can move only to');
  });

  it('lets staff see and move their own card but not someone else’s', async () => {
    const mine = await createReturn({ assigneeId: String(await staffIdOf(t, 'STAFF')) });
    const other = await createReturn({ assigneeId: String(await staffIdOf(t, 'LEAD')) });
    expect((await staff.get(`/tasks/${mine}`)).status).toBe(200);
    expect((await move(staff, mine, 'AUTH_REQUESTED')).status).toBe(303);
    expect((await staff.get(`/tasks/${other}`)).status).toBe(403);
    const refused = await post(staff, `/tasks/${other}/move`, {
      to: 'AUTH_REQUESTED',
      version: await versionOf(t.db, other),
    });
    expect(refused.status).toBe(403);
    expect((await t.db.task.findUniqueOrThrow({ where: { id: other } })).status).toBe('IDENTIFIED');
    const edit = await post(staff, `/tasks/${mine}/edit`, { ...VALID, version: await versionOf(t.db, mine) });
    expect(edit.status).toBe(403);
  });

  it('edits a card with a history event per changed field, and refuses clearing what the status needs', async () => {
    const id = await createReturn({ raNumber: 'RA-9' });
    await move(lead, id, 'AUTH_REQUESTED');
    await move(lead, id, 'AUTHORISED');
    const cleared = await post(
      lead,
      `/tasks/${id}/edit`,
      { ...VALID, raNumber: '', version: await versionOf(t.db, id) },
      `/tasks/${id}`,
    );
    expect(cleared.status).toBe(400);
    expect(cleared.text).toContain('Record the return authorisation (RA) number');
    const ok = await post(
      lead,
      `/tasks/${id}/edit`,
      { ...VALID, raNumber: 'RA-9', lot: 'LOT779', quantity: '4', version: await versionOf(t.db, id) },
      `/tasks/${id}`,
    );
    expect(ok.status).toBe(303);
    const fields = await t.db.taskEvent.findMany({
      where: { taskId: id, kind: 'FIELD' },
      select: { field: true, fromValue: true, toValue: true },
    });
    expect(fields).toEqual([
      { field: 'lot', fromValue: 'LOT778', toValue: 'LOT779' },
      { field: 'quantity', fromValue: '3', toValue: '4' },
    ]);
  });

  it('adds comments to the card and its history', async () => {
    const id = await createReturn();
    const res = await post(
      lead,
      `/tasks/${id}/comments`,
      { body: 'Called Cardinal; RA promised by Friday.' },
      `/tasks/${id}`,
    );
    expect(res.status).toBe(303);
    const page = await lead.get(`/tasks/${id}`);
    expect(page.text).toContain('Called Cardinal; RA promised by Friday.');
    expect(await t.db.taskEvent.count({ where: { taskId: id, kind: 'COMMENT' } })).toBe(1);
    const empty = await post(lead, `/tasks/${id}/comments`, { body: '  ' }, `/tasks/${id}`);
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Write a comment first.');
  });

  it('sums credit outstanding by vendor and age', async () => {
    const res = await lead.get('/boards/vendor-returns/summary');
    expect(res.status).toBe(200);
    for (const bucket of ['0–30 days', '31–60 days', '61–90 days', 'Over 90 days'])
      expect(res.text).toContain(bucket);
    const open = await t.db.vendorReturn.findMany({
      where: { task: { closedAt: null } },
      select: { vendor: true, expectedCreditCents: true },
    });
    const total = open.reduce((s, r) => s + (r.expectedCreditCents ?? 0), 0);
    const dollars = `$${Math.floor(total / 100).toLocaleString('en-US')}.${String(total % 100).padStart(2, '0')}`;
    expect(res.text).toContain(`<strong>${dollars}</strong>`);
    expect(res.text).toContain(open[0]!.vendor);
    expect((await staff.get('/boards/vendor-returns/summary')).status).toBe(403);
  });

  it('is a 404 for a card that does not exist', async () => {
    expect((await lead.get('/tasks/999999')).status).toBe(404);
    expect((await lead.get('/tasks/abc')).status).toBe(404);
  });
});

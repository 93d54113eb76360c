import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../helpers/test-app';
import { freezeClock, post, versionOf } from './boards-helpers';

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
  title: 'PA needed for Ozempic',
  rxNumber: 'RX7712093',
  dateOfService: '2026-11-20',
  payerName: 'Express Scripts',
  bin: '003858',
  pcn: 'A4',
  rejectCode: '75',
  amount: '912.40',
  notes: 'Faxed PA form to prescriber.',
  priority: 'NORMAL',
};

async function createIssue(fields: Record<string, string> = {}): Promise<number> {
  const res = await post(
    lead,
    '/boards/billing-issues',
    { ...VALID, ...fields },
    '/boards/billing-issues/new',
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

describe('billing-issue board', () => {
  it('shows the board to leads and managers with reject codes and amounts, and refuses staff', async () => {
    const res = await lead.get('/boards/billing-issues');
    expect(res.status).toBe(200);
    for (const column of [
      'New',
      'Investigating',
      'Waiting on payer',
      'Waiting on prescriber',
      'Resubmitted',
    ]) {
      expect(res.text).toContain(`>${column} <span class="col-count">`);
    }
    expect(res.text).toMatch(/Reject \w+ — /);
    expect((await manager.get('/boards/billing-issues?view=list&sort=age&dir=desc')).status).toBe(200);
    expect((await staff.get('/boards/billing-issues')).status).toBe(403);
    expect((await staff.get('/boards/billing-issues/new')).status).toBe(403);
  });

  it('offers the reject-code catalogue with meanings on the form', async () => {
    const res = await lead.get('/boards/billing-issues/new');
    expect(res.text).toContain('<option value="75" >75 — Prior Authorization Required</option>');
    expect(res.text).toContain('<option value="MR" >MR — Product Not On Formulary</option>');
    expect(res.text).toContain('Other code (type it below)');
  });

  it('creates an issue from a catalogue code, and from a code typed in', async () => {
    const id = await createIssue();
    expect(await t.db.billingIssue.findUniqueOrThrow({ where: { taskId: id } })).toMatchObject({
      rejectCode: '75',
      bin: '003858',
      amountCents: 91240,
    });
    const other = await createIssue({ rejectCode: 'OTHER', rejectCodeOther: '4y' });
    expect((await t.db.billingIssue.findUniqueOrThrow({ where: { taskId: other } })).rejectCode).toBe('4Y');
    const page = await lead.get(`/tasks/${other}`);
    expect(page.text).toContain('4Y (not in the catalogue)');
  });

  it('re-renders the form with 400 and field messages, keeping the input', async () => {
    const res = await post(
      lead,
      '/boards/billing-issues',
      { ...VALID, bin: '61001', amount: 'lots', rxNumber: '' },
      '/boards/billing-issues/new',
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('A BIN is exactly 6 digits, e.g. 610014.');
    expect(res.text).toContain('Enter an amount in dollars and cents');
    expect(res.text).toContain('Enter the prescription number.');
    expect(res.text).toContain('value="Express Scripts"');
    expect(res.text).toContain('value="61001"');
    const code = await post(
      lead,
      '/boards/billing-issues',
      { ...VALID, rejectCode: 'OTHER', rejectCodeOther: 'TOOLONG' },
      '/boards/billing-issues/new',
    );
    expect(code.status).toBe(400);
    expect(code.text).toContain('An NCPDP reject code is 1 to 3 letters or digits');
  });

  it('follows the flow, naming the allowed steps, and resolves only with an outcome', async () => {
    const id = await createIssue();
    const early = await move(lead, id, 'RESOLVED_PAID', { outcome: 'Paid' });
    expect(early.status).toBe(400);
    expect(early.text).toContain(
      'A billing issue in “New” cannot move to “Resolved (paid)”; it can move only to “Investigating”.',
    );
    expect((await move(lead, id, 'INVESTIGATING')).status).toBe(303);
    expect((await move(lead, id, 'WAITING_PRESCRIBER')).status).toBe(303);
    expect((await move(lead, id, 'RESUBMITTED')).status).toBe(303);
    const noOutcome = await move(lead, id, 'RESOLVED_PAID');
    expect(noOutcome.status).toBe(400);
    expect(noOutcome.text).toContain('Record the outcome');
    expect((await move(lead, id, 'RESOLVED_PAID', { outcome: 'PA approved; paid $912.40' })).status).toBe(
      303,
    );
    const task = await t.db.task.findUniqueOrThrow({
      where: { id },
      select: { status: true, closedAt: true, billingIssue: true },
    });
    expect(task.status).toBe('RESOLVED_PAID');
    expect(task.closedAt).not.toBeNull();
    expect(task.billingIssue!.outcome).toBe('PA approved; paid $912.40');
    const history = await t.db.taskEvent.findMany({
      where: { taskId: id },
      orderBy: { id: 'asc' },
      select: { kind: true, field: true, toValue: true },
    });
    expect(history.map((e) => `${e.kind}:${e.toValue}`)).toEqual([
      'CREATED:NEW',
      'STATUS:INVESTIGATING',
      'STATUS:WAITING_PRESCRIBER',
      'STATUS:RESUBMITTED',
      'FIELD:PA approved; paid $912.40',
      'STATUS:RESOLVED_PAID',
    ]);
  });

  it('writes off only with an outcome', async () => {
    const id = await createIssue();
    await move(lead, id, 'INVESTIGATING');
    expect((await move(lead, id, 'WRITTEN_OFF')).status).toBe(400);
    expect(
      (await move(lead, id, 'WRITTEN_OFF', { outcome: 'Plan exclusion; patient declined cash price' }))
        .status,
    ).toBe(303);
  });

  it('refuses a stale form with 409 and shows the current state', async () => {
    const id = await createIssue();
    const version = await versionOf(t.db, id);
    expect((await move(manager, id, 'INVESTIGATING', {}, version)).status).toBe(303);
    const stale = await post(
      lead,
      `/tasks/${id}/edit`,
      { ...VALID, amount: '1.00', version },
      `/tasks/${id}`,
    );
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('This card changed while you were looking at it.');
    expect(stale.text).toContain('It is now in “Investigating”');
    expect((await t.db.billingIssue.findUniqueOrThrow({ where: { taskId: id } })).amountCents).toBe(91240);
  });

  it('sums the open amount by reject code and age', async () => {
    await createIssue({ rejectCode: 'MR', amount: '100.00', dateOfService: '2026-07-01' });
    const res = await lead.get('/boards/billing-issues/summary');
    expect(res.status).toBe(200);
    expect(res.text).toContain('MR — Product Not On Formulary');
    expect(res.text).toContain('75 — Prior Authorization Required');
    expect(res.text).toContain('Over 90 days');
    expect(res.text).toMatch(/<td class="num aged">\$100\.00<\/td>/);
    expect((await staff.get('/boards/billing-issues/summary')).status).toBe(403);
  });
});

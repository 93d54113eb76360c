// The open-shift claim policy and swap approval of a site (issue 13): a manager page of their own,
// validated and audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, csrfFrom, type Agent, type TestApp } from '../helpers/test-app';

let t: TestApp;
let manager: Agent;

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
});
afterAll(async () => {
  await t.close();
});

async function save(fields: Record<string, string>) {
  const page = await manager.get('/exchange-settings');
  return manager
    .post('/exchange-settings')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), ...fields });
}

const settings = () =>
  t.db.site.findFirstOrThrow({ select: { claimPolicy: true, swapApproval: true }, orderBy: { id: 'asc' } });

describe('open-shift and swap settings', () => {
  it('shows the defaults to managers only', async () => {
    const page = await manager.get('/exchange-settings');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/value="FIRST_VALID" checked/);
    expect(page.text).toMatch(/value="MANAGER" checked/);
    expect((await (await t.signInAs('STAFF')).get('/exchange-settings')).status).toBe(403);
  });

  it('re-renders a missing choice with 400 and saves nothing', async () => {
    const res = await save({ claimPolicy: 'MANAGER_PICKS' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Choose how swaps are approved.');
    expect(await settings()).toEqual({ claimPolicy: 'FIRST_VALID', swapApproval: 'MANAGER' });
  });

  it('saves both choices and audits the change in words', async () => {
    expect((await save({ claimPolicy: 'MANAGER_PICKS', swapApproval: 'AUTOMATIC' })).status).toBe(303);
    expect(await settings()).toEqual({ claimPolicy: 'MANAGER_PICKS', swapApproval: 'AUTOMATIC' });
    const audit = await t.db.auditLog.findFirstOrThrow({
      where: { action: 'site.exchange_settings' },
      select: { detail: true },
    });
    expect(audit.detail).toBe(
      'open shifts: first valid claim → manager picks; swaps: manager approves → automatic when the rules allow',
    );
  });
});

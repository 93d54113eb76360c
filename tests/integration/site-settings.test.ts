// The site's notice window (issue 11): a manager-only form with validation; the solver input of a
// re-solve makes changes inside the window cost more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSolverInput, shiftKey } from '../../server/scheduling/solver-input.service';
import { demoLookups } from '../helpers/publish-fixtures';
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
  const page = await manager.get('/site-settings');
  return manager
    .post('/site-settings')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), claimPolicy: 'FIRST_VALID', swapApproval: 'MANAGER', ...fields });
}

describe('site settings', () => {
  it('shows the notice window with its defaults to managers only', async () => {
    const page = await manager.get('/site-settings');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/name="noticeWindowDays" type="text" value="14"/);
    expect(page.text).toMatch(/name="weightNoticeChange" type="text" value="200"/);
    const staff = await t.signInAs('STAFF');
    expect((await staff.get('/site-settings')).status).toBe(403);
  });

  it('re-renders bad values with 400, each field marked, and saves nothing', async () => {
    const res = await save({ noticeWindowDays: '-3', weightNoticeChange: 'lots' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('The notice window cannot be negative.');
    expect(res.text).toContain('The cost of a change inside the notice window must be a whole number.');
    expect(res.text).toMatch(/value="lots"/);
    const site = await t.db.site.findFirstOrThrow({
      select: { noticeWindowDays: true, weightNoticeChange: true },
    });
    expect(site).toEqual({ noticeWindowDays: 14, weightNoticeChange: 200 });
  });

  it('saves valid values, audits them, and a solve then prices changes inside the window higher', async () => {
    const res = await save({ noticeWindowDays: '3', weightNoticeChange: '500' });
    expect(res.status).toBe(303);
    const site = await t.db.site.findFirstOrThrow({
      select: { id: true, noticeWindowDays: true, weightNoticeChange: true, weightStability: true },
    });
    expect(site).toMatchObject({ noticeWindowDays: 3, weightNoticeChange: 500 });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'site.settings' } });
    expect(audit.detail).toBe('notice window 14 → 3 days; cost per change inside it 200 → 500');

    // Tuesday 1 Dec 2026, 12:00 in New York: Tuesday's day shift has started; the 3-day window runs
    // to Friday 12:00, so Friday's 07:00 shift is inside it and Friday's 15:00 evening outside.
    const ids = await demoLookups(t.db);
    const day = ids.templateId('Weekday day');
    const ctx = await loadSolverInput(t.db, site.id, '2026-11-30', {
      previousFrom: 'none',
      now: new Date('2026-12-01T17:00:00Z'),
    });
    expect(ctx.input.frozenShifts).toContain(shiftKey(day, '2026-12-01'));
    expect(ctx.input.frozenShifts).not.toContain(shiftKey(day, '2026-12-02'));
    expect(ctx.input.changeCosts?.[shiftKey(day, '2026-12-03')]).toBe(site.weightStability + 500);
    expect(ctx.input.changeCosts?.[shiftKey(day, '2026-12-01')]).toBeUndefined();
    expect(ctx.input.changeCosts?.[shiftKey(day, '2026-12-04')]).toBe(site.weightStability + 500);
    const evening = ids.templateId('Weekday evening');
    expect(ctx.input.changeCosts?.[shiftKey(evening, '2026-12-04')]).toBeUndefined();
  });
});

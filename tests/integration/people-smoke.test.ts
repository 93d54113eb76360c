import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('people pages render', () => {
  it('renders every manager page', async () => {
    const m = await t.signInAs('MANAGER');
    const staff = await t.db.staff.findFirstOrThrow({
      where: { credentials: { some: {} }, positions: { some: {} } },
    });
    const cred = await t.db.credential.findFirstOrThrow();
    const type = await t.db.credentialType.findFirstOrThrow();
    const tpl = await t.db.shiftTemplate.findFirstOrThrow();
    for (const url of [
      '/',
      '/staff',
      '/staff?q=a&active=all',
      '/staff/new',
      `/staff/${staff.id}`,
      `/staff/${staff.id}?on=2027-06-01`,
      `/staff/${staff.id}/edit`,
      '/staff/export.csv',
      '/staff/import',
      `/staff/${staff.id}/credentials/new`,
      `/credentials/${cred.id}/edit`,
      '/credentials/expiring',
      '/credentials/expiring?within=60',
      '/credential-types',
      '/credential-types/new',
      `/credential-types/${type.id}/edit`,
      '/positions',
      '/my/credentials',
      '/availability',
      `/staff/${staff.id}/availability`,
      '/time-off',
      '/time-off/review',
      '/shift-templates',
      '/shift-templates/new',
      `/shift-templates/${tpl.id}/edit`,
      '/coverage',
      '/coverage?week=2026-03-09',
    ]) {
      const res = await m.get(url);
      expect(res.status, url + ' ' + res.text.slice(0, 3000)).toBe(200);
    }
  });
});

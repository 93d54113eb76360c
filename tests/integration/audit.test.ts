import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('audit log', () => {
  it('lists sign-ins with who and when, newest first, and filters by action', async () => {
    await t.signInAs('STAFF');
    const manager = await t.signInAs('MANAGER');
    const page = await manager.get('/audit');
    expect(page.status).toBe(200);
    const firstRow = /<tbody>\s*<tr>([\s\S]*?)<\/tr>/.exec(page.text)?.[1] ?? '';
    expect(firstRow).toContain('Denise Alvarez');
    // The action in words; its code only in the filter's value.
    expect(firstRow).toContain('<td>Signed in</td>');
    expect(page.text).toContain('<option value="auth.sign_in" >Signed in</option>');

    const filtered = await manager.get('/audit?action=auth.sign_out');
    expect(filtered.status).toBe(200);
    expect(filtered.text).toContain('Nothing recorded for this action yet.');
  });

  it('ignores a malformed filter instead of failing', async () => {
    const manager = await t.signInAs('MANAGER');
    const res = await manager.get('/audit?action=%3Cscript%3E&page=-4');
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<script>');
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ showErrorStacks: false });
});
afterAll(async () => {
  await t.close();
});

describe('error pages', () => {
  it('answers 404 for a record that does not exist', async () => {
    const manager = await t.signInAs('MANAGER');
    const res = await manager.get('/staff/987654');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Page not found');
  });
  // Last: it breaks the database for this file's app.
  it('shows the 500 page in the layout without internals when something breaks, and logs the error', async () => {
    const manager = await t.signInAs('MANAGER');
    // Break the database under one page: the audit log's table is gone.
    await t.db.$executeRawUnsafe('DROP TABLE "AuditLog"');
    const logged: unknown[] = [];
    vi.mocked(console.error).mockImplementation((...args: unknown[]) => void logged.push(args));
    const res = await manager.get('/audit');
    expect(res.status).toBe(500);
    expect(res.text).toContain('Server error');
    expect(res.text).toContain('Something went wrong on our side.');
    expect(res.text).toContain('class="topbar"');
    expect(res.text).not.toMatch(/AuditLog|prisma|at \w+ \(/i);
    expect(logged).toHaveLength(1);
  });
});

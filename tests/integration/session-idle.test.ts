import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app';

// A session ends after SESSION_IDLE_MINUTES without use, and never while its person keeps working.
// The clock is moved by hand (only Date is faked; timers and the database run as usual).

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ sessionIdleMinutes: 1 });
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  await t.close();
});

describe('idle expiry (1 minute)', () => {
  it('keeps a busy person signed in well past the idle limit', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const lead = await t.signInAs('LEAD');
    // A request every 40 s for 4 minutes: never a minute idle.
    for (let second = 40; second <= 240; second += 40) {
      vi.setSystemTime(start + second * 1000);
      const res = await lead.get('/boards/vendor-returns');
      expect(res.status, `request at ${second} s`).toBe(200);
    }
  });

  it('signs a person out after a minute without a request', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const lead = await t.signInAs('LEAD');
    vi.setSystemTime(start + 30_000);
    expect((await lead.get('/boards/vendor-returns')).status).toBe(200);
    vi.setSystemTime(start + 30_000 + 61_000);
    const res = await lead.get('/boards/vendor-returns');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/sign-in/);
  });
});

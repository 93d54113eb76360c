import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, csrfFrom, type TestApp } from '../helpers/test-app';

let direct: TestApp;
let proxied: TestApp;
beforeAll(async () => {
  direct = await createTestApp();
  proxied = await createTestApp({ trustProxy: true });
});
afterAll(async () => {
  await direct.close();
  await proxied.close();
});

function cookiesOf(res: request.Response): string[] {
  const value = res.headers['set-cookie'] as unknown;
  return Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
}

describe('security headers and cookies', () => {
  it('sends a content security policy that allows no inline script, and the usual helmet headers', async () => {
    const res = await request(direct.app).get('/sign-in');
    const csp = String(res.headers['content-security-policy']);
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
    expect(scriptSrc).toContain("'self'");
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('marks cookies Secure and sends HSTS behind an HTTPS proxy (TRUST_PROXY)', async () => {
    const page = await request(proxied.app).get('/sign-in').set('X-Forwarded-Proto', 'https');
    expect(page.headers['strict-transport-security']).toBeDefined();
    const anon = cookiesOf(page).find((c) => c.startsWith('__Host-rx_csrf='))!;
    expect(anon).toMatch(/;\s*Secure/i);
    const { email, password } = proxied.demoUser('MANAGER');
    const res = await request(proxied.app)
      .post('/sign-in')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', anon.split(';')[0]!)
      .type('form')
      .send({ email, password, _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(303);
    const sid = cookiesOf(res).find((c) => c.startsWith('rx_sid='));
    expect(sid).toMatch(/;\s*Secure/i);
  });

  it('ends the old session when someone signs in again on the same browser', async () => {
    const agent = await direct.signInAs('STAFF');
    const staffUser = await direct.db.user.findUniqueOrThrow({
      where: { email: direct.demoUser('STAFF').email },
    });
    const staffSessions = await direct.db.session.count({ where: { userId: staffUser.id } });
    const home = await agent.get('/');
    const { email, password } = direct.demoUser('LEAD');
    const res = await agent
      .post('/sign-in')
      .type('form')
      .send({ email, password, _csrf: csrfFrom(home.text) });
    expect(res.status).toBe(303);
    expect(await direct.db.session.count({ where: { userId: staffUser.id } })).toBe(staffSessions - 1);
    const now = await agent.get('/');
    expect(now.text).toContain('Today');
  });
});

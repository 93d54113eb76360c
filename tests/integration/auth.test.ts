import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, csrfFrom, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

function setCookies(res: { headers: Record<string, unknown> }): string[] {
  const value = res.headers['set-cookie'];
  return Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
}

async function signInPage(agent: ReturnType<typeof request.agent>) {
  const page = await agent.get('/sign-in');
  return csrfFrom(page.text);
}

describe('sign-in', () => {
  it('signs a manager in and shows the dashboard with real data', async () => {
    const agent = await t.signInAs('MANAGER');
    const home = await agent.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Dashboard');
    // The dashboard counts the manager's own site (the first; the demo's other sites have their own staff).
    const site = await t.db.site.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } });
    const activeStaff = await t.db.staff.count({ where: { active: true, siteId: site.id } });
    expect(home.text).toMatch(new RegExp(`Active staff</h2><p class="big">${activeStaff}<`));
  });

  it('shows a lead their day and staff their shifts', async () => {
    const lead = await t.signInAs('LEAD');
    expect((await lead.get('/')).text).toContain('On shift today');
    const staff = await t.signInAs('STAFF');
    const home = await staff.get('/');
    expect(home.text).toContain('Upcoming shifts');
  });

  it('refuses a wrong password with the same message as an unknown email, and keeps the email typed', async () => {
    const agent = request.agent(t.app);
    const { email } = t.demoUser('MANAGER');
    const csrf = await signInPage(agent);
    const wrong = await agent.post('/sign-in').type('form').send({ email, password: 'not-it', _csrf: csrf });
    const unknown = await agent
      .post('/sign-in')
      .type('form')
      .send({ email: 'nobody@example.org', password: 'not-it', _csrf: csrf });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.text).toContain('That email and password do not match an active account.');
    expect(unknown.text).toContain('That email and password do not match an active account.');
    expect(wrong.text).toContain(`value="${email}"`);
    expect(setCookies(wrong).join(';')).not.toContain('rx_sid=');
  });

  it('re-renders the form with 400 and a message by each empty field', async () => {
    const agent = request.agent(t.app);
    const csrf = await signInPage(agent);
    const res = await agent.post('/sign-in').type('form').send({ email: '', password: '', _csrf: csrf });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter your email address.');
    expect(res.text).toContain('Enter your password.');
    expect(res.text).toContain('aria-invalid="true"');
  });

  it('sends a signed-out visitor to sign-in and back to the page asked for', async () => {
    const agent = request.agent(t.app);
    const first = await agent.get('/?tab=x');
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/sign-in?next=%2F%3Ftab%3Dx');
    const page = await agent.get(first.headers.location as string);
    const { email, password } = t.demoUser('STAFF');
    const res = await agent
      .post('/sign-in')
      .type('form')
      .send({ email, password, next: '/?tab=x', _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/?tab=x');
  });

  it('never follows a next address to another site', async () => {
    const agent = request.agent(t.app);
    const { email, password } = t.demoUser('STAFF');
    const csrf = await signInPage(agent);
    const res = await agent
      .post('/sign-in')
      .type('form')
      .send({ email, password, next: '//evil.example/phish', _csrf: csrf });
    expect(res.headers.location).toBe('/');
  });

  it('issues a new session cookie at sign-in and stores only its HMAC', async () => {
    const agent = request.agent(t.app);
    const { email, password } = t.demoUser('LEAD');
    const csrf = await signInPage(agent);
    const res = await agent.post('/sign-in').type('form').send({ email, password, _csrf: csrf });
    const cookie = setCookies(res).find((c) => c.startsWith('rx_sid='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const token = decodeURIComponent(cookie!.split(';')[0]!.slice('rx_sid='.length));
    expect(await t.db.session.findUnique({ where: { id: token } })).toBeNull();
    expect(await t.db.session.count()).toBeGreaterThan(0);
  });

  it('signs out by destroying the server-side session', async () => {
    const agent = await t.signInAs('STAFF', 1);
    const before = await t.db.session.count();
    const home = await agent.get('/');
    const out = await agent
      .post('/sign-out')
      .type('form')
      .send({ _csrf: csrfFrom(home.text) });
    expect(out.status).toBe(303);
    expect(await t.db.session.count()).toBe(before - 1);
    expect((await agent.get('/')).status).toBe(303);
  });

  it('rejects a state-changing form without the CSRF token', async () => {
    const agent = await t.signInAs('STAFF');
    const res = await agent.post('/sign-out').type('form').send({});
    expect(res.status).toBe(403);
    expect(res.text).toContain('This form has expired');
    expect((await agent.get('/')).status).toBe(200);
  });

  it('rejects a sign-in form posted without the token of the sign-in page', async () => {
    const { email, password } = t.demoUser('MANAGER');
    const res = await request(t.app).post('/sign-in').type('form').send({ email, password });
    expect(res.status).toBe(403);
    expect(setCookies(res).join(';')).not.toContain('rx_sid=');
  });

  it('answers a missing page with the 404 page in the layout', async () => {
    const agent = await t.signInAs('STAFF');
    const res = await agent.get('/no-such-page');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Page not found');
    expect(res.text).toContain('class="topbar"');
  });

  it('ends a session after the idle timeout and deletes it', async () => {
    const agent = await t.signInAs('LEAD');
    const lead = await t.db.user.findUniqueOrThrow({ where: { email: t.demoUser('LEAD').email } });
    await t.db.session.updateMany({
      where: { userId: lead.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const before = await t.db.session.count({ where: { userId: lead.id } });
    const res = await agent.get('/');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/sign-in/);
    expect(await t.db.session.count({ where: { userId: lead.id } })).toBe(before - 1);
  });

  it('refuses an oversized form body with 413 and no change', async () => {
    const agent = await t.signInAs('STAFF');
    const home = await agent.get('/');
    const res = await agent
      .post('/sign-out')
      .type('form')
      .send({ _csrf: csrfFrom(home.text), filler: 'x'.repeat(300_000) });
    expect(res.status).toBe(413);
    expect((await agent.get('/')).status).toBe(200);
  });
});

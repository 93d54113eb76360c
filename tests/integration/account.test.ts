import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, csrfFrom, csrfOf, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function signIn(email: string, password: string) {
  const agent = request.agent(t.app);
  const page = await agent.get('/sign-in');
  const res = await agent
    .post('/sign-in')
    .type('form')
    .send({ email, password, _csrf: csrfFrom(page.text) });
  return { agent, res };
}

describe('changing my password', () => {
  it('refuses a wrong current password, a short one and a mismatch with messages by the fields', async () => {
    const agent = await t.signInAs('STAFF');
    const csrf = await csrfOf(agent, '/account/password');
    const wrong = await agent.post('/account/password').type('form').send({
      _csrf: csrf,
      currentPassword: 'nope',
      newPassword: 'long enough pass',
      confirmPassword: 'long enough pass',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('That is not your current password.');
    const short = await agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrf, currentPassword: 'password', newPassword: 'short', confirmPassword: 'other' });
    expect(short.status).toBe(400);
    expect(short.text).toContain('Use at least 10 characters.');
    expect(short.text).toContain('The two new passwords differ.');
  });

  it('changes it, ends my other sessions, and the old password stops working', async () => {
    const { email, password } = t.demoUser('STAFF', 1);
    const other = (await signIn(email, password)).agent;
    const agent = await t.signInAs('STAFF', 1);
    const res = await agent
      .post('/account/password')
      .type('form')
      .send({
        _csrf: await csrfOf(agent, '/account/password'),
        currentPassword: password,
        newPassword: 'correct horse battery staple',
        confirmPassword: 'correct horse battery staple',
      });
    expect(res.status).toBe(303);
    expect((await agent.get('/')).text).toContain('Your password has been changed.');
    expect((await other.get('/')).status).toBe(303);
    expect((await signIn(email, password)).res.status).toBe(401);
    expect((await signIn(email, 'correct horse battery staple')).res.status).toBe(303);
  });

  it('sends someone with a one-time password to choose their own before anything else', async () => {
    const { email, password } = t.demoUser('LEAD');
    await t.db.user.update({ where: { email }, data: { mustChangePassword: true } });
    const { agent, res } = await signIn(email, password);
    expect(res.headers.location).toBe('/');
    const home = await agent.get('/');
    expect(home.status).toBe(303);
    expect(home.headers.location).toBe('/account/password?next=%2F');
    const page = await agent.get('/account/password?next=%2F');
    expect(page.text).toContain('You signed in with a one-time password.');
    const done = await agent
      .post('/account/password')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        currentPassword: password,
        newPassword: 'a brand new secret',
        confirmPassword: 'a brand new secret',
        next: '/',
      });
    expect(done.headers.location).toBe('/');
    expect((await agent.get('/')).status).toBe(200);
    expect((await t.db.user.findUniqueOrThrow({ where: { email } })).mustChangePassword).toBe(false);
  });
});

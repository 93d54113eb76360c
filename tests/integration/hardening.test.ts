// Regression tests for the findings of the outside security review (issue 12) that have no test
// file of their own: audit scope, role changes, search wildcards, hidden characters in names,
// body-parser errors, private pages, the forced password change and the anonymous CSRF cookie.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../../server/config';
import { hashPassword } from '../../server/account/passwords';
import { createTestApp, csrfFrom, csrfOf, type Agent, type TestApp } from '../helpers/test-app';

let t: TestApp;
let manager: Agent;
beforeAll(async () => {
  t = await createTestApp({ showErrorStacks: true });
  manager = await t.signInAs('MANAGER');
});
afterAll(async () => {
  await t.close();
});

async function post(agent: Agent, url: string, form: Record<string, string>, csrfPage = '/') {
  return agent
    .post(url)
    .type('form')
    .send({ _csrf: await csrfOf(agent, csrfPage), ...form });
}

async function signIn(email: string, password: string): Promise<Agent> {
  const agent = request.agent(t.app);
  const page = await agent.get('/sign-in');
  const res = await agent
    .post('/sign-in')
    .type('form')
    .send({ email, password, _csrf: csrfFrom(page.text) });
  expect(res.status).toBe(303);
  return agent;
}

const person = {
  firstName: 'Rosa',
  lastName: 'Quintero',
  email: 'rosa.q@example.org',
  role: 'STAFF',
  employmentType: 'PART_TIME',
  hourlyRate: '24.75',
  minWeeklyHours: '16',
  targetWeeklyHours: '24',
  maxWeeklyHours: '32',
  phone: '',
};

describe('audit log', () => {
  it("shows a site's manager only their own site's entries", async () => {
    const second = await t.db.site.create({
      data: { name: 'Northside Pharmacy', timeZone: 'America/Chicago', usState: 'IL' },
      select: { id: true },
    });
    const staff = await t.db.staff.create({
      data: {
        siteId: second.id,
        firstName: 'Omar',
        lastName: 'Northside',
        employmentType: 'FULL_TIME',
        hourlyRateCents: 5000,
      },
      select: { id: true },
    });
    await t.db.user.create({
      data: {
        email: 'omar@northside.test',
        role: 'MANAGER',
        staffId: staff.id,
        passwordHash: await hashPassword('northside-password'),
      },
    });
    const local = t.demoUser('STAFF');
    await t.signInAs('STAFF');
    const failed = request.agent(t.app);
    const page = await failed.get('/sign-in');
    await failed
      .post('/sign-in')
      .type('form')
      .send({ email: local.email, password: 'wrong', _csrf: csrfFrom(page.text) });

    const other = await signIn('omar@northside.test', 'northside-password');
    const theirs = await other.get('/audit');
    expect(theirs.status).toBe(200);
    expect(theirs.text).toContain('Omar Northside');
    expect(theirs.text).not.toContain(local.email);
    expect(theirs.text).not.toContain('Denise Alvarez');
    expect(theirs.text).not.toContain('auth.sign_in_failed');

    const ours = await manager.get('/audit');
    expect(ours.text).toContain(local.email);
    expect(ours.text).not.toContain('Omar Northside');
  });

  it('records an app role change with from and to', async () => {
    const created = await post(manager, '/staff', { ...person, email: 'role.change@example.org' });
    expect(created.status).toBe(201);
    const user = await t.db.user.findUniqueOrThrow({
      where: { email: 'role.change@example.org' },
      select: { staffId: true },
    });
    const res = await post(manager, `/staff/${user.staffId}`, {
      ...person,
      email: 'role.change@example.org',
      role: 'LEAD',
    });
    expect(res.status).toBe(303);
    const entry = await t.db.auditLog.findFirstOrThrow({
      where: { action: 'staff.role_change', entityId: String(user.staffId) },
      select: { detail: true },
    });
    expect(entry.detail).toBe('STAFF → LEAD');
    expect((await manager.get('/audit?action=staff.role_change')).text).toContain('STAFF → LEAD');
  });
});

describe('text fields', () => {
  it('searches staff for % and _ as typed, not as wildcards', async () => {
    for (const q of ['_', '%', '\\']) {
      const res = await manager.get(`/staff?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(res.text, q).toContain('Nobody matches these filters.');
    }
    await post(manager, '/staff', { ...person, lastName: 'Under_score', email: 'under.score@example.org' });
    const found = await manager.get('/staff?q=_');
    const someoneElse = await t.db.staff.findFirstOrThrow({
      where: { lastName: 'Alvarez' },
      select: { id: true },
    });
    expect(found.text).toContain('Under_score');
    expect(found.text).not.toContain(`/staff/${someoneElse.id}"`);
  });

  it('strips NUL and direction overrides from names, and refuses a name made only of zero-width spaces', async () => {
    const empty = await post(manager, '/staff', {
      ...person,
      firstName: '\u200b\u200b\u2060',
      email: 'zw@example.org',
    });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Enter a first name.');
    expect(await t.db.user.count({ where: { email: 'zw@example.org' } })).toBe(0);

    const res = await post(manager, '/staff', {
      ...person,
      firstName: 'Ro\u0000sa',
      lastName: '\u202eQuin\u2066tero',
      email: 'hidden@example.org',
    });
    expect(res.status).toBe(201);
    const stored = await t.db.staff.findFirstOrThrow({
      where: { user: { email: 'hidden@example.org' } },
      select: { firstName: true, lastName: true },
    });
    expect(stored).toEqual({ firstName: 'Rosa', lastName: 'Quintero' });
  });
});

describe('body-parser errors', () => {
  const clean = (text: string) => {
    expect(text).toContain('RxRoster');
    expect(text).not.toContain('currentUser is not defined');
    expect(text).not.toMatch(/node_modules|\/work\/|at [A-Za-z.]+ \(/);
  };

  it('answers an oversized sign-in with the 413 page', async () => {
    const res = await request(t.app)
      .post('/sign-in')
      .type('form')
      .send(`email=${'x'.repeat(300_000)}`);
    expect(res.status).toBe(413);
    clean(res.text);
    expect(res.text).toContain('This request is too large.');
  });

  it('answers too many parameters with the 413 page', async () => {
    const body = Array.from({ length: 2000 }, (_, i) => `f${i}=1`).join('&');
    const res = await request(t.app).post('/sign-in').type('form').send(body);
    expect(res.status).toBe(413);
    clean(res.text);
  });

  it('answers malformed JSON with a 400 that does not echo it', async () => {
    const res = await request(t.app)
      .post('/sign-in')
      .set('Content-Type', 'application/json')
      .set('Accept', 'text/html')
      .send('{"email": "<b>secret-probe</b>"');
    expect(res.status).toBe(400);
    clean(res.text);
    expect(res.text).not.toContain('secret-probe');
    expect(res.text).toContain('The request could not be read.');
    const json = await request(t.app)
      .post('/sign-in')
      .set('Content-Type', 'application/json')
      .set('Accept', 'application/json')
      .send('{"email": "secret-probe"');
    expect(json.status).toBe(400);
    expect(json.body).toEqual({ error: 'The request could not be read.' });
  });

  it('answers an unsupported charset with the 415 page', async () => {
    const res = await request(t.app)
      .post('/sign-in')
      .set('Content-Type', 'application/x-www-form-urlencoded; charset=koi8-r')
      .send('email=a');
    expect(res.status).toBe(415);
    clean(res.text);
  });

  it('imports a legitimate 150,000-character roster', async () => {
    const header =
      'email,first_name,last_name,role,employment_type,hourly_rate,min_weekly_hours,target_weekly_hours,max_weekly_hours,phone,positions,active';
    const rows: string[] = [];
    let length = header.length;
    for (let i = 0; ; i += 1) {
      const row = `bulk${i}@import.example.org,Bulk${i}${'y'.repeat(50)},"Importer, ${'x'.repeat(60)}",STAFF,PER_DIEM,20.00,0,8,16,555-0100,,yes`;
      if (length + 1 + row.length > 150_000 || rows.length >= 1000) break;
      rows.push(row);
      length += 1 + row.length;
    }
    const csv = [header, ...rows].join('\n');
    expect(csv.length).toBeGreaterThan(140_000);
    const res = await post(manager, '/staff/import', { csv }, '/staff/import');
    expect(res.status).toBe(200);
    expect(await t.db.user.count({ where: { email: { endsWith: '@import.example.org' } } })).toBe(
      rows.length,
    );
  });
});

describe('private pages', () => {
  it('tells browsers not to store any signed-in page, kept pages and downloads included', async () => {
    const staff = await t.signInAs('STAFF');
    const lead = await t.signInAs('LEAD');
    const checks: [Agent, string][] = [
      [manager, '/'],
      [manager, '/staff'],
      [manager, '/staff/export.csv'],
      [manager, '/audit'],
      [staff, '/my/calendar'],
      [staff, '/my/shifts'],
      [staff, '/my/shifts'],
      [lead, '/boards/vendor-returns'],
      [lead, '/boards/vendor-returns'],
    ];
    for (const [agent, url] of checks) {
      const res = await agent.get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
  });
});

describe('a forced password change', () => {
  it('blocks every form but the password change and sign-out', async () => {
    const site = await t.db.site.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } });
    const staffRow = await t.db.staff.create({
      data: {
        siteId: site.id,
        firstName: 'Una',
        lastName: 'Onetime',
        employmentType: 'PART_TIME',
        hourlyRateCents: 2000,
      },
      select: { id: true },
    });
    await t.db.user.create({
      data: {
        email: 'one.time@example.org',
        staffId: staffRow.id,
        mustChangePassword: true,
        passwordHash: await hashPassword('one-time-password'),
      },
    });
    const agent = await signIn('one.time@example.org', 'one-time-password');
    const csrf = csrfFrom((await agent.get('/account/password')).text);
    const timeOff = await agent
      .post('/time-off')
      .type('form')
      .send({ _csrf: csrf, startDate: '2026-12-20', endDate: '2026-12-21', reason: 'Trip' });
    expect(timeOff.status).toBe(303);
    expect(timeOff.headers.location).toMatch(/^\/account\/password/);
    expect(await t.db.timeOffRequest.count({ where: { staffId: staffRow.id } })).toBe(0);
    const reset = await agent.post('/my/calendar/reset').type('form').send({ _csrf: csrf });
    expect(reset.status).toBe(303);
    expect(
      (await t.db.user.findUniqueOrThrow({ where: { email: 'one.time@example.org' } })).icalToken,
    ).toBeNull();
    expect((await agent.post('/sign-out').type('form').send({ _csrf: csrf })).status).toBe(303);
  });

  it('limits guesses of the current password: after 5 wrong ones even the right one waits', async () => {
    await t.db.user.create({
      data: { email: 'guessed@example.org', passwordHash: await hashPassword('the-current-password') },
    });
    const agent = await signIn('guessed@example.org', 'the-current-password');
    const change = async (currentPassword: string) =>
      post(
        agent,
        '/account/password',
        {
          currentPassword,
          newPassword: 'a-brand-new-password',
          confirmPassword: 'a-brand-new-password',
        },
        '/account/password',
      );
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await change(`wrong-${i}`)).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400]);
    const right = await change('the-current-password');
    expect(right.status).toBe(429);
    expect(right.text).toContain('Too many wrong current passwords. Wait a few minutes and try again.');
    await signIn('guessed@example.org', 'the-current-password');
  });
});

describe('cookies and configuration', () => {
  it('names the anonymous CSRF cookie __Host- over HTTPS, and sign-in works with it', async () => {
    const https = await createTestApp({ trustProxy: true });
    try {
      const page = await request(https.app).get('/sign-in').set('X-Forwarded-Proto', 'https');
      const cookie = ((page.headers['set-cookie'] as unknown as string[]) ?? []).find((c) =>
        c.includes('rx_csrf='),
      );
      expect(cookie).toMatch(/^__Host-rx_csrf=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
      const user = https.demoUser('STAFF');
      const res = await request(https.app)
        .post('/sign-in')
        .set('X-Forwarded-Proto', 'https')
        .set('Cookie', cookie!.split(';')[0]!)
        .type('form')
        .send({ email: user.email, password: user.password, _csrf: csrfFrom(page.text) });
      expect(res.status).toBe(303);
    } finally {
      await https.close();
    }
    const plain = await request(t.app).get('/sign-in');
    expect(String(plain.headers['set-cookie'])).toMatch(/^rx_csrf=/);
  });

  it('never seeds the demo users (known passwords) in production', () => {
    expect(readEnv({ NODE_ENV: 'production' }).SEED_DEMO).toBe(false);
    expect(readEnv({}).SEED_DEMO).toBe(true);
    expect(() => readEnv({ NODE_ENV: 'production', SEED_DEMO: 'true' })).toThrow(
      'SEED_DEMO: the demo pharmacy signs in with known passwords; it is never seeded in production',
    );
  });
});

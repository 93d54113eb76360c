import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, csrfFrom, csrfOf, type Agent, type TestApp } from '../helpers/test-app';

let t: TestApp;
let manager: Agent;
let staff: Agent;
let lead: Agent;
beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  staff = await t.signInAs('STAFF');
  lead = await t.signInAs('LEAD');
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

const newPerson = {
  firstName: 'Rosa',
  lastName: 'Quintero',
  email: 'rosa.quintero@example.org',
  role: 'STAFF',
  employmentType: 'PART_TIME',
  hourlyRate: '24.75',
  minWeeklyHours: '16',
  targetWeeklyHours: '24',
  maxWeeklyHours: '32',
  phone: '',
};

describe('staff list', () => {
  it('lists active staff with their positions and finds people by name', async () => {
    const res = await manager.get('/staff');
    expect(res.status).toBe(200);
    const anyone = await t.db.staff.findFirstOrThrow({ where: { active: true } });
    expect(res.text).toContain(anyone.lastName);
    const search = await manager.get(`/staff?q=${encodeURIComponent(anyone.lastName)}`);
    expect(search.text).toContain(`/staff/${anyone.id}`);
    const none = await manager.get('/staff?q=zzzz-nobody');
    expect(none.text).toContain('Nobody matches these filters.');
  });

  it('filters by position and employment type', async () => {
    const pharmacist = await t.db.position.findUniqueOrThrow({ where: { code: 'PHARMACIST' } });
    const res = await manager.get(`/staff?position=${pharmacist.id}`);
    // The manager's staff list is of their own site (the demo hospital pharmacy, the first site).
    const site = await t.db.site.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } });
    const pharmacists = await t.db.staff.findMany({
      where: { siteId: site.id, active: true, positions: { some: { positionId: pharmacist.id } } },
    });
    const others = await t.db.staff.findMany({
      where: { siteId: site.id, active: true, positions: { none: { positionId: pharmacist.id } } },
    });
    for (const p of pharmacists) expect(res.text).toContain(`/staff/${p.id}"`);
    for (const o of others) expect(res.text).not.toContain(`/staff/${o.id}"`);
    const perDiem = await manager.get('/staff?employment=PER_DIEM');
    const fullTimer = await t.db.staff.findFirstOrThrow({
      where: { employmentType: 'FULL_TIME', active: true },
    });
    expect(perDiem.text).not.toContain(`/staff/${fullTimer.id}"`);
  });

  it('marks people who are not qualified today for a position they work, with the reason', async () => {
    const ivTech = await t.db.staff.findFirstOrThrow({
      where: { active: true, positions: { some: { position: { code: 'IV_TECH' } } } },
    });
    await t.db.credential.updateMany({
      where: { staffId: ivTech.id, credentialType: { code: 'CSPT' } },
      data: { issuedOn: '2018-01-01', expiresOn: '2020-01-31' },
    });
    const res = await manager.get('/staff');
    const row = res.text.slice(res.text.indexOf(`/staff/${ivTech.id}"`));
    const cell = row.slice(0, row.indexOf('</tr>'));
    expect(cell).toContain('Not qualified today: IV technician (sterile compounding)');
    expect(cell).toContain('expired on 2020-01-31');
  });

  it('refuses the staff pages to leads and staff', async () => {
    for (const agent of [staff, lead]) {
      expect((await agent.get('/staff')).status).toBe(403);
      expect((await agent.get('/staff/new')).status).toBe(403);
      const someone = await t.db.staff.findFirstOrThrow({ orderBy: { id: 'asc' } });
      expect((await agent.get(`/staff/${someone.id}`)).status).toBe(403);
      expect((await post(agent, `/staff/${someone.id}`, { ...newPerson })).status).toBe(403);
      expect((await post(agent, `/staff/${someone.id}/deactivate`, {})).status).toBe(403);
    }
  });

  it('answers 404 for an unknown or malformed id', async () => {
    expect((await manager.get('/staff/999999')).status).toBe(404);
    expect((await manager.get('/staff/abc')).status).toBe(404);
  });
});

describe('creating a staff member', () => {
  it('creates the person and their sign-in, and shows a one-time password once for someone without an inbox', async () => {
    const pharmacist = await t.db.position.findUniqueOrThrow({ where: { code: 'TECHNICIAN' } });
    const res = await post(
      manager,
      '/staff',
      { ...newPerson, [`position_${pharmacist.id}`]: 'on', oneTimePassword: 'on' },
      '/staff/new',
    );
    expect(res.status).toBe(201);
    const password = /data-testid="one-time-password"><code>([^<]+)</.exec(res.text)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    const user = await t.db.user.findUniqueOrThrow({
      where: { email: newPerson.email },
      include: { staff: { include: { positions: true } } },
    });
    expect(user.mustChangePassword).toBe(true);
    expect(user.passwordHash).not.toContain(password!);
    expect(user.staff?.hourlyRateCents).toBe(2475);
    expect(user.staff?.targetWeeklyMinutes).toBe(24 * 60);
    expect(user.staff?.positions.map((p) => p.positionId)).toEqual([pharmacist.id]);
    // No invitation goes out on this path.
    expect(await t.db.outboxMessage.count({ where: { toAddress: newPerson.email } })).toBe(0);

    const agent = request.agent(t.app);
    const page = await agent.get('/sign-in');
    const signIn = await agent
      .post('/sign-in')
      .type('form')
      .send({ email: newPerson.email, password, _csrf: csrfFrom(page.text) });
    expect(signIn.status).toBe(303);
  });

  it('re-renders the form with 400, a message per field and the values kept', async () => {
    const res = await post(
      manager,
      '/staff',
      { ...newPerson, firstName: '', email: 'not-an-email', targetWeeklyHours: '10', minWeeklyHours: '20' },
      '/staff/new',
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter a first name.');
    expect(res.text).toContain('Enter an email address like name@example.org.');
    expect(res.text).toContain('Target hours cannot be below the minimum.');
    expect(res.text).toContain('value="Quintero"');
  });

  it('refuses an email someone already signs in with', async () => {
    const taken = await t.db.user.findFirstOrThrow();
    const res = await post(manager, '/staff', { ...newPerson, email: taken.email }, '/staff/new');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Someone already signs in with this email address.');
  });
});

describe('editing and deactivating', () => {
  it('saves an edit and redirects to the profile', async () => {
    const person = await t.db.staff.findFirstOrThrow({
      where: { user: { role: 'STAFF' } },
      include: { user: true, positions: true },
    });
    const form = {
      firstName: person.firstName,
      lastName: person.lastName,
      email: person.user!.email,
      role: 'STAFF',
      employmentType: person.employmentType,
      hourlyRate: '55.10',
      minWeeklyHours: '0',
      targetWeeklyHours: '36',
      maxWeeklyHours: '40',
      phone: '(518) 555-9999',
      ...Object.fromEntries(person.positions.map((p) => [`position_${p.positionId}`, 'on'])),
    };
    const res = await post(manager, `/staff/${person.id}`, form, `/staff/${person.id}/edit`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/staff/${person.id}`);
    const after = await t.db.staff.findUniqueOrThrow({ where: { id: person.id } });
    expect(after.hourlyRateCents).toBe(5510);
    expect(after.phone).toBe('(518) 555-9999');
    const bad = await post(
      manager,
      `/staff/${person.id}`,
      { ...form, maxWeeklyHours: '20' },
      `/staff/${person.id}/edit`,
    );
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Maximum hours cannot be below the target.');
  });

  it('deactivates without deleting, signs the person out, and reactivates', async () => {
    const tech = t.demoUser('STAFF', 1);
    const techAgent = await t.signInAs('STAFF', 1);
    const user = await t.db.user.findUniqueOrThrow({ where: { email: tech.email } });
    const res = await post(manager, `/staff/${user.staffId}/deactivate`, {});
    expect(res.status).toBe(303);
    const staffRow = await t.db.staff.findUniqueOrThrow({
      where: { id: user.staffId! },
      include: { credentials: true },
    });
    expect(staffRow.active).toBe(false);
    expect(staffRow.credentials.length).toBeGreaterThan(0);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).active).toBe(false);
    expect((await techAgent.get('/')).status).toBe(303);
    expect((await manager.get('/staff')).text).not.toContain(`/staff/${user.staffId}"`);
    expect((await manager.get('/staff?active=inactive')).text).toContain(`/staff/${user.staffId}"`);
    await post(manager, `/staff/${user.staffId}/reactivate`, {});
    expect((await t.db.staff.findUniqueOrThrow({ where: { id: user.staffId! } })).active).toBe(true);
  });

  it('does not let a manager deactivate themselves', async () => {
    const me = await t.db.user.findUniqueOrThrow({ where: { email: t.demoUser('MANAGER').email } });
    await post(manager, `/staff/${me.staffId}/deactivate`, {});
    expect((await t.db.staff.findUniqueOrThrow({ where: { id: me.staffId! } })).active).toBe(true);
  });
});

describe('profile', () => {
  it('shows qualification today and on a chosen date, with the reason', async () => {
    const cspt = await t.db.credentialType.findUniqueOrThrow({ where: { code: 'CSPT' } });
    const ivTech = await t.db.staff.findFirstOrThrow({
      where: {
        active: true,
        positions: { some: { position: { code: 'IV_TECH' } } },
        credentials: { some: { credentialTypeId: cspt.id, expiresOn: { not: null } } },
      },
      include: { credentials: { where: { credentialTypeId: cspt.id }, orderBy: { expiresOn: 'desc' } } },
    });
    const lastDay = ivTech.credentials[0]!.expiresOn!;
    const [y, m, d] = lastDay.split('-').map(Number);
    const dayAfter = new Date(Date.UTC(y!, m! - 1, d! + 1)).toISOString().slice(0, 10);
    const res = await manager.get(`/staff/${ivTech.id}?on=${dayAfter}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`${cspt.name} expired on ${lastDay}`);
    const bad = await manager.get(`/staff/${ivTech.id}?on=2026-02-31`);
    expect(bad.text).toContain('showing today instead');
  });
});

describe('profile: other positions', () => {
  it('names positions a technician could work with the credentials they hold', async () => {
    const tech = await t.db.staff.findFirstOrThrow({
      where: {
        active: true,
        positions: { some: {}, every: { position: { code: 'TECHNICIAN' } } },
        credentials: {
          some: { credentialType: { code: 'STATE_TECH_REG' }, expiresOn: { gte: '2027-06-01' } },
        },
      },
      orderBy: { id: 'asc' },
    });
    const res = await manager.get(`/staff/${tech.id}`);
    expect(res.text).toMatch(/Also holds the credentials today for: [^<]*Nuclear pharmacy technician/);
    expect(res.text).not.toMatch(/Also holds the credentials today for: [^<]*Pharmacy technician,/);
  });
});

describe('roster CSV', () => {
  it('exports the roster with a header and escapes formula cells', async () => {
    const victim = await t.db.staff.findFirstOrThrow({ where: { active: true } });
    await t.db.staff.update({ where: { id: victim.id }, data: { lastName: '=HYPERLINK("http://evil")' } });
    const res = await manager.get('/staff/export.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.text.split('\r\n')[0]).toBe(
      'email,first_name,last_name,role,employment_type,hourly_rate,min_weekly_hours,target_weekly_hours,max_weekly_hours,phone,positions,active',
    );
    expect(res.text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(res.text).not.toMatch(/,=HYPERLINK/);
  });

  it('re-imports its own export without changing anything', async () => {
    const csv = (await manager.get('/staff/export.csv')).text;
    const before = await t.db.staff.count();
    const res = await post(manager, '/staff/import', { csv }, '/staff/import');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/0 people added, 0 updated, \d+ unchanged/);
    expect(await t.db.staff.count()).toBe(before);
  });

  it('imports new people and updates existing ones by email, idempotently', async () => {
    const existing = await t.db.user.findFirstOrThrow({ where: { role: 'STAFF' }, include: { staff: true } });
    const csv = [
      'email,first_name,last_name,employment_type,hourly_rate,positions',
      'new.one@example.org,New,One,PER_DIEM,30,TECHNICIAN',
      `${existing.email},${existing.staff!.firstName},${existing.staff!.lastName},PER_DIEM,99.5,`,
    ].join('\n');
    const first = await post(manager, '/staff/import', { csv }, '/staff/import');
    expect(first.status).toBe(200);
    expect(first.text).toContain('1 person added, 1 updated, 0 unchanged');
    expect(first.text).toContain('new.one@example.org');
    expect((await t.db.staff.findUniqueOrThrow({ where: { id: existing.staffId! } })).hourlyRateCents).toBe(
      9950,
    );
    const second = await post(manager, '/staff/import', { csv }, '/staff/import');
    expect(second.text).toContain('0 people added, 0 updated, 2 unchanged');
    expect(await t.db.user.count({ where: { email: 'new.one@example.org' } })).toBe(1);
  });

  it('reports row errors with line numbers and imports nothing', async () => {
    const before = await t.db.staff.count();
    const csv = [
      'email,first_name,last_name,employment_type,hourly_rate,positions',
      'ok.person@example.org,Ok,Person,FULL_TIME,25,',
      'broken@example.org,,Person,SOMETIMES,abc,',
      'ok.person@example.org,Dup,Licate,FULL_TIME,25,NOT_A_POSITION',
    ].join('\n');
    const res = await post(manager, '/staff/import', { csv }, '/staff/import');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Nothing was imported');
    expect(res.text).toContain('Line 3: first_name: Enter a first name.');
    expect(res.text).toContain('Line 3: employment_type');
    expect(res.text).toContain('Line 4: positions: unknown position NOT_A_POSITION');
    expect(await t.db.staff.count()).toBe(before);
    expect(await t.db.user.count({ where: { email: 'ok.person@example.org' } })).toBe(0);
  });

  it('refuses import and export to staff', async () => {
    expect((await staff.get('/staff/export.csv')).status).toBe(403);
    expect((await post(staff, '/staff/import', { csv: 'email\n' })).status).toBe(403);
  });
});

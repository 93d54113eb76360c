import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayAt } from '../../server/sites/sites.service';
import { createTestApp, csrfOf, type Agent, type TestApp } from '../helpers/test-app';

let t: TestApp;
let manager: Agent;
let staff: Agent;
let today: string;
beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  staff = await t.signInAs('STAFF');
  today = todayAt((await t.db.site.findFirstOrThrow({ orderBy: { id: 'asc' } })).timeZone);
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

function plusDays(iso: string, n: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + n)).toISOString().slice(0, 10);
}

async function someTechnician() {
  return t.db.staff.findFirstOrThrow({
    where: {
      active: true,
      positions: { some: { position: { code: 'TECHNICIAN' } } },
      user: { role: 'STAFF' },
    },
    include: { user: true },
  });
}

describe('credentials', () => {
  it('adds a credential, records who verified it and audits the change', async () => {
    const tech = await someTechnician();
    const bls = await t.db.credentialType.findUniqueOrThrow({ where: { code: 'BLS' } });
    const res = await post(
      manager,
      `/staff/${tech.id}/credentials`,
      {
        credentialTypeId: String(bls.id),
        number: 'BLS-12345',
        issuedOn: '2026-01-15',
        expiresOn: '',
        verified: 'on',
      },
      `/staff/${tech.id}/credentials/new`,
    );
    expect(res.status).toBe(303);
    const row = await t.db.credential.findFirstOrThrow({
      where: { number: 'BLS-12345' },
      include: { verifiedBy: true },
    });
    // Empty expiry: the type's 24-month renewal, last valid day the day before.
    expect(row.expiresOn).toBe('2028-01-14');
    expect(row.verifiedBy?.email).toBe(t.demoUser('MANAGER').email);
    const audit = await t.db.auditLog.findFirstOrThrow({
      where: { action: 'credential.create', entityId: String(row.id) },
    });
    expect(audit.detail).toContain('verified');
    const profile = await manager.get(`/staff/${tech.id}`);
    expect(profile.text).toContain('BLS-12345');
  });

  it('refuses an expiry before the issue date with a message next to the field', async () => {
    const tech = await someTechnician();
    const bls = await t.db.credentialType.findUniqueOrThrow({ where: { code: 'BLS' } });
    const res = await post(manager, `/staff/${tech.id}/credentials`, {
      credentialTypeId: String(bls.id),
      number: 'X-1',
      issuedOn: '2026-05-01',
      expiresOn: '2026-04-30',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('The expiry date must be on or after the issue date.');
    expect(res.text).toContain('value="X-1"');
    const missing = await post(manager, `/staff/${tech.id}/credentials`, {
      credentialTypeId: '',
      number: '',
      issuedOn: 'soon',
      expiresOn: '',
    });
    expect(missing.text).toContain('Choose a credential type.');
    expect(missing.text).toContain('Enter the issue date as a date');
  });

  it('edits and removes a credential, auditing both', async () => {
    const credential = await t.db.credential.findFirstOrThrow({ where: { number: 'BLS-12345' } });
    const res = await post(
      manager,
      `/credentials/${credential.id}`,
      {
        credentialTypeId: String(credential.credentialTypeId),
        number: 'BLS-12345',
        issuedOn: '2026-01-15',
        expiresOn: '2027-12-31',
        verified: 'on',
      },
      `/credentials/${credential.id}/edit`,
    );
    expect(res.status).toBe(303);
    expect((await t.db.credential.findUniqueOrThrow({ where: { id: credential.id } })).expiresOn).toBe(
      '2027-12-31',
    );
    expect(
      await t.db.auditLog.count({ where: { action: 'credential.update', entityId: String(credential.id) } }),
    ).toBe(1);
    const del = await post(manager, `/credentials/${credential.id}/delete`, {});
    expect(del.status).toBe(303);
    expect(await t.db.credential.count({ where: { id: credential.id } })).toBe(0);
    expect(
      await t.db.auditLog.count({ where: { action: 'credential.delete', entityId: String(credential.id) } }),
    ).toBe(1);
  });

  it('refuses credential changes to staff', async () => {
    const own = await t.db.credential.findFirstOrThrow({
      where: { staff: { user: { email: t.demoUser('STAFF').email } } },
    });
    expect((await staff.get(`/credentials/${own.id}/edit`)).status).toBe(403);
    expect((await post(staff, `/credentials/${own.id}/delete`, {})).status).toBe(403);
    expect((await post(staff, `/staff/${own.staffId}/credentials`, { number: 'x' })).status).toBe(403);
    expect(await t.db.credential.count({ where: { id: own.id } })).toBe(1);
  });

  it('shows staff their own credentials and CE progress, read-only', async () => {
    const me = await t.db.user.findUniqueOrThrow({
      where: { email: t.demoUser('STAFF').email },
      include: { staff: { include: { credentials: true } } },
    });
    const someoneElse = await t.db.credential.findFirstOrThrow({ where: { staffId: { not: me.staffId! } } });
    const res = await staff.get('/my/credentials');
    expect(res.status).toBe(200);
    for (const c of me.staff!.credentials) expect(res.text).toContain(c.number);
    expect(res.text).not.toContain(`>${someoneElse.number}<`);
    expect(res.text).not.toContain('/credentials/');
    expect(res.text).toContain('Continuing education');
  });
});

describe('my credentials banner', () => {
  it('tells staff which positions a lapsed credential costs them', async () => {
    const me = await t.db.user.findUniqueOrThrow({ where: { email: t.demoUser('STAFF').email } });
    const before = await staff.get('/my/credentials');
    expect(before.text).toContain('Positions today');
    expect(before.text).toMatch(/Pharmacist:\s*<span class="badge badge-published">Qualified/);
    await t.db.credential.updateMany({
      where: { staffId: me.staffId!, credentialType: { code: 'RPH_LICENSE' } },
      data: { expiresOn: plusDays(today, -2) },
    });
    const after = await staff.get('/my/credentials');
    expect(after.text).toContain(`expired on ${plusDays(today, -2)}; you cannot work as Pharmacist.`);
    expect(after.text).toContain('Not qualified');
  });
});

describe('CE credits', () => {
  it('records a CE credit and counts it toward the renewal', async () => {
    const pharmacist = await t.db.staff.findFirstOrThrow({
      where: { credentials: { some: { credentialType: { code: 'RPH_LICENSE' } } } },
      orderBy: { id: 'asc' },
    });
    const rph = await t.db.credentialType.findUniqueOrThrow({ where: { code: 'RPH_LICENSE' } });
    const res = await post(manager, `/staff/${pharmacist.id}/ce`, {
      earnedOn: today,
      hours: '2.5',
      topic: 'LAW',
      title: 'State law update',
      provider: 'ACPE',
      credentialTypeId: String(rph.id),
    });
    expect(res.status).toBe(303);
    const profile = await manager.get(`/staff/${pharmacist.id}`);
    expect(profile.text).toContain('State law update');
    expect(profile.text).toMatch(/law [\d.]+ of 2 h/);
  });

  it('re-renders the profile with 400 and the CE form errors', async () => {
    const pharmacist = await t.db.staff.findFirstOrThrow({ orderBy: { id: 'asc' } });
    const res = await post(manager, `/staff/${pharmacist.id}/ce`, {
      earnedOn: '',
      hours: '0',
      topic: 'LAW',
      title: '',
      provider: '',
      credentialTypeId: '',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter the date earned.');
    expect(res.text).toContain('Enter between 0.1 and 100 hours.');
  });

  it('removes a CE credit', async () => {
    const credit = await t.db.ceCredit.findFirstOrThrow({ where: { title: 'State law update' } });
    expect((await post(staff, `/ce/${credit.id}/delete`, {})).status).toBe(403);
    expect((await post(manager, `/ce/${credit.id}/delete`, {})).status).toBe(303);
    expect(await t.db.ceCredit.count({ where: { id: credit.id } })).toBe(0);
  });
});

describe('expiry page and dashboard panel', () => {
  it('lists the expired credential with the positions its holder loses', async () => {
    const res = await manager.get('/credentials/expiring');
    expect(res.status).toBe(200);
    // The demo pharmacy always has one IV technician whose CSPT has lapsed.
    expect(res.text).toMatch(/Expired \([1-9]/);
    expect(res.text).toContain('IV technician');
  });

  it('adds a credential expiring soon and the dashboard panel counts it', async () => {
    const before = await manager.get('/');
    const count = Number(/data-testid="within30">(\d+)</.exec(before.text)?.[1]);
    const tech = await someTechnician();
    const haz = await t.db.credentialType.findUniqueOrThrow({ where: { code: 'HAZ_DRUG' } });
    await post(manager, `/staff/${tech.id}/credentials`, {
      credentialTypeId: String(haz.id),
      number: 'HAZ-777',
      issuedOn: plusDays(today, -300),
      expiresOn: plusDays(today, 10),
    });
    const after = await manager.get('/');
    expect(Number(/data-testid="within30">(\d+)</.exec(after.text)?.[1])).toBe(count + 1);
    expect(after.text).toContain(`${tech.firstName} ${tech.lastName}`);
    const page = await manager.get('/credentials/expiring?within=30');
    expect(page.text).toContain('Hazardous drug management');
  });

  it('refuses the expiry page to staff and leads', async () => {
    expect((await staff.get('/credentials/expiring')).status).toBe(403);
    expect((await (await t.signInAs('LEAD')).get('/credentials/expiring')).status).toBe(403);
  });
});

describe('credential types and position requirements', () => {
  it('edits a credential type, with validation', async () => {
    const bls = await t.db.credentialType.findUniqueOrThrow({ where: { code: 'BLS' } });
    const form = {
      code: 'BLS',
      name: 'BLS provider',
      issuingBody: 'AHA',
      renewalMonths: '24',
      ceHoursPerCycle: '',
      ceLawHours: '',
      cePatientSafetyHours: '',
    };
    expect((await post(manager, `/credential-types/${bls.id}`, form)).status).toBe(303);
    expect((await t.db.credentialType.findUniqueOrThrow({ where: { id: bls.id } })).name).toBe(
      'BLS provider',
    );
    const bad = await post(manager, `/credential-types/${bls.id}`, {
      ...form,
      code: 'CPHT',
      ceLawHours: '3',
      ceHoursPerCycle: '1',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('CE hours per cycle must cover the law and patient-safety minimums.');
    const clash = await post(manager, `/credential-types/${bls.id}`, { ...form, code: 'CPHT' });
    expect(clash.status).toBe(400);
    expect(clash.text).toContain('Another credential type already uses this code.');
    expect((await post(staff, `/credential-types/${bls.id}`, form)).status).toBe(403);
  });

  it('changes what a position requires, and qualification follows', async () => {
    const billing = await t.db.position.findUniqueOrThrow({ where: { code: 'BILLING_SPECIALIST' } });
    const bls = await t.db.credentialType.findUniqueOrThrow({ where: { code: 'BLS' } });
    const res = await post(manager, `/positions/${billing.id}/requirements`, { [`need_${bls.id}`]: 'all' });
    expect(res.status).toBe(303);
    const required = await t.db.positionCredential.findMany({ where: { positionId: billing.id } });
    expect(required.map((r) => r.credentialTypeId)).toEqual([bls.id]);
    expect((await post(staff, `/positions/${billing.id}/requirements`, {})).status).toBe(403);
  });
});

// Credentials as pharmacies hold them (issue 15): a position may accept any one of several
// credentials ("CPhT or ExCPT"), and a licence counts only at sites in the state that issued it.
// The scheduler's input carries the verdict and verifySchedule checks a schedule against it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySchedule } from '../../solver';
import { loadSolverInput } from '../../server/scheduling/solver-input.service';
import { shiftKey, staffKey } from '../../server/scheduling/week-facts';
import { demoLookups, nextMonday } from '../helpers/publish-fixtures';
import { createTestApp, csrfOf, type Agent, type TestApp } from '../helpers/test-app';

let t: TestApp;
let manager: Agent;

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
});
afterAll(async () => {
  await t.close();
});

const WEEK = nextMonday();

async function post(url: string, form: Record<string, string>) {
  return manager
    .post(url)
    .type('form')
    .send({ _csrf: await csrfOf(manager, '/positions'), ...form });
}

async function typeId(code: string): Promise<number> {
  return (await t.db.credentialType.findUniqueOrThrow({ where: { code }, select: { id: true } })).id;
}

/** Violations of the qualification rule when `staffId` works `position` on the week's Monday day shift. */
async function unqualifiedOnMonday(staffId: number, position: string): Promise<string[]> {
  const site = await t.db.site.findFirstOrThrow({ select: { id: true }, orderBy: { id: 'asc' } });
  const ids = await demoLookups(t.db);
  const ctx = await loadSolverInput(t.db, site.id, WEEK, { previousFrom: 'none' });
  const assignment = {
    staff: staffKey(staffId),
    shift: shiftKey(ids.templateId('Weekday day'), WEEK),
    position,
  };
  return verifySchedule(ctx.input, [assignment])
    .filter((v) => v.rule === 'UNQUALIFIED')
    .map((v) => v.message);
}

describe('any-of credential requirements', () => {
  it('lets an ExCPT holder lead when the lead position accepts CPhT or ExCPT (the demo’s requirement)', async () => {
    const lead = await t.db.position.findUniqueOrThrow({ where: { code: 'LEAD_TECH' } });
    const rows = await t.db.positionCredential.findMany({
      where: { positionId: lead.id },
      select: { credentialType: { select: { code: true } }, anyOfGroup: true, siteStateOnly: true },
      orderBy: { credentialTypeId: 'asc' },
    });
    expect(rows.map((r) => [r.credentialType.code, r.anyOfGroup, r.siteStateOnly]).sort()).toEqual([
      ['CPHT', 1, false],
      ['EXCPT', 1, false],
      ['STATE_TECH_REG', null, true],
    ]);

    // Kevin holds a registration and an ExCPT, no CPhT; the manager makes him a lead technician.
    const kevin = await t.db.staff.findFirstOrThrow({ where: { firstName: 'Kevin', lastName: 'Nguyen' } });
    await t.db.staffPosition.create({ data: { staffId: kevin.id, positionId: lead.id } });
    expect(await unqualifiedOnMonday(kevin.id, 'LEAD_TECH')).toEqual([]);

    // The same person under the old rule (CPhT required on its own) is refused, with the reason.
    const form = {
      [`need_${await typeId('STATE_TECH_REG')}`]: 'state',
      [`need_${await typeId('CPHT')}`]: 'all',
    };
    expect((await post(`/positions/${lead.id}/requirements`, form)).status).toBe(303);
    const messages = await unqualifiedOnMonday(kevin.id, 'LEAD_TECH');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('(holds no Certified Pharmacy Technician (CPhT))');

    // And back: either certification, chosen on the requirements page.
    const either = {
      ...form,
      [`need_${await typeId('CPHT')}`]: 'any1',
      [`need_${await typeId('EXCPT')}`]: 'any1',
    };
    expect((await post(`/positions/${lead.id}/requirements`, either)).status).toBe(303);
    expect(await unqualifiedOnMonday(kevin.id, 'LEAD_TECH')).toEqual([]);
    const page = await manager.get('/positions');
    expect(page.text).toMatch(
      /name="need_\d+">[\s\S]*?<option value="any1" selected>One of group A<\/option>/,
    );
    const audit = await t.db.auditLog.findFirstOrThrow({
      where: { action: 'position.requirements' },
      orderBy: { id: 'desc' },
    });
    expect(audit.detail).toContain(`${await typeId('EXCPT')} (one of 1)`);
  });
});

describe('licences of the site’s state', () => {
  it('refuses a pharmacist whose only licence is another state’s, and accepts one from the site’s state', async () => {
    const pharmacist = await t.db.staff.findFirstOrThrow({
      where: { active: true, positions: { some: { position: { code: 'PHARMACIST' } } } },
      orderBy: { id: 'asc' },
      select: {
        id: true,
        credentials: {
          where: { credentialType: { code: 'RPH_LICENSE' } },
          select: { id: true, issuingState: true },
        },
      },
    });
    expect(pharmacist.credentials.map((c) => c.issuingState)).toEqual(['NY']);
    expect(await unqualifiedOnMonday(pharmacist.id, 'PHARMACIST')).toEqual([]);

    await t.db.credential.updateMany({
      where: { id: { in: pharmacist.credentials.map((c) => c.id) } },
      data: { issuingState: 'NJ' },
    });
    const messages = await unqualifiedOnMonday(pharmacist.id, 'PHARMACIST');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('(holds no Pharmacist license (RPh) issued in NY (only NJ))');
  });
});

describe('the issuing state on the credential form', () => {
  it('stores the issuing state of a licence and refuses one that is not a state', async () => {
    const tech = await t.db.staff.findFirstOrThrow({ where: { firstName: 'Kevin', lastName: 'Nguyen' } });
    const form = {
      credentialTypeId: String(await typeId('STATE_TECH_REG')),
      number: 'NJ-TR-778',
      issuedOn: '2026-01-15',
      expiresOn: '',
    };
    const send = async (fields: Record<string, string>) =>
      manager
        .post(`/staff/${tech.id}/credentials`)
        .type('form')
        .send({ _csrf: await csrfOf(manager, `/staff/${tech.id}/credentials/new`), ...fields });
    const bad = await send({ ...form, issuingState: 'ZZ' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Pick a state from the list.');
    expect(await t.db.credential.count({ where: { number: 'NJ-TR-778' } })).toBe(0);

    expect((await send({ ...form, issuingState: 'NJ' })).status).toBe(303);
    const row = await t.db.credential.findFirstOrThrow({ where: { number: 'NJ-TR-778' } });
    expect(row.issuingState).toBe('NJ');
    const edit = await manager.get(`/credentials/${row.id}/edit`);
    expect(edit.text).toContain('<option value="NJ" selected>NJ</option>');
  });
});

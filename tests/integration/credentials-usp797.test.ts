// USP <797> competencies as expiring credentials (issue 15): they gate the sterile-compounding
// positions on each shift's day like any credential, and the expiring page names the published
// compounding shifts a lapse puts at risk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySchedule } from '../../solver';
import { loadSolverInput } from '../../server/scheduling/solver-input.service';
import { shiftKey, staffKey } from '../../server/scheduling/week-facts';
import { createSchedule, demoLookups, nextMonday, plusDays } from '../helpers/publish-fixtures';
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

const MONDAY = nextMonday();
const TUESDAY = plusDays(MONDAY, 1);
const WEDNESDAY = plusDays(MONDAY, 2);
const MEDIA_FILL = 'Aseptic technique media-fill test (USP <797>)';
const MEDIA_FILL_CAT3 = 'Aseptic technique media-fill test, Category 3 (USP <797>)';
const escaped = (text: string) => text.replace('<', '&lt;').replace('>', '&gt;');

describe('USP <797> competencies', () => {
  it('are required by the IV and oncology positions, with their cadence', async () => {
    const types = await t.db.credentialType.findMany({
      where: { code: { startsWith: 'USP797' } },
      select: { code: true, renewalMonths: true },
      orderBy: { code: 'asc' },
    });
    expect(types).toEqual([
      { code: 'USP797_GARBING', renewalMonths: 6 },
      { code: 'USP797_GARBING_CAT3', renewalMonths: 3 },
      { code: 'USP797_MEDIA_FILL', renewalMonths: 6 },
      { code: 'USP797_MEDIA_FILL_CAT3', renewalMonths: 3 },
      { code: 'USP797_TRAINING', renewalMonths: 12 },
    ]);
    const usp797Of = async (position: string) =>
      (
        await t.db.positionCredential.findMany({
          where: { position: { code: position }, credentialType: { code: { startsWith: 'USP797' } } },
          select: { credentialType: { select: { code: true } } },
          orderBy: { credentialType: { code: 'asc' } },
        })
      ).map((r) => r.credentialType.code);
    for (const position of ['IV_TECH', 'ONCOLOGY_TECH']) {
      expect([position, await usp797Of(position)]).toEqual([
        position,
        ['USP797_GARBING', 'USP797_MEDIA_FILL', 'USP797_TRAINING'],
      ]);
    }
    // Category 3 compounding: the 3-monthly garbing and media-fill in place of the 6-monthly ones.
    expect(await usp797Of('IV_CAT3_TECH')).toEqual([
      'USP797_GARBING_CAT3',
      'USP797_MEDIA_FILL_CAT3',
      'USP797_TRAINING',
    ]);
    expect((await t.db.credentialType.findUniqueOrThrow({ where: { code: 'HAZ_DRUG' } })).renewalMonths).toBe(
      12,
    );
  });

  it('an expiring media-fill gates the IV shift on the day after its expiry only', async () => {
    const ids = await demoLookups(t.db);
    const ana = ids.staffId('Ana');
    await t.db.credential.updateMany({
      where: { staffId: ana, credentialType: { code: 'USP797_MEDIA_FILL' } },
      data: { expiresOn: TUESDAY },
    });
    const ctx = await loadSolverInput(t.db, ids.site.id, MONDAY, { previousFrom: 'none' });
    const ivDay = ids.templateId('IV room day');
    const check = (date: string) =>
      verifySchedule(ctx.input, [{ staff: staffKey(ana), shift: shiftKey(ivDay, date), position: 'IV_TECH' }])
        .filter((v) => v.rule === 'UNQUALIFIED')
        .map((v) => v.message);
    expect(check(TUESDAY)).toEqual([]);
    const wednesday = check(WEDNESDAY);
    expect(wednesday).toHaveLength(1);
    expect(wednesday[0]).toContain(`(${MEDIA_FILL} expired on ${TUESDAY})`);

    // Published IV shifts on Tuesday and Wednesday: only Wednesday's is at risk.
    await createSchedule(t.db, {
      periodStart: MONDAY,
      status: 'PUBLISHED',
      version: 7,
      publishedAt: new Date(),
      assignments: [
        ['Ana', TUESDAY, 'IV room day', 'IV_TECH'],
        ['Ana', WEDNESDAY, 'IV room day', 'IV_TECH'],
      ],
    });
    const page = await manager.get('/credentials/expiring?within=30');
    expect(page.status).toBe(200);
    const row = page.text
      .split('<tr>')
      .find((r) => r.includes(MEDIA_FILL.replace('<', '&lt;').replace('>', '&gt;')));
    expect(row).toBeDefined();
    expect(row).toContain('IV technician (sterile compounding)');
    expect(row).toMatch(/<li>[^<]*· IV room day as IV technician \(sterile compounding\)<\/li>/);
    expect(row?.match(/<li>/g)).toHaveLength(1);
    expect(row).toContain('Record the renewal before then, or cover it as a call-out on the schedule.');
  });

  it('a Category 3 media-fill is renewed every 3 months by default', async () => {
    const ids = await demoLookups(t.db);
    const chris = ids.staffId('Chris');
    const type = await t.db.credentialType.findUniqueOrThrow({ where: { code: 'USP797_MEDIA_FILL_CAT3' } });
    const res = await manager
      .post(`/staff/${chris}/credentials`)
      .type('form')
      .send({
        _csrf: await csrfOf(manager, `/staff/${chris}/credentials/new`),
        credentialTypeId: String(type.id),
        number: 'MF3-RENEWED',
        issuedOn: '2026-12-01',
        expiresOn: '',
        verified: 'on',
      });
    expect(res.status).toBe(303);
    // Blank expiry: three months on, the last valid day the day before.
    expect(
      await t.db.credential.findFirstOrThrow({
        where: { number: 'MF3-RENEWED' },
        select: { staffId: true, expiresOn: true },
      }),
    ).toEqual({ staffId: chris, expiresOn: '2027-02-28' });
    await t.db.credential.deleteMany({ where: { number: 'MF3-RENEWED' } });
  });

  it('an expiring Category 3 media-fill gates the Category 3 shift on the day after its expiry only', async () => {
    const ids = await demoLookups(t.db);
    const chris = ids.staffId('Chris');
    const cat3 = ids.templateId('Category 3 batch compounding');
    const setExpiry = (expiresOn: string) =>
      t.db.credential.updateMany({
        where: { staffId: chris, credentialType: { code: 'USP797_MEDIA_FILL_CAT3' } },
        data: { expiresOn },
      });
    const check = async () => {
      const ctx = await loadSolverInput(t.db, ids.site.id, MONDAY, { previousFrom: 'none' });
      return verifySchedule(ctx.input, [
        { staff: staffKey(chris), shift: shiftKey(cat3, WEDNESDAY), position: 'IV_CAT3_TECH' },
      ])
        .filter((v) => v.rule === 'UNQUALIFIED')
        .map((v) => v.message);
    };
    // Valid through its expiry day…
    await setExpiry(WEDNESDAY);
    expect(await check()).toEqual([]);
    // …and gated the day after, though his 6-monthly media-fill is still valid.
    await setExpiry(TUESDAY);
    const gated = await check();
    expect(gated).toHaveLength(1);
    expect(gated[0]).toContain(`(${MEDIA_FILL_CAT3} expired on ${TUESDAY})`);

    // A published week with him on the Category 3 shift: the expiring page puts that shift at risk.
    await createSchedule(t.db, {
      periodStart: MONDAY,
      status: 'PUBLISHED',
      version: 8,
      publishedAt: new Date(),
      assignments: [['Chris', WEDNESDAY, 'Category 3 batch compounding', 'IV_CAT3_TECH']],
    });
    const page = await manager.get('/credentials/expiring?within=30');
    expect(page.status).toBe(200);
    const row = page.text
      .split('<tr>')
      .find((r) => r.includes(escaped(MEDIA_FILL_CAT3)) && r.includes('Chris'));
    expect(row).toBeDefined();
    expect(row).toContain('IV technician, Category 3 (sterile compounding)');
    expect(row).toMatch(
      /<li>[^<]*· Category 3 batch compounding as IV technician, Category 3 \(sterile compounding\)<\/li>/,
    );
    expect(row?.match(/<li>/g)).toHaveLength(1);
  });
});

// USP <797> competencies as expiring credentials (issue 15): they gate the sterile-compounding
// positions on each shift's day like any credential, and the expiring page names the published
// compounding shifts a lapse puts at risk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySchedule } from '../../solver';
import { loadSolverInput } from '../../server/scheduling/solver-input.service';
import { shiftKey, staffKey } from '../../server/scheduling/week-facts';
import { createSchedule, demoLookups, nextMonday, plusDays } from '../helpers/publish-fixtures';
import { createTestApp, type Agent, type TestApp } from '../helpers/test-app';

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

describe('USP <797> competencies', () => {
  it('are required by the IV and oncology positions, with their cadence', async () => {
    const types = await t.db.credentialType.findMany({
      where: { code: { startsWith: 'USP797' } },
      select: { code: true, renewalMonths: true },
      orderBy: { code: 'asc' },
    });
    expect(types).toEqual([
      { code: 'USP797_GARBING', renewalMonths: 6 },
      { code: 'USP797_MEDIA_FILL', renewalMonths: 6 },
      { code: 'USP797_TRAINING', renewalMonths: 12 },
    ]);
    for (const position of ['IV_TECH', 'ONCOLOGY_TECH']) {
      const rows = await t.db.positionCredential.findMany({
        where: { position: { code: position }, credentialType: { code: { startsWith: 'USP797' } } },
      });
      expect([position, rows.length]).toEqual([position, 3]);
    }
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
});

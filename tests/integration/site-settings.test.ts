// A site's rules and weights (issues 11 and 15): a manager-only form with every setting, its
// default and what it does, validated and audited; the solver input of a re-solve reads them; and a
// page to add a site.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITE_SETTINGS } from '../../server/sites/site-rules';
import { loadSolverInput } from '../../server/scheduling/solver-input.service';
import { shiftKey } from '../../server/scheduling/week-facts';
import { demoLookups } from '../helpers/publish-fixtures';
import { createTestApp, csrfFrom, type Agent, type TestApp } from '../helpers/test-app';

let t: TestApp;
let manager: Agent;

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
});
afterAll(async () => {
  await t.close();
});

/** The demo site's form as it stands (what a browser posts when nothing is touched). */
const UNCHANGED: Record<string, string> = {
  setting: 'COMMUNITY',
  techRatio: '4',
  minRestMinutes: '10',
  maxConsecutiveDays: '6',
  overtimeThresholdMinutes: '40',
  noticeWindowDays: '14',
  weightCoverageGap: '1000',
  weightUnderMinHours: '20',
  weightTargetDeviation: '2',
  weightUndesiredShift: '10',
  weightNonPreferredShift: '1',
  weightWeekendFairness: '5',
  weightLabourCost: '1',
  weightStability: '50',
  weightNoticeChange: '200',
  teamScheduleVisible: 'on',
};

async function post(url: string, fields: Record<string, string>, formUrl = url) {
  const page = await manager.get(formUrl);
  return manager
    .post(url)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), ...fields });
}

function save(fields: Record<string, string>) {
  return post('/site-settings', fields);
}

const rulesSelect = {
  id: true,
  techRatio: true,
  minRestMinutes: true,
  maxConsecutiveDays: true,
  overtimeThresholdMinutes: true,
  noticeWindowDays: true,
  weightNoticeChange: true,
  weightStability: true,
  weightCoverageGap: true,
  teamScheduleVisible: true,
} as const;

describe('site settings', () => {
  it('shows every rule and weight with its default and what it does, to managers only', async () => {
    const page = await manager.get('/site-settings');
    expect(page.status).toBe(200);
    for (const [name, value] of Object.entries(UNCHANGED)) {
      if (name === 'teamScheduleVisible' || name === 'setting') continue;
      expect(page.text).toMatch(new RegExp(`name="${name}" type="text" value="${value}"`));
    }
    expect(page.text).toMatch(/name="teamScheduleVisible" id="f-teamScheduleVisible" checked/);
    expect(page.text).toContain(
      'Nobody is scheduled to start a shift sooner than this after their last one ended. Default: 10.',
    );
    expect(page.text).toContain('elsewhere it is the ratio, blank where the state sets none. Default: none.');
    expect(page.text).toContain('<option value="COMMUNITY" selected>Community</option>');
    // The demo pharmacy is in New York, which has no rule pack: its own number is the ratio.
    expect(page.text).toContain('Technician ratio: no rule pack for NY');
    expect(page.text).toContain(
      'RxRoster has no rule pack for this state: the technicians-per-pharmacist number below (4) is the ratio.',
    );
    expect(page.text).toContain('What one position left empty on a shift costs the optimiser');
    expect(page.text).toContain('Default: 1000.');
    expect(page.text).toContain('staff see only their own shifts. Default: on.');
    const staff = await t.signInAs('STAFF');
    expect((await staff.get('/site-settings')).status).toBe(403);
    expect((await staff.get('/sites/new')).status).toBe(403);
    const lead = await t.signInAs('LEAD');
    expect((await lead.get('/sites')).status).toBe(403);
  });

  it('re-renders bad values with 400, each field marked, and saves nothing', async () => {
    const res = await save({
      ...UNCHANGED,
      noticeWindowDays: '-3',
      weightNoticeChange: 'lots',
      minRestMinutes: '10.01',
      maxConsecutiveDays: '0',
      techRatio: '2.5',
      weightCoverageGap: '',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Some settings need fixing; nothing was saved.');
    expect(res.text).toContain('The notice window cannot be negative.');
    expect(res.text).toContain('The cost of a change inside the notice window must be a whole number.');
    expect(res.text).toContain('The minimum rest must be whole minutes (e.g. 10.5 hours).');
    expect(res.text).toContain('The most days in a row must be between 1 and 14.');
    expect(res.text).toContain('The number of technicians per pharmacist must be a whole number.');
    expect(res.text).toContain('The cost of an unfilled slot is required.');
    expect(res.text).toMatch(/id="f-weightNoticeChange" name="weightNoticeChange" type="text" value="lots"/);
    expect(res.text).toMatch(/id="f-maxConsecutiveDays"[^>]*\n?[^>]*aria-invalid="true"/);
    const site = await t.db.site.findFirstOrThrow({ select: rulesSelect, orderBy: { id: 'asc' } });
    expect(site).toMatchObject({
      noticeWindowDays: 14,
      weightNoticeChange: 200,
      minRestMinutes: 600,
      maxConsecutiveDays: 6,
      techRatio: 4,
      weightCoverageGap: 1000,
    });
    expect(await t.db.auditLog.count({ where: { action: 'site.settings' } })).toBe(0);
  });

  it('saves nothing and writes no audit entry when nothing changed', async () => {
    const res = await save(UNCHANGED);
    expect(res.status).toBe(303);
    expect(await t.db.auditLog.count({ where: { action: 'site.settings' } })).toBe(0);
  });

  it('saves valid values, audits them, and a solve then prices changes inside the window higher', async () => {
    const res = await save({ ...UNCHANGED, noticeWindowDays: '3', weightNoticeChange: '500' });
    expect(res.status).toBe(303);
    const site = await t.db.site.findFirstOrThrow({ select: rulesSelect, orderBy: { id: 'asc' } });
    expect(site).toMatchObject({ noticeWindowDays: 3, weightNoticeChange: 500 });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'site.settings' } });
    expect(audit.detail).toBe('notice window 14 → 3 days; cost per change inside it 200 → 500');
    expect(audit.siteId).toBe(site.id);

    // Tuesday 1 Dec 2026, 12:00 in New York: Tuesday's day shift has started; the 3-day window runs
    // to Friday 12:00, so Friday's 07:00 shift is inside it and Friday's 15:00 evening outside.
    const ids = await demoLookups(t.db);
    const day = ids.templateId('Weekday day');
    const ctx = await loadSolverInput(t.db, site.id, '2026-11-30', {
      previousFrom: 'none',
      now: new Date('2026-12-01T17:00:00Z'),
    });
    expect(ctx.input.frozenShifts).toContain(shiftKey(day, '2026-12-01'));
    expect(ctx.input.frozenShifts).not.toContain(shiftKey(day, '2026-12-02'));
    expect(ctx.input.changeCosts?.[shiftKey(day, '2026-12-03')]).toBe(site.weightStability + 500);
    expect(ctx.input.changeCosts?.[shiftKey(day, '2026-12-01')]).toBeUndefined();
    expect(ctx.input.changeCosts?.[shiftKey(day, '2026-12-04')]).toBe(site.weightStability + 500);
    const evening = ids.templateId('Weekday evening');
    expect(ctx.input.changeCosts?.[shiftKey(evening, '2026-12-04')]).toBeUndefined();
  });

  it('saves the rules in their stored units, and the next solve uses them', async () => {
    // An unticked box is not posted at all.
    const { teamScheduleVisible: _ticked, ...ticksOff } = UNCHANGED;
    const res = await save({
      ...ticksOff,
      noticeWindowDays: '3',
      weightNoticeChange: '500',
      techRatio: '',
      minRestMinutes: '11.5',
      maxConsecutiveDays: '5',
      overtimeThresholdMinutes: '37.5',
      weightCoverageGap: '5000',
    });
    expect(res.status).toBe(303);
    const site = await t.db.site.findFirstOrThrow({ select: rulesSelect, orderBy: { id: 'asc' } });
    expect(site).toMatchObject({
      techRatio: null,
      minRestMinutes: 690,
      maxConsecutiveDays: 5,
      overtimeThresholdMinutes: 2250,
      weightCoverageGap: 5000,
      teamScheduleVisible: false,
    });
    const audits = await t.db.auditLog.findMany({
      where: { action: 'site.settings' },
      orderBy: { id: 'asc' },
      select: { detail: true },
    });
    expect(audits.map((a) => a.detail)).toEqual([
      'notice window 14 → 3 days; cost per change inside it 200 → 500',
      'technicians per pharmacist 4 → none; minimum rest 10 → 11.5 h; most days in a row 6 → 5 days; overtime after 40 → 37.5 h; cost of an unfilled slot 1000 → 5000; team schedule shared off',
    ]);
    const page = await manager.get('/site-settings');
    expect(page.text).toMatch(/name="minRestMinutes" type="text" value="11.5"/);
    expect(page.text).toMatch(/name="techRatio" type="text" value=""/);
    expect(page.text).not.toMatch(/name="teamScheduleVisible" id="f-teamScheduleVisible" checked/);

    const ctx = await loadSolverInput(t.db, site.id, '2026-11-30', { previousFrom: 'none' });
    expect(ctx.input.rules).toMatchObject({
      minRestMinutes: 690,
      maxConsecutiveDays: 5,
      technicianRatio: null,
      overtimeMinutesPerWeek: 2250,
    });
    expect(ctx.input.weights?.underCover).toBe(5000);
  });
});

describe('the kind of pharmacy and the technician-ratio rule pack', () => {
  it('round-trips the kind of pharmacy, audited, shows the pack it chooses, and refuses an unknown kind', async () => {
    const other = await t.db.site.create({
      data: { name: 'Bayside Hospital Pharmacy', timeZone: 'America/Los_Angeles', usState: 'CA' },
      select: { id: true },
    });
    const url = `/sites/${other.id}/settings`;
    const fresh = await manager.get(url);
    expect(fresh.text).toContain('Technician ratio: California rule pack (CA, community pharmacy)');
    expect(fresh.text).toContain(
      'Up to 1 technician for the first pharmacist on duty and 2 for each additional pharmacist. (Cal. Bus. &amp; Prof. Code §4115(g); verify against the current text.)',
    );
    const form = { ...UNCHANGED, techRatio: '' };

    const saved = await post(url, { ...form, setting: 'HOSPITAL' });
    expect(saved.status).toBe(303);
    expect(await t.db.site.findUniqueOrThrow({ where: { id: other.id }, select: { setting: true } })).toEqual(
      { setting: 'HOSPITAL' },
    );
    const audit = await t.db.auditLog.findFirstOrThrow({
      where: { action: 'site.settings', siteId: other.id },
      orderBy: { id: 'desc' },
    });
    expect(audit.detail).toBe('kind of pharmacy community → hospital');
    const page = await manager.get(url);
    expect(page.text).toContain('<option value="HOSPITAL" selected>Hospital</option>');
    expect(page.text).toContain('Technician ratio: California hospitals rule pack (CA, hospital pharmacy)');
    expect(page.text).toContain('Up to 2 technicians per pharmacist on duty.');
    const ctx = await loadSolverInput(t.db, other.id, '2026-11-30', { previousFrom: 'none' });
    expect(ctx.input.rules?.ratioPack?.shape).toEqual({ kind: 'per-pharmacist', technicians: 2 });

    const bad = await post(url, { ...form, setting: 'CLINIC' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Pick the kind of pharmacy from the list.');
    expect(bad.text).toMatch(/id="f-setting" name="setting" aria-invalid="true"/);
    expect(await t.db.site.findUniqueOrThrow({ where: { id: other.id }, select: { setting: true } })).toEqual(
      { setting: 'HOSPITAL' },
    );
  });

  it('shows a conditional pack, with what makes a technician certified and the site’s own stricter number', async () => {
    const other = await t.db.site.create({
      data: { name: 'Lakeside Pharmacy', timeZone: 'America/Chicago', usState: 'MN', techRatio: 3 },
      select: { id: true },
    });
    const page = await manager.get(`/sites/${other.id}/settings`);
    expect(page.text).toContain('Technician ratio: Minnesota rule pack (MN, community pharmacy)');
    expect(page.text).toContain(
      'Up to 3 technicians per pharmacist on duty, 4 while at least one technician on duty is certified. (Minn. R. 6800.3850; verify against the current text.)',
    );
    expect(page.text).toContain(
      'A certified technician holds a valid CPhT, ExCPT or CPhT-Adv on every day of the shift.',
    );
    expect(page.text).toContain(
      'This site also allows at most 3 per pharmacist (the number below), whichever is stricter.',
    );
  });
});

describe('adding a site', () => {
  it('re-renders bad input with 400 and each field marked, and adds nothing', async () => {
    const before = await t.db.site.count();
    const res = await post(
      '/sites',
      { name: '  ', timeZone: 'Mars/Olympus_Mons', usState: 'XX' },
      '/sites/new',
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter the site’s name.');
    expect(res.text).toContain(
      'Enter a time zone such as America/Chicago (a region/city name from the IANA list).',
    );
    expect(res.text).toContain('Pick the state whose pharmacy board the site follows.');
    expect(res.text).toMatch(/value="Mars\/Olympus_Mons"/);
    const abbreviation = await post(
      '/sites',
      { name: 'Uptown', timeZone: 'EST', usState: 'MN' },
      '/sites/new',
    );
    expect(abbreviation.status).toBe(400);
    expect(await t.db.site.count()).toBe(before);
  });

  it('adds a site with the default rules, in the zone’s canonical spelling, audited', async () => {
    const res = await post(
      '/sites',
      { name: 'Uptown Pharmacy', timeZone: 'america/chicago', usState: 'MN' },
      '/sites/new',
    );
    expect(res.status).toBe(303);
    const site = await t.db.site.findFirstOrThrow({ where: { name: 'Uptown Pharmacy' } });
    expect(res.headers.location).toBe(`/sites/${site.id}/settings`);
    expect(site).toMatchObject({ timeZone: 'America/Chicago', usState: 'MN' });
    // The defaults the form states are the ones the database gives a new site.
    for (const setting of SITE_SETTINGS) {
      expect([setting.column, site[setting.column]]).toEqual([setting.column, setting.defaultValue]);
    }
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'site.create' } });
    expect(audit).toMatchObject({
      detail: 'Uptown Pharmacy (MN, America/Chicago)',
      siteId: site.id,
      entityId: String(site.id),
    });

    const list = await manager.get('/sites');
    expect(list.text).toContain('Uptown Pharmacy');
    const settings = await manager.get(`/sites/${site.id}/settings`);
    expect(settings.status).toBe(200);
    expect(settings.text).toContain('Uptown Pharmacy · MN · times in America/Chicago');
    const saved = await post(`/sites/${site.id}/settings`, { ...UNCHANGED, techRatio: '3' });
    expect(saved.status).toBe(303);
    expect((await t.db.site.findUniqueOrThrow({ where: { id: site.id } })).techRatio).toBe(3);
  });

  it('answers 404 for a site that does not exist', async () => {
    expect((await manager.get('/sites/999999/settings')).status).toBe(404);
    expect((await manager.get('/sites/abc/settings')).status).toBe(404);
  });
});

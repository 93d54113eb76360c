import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadSolverInput } from '../../server/scheduling/solver-input.service';
import { shiftKey, staffKey, type SolverInputContext } from '../../server/scheduling/week-facts';
import { createSchedule, demoLookups } from '../helpers/publish-fixtures';
import { createTestApp, csrfFrom, type Agent, type TestApp } from '../helpers/test-app';
import { freezeClock } from './boards-helpers';

const WEEK = '2026-11-30';
const TUESDAY = '2026-12-01';
const WEDNESDAY = '2026-12-02';

let t: TestApp;
let manager: Agent;
let ids: Awaited<ReturnType<typeof demoLookups>>;
let ctx: SolverInputContext;

beforeAll(async () => {
  // The week edited here lies ahead of the demo's "today": none of its shifts has started.
  freezeClock();
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  ids = await demoLookups(t.db);
  ctx = await loadSolverInput(t.db, ids.site.id, WEEK, { previousFrom: 'none' });
});
afterAll(async () => {
  vi.useRealTimers();
  await t.close();
});

/** Someone qualified and free to work every one of the shifts, so only the rule under test stands in the way. */
function availableFor(position: string, ...shiftIds: string[]) {
  const person = ctx.input.staff.find(
    (s) =>
      s.positions.includes(position) &&
      shiftIds.every((id) => {
        const a = s.availability?.[id]?.status;
        const q = s.qualifiedByShift?.[id] ?? s.positions;
        return a !== 'unavailable' && q.includes(position);
      }),
  );
  if (!person) throw new Error(`The demo data has no ${position} free for ${shiftIds.join(', ')}`);
  return ctx.staff.find((s) => s.id === person.id)!;
}
const technicianAvailableFor = (...shiftIds: string[]) => availableFor('TECHNICIAN', ...shiftIds);
const first = (p: { name: string }): string => p.name.split(' ')[0]!;

/** A pharmacist on both weekday day shifts, so technicians there keep within the ratio. */
function pharmacistCover(): [string, string, string, string][] {
  const tue = shiftKey(ids.templateId('Weekday day'), TUESDAY);
  const wed = shiftKey(ids.templateId('Weekday day'), WEDNESDAY);
  const rph = first(availableFor('PHARMACIST', tue, wed));
  return [
    [rph, TUESDAY, 'Weekday day', 'PHARMACIST'],
    [rph, WEDNESDAY, 'Weekday day', 'PHARMACIST'],
  ];
}

let nextVersion = 1;
/** A schedule of the demo week; each gets its own version number (one site-week holds many). */
function draft(spec: Omit<Parameters<typeof createSchedule>[1], 'version'>) {
  return createSchedule(t.db, { ...spec, version: nextVersion++ });
}

/** Posts a form as the schedule page would: with its CSRF token and the week's revision it shows. */
async function post(url: string, fields: Record<string, string>) {
  const page = await manager.get(/^\/schedules\/\d+/.exec(url)![0]);
  const revision = /name="revision" value="(\d+)"/.exec(page.text)?.[1] ?? '';
  return manager
    .post(url)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), revision, ...fields });
}

describe('editing a draft', () => {
  it('refuses an edit that breaks the rest rule and names it', async () => {
    const evening = shiftKey(ids.templateId('Weekday evening'), TUESDAY);
    const day = shiftKey(ids.templateId('Weekday day'), WEDNESDAY);
    const person = technicianAvailableFor(evening, day);
    const scheduleId = await draft({
      periodStart: WEEK,
      assignments: [[first(person), TUESDAY, 'Weekday evening', 'TECHNICIAN']],
    });
    const res = await post(`/schedules/${scheduleId}/assignments`, {
      shiftId: day,
      staffId: String(person.staffId),
      positionId: String(ids.positionId('TECHNICIAN')),
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('This change was refused');
    expect(res.text).toMatch(
      /rest after Tue 15:00–23:30 Weekday evening before Wed 07:00–15:30 Weekday day would be 7\.5 h, the site requires 10 h/,
    );
    expect(res.text).not.toContain('Save anyway');
    expect(await t.db.assignment.count({ where: { scheduleId } })).toBe(1);
  });

  it('refuses someone whose credential has expired, with the credential named', async () => {
    const scheduleId = await draft({ periodStart: WEEK, assignments: [] });
    const ben = ctx.staff.find((s) => s.name === 'Ben Carter')!;
    const res = await post(`/schedules/${scheduleId}/assignments`, {
      shiftId: shiftKey(ids.templateId('IV room day'), TUESDAY),
      staffId: String(ben.staffId),
      positionId: String(ids.positionId('IV_TECH')),
    });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(
      /Ben Carter is not qualified as IV technician \(sterile compounding\) on Tue 07:00–15:30 IV room day \(Compounded Sterile Preparation Technician \(CSPT\) expired on \d{4}-\d{2}-\d{2}\)/,
    );
  });

  it('adds an assignment that breaks nothing', async () => {
    const day = shiftKey(ids.templateId('Weekday day'), TUESDAY);
    const person = technicianAvailableFor(day);
    const scheduleId = await draft({ periodStart: WEEK, assignments: pharmacistCover() });
    const res = await post(`/schedules/${scheduleId}/assignments`, {
      shiftId: day,
      staffId: String(person.staffId),
      positionId: String(ids.positionId('TECHNICIAN')),
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/schedules/${scheduleId}`);
    const added = await t.db.assignment.findFirstOrThrow({ where: { scheduleId, staffId: person.staffId } });
    expect(added).toMatchObject({ shiftDate: TUESDAY, source: 'MANUAL' });
  });

  it('asks before a soft rule is broken (a new coverage gap) and saves with the override', async () => {
    const day = shiftKey(ids.templateId('Weekday day'), TUESDAY);
    const person = technicianAvailableFor(day);
    const scheduleId = await draft({
      periodStart: WEEK,
      assignments: [...pharmacistCover(), [first(person), TUESDAY, 'Weekday day', 'TECHNICIAN']],
    });
    const row = await t.db.assignment.findFirstOrThrow({ where: { scheduleId, staffId: person.staffId } });
    const refused = await post(`/schedules/${scheduleId}/assignments/${row.id}/remove`, {});
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('This change needs your confirmation');
    expect(refused.text).toMatch(
      /Tue 07:00–15:30 Weekday day would have 0 of 4 Pharmacy technician \(a coverage gap\)/,
    );
    expect(refused.text).toContain('Save anyway');
    expect(await t.db.assignment.count({ where: { scheduleId, staffId: person.staffId } })).toBe(1);

    const saved = await post(`/schedules/${scheduleId}/assignments/${row.id}/remove`, { override: 'on' });
    expect(saved.status).toBe(303);
    expect(await t.db.assignment.count({ where: { scheduleId, staffId: person.staffId } })).toBe(0);
  });

  it('locks an assignment, then refuses to remove it until it is unlocked', async () => {
    const day = shiftKey(ids.templateId('Weekday day'), TUESDAY);
    const person = technicianAvailableFor(day);
    const scheduleId = await draft({
      periodStart: WEEK,
      assignments: [...pharmacistCover(), [first(person), TUESDAY, 'Weekday day', 'TECHNICIAN']],
    });
    const row = await t.db.assignment.findFirstOrThrow({ where: { scheduleId, staffId: person.staffId } });
    expect((await post(`/schedules/${scheduleId}/assignments/${row.id}/lock`, { locked: '1' })).status).toBe(
      303,
    );
    expect((await t.db.assignment.findUniqueOrThrow({ where: { id: row.id } })).locked).toBe(true);
    const refused = await post(`/schedules/${scheduleId}/assignments/${row.id}/remove`, { override: 'on' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('This assignment is locked');
    expect((await post(`/schedules/${scheduleId}/assignments/${row.id}/lock`, { locked: '0' })).status).toBe(
      303,
    );
    expect((await t.db.assignment.findUniqueOrThrow({ where: { id: row.id } })).locked).toBe(false);
  });

  it('moves an assignment to another day, checked like an add', async () => {
    const tue = shiftKey(ids.templateId('Weekday day'), TUESDAY);
    const wed = shiftKey(ids.templateId('Weekday day'), WEDNESDAY);
    const person = technicianAvailableFor(tue, wed);
    const scheduleId = await draft({
      periodStart: WEEK,
      assignments: [...pharmacistCover(), [first(person), TUESDAY, 'Weekday day', 'TECHNICIAN']],
    });
    const row = await t.db.assignment.findFirstOrThrow({ where: { scheduleId, staffId: person.staffId } });
    const res = await post(`/schedules/${scheduleId}/move`, {
      assignmentId: String(row.id),
      shiftId: wed,
      staffId: String(person.staffId),
      positionId: String(ids.positionId('TECHNICIAN')),
      // Tuesday is left short, Wednesday gains: the new gap needs the override.
      override: 'on',
    });
    expect(res.status).toBe(303);
    expect(await t.db.assignment.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      shiftDate: WEDNESDAY,
      staffId: person.staffId,
    });
  });
});

describe('editing a published schedule', () => {
  it('puts the edit into a new draft version and leaves the published one as staff see it', async () => {
    const day = shiftKey(ids.templateId('Weekday day'), TUESDAY);
    const person = technicianAvailableFor(day);
    const publishedId = await createSchedule(t.db, {
      periodStart: '2026-12-07',
      status: 'PUBLISHED',
      assignments: [[first(person), '2026-12-08', 'Weekday day', 'TECHNICIAN']],
    });
    const row = await t.db.assignment.findFirstOrThrow({ where: { scheduleId: publishedId } });
    const res = await post(`/schedules/${publishedId}/assignments/${row.id}/lock`, { locked: '1' });
    expect(res.status).toBe(303);
    const draft = await t.db.schedule.findFirstOrThrow({
      where: { basedOnId: publishedId, status: 'DRAFT' },
    });
    expect(res.headers.location).toBe(`/schedules/${draft.id}`);
    expect(draft.version).toBe(2);
    const page = await manager.get(`/schedules/${draft.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Changes against version 1');
    expect(await t.db.assignment.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      locked: false,
    });
    expect(await t.db.assignment.findFirstOrThrow({ where: { scheduleId: draft.id } })).toMatchObject({
      locked: true,
      staffId: person.staffId,
    });
    expect(staffKey(person.staffId)).toBe(person.id);
  });
});

describe('a refused edit of a published schedule', () => {
  it('starts no draft version', async () => {
    const publishedId = await createSchedule(t.db, {
      periodStart: '2026-12-21',
      status: 'PUBLISHED',
      assignments: [],
    });
    const ben = ctx.staff.find((s) => s.name === 'Ben Carter')!;
    const res = await post(`/schedules/${publishedId}/assignments`, {
      shiftId: shiftKey(ids.templateId('IV room day'), '2026-12-22'),
      staffId: String(ben.staffId),
      positionId: String(ids.positionId('IV_TECH')),
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('not qualified as IV technician (sterile compounding)');
    expect(await t.db.schedule.count({ where: { periodStart: '2026-12-21' } })).toBe(1);
  });
});

describe('a call-out nobody can simply cover', () => {
  it('proposes moving someone in and a third person onto their shift, and applies both steps', async () => {
    const publishedId = await createSchedule(t.db, {
      periodStart: '2026-12-14',
      status: 'PUBLISHED',
      assignments: [
        ['Rosa', '2026-12-14', 'Inventory & receiving', 'INVENTORY_SPECIALIST'],
        ['Jordan', '2026-12-14', 'Weekday day', 'LEAD_TECH'],
        ['Priya', '2026-12-14', 'Weekday day', 'PHARMACIST'],
      ],
    });
    const rosa = await t.db.assignment.findFirstOrThrow({
      where: { scheduleId: publishedId, staffId: ids.staffId('Rosa') },
    });
    const page = await manager.get(`/schedules/${publishedId}/callout/${rosa.id}`);
    expect(page.status).toBe(200);
    // Jordan, the only other inventory specialist, works the day shift that overlaps: a two-step repair.
    expect(page.text).toMatch(
      /Jordan Mitchell moves from Mon 07:00–15:30 Weekday day to Mon 06:00–14:30 Inventory &amp; receiving/,
    );
    const key = /name="replacement" value="(\d+&gt;\d+&gt;\d+)"[^>]*checked/
      .exec(page.text)?.[1]
      ?.replace(/&gt;/g, '>');
    expect(key).toBeDefined();

    const res = await post(`/schedules/${publishedId}/callout/${rosa.id}`, {
      reason: 'sick',
      replacement: key!,
    });
    expect(res.status).toBe(303);
    const newId = Number((res.headers.location as string).split('/').pop());
    const after = await t.db.assignment.findMany({ where: { scheduleId: newId } });
    const [, , coverId] = key!.split('>').map(Number);
    expect(after.map((a) => [a.staffId, a.templateId, a.positionId]).sort()).toEqual(
      [
        [
          ids.staffId('Jordan'),
          ids.templateId('Inventory & receiving'),
          ids.positionId('INVENTORY_SPECIALIST'),
        ],
        [coverId, ids.templateId('Weekday day'), ids.positionId('LEAD_TECH')],
        [ids.staffId('Priya'), ids.templateId('Weekday day'), ids.positionId('PHARMACIST')],
      ].sort(),
    );
    expect((await t.db.schedule.findUniqueOrThrow({ where: { id: newId } })).status).toBe('PUBLISHED');
  });
});

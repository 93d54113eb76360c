// Worked shifts are frozen (issue 11): on Thursday evening a call-out for Friday is repaired, then
// a second Friday call-out re-solves the week. The draft may change Friday onwards only: every shift
// that has started keeps exactly its people, and the person called in for the first call-out stays.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeWorkers } from '../../solver';
import { settleSolveJobs } from '../../server/scheduling/solve-jobs.service';
import { waitForJob } from '../helpers/schedules';
import { createTestApp, csrfFrom, csrfOf, type Agent, type TestApp } from '../helpers/test-app';

process.env.SOLVE_TIME_LIMIT_SECONDS = '20';

const WEEK = '2026-11-30';
const WEDNESDAY = '2026-12-02';
const FRIDAY = '2026-12-04';
/** The week is planned the Wednesday before. */
const PLANNING = new Date('2026-11-25T15:00:00Z');
/** Thursday 3 Dec 2026, 18:00 in New York: the evening shift (15:00) has started, Friday has not. */
const THURSDAY_EVENING = new Date('2026-12-03T23:00:00Z');

let t: TestApp;
let manager: Agent;
let siteId: number;
let zone: string;

type Row = {
  id: number;
  staffId: number;
  templateId: number;
  shiftDate: string;
  positionId: number;
  source: string;
};
const key = (a: Row) => `${a.staffId}|${a.templateId}|${a.shiftDate}|${a.positionId}`;

async function post(url: string, fields: Record<string, string> = {}, from = '/schedules') {
  const csrf = await csrfOf(manager, from);
  return manager
    .post(url)
    .type('form')
    .send({ _csrf: csrf, ...fields });
}

async function rowsOf(scheduleId: number): Promise<Row[]> {
  return t.db.assignment.findMany({ where: { scheduleId }, orderBy: { id: 'asc' } });
}

/** Whether a row's shift had started at `now`, by the template's start in the site's zone. */
async function startedAt(now: Date): Promise<(r: Row) => boolean> {
  const templates = new Map(
    (await t.db.shiftTemplate.findMany({ select: { id: true, startMinute: true } })).map((x) => [
      x.id,
      x.startMinute,
    ]),
  );
  return (r) => {
    const start = DateTime.fromISO(r.shiftDate, { zone }).plus({ minutes: templates.get(r.templateId) ?? 0 });
    return start.toMillis() <= now.getTime();
  };
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: PLANNING, shouldAdvanceTime: true });
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  const site = await t.db.site.findFirstOrThrow({ select: { id: true, timeZone: true } });
  siteId = site.id;
  zone = site.timeZone;
}, 60_000);
afterAll(async () => {
  vi.useRealTimers();
  await settleSolveJobs();
  await closeWorkers();
  await t.close();
});

describe('a re-solve after a mid-week call-out', () => {
  it('changes no shift that has started and keeps the person called in', async () => {
    // Planned the week before: generated, one Wednesday technician taken off (a gap the week was worked with), published.
    const generated = await post('/schedules/generate', { siteId: String(siteId), week: WEEK });
    const job = await waitForJob(manager, generated.headers.location as string);
    expect(job.error).toBeNull();
    expect(job.status).toBe('DONE');
    const draftId = Number(job.scheduleUrl.split('/').pop());
    const technician = await t.db.position.findUniqueOrThrow({ where: { code: 'TECHNICIAN' } });
    const wednesdayTech = (await rowsOf(draftId)).find(
      (r) => r.shiftDate === WEDNESDAY && r.positionId === technician.id,
    )!;
    const page = await manager.get(`/schedules/${draftId}`);
    const revision = /name="revision" value="(\d+)"/.exec(page.text)?.[1] ?? '';
    const removed = await manager
      .post(`/schedules/${draftId}/assignments/${wednesdayTech.id}/remove`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), revision, override: 'on' });
    expect(removed.status).toBe(303);
    const published = await post(`/schedules/${draftId}/publish`, { confirmGaps: 'on' });
    expect(published.status).toBe(303);

    // Thursday evening: a Friday technician calls out and a stand-in is accepted.
    vi.useFakeTimers({ toFake: ['Date'], now: THURSDAY_EVENING, shouldAdvanceTime: true });
    manager = await t.signInAs('MANAGER');
    const v1 = await rowsOf(draftId);
    // The first Friday assignment someone can simply step in for, and another Friday one.
    let first: Row | undefined;
    let standIn: string | undefined;
    for (const row of v1.filter((r) => r.shiftDate === FRIDAY)) {
      const callout = await manager.get(`/schedules/${draftId}/callout/${row.id}`);
      expect(callout.status).toBe(200);
      standIn = /name="replacement" value="(\d+)"[^>]*checked/.exec(callout.text)?.[1];
      if (standIn) {
        first = row;
        break;
      }
    }
    expect(standIn).toMatch(/^\d+$/);
    const second = v1.find(
      (r) => r.shiftDate === FRIDAY && r.id !== first!.id && r.staffId !== Number(standIn),
    );
    expect(second).toBeDefined();
    const repaired = await post(
      `/schedules/${draftId}/callout/${first!.id}`,
      { reason: 'sick', replacement: standIn! },
      `/schedules/${draftId}/callout/${first!.id}`,
    );
    expect(repaired.status).toBe(303);
    const v2Id = Number((repaired.headers.location as string).split('/').pop());
    const v2 = await rowsOf(v2Id);
    const calledIn = v2.find((r) => r.source === 'REPAIR')!;
    expect(calledIn.staffId).toBe(Number(standIn));

    // A second Friday call-out: re-solve the week.
    const secondInV2 = v2.find((r) => key(r) === key(second!))!;
    const resolve = await post(
      `/schedules/${v2Id}/callout/${secondInV2.id}/resolve`,
      { reason: 'flu' },
      `/schedules/${v2Id}/callout/${secondInV2.id}`,
    );
    expect(resolve.status).toBe(303);
    const resolved = await waitForJob(manager, resolve.headers.location as string);
    expect(resolved.error).toBeNull();
    const resolvedId = Number(resolved.scheduleUrl.split('/').pop());
    const after = await rowsOf(resolvedId);

    const started = await startedAt(THURSDAY_EVENING);
    expect(v2.filter(started).length).toBeGreaterThan(0);
    expect(after.filter(started).map(key).sort()).toEqual(v2.filter(started).map(key).sort());
    expect(after.map(key)).toContain(key(calledIn));
    expect(after.map(key)).not.toContain(key(secondInV2));
  }, 240_000);
});

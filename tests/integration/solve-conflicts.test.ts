// Solves of the stores of one district share their floaters. Two of them at once would each plan a
// floater's week without the other's: the claim runs one solve per district at a time, and a solve
// whose floater was booked elsewhere while it ran goes back in line instead of failing.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeWorkers, solveSchedule } from '../../solver';
import { closeDatabase, openDatabase, type Db } from '../../server/db/client';
import { claimNextSolveJob, type SolveClaim } from '../../server/scheduling/solve-claims.repository';
import { activeKeyOf, settleSolveJobs, type SolveRequest } from '../../server/scheduling/solve-jobs.service';
import { runSolveJob, saveSolveResult } from '../../server/scheduling/solve-run.service';
import { loadSolverInput } from '../../server/scheduling/solver-input.service';
import { fromSolverAssignment, staffKey } from '../../server/scheduling/week-facts';
import { demoLookups, plusDays } from '../helpers/publish-fixtures';
import { runClockFrom } from '../helpers/schedules';
import { createTestApp, type TestApp } from '../helpers/test-app';

const TROY = 'Riverside Community Pharmacy – Troy';
const OPTIONS = { timeLimitMs: 20_000 };

let t: TestApp;
let ids: Awaited<ReturnType<typeof demoLookups>>;
let troyId: number;
let marcusId: number;
let clients: Db[] = [];

beforeAll(async () => {
  runClockFrom();
  t = await createTestApp();
  ids = await demoLookups(t.db);
  troyId = (await t.db.site.findFirstOrThrow({ where: { name: TROY }, select: { id: true } })).id;
  marcusId = ids.staffId('Marcus');
});
afterEach(async () => {
  await Promise.all(clients.map((c) => closeDatabase(c)));
  clients = [];
});
afterAll(async () => {
  vi.useRealTimers();
  await settleSolveJobs();
  await closeWorkers();
  await t.close();
});

async function queue(siteId: number, periodStart: string): Promise<number> {
  const job = await t.db.solveJob.create({
    data: { siteId, periodStart, activeKey: activeKeyOf(siteId, periodStart), status: 'QUEUED' },
    select: { id: true },
  });
  return job.id;
}

function claim(db: Db = t.db, workerId = 'test'): Promise<SolveClaim | null> {
  return claimNextSolveJob(db, { siteCap: 2, totalCap: null, workerId });
}

async function jobOf(id: number) {
  const job = await t.db.solveJob.findUniqueOrThrow({
    where: { id },
    select: { status: true, attempts: true, error: true, progress: true, scheduleId: true },
  });
  return {
    ...job,
    progress: JSON.parse(job.progress ?? 'null') as { phase: string; message: string } | null,
  };
}

/**
 * Marcus, who floats from the hospital to Troy, is put at Troy at the very hours of his first
 * hospital shift of the solve, in a new draft of Troy's week: what a Troy solve or a manager's edit
 * saved while the hospital's solve ran.
 */
async function marcusAtTroyMeanwhile(periodStart: string, shift: { shiftDate: string; templateId: number }) {
  const hours = await t.db.shiftTemplate.findUniqueOrThrow({
    where: { id: shift.templateId },
    select: { shiftType: true, startMinute: true, endMinute: true },
  });
  const template = await t.db.shiftTemplate.create({
    data: { ...hours, siteId: troyId, name: `Cover ${periodStart}`, weekdays: '1,2,3,4,5,6,7' },
    select: { id: true },
  });
  await t.db.schedule.create({
    data: {
      siteId: troyId,
      periodStart,
      periodEnd: plusDays(periodStart, 6),
      status: 'DRAFT',
      version: 1,
      assignments: {
        create: {
          shiftDate: shift.shiftDate,
          templateId: template.id,
          staffId: marcusId,
          positionId: ids.positionId('PHARMACIST'),
        },
      },
    },
  });
}

/** The hospital's solve of `week`, run as a worker would up to its save, with Marcus's shifts in it. */
async function solveHospitalWeek(week: string) {
  const request: SolveRequest = { siteId: ids.site.id, periodStart: week, kind: 'GENERATE', userId: null };
  const ctx = await loadSolverInput(t.db, ids.site.id, week, { previousFrom: 'published' });
  const result = await solveSchedule(ctx.input, OPTIONS);
  const marcus = result.assignments
    .filter((a) => a.staff === staffKey(marcusId))
    .map((a) => fromSolverAssignment(ctx, a))
    .sort((a, b) => a.shiftDate.localeCompare(b.shiftDate));
  return { request, ctx, result, marcus };
}

describe('a solve whose floater was booked at a sibling store while it ran', () => {
  it('goes back in line with the reason, keeps its place, and is saved on the week as it now is', async () => {
    const week = '2027-02-01';
    const jobId = await queue(ids.site.id, week);
    const first = await claim();
    expect(first).toEqual({ jobId, attempt: 1 });
    const solved = await solveHospitalWeek(week);
    expect(solved.marcus.length).toBeGreaterThan(0);

    await marcusAtTroyMeanwhile(week, solved.marcus[0]!);
    await saveSolveResult(t.db, first!, solved.request, solved.ctx, solved.result, OPTIONS, Date.now());

    const requeued = await jobOf(jobId);
    expect(requeued).toMatchObject({ status: 'QUEUED', attempts: 1, error: null, scheduleId: null });
    expect(requeued.progress?.phase).toBe('queued');
    expect(requeued.progress?.message).toMatch(
      /^Solving again: a floater's week at another site changed during the solve\. Marcus \S+ would work /,
    );
    expect(await t.db.schedule.count({ where: { siteId: ids.site.id, periodStart: week } })).toBe(0);

    // A later job of another site does not jump the line: the same job is claimed next.
    const later = await queue(troyId, '2027-03-01');
    const second = await claim();
    expect(second).toEqual({ jobId, attempt: 2 });
    await t.db.solveJob.update({ where: { id: later }, data: { status: 'CANCELLED', activeKey: null } });
    await runSolveJob(t.db, second!, solved.request, OPTIONS);
    const done = await jobOf(jobId);
    expect(done.error).toBeNull();
    expect(done.status).toBe('DONE');
    const draft = await t.db.schedule.findUniqueOrThrow({
      where: { id: done.scheduleId! },
      select: { status: true, assignments: { where: { staffId: marcusId }, select: { shiftDate: true } } },
    });
    expect(draft.status).toBe('DRAFT');
    // Marcus is at Troy then now: the hospital's new draft has him on other days only.
    expect(draft.assignments.map((a) => a.shiftDate)).not.toContain(solved.marcus[0]!.shiftDate);
  }, 120_000);

  it('fails with who would be double-booked once it has been claimed SOLVE_MAX_ATTEMPTS times', async () => {
    const week = '2027-02-08';
    const jobId = await queue(ids.site.id, week);
    const only = await claim();
    expect(only).toEqual({ jobId, attempt: 1 });
    const solved = await solveHospitalWeek(week);
    expect(solved.marcus.length).toBeGreaterThan(0);

    await marcusAtTroyMeanwhile(week, solved.marcus[0]!);
    await saveSolveResult(
      t.db,
      only!,
      solved.request,
      solved.ctx,
      solved.result,
      { ...OPTIONS, maxAttempts: 1 },
      0,
    );

    const failed = await jobOf(jobId);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 1, scheduleId: null });
    expect(failed.error).toMatch(
      /^Not saved: a floater's week at another site changed during the solve\. Marcus \S+ would work .* Generate the week again\.$/,
    );
    expect(await t.db.schedule.count({ where: { siteId: ids.site.id, periodStart: week } })).toBe(0);
  }, 120_000);
});

describe('claiming the solves of a district', () => {
  it('runs one solve per district at a time; other districts and lone sites are not held up', async () => {
    await t.db.solveJob.updateMany({
      where: { status: { in: ['QUEUED', 'RUNNING'] } },
      data: { status: 'DONE', activeKey: null },
    });
    const lone = await t.db.site.create({
      data: { name: 'Claim Test Lone', timeZone: 'America/New_York', usState: 'NY' },
      select: { id: true },
    });
    const otherDistrict = await Promise.all(
      ['Claim Test North A', 'Claim Test North B'].map((name) =>
        t.db.site.create({
          data: { name, timeZone: 'America/New_York', usState: 'NY', district: 'Claim Test North' },
          select: { id: true },
        }),
      ),
    );
    const weeks = ['2028-01-03', '2028-01-10', '2028-01-17'];
    const riverside = [ids.site.id, troyId];
    const districtOf = new Map<number, string>([
      ...riverside.map((id) => [id, 'Riverside'] as const),
      ...otherDistrict.map(({ id }) => [id, 'North'] as const),
    ]);
    const queued = new Set<number>();
    // The district's stores first, so a claimer that ignored districts would take two of them at once.
    for (const week of weeks)
      for (const siteId of [...riverside, ...otherDistrict.map((s) => s.id), lone.id])
        queued.add(await queue(siteId, week));

    clients = [0, 1, 2].map(() => openDatabase(t.databaseUrl, 4));
    const claimed: SolveClaim[] = [];
    for (let round = 0; round < 30 && claimed.length < queued.size; round++) {
      const claims = await Promise.all(clients.flatMap((c, i) => [0, 1, 2].map(() => claim(c, `test-${i}`))));
      const taken = claims.filter((c): c is SolveClaim => c !== null);
      claimed.push(...taken);
      const running = await t.db.solveJob.findMany({
        where: { status: 'RUNNING' },
        select: { siteId: true },
      });
      const perDistrict = new Map<string, number>();
      for (const { siteId } of running) {
        const district = districtOf.get(siteId);
        if (district) perDistrict.set(district, (perDistrict.get(district) ?? 0) + 1);
      }
      for (const [district, n] of perDistrict) expect(n, `${district} running in round ${round}`).toBe(1);
      if (round === 0) {
        // One of each district and the lone site's two (its cap) start at once.
        expect(running.filter((r) => r.siteId === lone.id)).toHaveLength(2);
        expect([...perDistrict.keys()].sort()).toEqual(['North', 'Riverside']);
      }
      await t.db.solveJob.updateMany({
        where: { id: { in: taken.map((c) => c.jobId) } },
        data: { status: 'DONE', activeKey: null },
      });
    }
    const jobIds = claimed.map((c) => c.jobId);
    expect(new Set(jobIds).size).toBe(jobIds.length);
    expect(new Set(jobIds)).toEqual(queued);
  });
});

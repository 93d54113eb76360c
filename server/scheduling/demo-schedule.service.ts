import { DateTime } from 'luxon';
import type { Db } from '../db/client';
import { publishSchedule } from './publish.service';
import { requestSolve, settleSolveJobs } from './solve-jobs.service';

/**
 * Gives a fresh demo pharmacy a published schedule for the current week, made by the optimiser
 * like any other, so that "My shifts", the lead's "Today", the team schedule and the calendar feeds
 * have something to show on first start. Next week is left for the manager to generate.
 */
export async function publishDemoWeek(
  db: Db,
  timeLimitMs: number,
): Promise<{ periodStart: string; assignments: number } | null> {
  const site = await db.site.findFirst({ orderBy: { id: 'asc' }, select: { id: true, timeZone: true } });
  const manager = await db.user.findFirst({
    where: { role: 'MANAGER', active: true },
    orderBy: { id: 'asc' },
    select: { id: true },
  });
  if (!site || !manager) return null;
  const periodStart = DateTime.now().setZone(site.timeZone).startOf('week').toISODate()!;
  const { jobId } = await requestSolve(
    db,
    { siteId: site.id, periodStart, kind: 'GENERATE', userId: manager.id },
    { timeLimitMs },
  );
  await settleSolveJobs();
  const job = await db.solveJob.findUniqueOrThrow({
    where: { id: jobId },
    select: { status: true, scheduleId: true },
  });
  if (job.status !== 'DONE' || job.scheduleId === null) return null;
  await publishSchedule(db, job.scheduleId, manager.id, { confirmGaps: true });
  const assignments = await db.assignment.count({ where: { scheduleId: job.scheduleId } });
  return { periodStart, assignments };
}

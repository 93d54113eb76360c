import { DateTime } from 'luxon';
import type { Db } from '../db/client';
import { findFirstActiveManagerId, findFirstSite } from '../sites/sites.repository';
import { countAssignments } from './assignments.repository';
import { findSolveJob } from './solve-jobs.repository';
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
  const site = await findFirstSite(db);
  const managerId = await findFirstActiveManagerId(db);
  if (!site || managerId === null) return null;
  const periodStart = DateTime.now().setZone(site.timeZone).startOf('week').toISODate()!;
  const { jobId } = await requestSolve(
    db,
    { siteId: site.id, periodStart, kind: 'GENERATE', userId: managerId },
    { timeLimitMs },
  );
  await settleSolveJobs();
  const job = await findSolveJob(db, jobId);
  if (!job || job.status !== 'DONE' || job.scheduleId === null) return null;
  await publishSchedule(db, job.scheduleId, managerId, { confirmGaps: true });
  const assignments = await countAssignments(db, job.scheduleId);
  return { periodStart, assignments };
}

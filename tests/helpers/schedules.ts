// Helpers for the schedules tests: wait for a solve job through its JSON progress endpoint.
import { vi } from 'vitest';
import type { Db } from '../../server/db/client';
import { createSchedule } from './publish-fixtures';
import type { Agent } from './test-app';

export interface JobProgressJson {
  id: number;
  status: 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED' | 'CANCELLED';
  scheduleUrl: string;
  error: string | null;
  engine: string | null;
  elapsedMs: number;
}

/** Wednesday 25 Nov 2026, 10:00 in New York: the demo's "today", before the week of 30 Nov starts. */
export const PLANNING_NOW = new Date('2026-11-25T15:00:00Z');

/**
 * Fixes the clock (Date only) at a moment and lets it run on from there, so solves keep their time
 * limits: what has started and what lies in the notice window is then the same on every run.
 */
export function runClockFrom(now: Date = PLANNING_NOW): void {
  vi.useFakeTimers({ toFake: ['Date'], now, shouldAdvanceTime: true });
}

/** Polls /schedules/jobs/:id/progress until the job has ended (or the wait runs out). */
export async function waitForJob(
  agent: Agent,
  jobUrl: string,
  timeoutMs = 120_000,
): Promise<JobProgressJson> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await agent.get(`${jobUrl}/progress`);
    if (res.status !== 200) throw new Error(`progress returned ${res.status}`);
    const body = res.body as JobProgressJson;
    if (body.status !== 'QUEUED' && body.status !== 'RUNNING') return body;
    if (Date.now() > deadline) throw new Error(`job still ${body.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Schedules and a finished solve job for far-away weeks no other test uses, made once per database:
 * the access-matrix test needs concrete URLs for every schedules route, and none of them may start
 * a real solve (an archived schedule refuses re-solving and edits without touching anything).
 */
export async function matrixSchedulesFixture(db: Db): Promise<{
  draftId: number;
  archivedId: number;
  publishedId: number;
  assignmentId: number;
  publishedAssignmentId: number;
  jobId: number;
}> {
  const find = async (periodStart: string) =>
    (await db.schedule.findFirst({ where: { periodStart }, select: { id: true } }))?.id;
  const make = async (periodStart: string, status: 'DRAFT' | 'ARCHIVED' | 'PUBLISHED') =>
    (await find(periodStart)) ??
    (await createSchedule(db, {
      periodStart,
      status,
      assignments: [['Priya', periodStart, 'Weekday day', 'PHARMACIST']],
    }));
  const draftId = await make('2027-04-05', 'DRAFT');
  const archivedId = await make('2027-04-12', 'ARCHIVED');
  const publishedId = await make('2027-04-19', 'PUBLISHED');
  const assignmentId = (
    await db.assignment.findFirstOrThrow({ where: { scheduleId: archivedId }, select: { id: true } })
  ).id;
  const publishedAssignmentId = (
    await db.assignment.findFirstOrThrow({ where: { scheduleId: publishedId }, select: { id: true } })
  ).id;
  const site = await db.site.findFirstOrThrow({ select: { id: true } });
  const job =
    (await db.solveJob.findFirst({ where: { periodStart: '2027-04-05' }, select: { id: true } })) ??
    (await db.solveJob.create({
      data: { siteId: site.id, periodStart: '2027-04-05', status: 'DONE', scheduleId: draftId },
      select: { id: true },
    }));
  return { draftId, archivedId, publishedId, assignmentId, publishedAssignmentId, jobId: job.id };
}

// The manager's schedules: the list of weeks, access to one schedule, the messages and errors the
// schedule pages share, and starting a re-solve (of a week, or of the rest of a week after a
// call-out). The week's picture is in week-view.service.ts, hand edits in schedule-edits.service.ts,
// call-out repairs in call-outs.service.ts; solving itself runs as solve jobs (solve-jobs.service.ts).
import { withScheduleWeekLock } from '../db/locks';
import { type Db } from '../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import { findDraftBasedOn, listSchedules, type ScheduleRow } from './schedules.repository';
import { findSite, listSites } from './week-facts.repository';
import { listRecentSolveJobs } from './solve-jobs.repository';
import { recordAudit } from '../account/auth.service';
import { progressOf, requestSolve, type SolveRunOptions } from './solve-jobs.service';
import { nextWeekStart } from './week-time';
import { findPublishedBreaks } from './published-breaks.service';
import { getSiteForUser } from '../sites/sites.service';
import { proposeCallOutRepair } from './call-out-repair.service';
import { recordCallOut } from './call-outs.service';
import { scheduleMessages } from './schedule-access.service';
import { mondayOf } from '../lib/time';

export async function getSchedulesIndex(
  db: Db,
  user: CurrentUser,
  siteIdParam: number | undefined,
  weekParam: string | undefined,
) {
  const home = await getSiteForUser(db, user);
  const sites = (await listSites(db)).filter((s) => user.siteId === null || s.id === user.siteId);
  const site = sites.find((s) => s.id === siteIdParam) ?? sites.find((s) => s.id === home.id) ?? sites[0];
  if (!site) throw new NotFoundError('No pharmacy site has been set up yet.');
  const defaultWeek = nextWeekStart(site.timeZone);
  const week = weekParam ? mondayOf(weekParam) : defaultWeek;
  const fromDate = mondayOf(new Date(Date.now() - 28 * 86_400_000).toISOString().slice(0, 10));
  const schedules = await listSchedules(db, site.id, fromDate);
  const weeks = new Map<string, typeof schedules>();
  for (const s of schedules) weeks.set(s.periodStart, [...(weeks.get(s.periodStart) ?? []), s]);
  const jobs = (await listRecentSolveJobs(db, site.id, 8)).map((j) => ({
    ...j,
    progressView: progressOf(j),
  }));
  return {
    sites,
    site,
    week,
    defaultWeek,
    publishedBreaks: await findPublishedBreaks(db, site.id, site.timeZone),
    weeks: [...weeks.entries()].map(([periodStart, list]) => ({ periodStart, list })),
    jobs,
  };
}

/**
 * Re-solves a week from a schedule: its locked assignments stay and its assignments are the
 * baseline to stay close to. A published version with an open draft re-solves that draft, so the
 * manager's edits and locks in it are kept rather than forked into a second draft.
 */
export async function startResolve(
  db: Db,
  user: CurrentUser,
  schedule: ScheduleRow,
  options: SolveRunOptions,
): Promise<{ jobId: number; joined: boolean }> {
  if (schedule.status === 'ARCHIVED') throw new ConflictError(scheduleMessages.archived);
  const open = schedule.status === 'PUBLISHED' ? await findDraftBasedOn(db, schedule.id) : null;
  return requestSolve(
    db,
    {
      siteId: schedule.siteId,
      periodStart: schedule.periodStart,
      kind: 'RESOLVE',
      userId: user.id,
      baseScheduleId: open?.id ?? schedule.id,
    },
    options,
  );
}

// ---------------------------------------------------------------------------------------------
// Edits
// ---------------------------------------------------------------------------------------------

/**
 * When no quick repair fits (or the manager prefers it): records the call-out, then re-solves the
 * week from the published version (or its open draft) with everyone else's shifts as the baseline,
 * so the optimiser changes as little as it can. The result is a draft the manager reviews and publishes.
 */
export async function startCallOutResolve(
  db: Db,
  user: CurrentUser,
  scheduleId: number,
  assignmentId: number,
  reason: string,
  options: SolveRunOptions,
): Promise<{ jobId: number; joined: boolean }> {
  const proposal = await db.$transaction(async (tx) => {
    await withScheduleWeekLock(tx, scheduleId);
    const found = await proposeCallOutRepair(tx, user, scheduleId, assignmentId);
    await recordCallOut(tx, found, reason);
    await recordAudit(tx, {
      actorId: user.id,
      action: 'schedule.callout',
      entity: 'Schedule',
      entityId: scheduleId,
      detail: `${found.person} called out of ${found.shift.label} (${reason}); re-solving the week`,
    });
    return found;
  });
  const open = await findDraftBasedOn(db, scheduleId);
  return requestSolve(
    db,
    {
      siteId: proposal.schedule.siteId,
      periodStart: proposal.schedule.periodStart,
      kind: 'REPAIR',
      userId: user.id,
      baseScheduleId: open?.id ?? scheduleId,
    },
    options,
  );
}

/** The district a site's week is solved with; refused (field `district`) when the site has none. */
export async function districtOf(db: Db, siteId: number): Promise<string> {
  const site = await findSite(db, siteId);
  if (!site) throw new NotFoundError('That pharmacy site does not exist.');
  if (site.district === null)
    throw new ValidationError({
      district: 'This site belongs to no district; generate its week on its own.',
    });
  return site.district;
}

// A district solve: the week of every site of a district in one solver input (district-input.ts), so
// floaters go where they are needed most, saved as one new draft per site, each under its own week
// lock. A single-site solve is unchanged (solve-run.service.ts).
import { explainGaps, type SolveResult } from '../../solver';
import type { ScheduleInput } from '../../solver/core/types';
import type { Db, Tx } from '../db/client';
import { withWeekLock } from '../db/locks';
import { mergeDistrictInputs } from './district-input';
import { findDoubleBookingsAtSave } from './double-booking.service';
import { solvedAssignmentsKey } from './solve-fingerprint';
import { gapWords } from './gap-words';
import { markSolveDone, solveAgainOrFail } from './solve-done';
import type { SolveClaim } from './solve-claims.repository';
import { createDraftSchedule, findHighestVersion, findPublishedIdOf } from './schedules.repository';
import {
  findSolveJob,
  finishSolveJob,
  listWeekVersionsWithDetails,
  type SolveJobRow,
} from './solve-jobs.repository';
import type { CurrentUser } from '../http/request-context';
import { NotFoundError } from '../http/errors';
import { siteAccessOf } from './schedule-access.service';
import type { SolveRequest, SolveRunOptions, SolverDetails } from './solve-jobs.service';
import { loadSolverInput } from './solver-input.service';
import { fromSolverAssignment, type SolverInputContext } from './week-facts';
import { listDistrictSiteIds } from './week-facts.repository';

export interface DistrictContext {
  /** Every site's shifts, demands and people in one input. */
  input: ScheduleInput;
  /** Each site's own context (the requested site first): how the result is split into drafts. */
  sites: SolverInputContext[];
}

/** Reads the week of every site of the requested site's district and merges them. */
export async function loadDistrictContext(db: Db, request: SolveRequest): Promise<DistrictContext> {
  const siteIds = await listDistrictSiteIds(db, request.siteId);
  const sites: SolverInputContext[] = [];
  for (const siteId of siteIds) {
    // As for one site: once a site's week has been published, its started shifts are frozen.
    const published = (await findPublishedIdOf(db, siteId, request.periodStart)) !== null;
    sites.push(
      await loadSolverInput(db, siteId, request.periodStart, {
        previousFrom: 'published',
        solvedWith: siteIds.filter((id) => id !== siteId),
        ...(published ? { now: new Date() } : {}),
      }),
    );
  }
  return { input: mergeDistrictInputs(sites), sites };
}

/**
 * A solve's page is its site's managers'; a district solve's also every district manager's (to watch,
 * not cancel), since it makes a draft at each of their sites. A job of any other site is not found.
 */
export async function assertJobAccess(
  db: Db,
  user: CurrentUser,
  job: SolveJobRow,
): Promise<'manage' | 'view'> {
  const access = await siteAccessOf(db, user, job.siteId);
  if (access === 'manage' || (access === 'view' && job.district)) return access;
  throw new NotFoundError();
}

export interface DistrictDraft {
  scheduleId: number;
  siteName: string;
  version: number;
  status: string;
  /** The user may open it but not change or publish it (another site of their district). */
  readOnly: boolean;
}

/** The versions a district solve made, one per site, each marked read-only where the user does not manage the site. */
export async function listDistrictDrafts(
  db: Db,
  user: CurrentUser,
  job: SolveJobRow,
): Promise<DistrictDraft[]> {
  if (!job.district || job.status !== 'DONE') return [];
  const siteIds = await listDistrictSiteIds(db, job.siteId);
  const rows = await listWeekVersionsWithDetails(db, siteIds, job.periodStart);
  const made = rows.filter((r) => {
    try {
      return (JSON.parse(r.solverDetails ?? '{}') as Partial<SolverDetails>).jobId === job.id;
    } catch {
      return false;
    }
  });
  const out: DistrictDraft[] = [];
  for (const r of made) {
    const access = await siteAccessOf(db, user, r.siteId);
    if (access === 'none') continue;
    out.push({
      scheduleId: r.id,
      siteName: r.site.name,
      version: r.version,
      status: r.status,
      readOnly: access === 'view',
    });
  }
  return out;
}

/** Saves a district solve's schedule as one draft per site; the job points at the requested site's. */
export async function saveDistrictResult(
  db: Db,
  claim: SolveClaim,
  request: SolveRequest,
  district: DistrictContext,
  result: SolveResult,
  options: SolveRunOptions,
  started: number,
): Promise<void> {
  const { jobId, attempt } = claim;
  // Every outcome is written under the claim: a job taken back meanwhile is the new run's to save.
  const fail = (db: Db | Tx, error: string) =>
    finishSolveJob(db, jobId, { status: 'FAILED', error }, attempt);
  if (result.status === 'infeasible' || result.status === 'unverified') {
    await fail(db, `The district's schedule was not saved. ${result.message}`);
    return;
  }
  if (result.status === 'timed out' && result.assignments.length <= (district.input.locked?.length ?? 0)) {
    await fail(
      db,
      `No schedule was found within ${Math.round(options.timeLimitMs / 1000)} s. ${result.message}`,
    );
    return;
  }
  const explanations = explainGaps(district.input, result);
  const siteIds = district.sites.map((ctx) => ctx.site.id);
  const drafts = district.sites.map((ctx) => {
    const own = new Set(ctx.shifts.map((s) => s.id));
    const rows = result.assignments
      .filter((a) => own.has(a.shift))
      .map((a) => ({ ...fromSolverAssignment(ctx, a), locked: false, source: 'SOLVER' as const }));
    const details: SolverDetails = {
      status: result.status,
      message: `${result.message} Solved with the district's other sites (${district.sites
        .filter((other) => other !== ctx)
        .map((other) => other.site.name)
        .join(', ')}).`,
      objectiveTerms: result.objectiveTerms,
      explanations: explanations.filter((e) => own.has(e.shift)).map((e) => gapWords(district.input, e)),
      wallTimeMs: result.wallTimeMs,
      firstFeasibleMs: result.firstFeasibleMs ?? null,
      integerColumns: result.modelSize.ints,
      jobId,
      solvedAssignments: solvedAssignmentsKey(rows),
    };
    return { ctx, rows, details };
  });

  await db.$transaction(async (tx) => {
    // Every site's week, in id order, so two district solves never wait on each other in a circle.
    for (const id of [...siteIds].sort((a, b) => a - b)) await withWeekLock(tx, id, request.periodStart);
    const job = await findSolveJob(tx, jobId);
    // Taken back (its heartbeat was presumed dead) and queued or run again: that run saves it.
    if (job?.status === 'QUEUED' || (job?.status === 'RUNNING' && job.attempts !== attempt)) return;
    if (!job || job.status !== 'RUNNING' || job.cancelRequested) {
      await finishSolveJob(tx, jobId, { status: 'CANCELLED', error: 'Cancelled by a manager.' }, attempt);
      return;
    }
    for (const d of drafts) {
      const problems = await findDoubleBookingsAtSave(tx, d.ctx, d.rows, siteIds);
      if (problems.length > 0) {
        await solveAgainOrFail(tx, claim, problems, options);
        return;
      }
    }
    let requested: number | null = null;
    for (const d of drafts) {
      const scheduleId = await createDraftSchedule(
        tx,
        {
          siteId: d.ctx.site.id,
          periodStart: d.ctx.periodStart,
          periodEnd: d.ctx.periodEnd,
          version: (await findHighestVersion(tx, d.ctx.site.id, d.ctx.periodStart)) + 1,
          basedOnId: null,
          createdById: request.userId,
          solverStatus: result.status,
          solverEngine: result.engine,
          objective: result.objective,
          gapPercent: result.gapPercent ?? null,
          solveMillis: result.solveTimeMs,
          modelRows: result.modelSize.rows,
          modelColumns: result.modelSize.cols,
          solverDetails: JSON.stringify(d.details),
        },
        d.rows,
      );
      if (d.ctx.site.id === request.siteId) requested = scheduleId;
    }
    await markSolveDone(tx, jobId, result, options, started, requested, attempt);
  });
}

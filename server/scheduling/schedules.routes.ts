import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { NotFoundError, ValidationError } from '../http/errors';
import { formFields, parseForm } from '../http/forms';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { flash } from '../http/session-middleware';
import {
  AssignmentParams,
  CallOutForm,
  CallOutResolveForm,
  GenerateForm,
  JobIdParam,
  ScheduleShowQuery,
  SchedulesQuery,
} from './schedules.schemas';
import { ScheduleIdParam } from './publish.schemas';
import { acceptCallOutRepair } from './call-outs.service';
import { proposeCallOutRepair } from './call-out-repair.service';
import {
  assertSiteAccess,
  EditRefusedError,
  getScheduleOrThrow,
  scheduleMessages,
} from './schedule-access.service';
import { districtOf, getSchedulesIndex, startCallOutResolve, startResolve } from './schedules.service';
import { getScheduleView } from './week-view.service';
import { assertJobAccess, listDistrictDrafts } from './district-solve.service';
import { PublishRefusedError } from './publish.service';
import {
  cancelSolveJob,
  getSolveJob,
  progressOf,
  queuePosition,
  requestSolve,
  type SolveRunOptions,
} from './solve-jobs.service';
import { mondayOf } from '../lib/time';

export function paramsOf<T>(
  schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false } },
  req: Request,
): T {
  const parsed = schema.safeParse(req.params);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}

/** How the app runs solves: SOLVE_TIME_LIMIT_SECONDS (default 60 s), SOLVE_CONCURRENCY, SOLVE_SITE_CAP, SOLVER_MODE. */
function solveRunOptions(options: AppDeps['options']): SolveRunOptions {
  return {
    timeLimitMs: Math.round(options.solveTimeLimitSeconds * 1000),
    concurrency: options.solveConcurrency,
    siteCap: options.solveSiteCap,
    mode: options.solverMode,
  };
}

export function schedulesRoutes({ db, sessions, options }: AppDeps): RouteDef[] {
  const runOptions = (): SolveRunOptions => solveRunOptions(options);

  /** GET /schedules — pick a site and week, generate, and the schedules by week */
  async function getSchedules(req: Request, res: Response, user: CurrentUser) {
    const query = SchedulesQuery.parse(req.query);
    const index = await getSchedulesIndex(db, user, query.site, query.week);
    res.render('schedules/index', {
      title: 'Schedules',
      ...index,
      errors: {},
      values: { siteId: index.site.id, week: index.week },
    });
  }

  /** POST /schedules/generate — starts (or joins) the solve of a site-week */
  async function postSchedulesGenerate(req: Request, res: Response, user: CurrentUser) {
    const fields = formFields(req.body);
    let form;
    let district: string | undefined;
    try {
      form = parseForm(GenerateForm, fields);
      assertSiteAccess(user, form.siteId);
      if (form.district) district = await districtOf(db, form.siteId);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const index = await getSchedulesIndex(db, user, Number(fields.siteId) || undefined, undefined);
      return res
        .status(400)
        .render('schedules/index', { title: 'Schedules', ...index, errors: err.fieldErrors, values: fields });
    }
    const periodStart = mondayOf(form.week);
    const { jobId, joined } = await requestSolve(
      db,
      {
        siteId: form.siteId,
        periodStart,
        kind: 'GENERATE',
        userId: user.id,
        ...(district !== undefined ? { district } : {}),
      },
      runOptions(),
    );
    if (joined) {
      await flash(req, sessions, {
        kind: 'info',
        message: `A solve for the week of ${periodStart} is already running; showing its progress.`,
      });
    }
    res.redirect(303, `/schedules/jobs/${jobId}`);
  }

  /** GET /schedules/jobs/:id — progress of a solve, with cancel */
  async function getSolveJobPage(req: Request, res: Response, user: CurrentUser) {
    const { id } = paramsOf(JobIdParam, req);
    const job = await getSolveJob(db, id);
    const access = await assertJobAccess(db, user, job);
    res.render('schedules/job', {
      manages: access === 'manage',
      title: `Solving the week of ${job.periodStart}`,
      job,
      progress: progressOf(job),
      queuePosition: await queuePosition(db, job),
      drafts: await listDistrictDrafts(db, user, job),
    });
  }

  /** GET /schedules/jobs/:id/progress — the job's progress as JSON for the page's polling script */
  async function getSolveJobProgress(req: Request, res: Response, user: CurrentUser) {
    const { id } = paramsOf(JobIdParam, req);
    const job = await getSolveJob(db, id);
    await assertJobAccess(db, user, job);
    const progress = progressOf(job);
    res.set('Cache-Control', 'no-store').json({
      id: job.id,
      status: job.status,
      queuePosition: await queuePosition(db, job),
      engine: progress?.engine ?? job.engine,
      bestObjective: progress?.bestObjective ?? job.bestObjective,
      elapsedMs: progress?.elapsedMs ?? 0,
      phase: progress?.phase ?? 'queued',
      message: progress?.message ?? '',
      timeLimitMs: progress?.timeLimitMs ?? null,
      error: job.error,
      scheduleUrl: job.scheduleId ? `/schedules/${job.scheduleId}` : null,
    });
  }

  /** POST /schedules/jobs/:id/cancel — asks a running solve to stop */
  async function postSolveJobCancel(req: Request, res: Response, user: CurrentUser) {
    const { id } = paramsOf(JobIdParam, req);
    const job = await getSolveJob(db, id);
    assertSiteAccess(user, job.siteId);
    await cancelSolveJob(db, id);
    await flash(req, sessions, {
      kind: 'info',
      message: 'Cancelling the solve; existing drafts are left as they were.',
    });
    res.redirect(303, `/schedules/jobs/${id}`);
  }

  /** GET /schedules/:id — the week: grid, coverage by shift, gaps explained, hours, cost, chart */
  async function getSchedule(req: Request, res: Response, user: CurrentUser) {
    const { id } = paramsOf(ScheduleIdParam, req);
    const { move } = ScheduleShowQuery.parse(req.query);
    const view = await getScheduleView(db, user, id);
    const locals = {
      title: `Week of ${view.schedule.periodStart} · v${view.schedule.version}`,
      ...view,
      now: Date.now(),
      editError: null,
      moveId: move ?? null,
    };
    res.render('schedules/show', locals);
  }

  /** POST /schedules/:id/resolve — re-solves the week keeping locked assignments, changing as little else as possible */
  async function postScheduleResolve(req: Request, res: Response, user: CurrentUser) {
    const { id } = paramsOf(ScheduleIdParam, req);
    const schedule = await getScheduleOrThrow(db, id, user);
    if (schedule.status === 'ARCHIVED') {
      await flash(req, sessions, { kind: 'error', message: scheduleMessages.archived });
      return res.redirect(303, `/schedules/${id}`);
    }
    const { jobId, joined } = await startResolve(db, user, schedule, runOptions());
    if (joined) {
      await flash(req, sessions, {
        kind: 'info',
        message: 'A solve for this week is already running; showing its progress.',
      });
    }
    res.redirect(303, `/schedules/jobs/${jobId}`);
  }

  /** GET /schedules/:id/callout/:assignmentId — a call-out: who could cover the shift */
  async function getCallOut(req: Request, res: Response, user: CurrentUser) {
    const { id, assignmentId } = paramsOf(AssignmentParams, req);
    const proposal = await proposeCallOutRepair(db, user, id, assignmentId);
    res.render('schedules/callout', {
      title: `Call-out: ${proposal.person}`,
      ...proposal,
      errors: {},
      values: { reason: '', replacement: '' },
    });
  }

  /** POST /schedules/:id/callout/:assignmentId — accepts the repair and publishes the new version */
  async function postCallOut(req: Request, res: Response, user: CurrentUser) {
    const { id, assignmentId } = paramsOf(AssignmentParams, req);
    const fields = formFields(req.body);
    try {
      const form = parseForm(CallOutForm, fields);
      const result = await acceptCallOutRepair(
        db,
        user,
        id,
        assignmentId,
        form.replacement === 'none' ? null : form.replacement,
        form.reason,
      );
      await flash(req, sessions, { kind: 'success', message: result.message });
      res.redirect(303, `/schedules/${result.scheduleId}`);
    } catch (err) {
      const refused = err instanceof PublishRefusedError;
      if (!(err instanceof ValidationError) && !(err instanceof EditRefusedError) && !refused) throw err;
      const proposal = await proposeCallOutRepair(db, user, id, assignmentId);
      const errors = err instanceof ValidationError ? err.fieldErrors : { replacement: err.message };
      res.status(refused ? 409 : 400).render('schedules/callout', {
        title: `Call-out: ${proposal.person}`,
        ...proposal,
        errors,
        values: fields,
      });
    }
  }

  /** POST /schedules/:id/callout/:assignmentId/resolve — records the call-out and lets the optimiser repair the week */
  async function postCallOutResolve(req: Request, res: Response, user: CurrentUser) {
    const { id, assignmentId } = paramsOf(AssignmentParams, req);
    const fields = formFields(req.body);
    let form;
    try {
      form = parseForm(CallOutResolveForm, fields);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const proposal = await proposeCallOutRepair(db, user, id, assignmentId);
      return res.status(400).render('schedules/callout', {
        title: `Call-out: ${proposal.person}`,
        ...proposal,
        errors: { resolveReason: err.fieldErrors.reason ?? err.message },
        values: { ...fields, resolveReason: fields.reason ?? '' },
      });
    }
    const { jobId } = await startCallOutResolve(db, user, id, assignmentId, form.reason, runOptions());
    await flash(req, sessions, {
      kind: 'info',
      message: 'Call-out recorded. The optimiser is repairing the week; review the new draft and publish it.',
    });
    res.redirect(303, `/schedules/jobs/${jobId}`);
  }

  return [
    { method: 'get', path: '/schedules', access: 'MANAGER', handler: getSchedules },
    { method: 'post', path: '/schedules/generate', access: 'MANAGER', handler: postSchedulesGenerate },
    { method: 'get', path: '/schedules/jobs/:id', access: 'MANAGER', handler: getSolveJobPage },
    { method: 'get', path: '/schedules/jobs/:id/progress', access: 'MANAGER', handler: getSolveJobProgress },
    { method: 'post', path: '/schedules/jobs/:id/cancel', access: 'MANAGER', handler: postSolveJobCancel },
    { method: 'get', path: '/schedules/:id', access: 'MANAGER', handler: getSchedule, cache: true },
    { method: 'post', path: '/schedules/:id/resolve', access: 'MANAGER', handler: postScheduleResolve },
    { method: 'get', path: '/schedules/:id/callout/:assignmentId', access: 'MANAGER', handler: getCallOut },
    { method: 'post', path: '/schedules/:id/callout/:assignmentId', access: 'MANAGER', handler: postCallOut },
    {
      method: 'post',
      path: '/schedules/:id/callout/:assignmentId/resolve',
      access: 'MANAGER',
      handler: postCallOutResolve,
    },
  ];
}

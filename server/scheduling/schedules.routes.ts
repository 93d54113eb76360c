import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { NotFoundError, ValidationError } from '../http/errors';
import { formFields, parseForm } from '../http/forms';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { flash } from '../http/session-middleware';
import {
  AssignmentForm,
  AssignmentParams,
  CallOutForm,
  CallOutResolveForm,
  GenerateForm,
  JobIdParam,
  LockForm,
  MoveForm,
  RemoveForm,
  ScheduleShowQuery,
  SchedulesQuery,
} from './schedules.schemas';
import { ScheduleIdParam } from './publish.schemas';
import {
  acceptCallOutRepair,
  applyEdit,
  assertSiteAccess,
  EditRefusedError,
  getScheduleOrThrow,
  getScheduleView,
  getSchedulesIndex,
  proposeCallOutRepair,
  scheduleMessages,
  StaleScheduleError,
  startCallOutResolve,
  startResolve,
  type EditCommand,
} from './schedules.service';
import { PublishRefusedError } from './publish.service';
import {
  cancelSolveJob,
  getSolveJob,
  progressOf,
  queuePosition,
  requestSolve,
  type SolveRunOptions,
} from './solve-jobs.service';
import { mondayOf } from './solver-input.service';

function paramsOf<T>(
  schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false } },
  req: Request,
): T {
  const parsed = schema.safeParse(req.params);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}

/** How the app runs solves: SOLVE_TIME_LIMIT_SECONDS (default 60 s) and SOLVE_CONCURRENCY. */
function solveRunOptions(options: AppDeps['options']): SolveRunOptions {
  return {
    timeLimitMs: Math.round(options.solveTimeLimitSeconds * 1000),
    concurrency: options.solveConcurrency,
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
    try {
      form = parseForm(GenerateForm, fields);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const index = await getSchedulesIndex(db, user, Number(fields.siteId) || undefined, undefined);
      return res
        .status(400)
        .render('schedules/index', { title: 'Schedules', ...index, errors: err.fieldErrors, values: fields });
    }
    assertSiteAccess(user, form.siteId);
    const periodStart = mondayOf(form.week);
    const { jobId, joined } = await requestSolve(
      db,
      { siteId: form.siteId, periodStart, kind: 'GENERATE', userId: user.id },
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
    assertSiteAccess(user, job.siteId);
    res.render('schedules/job', {
      title: `Solving the week of ${job.periodStart}`,
      job,
      progress: progressOf(job),
      queuePosition: await queuePosition(db, job),
    });
  }

  /** GET /schedules/jobs/:id/progress — the job's progress as JSON for the page's polling script */
  async function getSolveJobProgress(req: Request, res: Response, user: CurrentUser) {
    const { id } = paramsOf(JobIdParam, req);
    const job = await getSolveJob(db, id);
    assertSiteAccess(user, job.siteId);
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

  /** Re-renders the schedule page with the refused edit explained (status 400). */
  async function renderRefused(
    req: Request,
    res: Response,
    user: CurrentUser,
    scheduleId: number,
    err: EditRefusedError,
    retry: { action: string; fields: Record<string, string> },
  ) {
    const view = await getScheduleView(db, user, scheduleId);
    res.status(400).render('schedules/show', {
      title: `Week of ${view.schedule.periodStart} · v${view.schedule.version}`,
      ...view,
      now: Date.now(),
      editError: { problems: err.problems, soft: err.soft, started: err.started, retry },
    });
  }

  /** A stale edit: the week as it is now, with the refusal on top (409); nothing was written. */
  async function renderStale(
    req: Request,
    res: Response,
    user: CurrentUser,
    scheduleId: number,
    err: StaleScheduleError,
  ) {
    const view = await getScheduleView(db, user, scheduleId);
    res.status(409).render('schedules/show', {
      title: `Week of ${view.schedule.periodStart} · v${view.schedule.version}`,
      ...view,
      now: Date.now(),
      editError: { heading: err.message, problems: [], soft: false, started: false, retry: null },
    });
  }

  async function runEdit(
    req: Request,
    res: Response,
    user: CurrentUser,
    scheduleId: number,
    command: EditCommand,
    form: { override: boolean; revision: number; correctionReason?: string | null },
    action: string,
  ) {
    try {
      const result = await applyEdit(
        db,
        user,
        scheduleId,
        command,
        form.override,
        form.revision,
        form.correctionReason ?? null,
      );
      await flash(req, sessions, { kind: 'success', message: result.message });
      res.redirect(303, `/schedules/${result.scheduleId}`);
    } catch (err) {
      if (err instanceof StaleScheduleError) return renderStale(req, res, user, scheduleId, err);
      if (!(err instanceof EditRefusedError)) throw err;
      const fields = formFields(req.body);
      delete fields.override;
      delete fields.revision;
      delete fields.correctionReason;
      await renderRefused(req, res, user, scheduleId, err, { action, fields });
    }
  }

  /** Parses an edit form; a bad form is a refused edit with the field messages. */
  function parseEdit<T>(schema: Parameters<typeof parseForm>[0], req: Request): T | EditRefusedError {
    try {
      return parseForm(schema, formFields(req.body)) as T;
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return new EditRefusedError(Object.values(err.fieldErrors), false);
    }
  }

  /** POST /schedules/:id/assignments — adds an assignment */
  async function postAssignmentAdd(req: Request, res: Response, user: CurrentUser) {
    const { id } = paramsOf(ScheduleIdParam, req);
    const action = `/schedules/${id}/assignments`;
    const form = parseEdit<ReturnType<typeof AssignmentForm.parse>>(AssignmentForm, req);
    if (form instanceof EditRefusedError) {
      await getScheduleOrThrow(db, id, user);
      return renderRefused(req, res, user, id, form, { action, fields: {} });
    }
    await runEdit(
      req,
      res,
      user,
      id,
      { kind: 'add', shiftId: form.shiftId, staffId: form.staffId, positionId: form.positionId },
      form,
      action,
    );
  }

  /** POST /schedules/:id/move — moves an assignment to another shift, person or position */
  async function postAssignmentMove(req: Request, res: Response, user: CurrentUser) {
    const { id } = paramsOf(ScheduleIdParam, req);
    const action = `/schedules/${id}/move`;
    const form = parseEdit<ReturnType<typeof MoveForm.parse>>(MoveForm, req);
    if (form instanceof EditRefusedError) {
      await getScheduleOrThrow(db, id, user);
      return renderRefused(req, res, user, id, form, { action, fields: {} });
    }
    await runEdit(
      req,
      res,
      user,
      id,
      {
        kind: 'move',
        assignmentId: form.assignmentId,
        shiftId: form.shiftId,
        staffId: form.staffId,
        positionId: form.positionId,
      },
      form,
      action,
    );
  }

  /** POST /schedules/:id/assignments/:assignmentId/remove — removes an assignment */
  async function postAssignmentRemove(req: Request, res: Response, user: CurrentUser) {
    const { id, assignmentId } = paramsOf(AssignmentParams, req);
    const form = parseForm(RemoveForm, formFields(req.body));
    await runEdit(
      req,
      res,
      user,
      id,
      { kind: 'remove', assignmentId },
      form,
      `/schedules/${id}/assignments/${assignmentId}/remove`,
    );
  }

  /** POST /schedules/:id/assignments/:assignmentId/lock — locks (locked=1) or unlocks (locked=0) an assignment */
  async function postAssignmentLock(req: Request, res: Response, user: CurrentUser) {
    const { id, assignmentId } = paramsOf(AssignmentParams, req);
    const form = parseEdit<ReturnType<typeof LockForm.parse>>(LockForm, req);
    if (form instanceof EditRefusedError) {
      await getScheduleOrThrow(db, id, user);
      return renderRefused(req, res, user, id, form, { action: `/schedules/${id}`, fields: {} });
    }
    await runEdit(
      req,
      res,
      user,
      id,
      { kind: 'lock', assignmentId, locked: form.locked },
      { override: false, revision: form.revision },
      `/schedules/${id}/assignments/${assignmentId}/lock`,
    );
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
    { method: 'post', path: '/schedules/:id/assignments', access: 'MANAGER', handler: postAssignmentAdd },
    { method: 'post', path: '/schedules/:id/move', access: 'MANAGER', handler: postAssignmentMove },
    {
      method: 'post',
      path: '/schedules/:id/assignments/:assignmentId/remove',
      access: 'MANAGER',
      handler: postAssignmentRemove,
    },
    {
      method: 'post',
      path: '/schedules/:id/assignments/:assignmentId/lock',
      access: 'MANAGER',
      handler: postAssignmentLock,
    },
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

// Hand edits of a schedule week (add, move, remove, lock an assignment), with refused and stale edits re-rendered.
import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { ValidationError } from '../http/errors';
import { formFields, parseForm } from '../http/forms';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { flash } from '../http/session-middleware';
import { AssignmentForm, AssignmentParams, LockForm, MoveForm, RemoveForm } from './schedules.schemas';
import { ScheduleIdParam } from './publish.schemas';
import { applyEdit, type EditCommand } from './schedule-edits.service';
import { EditRefusedError, getScheduleOrThrow, StaleScheduleError } from './schedule-access.service';
import { getScheduleView } from './week-view.service';
import { paramsOf } from './schedules.routes';

export function scheduleEditsRoutes({ db, sessions }: AppDeps): RouteDef[] {
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

  return [
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
  ];
}

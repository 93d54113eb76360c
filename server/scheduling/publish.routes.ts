import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { ForbiddenError, NotFoundError } from '../http/errors';
import { formFields, parseForm } from '../http/forms';
import type { CurrentUser } from '../http/request-context';
import type { RouteDef } from '../http/routes';
import { flash } from '../http/session-middleware';
import { PublishForm, ScheduleIdParam } from './publish.schemas';
import {
  describeDay,
  draftFromPublished,
  getScheduleHead,
  getVersionHistory,
  publishSchedule,
  publishMessages,
  PublishRefusedError,
  readSolverGapNotes,
  UnconfirmedGapsError,
} from './publish.service';
import { exportScheduleCsv, getPrintableSchedule } from './schedule-export.service';
import { getScheduleView } from './schedules.service';

/** A schedule id from the URL; anything else is a page that does not exist. */
function scheduleIdOf(req: Request): number {
  const parsed = ScheduleIdParam.safeParse(req.params);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data.id;
}

/** A manager attached to one site works on that site's schedules only. */
function assertOwnSite(user: CurrentUser, siteId: number): void {
  if (user.siteId !== null && user.siteId !== siteId) throw new ForbiddenError();
}

export function publishRoutes({ db, sessions }: AppDeps): RouteDef[] {
  /** POST /schedules/:id/publish — publishes a draft; with gaps, asks for confirmation first */
  async function postSchedulePublish(req: Request, res: Response, user: CurrentUser) {
    const id = scheduleIdOf(req);
    const head = await getScheduleHead(db, id);
    assertOwnSite(user, head.siteId);
    const form = parseForm(PublishForm, formFields(req.body));
    try {
      const options =
        form.gapCount === undefined
          ? { confirmGaps: form.confirmGaps }
          : { confirmGaps: form.confirmGaps, gapCount: form.gapCount };
      const result = await publishSchedule(db, id, user.id, options);
      const changed =
        result.archivedId === null
          ? ''
          : ` ${result.changes.length === 1 ? '1 change' : `${result.changes.length} changes`} against the previous version.`;
      await flash(req, sessions, {
        kind: 'success',
        message: `Version ${result.version} of the week of ${describeDay(head.periodStart)} is published; staff can see it now.${changed}`,
      });
      res.redirect(303, `/schedules/${id}`);
    } catch (err) {
      if (err instanceof PublishRefusedError) {
        // Nothing was published: the week as it is, with every rule it breaks named.
        const view = await getScheduleView(db, user, id);
        return res.status(409).render('schedules/show', {
          title: `Week of ${view.schedule.periodStart} · v${view.schedule.version}`,
          ...view,
          editError: {
            heading: publishMessages.hardRules,
            problems: err.problems,
            soft: false,
            started: false,
            retry: null,
          },
        });
      }
      if (!(err instanceof UnconfirmedGapsError)) throw err;
      res.status(400).render('schedules/publish-confirm', {
        title: 'Publish with gaps?',
        schedule: head,
        gaps: err.gaps,
        message: err.message,
        solverNotes: readSolverGapNotes(head.solverDetails),
      });
    }
  }

  /** POST /schedules/:id/new-version — starts (or reopens) the draft that edits a published version */
  async function postScheduleNewVersion(req: Request, res: Response, user: CurrentUser) {
    const id = scheduleIdOf(req);
    const head = await getScheduleHead(db, id);
    assertOwnSite(user, head.siteId);
    const draft = await draftFromPublished(db, id, user.id);
    await flash(req, sessions, {
      kind: 'info',
      message: draft.created
        ? `Draft version ${draft.version} started from version ${head.version}. Staff keep seeing version ${head.version} until you publish it.`
        : `Draft version ${draft.version} of this week is already open; continue editing it.`,
    });
    res.redirect(303, `/schedules/${draft.id}`);
  }

  /** GET /schedules/:id/versions — version history of the schedule's week, each with its change list */
  async function getScheduleVersions(req: Request, res: Response, user: CurrentUser) {
    const history = await getVersionHistory(db, scheduleIdOf(req));
    assertOwnSite(user, history.current.siteId);
    res.render('schedules/versions', {
      title: `Versions · week of ${history.current.periodStart}`,
      ...history,
    });
  }

  /** GET /schedules/:id/print — the week on paper: days × shifts */
  async function getSchedulePrint(req: Request, res: Response, user: CurrentUser) {
    const printable = await getPrintableSchedule(db, scheduleIdOf(req));
    assertOwnSite(user, printable.head.siteId);
    res.render('schedules/print', {
      title: `Schedule · week of ${printable.head.periodStart}`,
      layout: false,
      ...printable,
    });
  }

  /** GET /schedules/:id/export.csv — the assignments as a spreadsheet download */
  async function getScheduleExportCsv(req: Request, res: Response, user: CurrentUser) {
    const id = scheduleIdOf(req);
    const head = await getScheduleHead(db, id);
    assertOwnSite(user, head.siteId);
    const { fileName, csv } = await exportScheduleCsv(db, id);
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.set('Content-Disposition', `attachment; filename="${fileName}"`);
    res.set('Cache-Control', 'private, no-store');
    res.send(csv);
  }

  return [
    { method: 'post', path: '/schedules/:id/publish', access: 'MANAGER', handler: postSchedulePublish },
    {
      method: 'post',
      path: '/schedules/:id/new-version',
      access: 'MANAGER',
      handler: postScheduleNewVersion,
    },
    { method: 'get', path: '/schedules/:id/versions', access: 'MANAGER', handler: getScheduleVersions },
    { method: 'get', path: '/schedules/:id/print', access: 'MANAGER', handler: getSchedulePrint },
    { method: 'get', path: '/schedules/:id/export.csv', access: 'MANAGER', handler: getScheduleExportCsv },
  ];
}

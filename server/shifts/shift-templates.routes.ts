import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { formFields } from '../http/forms';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { flash } from '../http/session-middleware';
import { isoDate, tryForm } from '../people/people-fields.schemas';
import { parseTemplateExtras, ShiftTemplateForm } from './shift-templates.schemas';
import { requireId } from '../people/people-access';
import {
  getCoverageGrid,
  getTemplateAtSite,
  getTemplatesPage,
  positionIds,
  saveShiftTemplate,
  setShiftTemplateActive,
  templateFormValues,
} from './shift-templates.service';
import { listPositions } from '../people/staff.service';

export function shiftTemplateRoutes({ db, sessions }: AppDeps): RouteDef[] {
  async function renderForm(
    res: Response,
    templateId: number | null,
    values: Record<string, string>,
    errors: Record<string, string>,
  ) {
    res.render('shift-templates/form', {
      title: templateId === null ? 'New shift template' : 'Edit shift template',
      templateId,
      values,
      errors,
      positions: await listPositions(db),
    });
  }

  async function save(req: Request, res: Response, user: CurrentUser, templateId: number | null) {
    const values = formFields(req.body);
    const parsed = tryForm(ShiftTemplateForm, values);
    const extras = parseTemplateExtras(values, await positionIds(db));
    const errors = { ...(parsed.ok ? {} : parsed.errors), ...extras.errors };
    if (!parsed.ok || Object.keys(errors).length > 0)
      return renderForm(res.status(400), templateId, values, errors);
    await saveShiftTemplate(db, user, templateId, parsed.data, extras.weekdays, extras.coverage);
    await flash(req, sessions, { kind: 'success', message: `Saved ${parsed.data.name}.` });
    res.redirect(303, '/shift-templates');
  }

  /** GET /shift-templates — the site's shift templates with their coverage */
  async function getShiftTemplates(req: Request, res: Response, user: CurrentUser) {
    res.render('shift-templates/list', {
      title: 'Shift templates',
      ...(await getTemplatesPage(db, user)),
    });
  }

  /** GET /shift-templates/new — new template form */
  async function getShiftTemplateNew(_req: Request, res: Response) {
    await renderForm(res, null, { shiftType: 'DAY' }, {});
  }

  /** POST /shift-templates — creates a template */
  async function postShiftTemplateCreate(req: Request, res: Response, user: CurrentUser) {
    await save(req, res, user, null);
  }

  /** GET /shift-templates/:id/edit — edit template form */
  async function getShiftTemplateEdit(req: Request, res: Response, user: CurrentUser) {
    const template = await getTemplateAtSite(db, user, requireId(req.params.id));
    await renderForm(res, template.id, templateFormValues(template), {});
  }

  /** POST /shift-templates/:id — saves a template */
  async function postShiftTemplateUpdate(req: Request, res: Response, user: CurrentUser) {
    const id = requireId(req.params.id);
    await getTemplateAtSite(db, user, id);
    await save(req, res, user, id);
  }

  /** POST /shift-templates/:id/deactivate — stops a template from being scheduled; history stays */
  async function postShiftTemplateDeactivate(req: Request, res: Response, user: CurrentUser) {
    const t = await setShiftTemplateActive(db, user, requireId(req.params.id), false);
    await flash(req, sessions, { kind: 'success', message: `${t.name} is no longer scheduled.` });
    res.redirect(303, '/shift-templates');
  }

  /** POST /shift-templates/:id/activate — schedules a template again */
  async function postShiftTemplateActivate(req: Request, res: Response, user: CurrentUser) {
    const t = await setShiftTemplateActive(db, user, requireId(req.params.id), true);
    await flash(req, sessions, { kind: 'success', message: `${t.name} is scheduled again.` });
    res.redirect(303, '/shift-templates');
  }

  /** GET /coverage — the week as a grid of required headcount per position */
  async function getCoverage(req: Request, res: Response, user: CurrentUser) {
    const week = isoDate('a week').safeParse(typeof req.query.week === 'string' ? req.query.week : '');
    res.render('shift-templates/coverage', {
      title: 'Coverage',
      ...(await getCoverageGrid(db, user, week.success ? week.data : null)),
    });
  }

  return [
    { method: 'get', path: '/shift-templates', access: 'MANAGER', handler: getShiftTemplates },
    { method: 'get', path: '/shift-templates/new', access: 'MANAGER', handler: getShiftTemplateNew },
    { method: 'post', path: '/shift-templates', access: 'MANAGER', handler: postShiftTemplateCreate },
    { method: 'get', path: '/shift-templates/:id/edit', access: 'MANAGER', handler: getShiftTemplateEdit },
    { method: 'post', path: '/shift-templates/:id', access: 'MANAGER', handler: postShiftTemplateUpdate },
    {
      method: 'post',
      path: '/shift-templates/:id/deactivate',
      access: 'MANAGER',
      handler: postShiftTemplateDeactivate,
    },
    {
      method: 'post',
      path: '/shift-templates/:id/activate',
      access: 'MANAGER',
      handler: postShiftTemplateActivate,
    },
    { method: 'get', path: '/coverage', access: 'MANAGER', handler: getCoverage },
  ];
}

import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { ValidationError } from '../http/errors';
import { formFields } from '../http/forms';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { flash } from '../http/session-middleware';
import { isoDate, tryForm } from './people-fields.schemas';
import { positionIdsFrom, StaffForm, StaffListQuery } from './staff.schemas';
import { requireId } from './people-access';
import {
  createStaff,
  getStaffAtSite,
  getStaffList,
  getStaffProfile,
  listPositions,
  setStaffActive,
  staffFormValues,
  updateStaff,
} from './staff.service';
import { getFloatSites } from './float-sites.service';
import { exportRoster, importRoster, ROSTER_COLUMNS } from './staff-csv.service';

export function staffRoutes({ db, sessions }: AppDeps): RouteDef[] {
  async function renderStaffForm(
    res: Response,
    options: { staffId: number | null; values: Record<string, string>; errors: Record<string, string> },
  ) {
    res.render('staff/form', {
      title: options.staffId === null ? 'Add staff member' : 'Edit staff member',
      positions: await listPositions(db),
      ...options,
    });
  }

  /** GET /staff — staff list with search and filters */
  async function getStaffListPage(req: Request, res: Response, user: CurrentUser) {
    const filter = StaffListQuery.parse(req.query);
    res.render('staff/list', { title: 'Staff', ...(await getStaffList(db, user, filter)) });
  }

  /** GET /staff/new — add-staff form */
  async function getStaffNew(_req: Request, res: Response) {
    await renderStaffForm(res, {
      staffId: null,
      values: {
        role: 'STAFF',
        employmentType: 'FULL_TIME',
        minWeeklyHours: '0',
        targetWeeklyHours: '40',
        maxWeeklyHours: '40',
      },
      errors: {},
    });
  }

  /** POST /staff — creates the staff member and emails them an invitation (or shows a one-time password once) */
  async function postStaffCreate(req: Request, res: Response, user: CurrentUser) {
    const values = formFields(req.body);
    const parsed = tryForm(StaffForm, values);
    if (!parsed.ok) return renderStaffForm(res.status(400), { staffId: null, values, errors: parsed.errors });
    try {
      const { staffId, oneTimePassword } = await createStaff(
        db,
        user,
        parsed.data,
        positionIdsFrom(values),
        values.oneTimePassword !== 'on',
      );
      // Rendered straight from the POST, not flashed: the password must not be stored anywhere,
      // not even in the session row, and a reload does not show it again.
      res.status(201).render('staff/created', {
        title: 'Staff member added',
        staffId,
        name: `${parsed.data.firstName} ${parsed.data.lastName}`,
        email: parsed.data.email,
        oneTimePassword,
      });
    } catch (err) {
      if (err instanceof ValidationError)
        return renderStaffForm(res.status(400), { staffId: null, values, errors: err.fieldErrors });
      throw err;
    }
  }

  /** GET /staff/:id — profile: qualification today and on a chosen date, credentials, CE, availability, shifts */
  async function getStaffProfilePage(req: Request, res: Response, user: CurrentUser) {
    const staffId = requireId(req.params.id);
    const onParam = typeof req.query.on === 'string' ? req.query.on : '';
    const on = isoDate('a date').safeParse(onParam);
    const profile = await getStaffProfile(db, user, staffId, on.success ? on.data : null);
    const sites = await getFloatSites(db, user, staffId);
    res.render('staff/profile', {
      title: `${profile.staff.firstName} ${profile.staff.lastName}`,
      ...profile,
      homeSite: sites.home,
      floatSites: sites.sites.filter((s) => s.checked),
      onDateError:
        onParam !== '' && !on.success ? 'Enter the date as YYYY-MM-DD; showing today instead.' : null,
    });
  }

  /** GET /staff/:id/edit — edit form */
  async function getStaffEdit(req: Request, res: Response, user: CurrentUser) {
    const staffId = requireId(req.params.id);
    const staff = await getStaffAtSite(db, user, staffId);
    await renderStaffForm(res, { staffId, values: staffFormValues(staff), errors: {} });
  }

  /** POST /staff/:id — saves the edit form */
  async function postStaffUpdate(req: Request, res: Response, user: CurrentUser) {
    const staffId = requireId(req.params.id);
    await getStaffAtSite(db, user, staffId);
    const values = formFields(req.body);
    const parsed = tryForm(StaffForm, values);
    if (!parsed.ok) return renderStaffForm(res.status(400), { staffId, values, errors: parsed.errors });
    try {
      await updateStaff(db, user, staffId, parsed.data, positionIdsFrom(values));
    } catch (err) {
      if (err instanceof ValidationError)
        return renderStaffForm(res.status(400), { staffId, values, errors: err.fieldErrors });
      throw err;
    }
    await flash(req, sessions, {
      kind: 'success',
      message: `Saved ${parsed.data.firstName} ${parsed.data.lastName}.`,
    });
    res.redirect(303, `/staff/${staffId}`);
  }

  /** POST /staff/:id/deactivate — blocks sign-in and scheduling; keeps all history */
  async function postStaffDeactivate(req: Request, res: Response, user: CurrentUser) {
    const staffId = requireId(req.params.id);
    try {
      const staff = await setStaffActive(db, user, staffId, false);
      await flash(req, sessions, {
        kind: 'success',
        message: `${staff.firstName} ${staff.lastName} is deactivated; their history is kept.`,
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await flash(req, sessions, {
        kind: 'error',
        message: Object.values(err.fieldErrors)[0] ?? err.message,
      });
    }
    res.redirect(303, `/staff/${staffId}`);
  }

  /** POST /staff/:id/reactivate — lets a deactivated person sign in and be scheduled again */
  async function postStaffReactivate(req: Request, res: Response, user: CurrentUser) {
    const staffId = requireId(req.params.id);
    const staff = await setStaffActive(db, user, staffId, true);
    await flash(req, sessions, {
      kind: 'success',
      message: `${staff.firstName} ${staff.lastName} is active again.`,
    });
    res.redirect(303, `/staff/${staffId}`);
  }

  /** GET /staff/export.csv — the roster as CSV */
  async function getStaffExport(req: Request, res: Response, user: CurrentUser) {
    const csv = await exportRoster(db, user);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="roster.csv"');
    res.send(csv);
  }

  /** GET /staff/import — paste or choose a roster CSV */
  async function getStaffImport(_req: Request, res: Response) {
    res.render('staff/import', {
      title: 'Import roster',
      columns: ROSTER_COLUMNS,
      csv: '',
      errors: [],
      result: null,
    });
  }

  /** POST /staff/import — imports every row or none; shows row errors with line numbers */
  async function postStaffImport(req: Request, res: Response, user: CurrentUser) {
    const csv = formFields(req.body).csv ?? '';
    const outcome = await importRoster(db, user, csv);
    if (!outcome.ok) {
      return res.status(400).render('staff/import', {
        title: 'Import roster',
        columns: ROSTER_COLUMNS,
        csv,
        errors: outcome.errors,
        result: null,
      });
    }
    res.render('staff/import', {
      title: 'Import roster',
      columns: ROSTER_COLUMNS,
      csv: '',
      errors: [],
      result: outcome,
    });
  }

  return [
    { method: 'get', path: '/staff', access: 'MANAGER', handler: getStaffListPage },
    { method: 'get', path: '/staff/new', access: 'MANAGER', handler: getStaffNew },
    { method: 'post', path: '/staff', access: 'MANAGER', handler: postStaffCreate },
    { method: 'get', path: '/staff/export.csv', access: 'MANAGER', handler: getStaffExport },
    { method: 'get', path: '/staff/import', access: 'MANAGER', handler: getStaffImport },
    { method: 'post', path: '/staff/import', access: 'MANAGER', handler: postStaffImport },
    { method: 'get', path: '/staff/:id', access: 'MANAGER', handler: getStaffProfilePage },
    { method: 'get', path: '/staff/:id/edit', access: 'MANAGER', handler: getStaffEdit },
    { method: 'post', path: '/staff/:id', access: 'MANAGER', handler: postStaffUpdate },
    { method: 'post', path: '/staff/:id/deactivate', access: 'MANAGER', handler: postStaffDeactivate },
    { method: 'post', path: '/staff/:id/reactivate', access: 'MANAGER', handler: postStaffReactivate },
  ];
}

import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { ValidationError } from '../http/errors';
import { formFields } from '../http/forms';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { US_STATES } from '../sites/site-rules';
import { flash } from '../http/session-middleware';
import { CeCreditForm, CredentialForm, CredentialTypeForm, ExpiryQuery } from './credentials.schemas';
import { isIdText } from '../lib/schemas';
import { tryForm } from '../people/people-fields.schemas';
import {
  createCeCredit,
  createCredential,
  credentialFormValues,
  deleteCeCredit,
  deleteCredential,
  getCredentialAtSite,
  getMyCredentials,
  updateCredential,
} from './credentials.service';
import { getExpiryReport } from './expiry-report.service';
import {
  getCredentialType,
  listCredentialTypes,
  listPositionRequirements,
  saveCredentialType,
  setPositionRequirements,
} from './credential-types.service';
import { ownStaffId, requireId } from '../people/people-access';
import { getStaffAtSite, getStaffProfile } from '../people/staff.service';

/** The choices of a need_<id> select on the position requirements page; '' (not needed) is absent. */
const NEED_CHOICES: Record<string, { anyOfGroup: number | null; siteStateOnly: boolean }> = {
  all: { anyOfGroup: null, siteStateOnly: false },
  state: { anyOfGroup: null, siteStateOnly: true },
  any1: { anyOfGroup: 1, siteStateOnly: false },
  any2: { anyOfGroup: 2, siteStateOnly: false },
};

export function credentialRoutes({ db, sessions }: AppDeps): RouteDef[] {
  async function renderCredentialForm(
    req: Request,
    res: Response,
    user: CurrentUser,
    o: {
      staffId: number;
      credentialId: number | null;
      values: Record<string, string>;
      errors: Record<string, string>;
    },
  ) {
    const staff = await getStaffAtSite(db, user, o.staffId);
    res.render('credentials/form', {
      title: o.credentialId === null ? 'Add credential' : 'Edit credential',
      staffName: `${staff.firstName} ${staff.lastName}`,
      credentialTypes: await listCredentialTypes(db),
      usStates: US_STATES,
      ...o,
    });
  }

  /** GET /credentials/expiring — credentials expired or expiring in 30/60/90 days, with the positions lost */
  async function getExpiringPage(req: Request, res: Response, user: CurrentUser) {
    const { within } = ExpiryQuery.parse(req.query);
    res.render('credentials/expiring', {
      title: 'Expiring credentials',
      ...(await getExpiryReport(db, user, within)),
    });
  }

  /** GET /staff/:id/credentials/new — add-credential form */
  async function getCredentialNew(req: Request, res: Response, user: CurrentUser) {
    await renderCredentialForm(req, res, user, {
      staffId: requireId(req.params.id),
      credentialId: null,
      values: { verified: 'on' },
      errors: {},
    });
  }

  /** POST /staff/:id/credentials — adds a credential */
  async function postCredentialCreate(req: Request, res: Response, user: CurrentUser) {
    const staffId = requireId(req.params.id);
    const values = formFields(req.body);
    const parsed = tryForm(CredentialForm, values);
    if (!parsed.ok)
      return renderCredentialForm(req, res.status(400), user, {
        staffId,
        credentialId: null,
        values,
        errors: parsed.errors,
      });
    try {
      await createCredential(db, user, staffId, parsed.data);
    } catch (err) {
      if (err instanceof ValidationError)
        return renderCredentialForm(req, res.status(400), user, {
          staffId,
          credentialId: null,
          values,
          errors: err.fieldErrors,
        });
      throw err;
    }
    await flash(req, sessions, { kind: 'success', message: 'Credential added.' });
    res.redirect(303, `/staff/${staffId}#credentials`);
  }

  /** GET /credentials/:id/edit — edit-credential form */
  async function getCredentialEdit(req: Request, res: Response, user: CurrentUser) {
    const credential = await getCredentialAtSite(db, user, requireId(req.params.id));
    await renderCredentialForm(req, res, user, {
      staffId: credential.staffId,
      credentialId: credential.id,
      values: credentialFormValues(credential),
      errors: {},
    });
  }

  /** POST /credentials/:id — saves a credential */
  async function postCredentialUpdate(req: Request, res: Response, user: CurrentUser) {
    const credential = await getCredentialAtSite(db, user, requireId(req.params.id));
    const values = formFields(req.body);
    const o = { staffId: credential.staffId, credentialId: credential.id, values };
    const parsed = tryForm(CredentialForm, values);
    if (!parsed.ok) return renderCredentialForm(req, res.status(400), user, { ...o, errors: parsed.errors });
    try {
      await updateCredential(db, user, credential.id, parsed.data);
    } catch (err) {
      if (err instanceof ValidationError)
        return renderCredentialForm(req, res.status(400), user, { ...o, errors: err.fieldErrors });
      throw err;
    }
    await flash(req, sessions, { kind: 'success', message: 'Credential saved.' });
    res.redirect(303, `/staff/${credential.staffId}#credentials`);
  }

  /** POST /credentials/:id/delete — removes a credential entered by mistake */
  async function postCredentialDelete(req: Request, res: Response, user: CurrentUser) {
    const staffId = await deleteCredential(db, user, requireId(req.params.id));
    await flash(req, sessions, { kind: 'success', message: 'Credential removed.' });
    res.redirect(303, `/staff/${staffId}#credentials`);
  }

  /** POST /staff/:id/ce — records a CE credit; errors re-render the profile */
  async function postCeCreate(req: Request, res: Response, user: CurrentUser) {
    const staffId = requireId(req.params.id);
    const values = formFields(req.body);
    const parsed = tryForm(CeCreditForm, values);
    let errors = parsed.ok ? null : parsed.errors;
    if (parsed.ok) {
      try {
        await createCeCredit(db, user, staffId, parsed.data);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        errors = err.fieldErrors;
      }
    }
    if (errors) {
      const profile = await getStaffProfile(db, user, staffId, null);
      return res.status(400).render('staff/profile', {
        title: `${profile.staff.firstName} ${profile.staff.lastName}`,
        ...profile,
        onDateError: null,
        ceValues: values,
        ceErrors: errors,
      });
    }
    await flash(req, sessions, { kind: 'success', message: 'CE credit recorded.' });
    res.redirect(303, `/staff/${staffId}#ce`);
  }

  /** POST /ce/:id/delete — removes a CE credit */
  async function postCeDelete(req: Request, res: Response, user: CurrentUser) {
    const staffId = await deleteCeCredit(db, user, requireId(req.params.id));
    await flash(req, sessions, { kind: 'success', message: 'CE credit removed.' });
    res.redirect(303, `/staff/${staffId}#ce`);
  }

  /** GET /my/credentials — a staff member's own credentials and CE progress, read-only */
  async function getMyCredentialsPage(req: Request, res: Response, user: CurrentUser) {
    res.render('credentials/mine', {
      title: 'My credentials',
      ...(await getMyCredentials(db, user, ownStaffId(user))),
    });
  }

  /** GET /credential-types — credential types and which positions require them */
  async function getCredentialTypes(_req: Request, res: Response) {
    res.render('credentials/types', { title: 'Credential types', types: await listCredentialTypes(db) });
  }

  function renderTypeForm(
    res: Response,
    typeId: number | null,
    values: Record<string, string>,
    errors: Record<string, string>,
  ) {
    res.render('credentials/type-form', {
      title: typeId === null ? 'New credential type' : 'Edit credential type',
      typeId,
      values,
      errors,
    });
  }

  /** GET /credential-types/new — new credential type form */
  async function getCredentialTypeNew(_req: Request, res: Response) {
    renderTypeForm(res, null, {}, {});
  }

  /** GET /credential-types/:id/edit — edit credential type form */
  async function getCredentialTypeEdit(req: Request, res: Response) {
    const type = await getCredentialType(db, requireId(req.params.id));
    const values = Object.fromEntries(Object.entries(type).map(([k, v]) => [k, v === null ? '' : String(v)]));
    renderTypeForm(res, type.id, values, {});
  }

  async function saveType(req: Request, res: Response, user: CurrentUser, typeId: number | null) {
    const values = formFields(req.body);
    const parsed = tryForm(CredentialTypeForm, values);
    if (!parsed.ok) return renderTypeForm(res.status(400), typeId, values, parsed.errors);
    try {
      await saveCredentialType(db, user, typeId, parsed.data);
    } catch (err) {
      if (err instanceof ValidationError)
        return renderTypeForm(res.status(400), typeId, values, err.fieldErrors);
      throw err;
    }
    await flash(req, sessions, { kind: 'success', message: `Saved ${parsed.data.name}.` });
    res.redirect(303, '/credential-types');
  }

  /** POST /credential-types — creates a credential type */
  async function postCredentialTypeCreate(req: Request, res: Response, user: CurrentUser) {
    await saveType(req, res, user, null);
  }

  /** POST /credential-types/:id — saves a credential type */
  async function postCredentialTypeUpdate(req: Request, res: Response, user: CurrentUser) {
    const id = requireId(req.params.id);
    await getCredentialType(db, id);
    await saveType(req, res, user, id);
  }

  /** GET /positions — which credential types each position requires */
  async function getPositions(_req: Request, res: Response) {
    res.render('credentials/positions', {
      title: 'Position requirements',
      positions: await listPositionRequirements(db),
      types: await listCredentialTypes(db),
    });
  }

  /** POST /positions/:id/requirements — replaces a position's required credential types */
  async function postPositionRequirements(req: Request, res: Response, user: CurrentUser) {
    const fields = formFields(req.body);
    const needs = Object.entries(fields).flatMap(([key, value]) => {
      const id = /^need_(\d+)$/.exec(key)?.[1];
      const need = NEED_CHOICES[value];
      return id !== undefined && isIdText(id) && need ? [{ credentialTypeId: Number(id), ...need }] : [];
    });
    const name = await setPositionRequirements(db, user, requireId(req.params.id), needs);
    await flash(req, sessions, { kind: 'success', message: `Saved the requirements of ${name}.` });
    res.redirect(303, '/positions');
  }

  return [
    { method: 'get', path: '/credentials/expiring', access: 'MANAGER', handler: getExpiringPage },
    { method: 'get', path: '/staff/:id/credentials/new', access: 'MANAGER', handler: getCredentialNew },
    { method: 'post', path: '/staff/:id/credentials', access: 'MANAGER', handler: postCredentialCreate },
    { method: 'get', path: '/credentials/:id/edit', access: 'MANAGER', handler: getCredentialEdit },
    { method: 'post', path: '/credentials/:id', access: 'MANAGER', handler: postCredentialUpdate },
    { method: 'post', path: '/credentials/:id/delete', access: 'MANAGER', handler: postCredentialDelete },
    { method: 'post', path: '/staff/:id/ce', access: 'MANAGER', handler: postCeCreate },
    { method: 'post', path: '/ce/:id/delete', access: 'MANAGER', handler: postCeDelete },
    { method: 'get', path: '/my/credentials', access: 'STAFF', handler: getMyCredentialsPage },
    { method: 'get', path: '/credential-types', access: 'MANAGER', handler: getCredentialTypes },
    { method: 'get', path: '/credential-types/new', access: 'MANAGER', handler: getCredentialTypeNew },
    { method: 'post', path: '/credential-types', access: 'MANAGER', handler: postCredentialTypeCreate },
    { method: 'get', path: '/credential-types/:id/edit', access: 'MANAGER', handler: getCredentialTypeEdit },
    { method: 'post', path: '/credential-types/:id', access: 'MANAGER', handler: postCredentialTypeUpdate },
    { method: 'get', path: '/positions', access: 'MANAGER', handler: getPositions },
    {
      method: 'post',
      path: '/positions/:id/requirements',
      access: 'MANAGER',
      handler: postPositionRequirements,
    },
  ];
}

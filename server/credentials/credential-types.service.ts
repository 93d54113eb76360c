// Credential types (what a credential is, its renewal and CE rules) and the credential types each
// position requires; managers edit both and every change is audited.
import type { Db } from '../db/client';
import { NotFoundError, ValidationError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import { recordAudit } from '../account/auth.service';
import * as repo from './credentials.repository';
import type { CredentialTypeFormData } from './credentials.schemas';

export function listCredentialTypes(db: Db): Promise<repo.CredentialTypeRow[]> {
  return repo.listCredentialTypes(db);
}

export async function saveCredentialType(
  db: Db,
  actor: CurrentUser,
  id: number | null,
  form: CredentialTypeFormData,
): Promise<number> {
  const clash = await repo.findCredentialTypeIdByCode(db, form.code);
  if (clash !== null && clash !== id)
    throw new ValidationError({ code: 'Another credential type already uses this code.' });
  if (id !== null && !(await repo.findCredentialType(db, id)))
    throw new NotFoundError('No credential type with that id.');
  const savedId = await repo.saveCredentialTypeRow(db, id, form);
  await recordAudit(db, {
    actorId: actor.id,
    action: id === null ? 'credential_type.create' : 'credential_type.update',
    entity: 'CredentialType',
    entityId: savedId,
    detail: form.code,
  });
  return savedId;
}

export async function getCredentialType(db: Db, id: number) {
  const type = await repo.findCredentialType(db, id);
  if (!type) throw new NotFoundError('No credential type with that id.');
  return type;
}

export function listPositionRequirements(db: Db) {
  return repo.listPositionsWithRequirements(db);
}

/** Replaces the credential types a position requires (ticked boxes type_<id>). */
export async function setPositionRequirements(
  db: Db,
  actor: CurrentUser,
  positionId: number,
  credentialTypeIds: number[],
): Promise<string> {
  const position = await repo.findPositionName(db, positionId);
  if (!position) throw new NotFoundError('No position with that id.');
  const ids = [...new Set(credentialTypeIds)];
  if ((await repo.countCredentialTypes(db, ids)) !== ids.length) {
    throw new ValidationError({ _form: 'Choose credential types from the list.' });
  }
  await repo.replacePositionRequirements(db, positionId, ids);
  await recordAudit(db, {
    actorId: actor.id,
    action: 'position.requirements',
    entity: 'Position',
    entityId: positionId,
    detail: ids.join(','),
  });
  return position.name;
}

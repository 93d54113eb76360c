// Unavailability requests: a dated exception a staff member asked for on a day they hold a published
// shift waits for the manager, like time off. Approving one (or time off) that takes someone off a
// published shift leads to the call-out repair of each shift it breaks (breaksOfAbsence).
import type { Db } from '../db';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import {
  decideException,
  findExceptionRequest,
  listPendingExceptions,
  type ExceptionRequestRow,
} from '../repositories/breaks';
import * as timeOffRepo from '../repositories/time-off';
import type { TimeOffDecisionFormData } from '../schemas/time-off';
import { recordAudit } from './auth';
import { breaksOfAbsence, type PublishedBreak } from './published-breaks';
import { getSiteForUser } from './sites';
import { findConflicts, type ShiftConflict } from './time-off';

/** Pending requests of the manager's site, each with the published shifts it would take the person off. */
export async function listUnavailabilityRequests(
  db: Db,
  user: CurrentUser,
): Promise<(ExceptionRequestRow & { conflicts: ShiftConflict[] })[]> {
  const site = await getSiteForUser(db, user);
  const pending = await listPendingExceptions(db, site.id);
  const conflicts = await findConflicts(
    db,
    pending.map((r) => ({ staffId: r.staffId, startDate: r.date, endDate: r.date })),
  );
  return pending.map((r, i) => ({ ...r, conflicts: conflicts[i] ?? [] }));
}

async function pendingExceptionAtSite(db: Db, user: CurrentUser, id: number) {
  const site = await getSiteForUser(db, user);
  const request = await findExceptionRequest(db, id);
  if (!request || request.staff.siteId !== site.id)
    throw new NotFoundError('No unavailability request with that id.');
  if (request.status !== 'PENDING')
    throw new ConflictError(`This request was already ${request.status.toLowerCase()}.`);
  return request;
}

export async function approveUnavailability(
  db: Db,
  user: CurrentUser,
  id: number,
  form: TimeOffDecisionFormData,
): Promise<ExceptionRequestRow> {
  const request = await pendingExceptionAtSite(db, user, id);
  await decideException(db, id, { status: 'APPROVED', reviewNote: form.note });
  await recordAudit(db, {
    actorId: user.id,
    action: 'unavailability.approve',
    entity: 'AvailabilityException',
    entityId: id,
    detail: `${request.staff.firstName} ${request.staff.lastName} unavailable ${request.date}`,
  });
  return request;
}

export async function denyUnavailability(
  db: Db,
  user: CurrentUser,
  id: number,
  form: TimeOffDecisionFormData,
): Promise<ExceptionRequestRow> {
  const request = await pendingExceptionAtSite(db, user, id);
  if (form.note === null)
    throw new ValidationError({ note: 'Say why the request is denied; the staff member sees this note.' });
  await decideException(db, id, { status: 'DENIED', reviewNote: form.note });
  await recordAudit(db, {
    actorId: user.id,
    action: 'unavailability.deny',
    entity: 'AvailabilityException',
    entityId: id,
    detail: `${request.staff.firstName} ${request.staff.lastName} unavailable ${request.date}`,
  });
  return request;
}

export interface ApprovalConfirmation {
  heading: string;
  /** The published shifts the approval takes the person off, each with its repair. */
  breaks: PublishedBreak[];
}

/** After approving time off: what it broke in published weeks, as of now. */
export async function confirmTimeOffApproval(
  db: Db,
  user: CurrentUser,
  id: number,
): Promise<ApprovalConfirmation> {
  const site = await getSiteForUser(db, user);
  const request = await timeOffRepo.findRequest(db, id);
  if (!request || request.staff.siteId !== site.id || request.status !== 'APPROVED')
    throw new NotFoundError('No approved time-off request with that id.');
  const name = `${request.staff.firstName} ${request.staff.lastName}`;
  return {
    heading: `Approved time off for ${name}, ${request.startDate} – ${request.endDate}`,
    breaks: await breaksOfAbsence(
      db,
      site.id,
      site.timeZone,
      request.staffId,
      request.startDate,
      request.endDate,
    ),
  };
}

/** After approving an unavailability request: what it broke in published weeks, as of now. */
export async function confirmUnavailabilityApproval(
  db: Db,
  user: CurrentUser,
  id: number,
): Promise<ApprovalConfirmation> {
  const site = await getSiteForUser(db, user);
  const request = await findExceptionRequest(db, id);
  if (!request || request.staff.siteId !== site.id || request.status !== 'APPROVED')
    throw new NotFoundError('No approved unavailability request with that id.');
  const name = `${request.staff.firstName} ${request.staff.lastName}`;
  return {
    heading: `Approved: ${name} is unavailable on ${request.date}`,
    breaks: await breaksOfAbsence(db, site.id, site.timeZone, request.staffId, request.date, request.date),
  };
}

// Unavailability requests: a dated exception a staff member asked for on a day they hold a published
// shift waits for the manager, like time off. Approving one (or time off) that takes someone off a
// published shift leads to the call-out repair of each shift it breaks (breaksOfAbsence).
import type { Db } from '../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import {
  decidePendingException,
  findExceptionRequest,
  listPendingExceptions,
  type ExceptionRequestRow,
} from '../scheduling/breaks.repository';
import * as timeOffRepo from './time-off.repository';
import type { TimeOffDecisionFormData } from './time-off.schemas';
import { recordAudit } from '../account/auth.service';
import { breaksOfAbsence, type PublishedBreak } from '../scheduling/published-breaks.service';
import { getSiteForUser } from '../sites/sites.service';
import { findConflicts, type ShiftConflict } from './time-off.service';

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

/**
 * Approves or denies a pending request of the manager's site: the decision and its audit entry
 * commit together, and only while the request is still pending (two managers deciding at once: the
 * second is told it was already decided).
 */
async function decideUnavailability(
  db: Db,
  user: CurrentUser,
  id: number,
  decision: 'APPROVED' | 'DENIED',
  reviewNote: string | null,
): Promise<ExceptionRequestRow> {
  const site = await getSiteForUser(db, user);
  const request = await findExceptionRequest(db, id);
  if (!request || request.staff.siteId !== site.id)
    throw new NotFoundError('No unavailability request with that id.');
  const alreadyDecided = () => new ConflictError(`This request was already ${request.status.toLowerCase()}.`);
  if (request.status !== 'PENDING') throw alreadyDecided();
  await db.$transaction(async (tx) => {
    if (!(await decidePendingException(tx, id, { status: decision, reviewNote }))) throw alreadyDecided();
    await recordAudit(tx, {
      actorId: user.id,
      action: decision === 'APPROVED' ? 'unavailability.approve' : 'unavailability.deny',
      entity: 'AvailabilityException',
      entityId: id,
      detail: `${request.staff.firstName} ${request.staff.lastName} unavailable ${request.date}`,
      siteId: site.id,
    });
  });
  return request;
}

export function approveUnavailability(
  db: Db,
  user: CurrentUser,
  id: number,
  form: TimeOffDecisionFormData,
): Promise<ExceptionRequestRow> {
  return decideUnavailability(db, user, id, 'APPROVED', form.note);
}

export async function denyUnavailability(
  db: Db,
  user: CurrentUser,
  id: number,
  form: TimeOffDecisionFormData,
): Promise<ExceptionRequestRow> {
  if (form.note === null)
    throw new ValidationError({ note: 'Say why the request is denied; the staff member sees this note.' });
  return decideUnavailability(db, user, id, 'DENIED', form.note);
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

// Who may see and change a person's data: managers anyone's at their site, everyone else only
// their own. Routes guard the minimum role; these checks guard the row.
import { ForbiddenError, NotFoundError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import { parseId } from './people-fields.schemas';

export function isManager(user: CurrentUser): boolean {
  return user.role === 'MANAGER';
}

/** A staff member's own data, or a manager: anything else is someone else's data → 403. */
export function assertOwnOrManager(user: CurrentUser, staffId: number): void {
  if (isManager(user)) return;
  if (user.staffId === null || user.staffId !== staffId)
    throw new ForbiddenError('You can only change your own information.');
}

/** The signed-in person's own staff record; accounts without one have nothing to keep here. */
export function ownStaffId(user: CurrentUser): number {
  if (user.staffId === null) throw new NotFoundError('Your account is not linked to a staff record.');
  return user.staffId;
}

/** A numeric route parameter, or a 404 for anything else. */
export function requireId(value: unknown): number {
  const id = parseId(value);
  if (id === null) throw new NotFoundError();
  return id;
}

// What every part of the boards says about a card: where each board lives and its title, who may
// work a card, names, due dates in the pharmacy's zone, and the stale-form error. Pure, no database.
import { DateTime } from 'luxon';
import type { Board } from '../../generated/prisma/enums';
import { hasRole } from '../account/roles';
import { ConflictError, NotFoundError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';

/** Someone a card may be assigned to, with the day's load. */
export interface AssigneeOption {
  id: number;
  name: string;
  /** Open tasks for the day already on this person. */
  load: number;
  busy: boolean;
  /** Where they are, e.g. "Pharmacy technician, Day 07:00–15:30". */
  shift: string;
  /** On shift now while the task is overdue: offered first. */
  onShiftNow: boolean;
}

/** A stale form: somebody else changed the card after this user loaded it. */
export class StaleCardError extends ConflictError {
  constructor(readonly taskId: number) {
    super('This card changed while you were looking at it. Here is its new state; check it and try again.');
    this.name = 'StaleCardError';
  }
}

export const BOARD_PATHS: Record<Board, string> = {
  VENDOR_RETURN: '/boards/vendor-returns',
  BILLING_ISSUE: '/boards/billing-issues',
  DAILY: '/boards/daily',
};

export const BOARD_TITLES: Record<Board, string> = {
  VENDOR_RETURN: 'Vendor returns',
  BILLING_ISSUE: 'Billing issues',
  DAILY: 'Daily tasks',
};

/** Leads and managers work every card; staff only the cards assigned to them. */
export function canWorkCard(user: CurrentUser, assigneeId: number | null): boolean {
  return hasRole(user.role, 'LEAD') || (user.staffId !== null && assigneeId === user.staffId);
}

/** A card at another site does not exist for this user (a manager without a site sees them all). */
export function assertSameSite(user: CurrentUser, siteId: number): void {
  if (user.siteId !== null && user.siteId !== siteId) throw new NotFoundError();
}

export function personName(p: { firstName: string; lastName: string } | null | undefined): string | null {
  return p ? `${p.firstName} ${p.lastName}` : null;
}

export function actorName(
  a: { email: string; staff: { firstName: string; lastName: string } | null } | null,
): string {
  if (!a) return 'RxRoster (automatic)';
  return personName(a.staff) ?? a.email;
}

/** Due date (local day) → the instant a card is due: 17:00 that day where the pharmacy is. */
export function dueAtFromDate(date: string | null, zone: string): Date | null {
  if (date === null) return null;
  return DateTime.fromISO(date, { zone }).set({ hour: 17, minute: 0 }).toJSDate();
}

export function localDate(instant: Date | null, zone: string): string | null {
  return instant ? DateTime.fromJSDate(instant, { zone }).toISODate() : null;
}

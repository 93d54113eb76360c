// What every schedule page shares: the messages it shows, the errors an edit or call-out is refused
// with, and the check that a manager may see a schedule of that site.
import { type Db, type Tx } from '../db/client';
import { ConflictError, ForbiddenError, HttpError, NotFoundError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import { findSchedule, type ScheduleRow } from './schedules.repository';
import { findSiteDistrict } from './week-facts.repository';

export const scheduleMessages = {
  archived: 'This version is archived (history); edit the current draft or published version instead.',
  lockedRemove: 'This assignment is locked. Unlock it before removing or moving it.',
  duplicate: 'That person already has that shift in this schedule.',
  unknownShift: 'That shift does not run in this week.',
  unknownStaff: 'That person is not active staff of this site.',
  unknownPosition: 'That position does not exist.',
  calloutNotPublished: 'A call-out repairs the published version; this schedule is not published.',
  stale:
    'This week changed while you were looking at it (another manager edited it). Here is its current state; check it and try again.',
  calloutStarted: (label: string) =>
    `${label} has started, so a call-out cannot change it. If it was not worked as published, record a correction of history on the schedule page.`,
  openDraft: (version: number) =>
    `Draft version ${version} of this week is open with unpublished edits. Make the call-out change there (remove and add), then publish it.`,
} as const;

/**
 * An edit refused because it breaks a rule; `soft` when the manager may save it anyway, `started`
 * when it touches a shift that has started (the manager may record it as a correction of history).
 */
export class EditRefusedError extends HttpError {
  constructor(
    readonly problems: string[],
    readonly soft: boolean,
    readonly started: boolean = false,
  ) {
    super(400, problems.join(' '));
    this.name = 'EditRefusedError';
  }
}

/** A stale edit: the week changed since the page it came from was shown. Nothing was written. */
export class StaleScheduleError extends ConflictError {
  constructor() {
    super(scheduleMessages.stale);
    this.name = 'StaleScheduleError';
  }
}

// ---------------------------------------------------------------------------------------------
// The schedules list
// ---------------------------------------------------------------------------------------------

/** A manager attached to one site works on that site's schedules only. */
export function assertSiteAccess(user: CurrentUser, siteId: number): void {
  if (user.siteId !== null && user.siteId !== siteId) throw new NotFoundError();
}

/**
 * What a manager may do with a site's weeks: `manage` their own site's (every site for an
 * administrator without a staff record); `view` those of the other sites of their site's district,
 * read-only (a district solve plans those weeks together and makes their drafts); else `none`.
 */
export async function siteAccessOf(
  db: Db | Tx,
  user: CurrentUser,
  siteId: number,
): Promise<'manage' | 'view' | 'none'> {
  if (user.siteId === null || user.siteId === siteId) return 'manage';
  const [mine, theirs] = await Promise.all([findSiteDistrict(db, user.siteId), findSiteDistrict(db, siteId)]);
  return mine !== null && mine === theirs ? 'view' : 'none';
}

export const accessMessages = {
  readOnly:
    "This week belongs to another site of your district: you can view it, but only that site's managers change or publish it.",
} as const;

/** A schedule the user manages: another site of their district's is refused (403), any other site's is not found. */
export async function getScheduleOrThrow(db: Db | Tx, id: number, user: CurrentUser): Promise<ScheduleRow> {
  const schedule = await findSchedule(db, id);
  if (!schedule) throw new NotFoundError();
  const access = await siteAccessOf(db, user, schedule.siteId);
  if (access === 'none') throw new NotFoundError();
  if (access === 'view') throw new ForbiddenError(accessMessages.readOnly);
  return schedule;
}

// ---------------------------------------------------------------------------------------------
// The schedule page
// ---------------------------------------------------------------------------------------------

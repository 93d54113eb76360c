import { z } from 'zod';
import { idField, isIdText } from '../lib/schemas';
import { isoDateField } from '../lib/time';

const isoDate = z.string().trim().min(1, 'Pick a date (YYYY-MM-DD).').pipe(isoDateField());

const id = idField();

/** `?site=&week=` of the schedules page; bad values fall back to the defaults. */
export const SchedulesQuery = z.object({
  site: id.optional().catch(undefined),
  week: isoDate.optional().catch(undefined),
});

/** The Generate form: a site and any day of the week to plan (snapped to its Monday). */
const checkbox = z
  .literal('on')
  .optional()
  .transform((v) => v === 'on');

export const GenerateForm = z.object({
  siteId: idField('Pick a site.'),
  week: isoDate,
  /** Solve every site of the site's district together. */
  district: checkbox,
});

export const JobIdParam = z.object({ id });
export const AssignmentParams = z.object({ id, assignmentId: id });

/**
 * What every edit form carries: the week's revision the page showed (a stale one is refused with
 * 409), and, to change a shift that has started, the reason for the correction of history.
 */
const editGuard = {
  revision: z.coerce
    .number({ message: 'This form is out of date; reload the page.' })
    .int('This form is out of date; reload the page.')
    .nonnegative('This form is out of date; reload the page.'),
  correctionReason: z
    .string()
    .trim()
    .max(500, 'Keep the reason under 500 characters.')
    .optional()
    .transform((v) => (v ? v : null)),
};

/** Add or move: which shift (solver shift id "t<template>@<date>"), who, as what. */
export const AssignmentForm = z.object({
  ...editGuard,
  shiftId: z.string({ message: 'Pick a shift.' }).refine((s) => {
    const m = /^t(\d+)@(.+)$/.exec(s);
    return m !== null && isIdText(m[1]!) && isoDate.safeParse(m[2]).success;
  }, 'Pick a shift.'),
  staffId: idField('Pick a person.'),
  positionId: idField('Pick a position.'),
  override: checkbox,
});

/** Move: which assignment, and where it goes. */
export const MoveForm = AssignmentForm.extend({
  assignmentId: idField('Pick an assignment.'),
});

export const RemoveForm = z.object({ ...editGuard, override: checkbox });

export const LockForm = z.object({
  revision: editGuard.revision,
  locked: z.enum(['1', '0']).transform((v) => v === '1'),
});

/** Accepting a call-out repair: its key ("<staffId>" or "<mover>><assignmentId>><cover>", or "none" to leave the shift open) and why. */
export const CallOutForm = z.object({
  replacement: z
    .string({ message: 'Pick who covers the shift.' })
    .regex(/^(none|\d{1,10}(>\d{1,10}>\d{1,10})?)$/, 'Pick who covers the shift.')
    .refine((v) => v === 'none' || v.split('>').every(isIdText), 'Pick who covers the shift.'),
  reason: z
    .string()
    .trim()
    .min(1, 'Say why the person is off (e.g. sick).')
    .max(200, 'Keep the reason under 200 characters.'),
});

/** Letting the optimiser repair a call-out: only why the person is off. */
export const CallOutResolveForm = CallOutForm.pick({ reason: true });

/** The schedule page's query: `move` names the assignment the Move form starts with; anything else is ignored. */
export const ScheduleShowQuery = z.object({
  move: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
});

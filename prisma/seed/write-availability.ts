// Writes the demo availability patterns and time-off requests.
import type { Prisma } from '../../generated/prisma/client';
import type { AvailabilityKind, TimeOffStatus } from '../../generated/prisma/enums';
import type { SeedContext } from './context';
import { hm, weekdaysOf } from './helpers';
import { STAFF } from './staff';
export async function availability(ctx: SeedContext): Promise<void> {
  for (const s of STAFF) {
    const staffId = ctx.staffId(s.key);
    const rows: Prisma.AvailabilityRuleCreateManyInput[] = [];
    for (const [days, start, end, kind] of s.availability) {
      for (const weekday of weekdaysOf(days)) {
        rows.push({ staffId, weekday, startMinute: hm(start), endMinute: hm(end), kind });
      }
    }
    rows.sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute);
    if (rows.length > 0) await ctx.tx.availabilityRule.createMany({ data: rows });
  }
  const exceptions: [string, number, string | null, string | null, AvailabilityKind, string][] = [
    ['samantha', 4, '08:00', '12:00', 'UNAVAILABLE', 'Dentist appointment'],
    ['olivia', 6, '07:00', '23:30', 'AVAILABLE', 'Can pick up an extra shift'],
    ['hannah', 11, null, null, 'UNAVAILABLE', 'Jury duty'],
  ];
  for (const [key, day, start, end, kind, note] of exceptions) {
    await ctx.tx.availabilityException.create({
      data: {
        staffId: ctx.staffId(key),
        date: ctx.date(day),
        startMinute: start === null ? null : hm(start),
        endMinute: end === null ? null : hm(end),
        kind,
        note,
      },
    });
  }
}

export async function timeOff(ctx: SeedContext): Promise<void> {
  const requests: [string, number, number, string, TimeOffStatus, string | null][] = [
    ['ana', 7, 8, 'Family wedding out of town', 'APPROVED', 'Approved — IV room will need cover.'],
    ['kevin', 10, 12, 'Vacation', 'APPROVED', null],
    ['priya', 5, 5, 'School event for my son', 'PENDING', null],
    ['tyrone', 9, 10, 'Moving apartments', 'PENDING', null],
    ['chris', 12, 13, 'ASHP conference', 'PENDING', null],
    [
      'jamal',
      6,
      6,
      'Concert tickets',
      'DENIED',
      'Evening coverage is short that day; please swap with a colleague and resubmit.',
    ],
  ];
  const manager = ctx.userId('denise');
  for (const [key, from, to, reason, status, note] of requests) {
    const reviewed = status !== 'PENDING';
    await ctx.tx.timeOffRequest.create({
      data: {
        staffId: ctx.staffId(key),
        startDate: ctx.date(from),
        endDate: ctx.date(to),
        reason,
        status,
        reviewerId: reviewed ? manager : null,
        reviewedAt: reviewed ? ctx.instant(-2, '09:15') : null,
        reviewNote: note,
        createdAt: ctx.instant(-4, '13:00'),
      },
    });
  }
}

// What each person is told when a version of a week is published: their own changes only (or, for
// a first version, their own shifts), one message per person. Pure: the publish service queues them.
import type { NotificationEvent } from '../notifications/notifications.service';
import { formatShiftTime } from '../notifications/notifications.service';
import type { ScheduleChange, SlotFact } from './publish.service';

function when(zone: string, s: SlotFact): string {
  return `${formatShiftTime(zone, s.shiftDate, s.startMinute, s.endMinute)} — ${s.templateName}, ${s.positionName}`;
}

/** One change as the person it concerns reads it, e.g. "Added: Tuesday 8 December 2026, 07:00–15:30 …". */
export function describeMyChange(zone: string, c: ScheduleChange): string {
  switch (c.kind) {
    case 'added':
      return `Added: ${when(zone, c.after!)}`;
    case 'removed':
      return `Removed: ${when(zone, c.before!)}`;
    case 'moved':
      return `Moved: ${when(zone, c.before!)} is now ${when(zone, c.after!)}`;
    case 'position':
      return `Now as ${c.after!.positionName} instead of ${c.before!.positionName}: ${when(zone, c.after!)}`;
  }
}

function weekLabel(periodStart: string): string {
  const [y, m, d] = periodStart.split('-').map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  return date.toLocaleDateString('en-US', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/**
 * The "schedule published / changed" notifications of one publish. With a version it replaces: one
 * message to each person whose shifts changed, listing only their changes. A first version: one
 * message to each person on it, listing their shifts.
 */
export function scheduleChangeEvents(
  week: { scheduleId: number; version: number; periodStart: string; siteName: string; timeZone: string },
  changes: ScheduleChange[] | null,
  slots: SlotFact[],
): NotificationEvent[] {
  const byPerson = new Map<number, string[]>();
  const add = (staffId: number, line: string) => {
    const list = byPerson.get(staffId);
    if (list) list.push(line);
    else byPerson.set(staffId, [line]);
  };
  if (changes === null) {
    const sorted = [...slots].sort(
      (a, b) => a.shiftDate.localeCompare(b.shiftDate) || a.startMinute - b.startMinute,
    );
    for (const s of sorted) add(s.staffId, when(week.timeZone, s));
  } else {
    for (const c of changes) add(c.staffId, describeMyChange(week.timeZone, c));
  }
  const label = weekLabel(week.periodStart);
  return [...byPerson].map(([staffId, items]) => ({
    to: { staffId },
    kind: 'SCHEDULE_CHANGED' as const,
    subject:
      changes === null
        ? `Your shifts for the week of ${label}`
        : `Your shifts changed in the week of ${label}`,
    intro:
      changes === null
        ? `The schedule of ${week.siteName} for the week of ${label} is published. Your shifts (times in ${week.timeZone}):`
        : `Version ${week.version} of the schedule of ${week.siteName} for the week of ${label} is published. What changed for you (times in ${week.timeZone}):`,
    items,
    link: `/my/shifts?week=${week.periodStart}`,
    linkLabel: 'See my shifts',
    about: { entity: 'Schedule', id: week.scheduleId },
  }));
}

// What people are told about open shifts, call-out offers, swaps and drops. Pure: the services
// queue these inside the transaction of the change (queueNotifications), so a message exists
// exactly when its change does. Schedule changes themselves are told by the publish they cause.
import { formatShiftTime, type NotificationEvent } from '../notifications/notifications.service';

export interface ShiftFacts {
  shiftDate: string;
  startMinute: number;
  endMinute: number;
  templateName: string;
  positionName: string;
}

/** "Tuesday 1 December 2026, 07:00–15:30 America/New_York (EST) — Weekday day, Pharmacy technician" */
export function describeShiftForMessage(zone: string, s: ShiftFacts): string {
  return `${formatShiftTime(zone, s.shiftDate, s.startMinute, s.endMinute)} — ${s.templateName}, ${s.positionName}`;
}

/**
 * An open shift offered to people who could take it. A call-out's offer is urgent (sent during
 * quiet hours too); a one-at-a-time offer says until when it is theirs.
 */
export function openShiftOfferEvents(
  zone: string,
  open: ShiftFacts & { id: number; origin: 'GAP' | 'CALL_OUT' | 'DROP' },
  staffIds: number[],
  until: Date | null,
): NotificationEvent[] {
  const callOut = open.origin === 'CALL_OUT';
  const when = describeShiftForMessage(zone, open);
  return staffIds.map((staffId) => ({
    to: { staffId },
    kind: callOut ? 'CALLOUT_OFFER' : 'OPEN_SHIFT',
    urgent: callOut,
    subject: callOut ? `Can you cover a shift? ${when}` : `Open shift you could take: ${when}`,
    intro: callOut
      ? 'Someone called out. You could take their shift without breaking any scheduling rule:'
      : 'This shift is open, and you could take it without breaking any scheduling rule:',
    items: [
      when,
      ...(until
        ? [`It is offered to you until ${formatShiftTimeOfInstant(zone, until)}, then to the next person.`]
        : []),
    ],
    link: '/my/open-shifts',
    linkLabel: 'Claim it',
    about: { entity: 'OpenShift', id: open.id },
  }));
}

function formatShiftTimeOfInstant(zone: string, at: Date): string {
  return `${at.toLocaleString('en-US', {
    timeZone: zone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })} (${zone})`;
}

/** The outcome of an open shift: the person who got it, claimants who did not, the person who dropped it. */
export function openShiftFilledEvents(
  zone: string,
  open: ShiftFacts & { id: number },
  winner: { staffId: number; name: string },
  losers: number[],
  dropper: { staffId: number } | null,
): NotificationEvent[] {
  const when = describeShiftForMessage(zone, open);
  const about = { entity: 'OpenShift', id: open.id };
  return [
    {
      to: { staffId: winner.staffId },
      kind: 'OPEN_SHIFT',
      subject: `The shift is yours: ${when}`,
      intro: 'Your claim passed every scheduling rule and is published:',
      items: [when],
      link: '/my/shifts',
      linkLabel: 'See my shifts',
      about,
    },
    ...losers.map((staffId): NotificationEvent => ({
      to: { staffId },
      kind: 'OPEN_SHIFT',
      subject: `Open shift taken: ${when}`,
      intro: 'Someone else got the open shift you claimed:',
      items: [when],
      link: '/my/open-shifts',
      about,
    })),
    ...(dropper
      ? [
          {
            to: { staffId: dropper.staffId },
            kind: 'SWAP_OUTCOME' as const,
            subject: `${winner.name} took your shift: ${when}`,
            intro: `${winner.name} took the shift you dropped; it is no longer yours:`,
            items: [when],
            link: '/my/shifts',
            linkLabel: 'See my shifts',
            about,
          },
        ]
      : []),
  ];
}

/** An open shift withdrawn (by the manager, or a drop taken back): the people it was offered to, or who had claimed it, are told it is gone. */
export function openShiftWithdrawnEvents(
  zone: string,
  open: ShiftFacts & { id: number },
  staffIds: number[],
): NotificationEvent[] {
  const when = describeShiftForMessage(zone, open);
  return staffIds.map((staffId) => ({
    to: { staffId },
    kind: 'OPEN_SHIFT',
    subject: `Open shift withdrawn: ${when}`,
    intro: 'This open shift was withdrawn and can no longer be claimed:',
    items: [when],
    link: '/my/open-shifts',
    about: { entity: 'OpenShift', id: open.id },
  }));
}

/** A swap or give-away request and what became of it, to the people it concerns. */
export function swapEvents(
  to: ({ staffId: number } | { userId: number })[],
  kind: 'SWAP_REQUEST' | 'SWAP_OUTCOME',
  requestId: number,
  subject: string,
  intro: string,
  items: string[],
  link: string,
): NotificationEvent[] {
  return to.map((who) => ({
    to: who,
    kind,
    subject,
    intro,
    items,
    link,
    about: { entity: 'ShiftRequest', id: requestId },
  }));
}

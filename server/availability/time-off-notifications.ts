// What a staff member is told when the manager decides their time-off request. Pure.
import type { NotificationEvent } from '../notifications/notifications.service';

function longDay(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!)).toLocaleDateString('en-US', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

export function timeOffDecisionEvent(
  request: { id: number; staffId: number; startDate: string; endDate: string },
  decision: 'APPROVED' | 'DENIED',
  note: string | null,
  deciderName: string,
): NotificationEvent {
  const days =
    request.startDate === request.endDate
      ? longDay(request.startDate)
      : `${longDay(request.startDate)} to ${longDay(request.endDate)}`;
  const word = decision === 'APPROVED' ? 'approved' : 'denied';
  return {
    to: { staffId: request.staffId },
    kind: 'TIME_OFF_DECISION',
    subject: `Time off ${word}: ${days}`,
    intro: `${deciderName} ${word} your time off for ${days}.`,
    ...(note ? { items: [`Note: ${note}`] } : {}),
    link: '/time-off',
    linkLabel: 'See my time off',
    about: { entity: 'TimeOffRequest', id: request.id },
  };
}

// What a person is told when a task is assigned to them (not when they take it themselves). Pure.
import type { Board } from '../../generated/prisma/enums';
import type { NotificationEvent } from '../notifications/notifications.service';

const BOARD_WORDS: Record<Board, string> = {
  VENDOR_RETURN: 'vendor return',
  BILLING_ISSUE: 'billing issue',
  DAILY: 'daily task',
};

/** The event for `assigneeId`, or none when there is no assignee or they assigned it to themselves. */
export function taskAssignedEvents(
  task: { id: number; title: string; board: Board; priority: string },
  assigneeId: number | null,
  by: { staffId: number | null; displayName: string },
): NotificationEvent[] {
  if (assigneeId === null || assigneeId === by.staffId) return [];
  const urgent = task.priority === 'URGENT' || task.priority === 'HIGH';
  return [
    {
      to: { staffId: assigneeId },
      kind: 'TASK_ASSIGNED',
      subject: `Assigned to you: ${task.title}`,
      intro: `${by.displayName} assigned you a ${BOARD_WORDS[task.board]}: ${task.title}${urgent ? ` (${task.priority.toLowerCase()} priority)` : ''}.`,
      link: `/tasks/${task.id}`,
      linkLabel: 'Open the task',
      about: { entity: 'Task', id: task.id },
    },
  ];
}

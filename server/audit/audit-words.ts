// The audit log's action codes in the words a manager uses; the codes stay in the database and the
// filter's query string, where they are stable identifiers.

const ACTION_LABELS: Record<string, string> = {
  'auth.sign_in': 'Signed in',
  'auth.sign_in_failed': 'Sign-in failed',
  'auth.sign_out': 'Signed out',
  'auth.password_change': 'Changed their password',
  'calendar.create': 'Made a calendar link',
  'calendar.reset': 'Reset their calendar link',
  'calendar.revoke': 'Revoked a calendar feed',
  'ce.create': 'Recorded CE credit',
  'ce.delete': 'Removed CE credit',
  'credential.create': 'Added a credential',
  'credential.update': 'Changed a credential',
  'credential.delete': 'Removed a credential',
  'open_shift.post': 'Posted an open shift',
  'open_shift.claim': 'Claimed an open shift',
  'open_shift.fill': 'Filled an open shift',
  'open_shift.decline': 'Turned down an open shift',
  'open_shift.cancel': 'Withdrew an open shift',
  'open_shift.drop': 'Dropped a shift to the open pool',
  'position.requirements': 'Changed the credentials a position needs',
  'schedule.add': 'Added a shift to a schedule',
  'schedule.move': 'Moved a shift in a schedule',
  'schedule.remove': 'Removed a shift from a schedule',
  'schedule.callout': 'Covered a call-out',
  'schedule.new_version': 'Started a new schedule version',
  'schedule.publish': 'Published a schedule',
  'shift_request.make': 'Asked to swap or give away a shift',
  'shift_request.pending_manager': 'Accepted a swap request',
  'shift_request.approved': 'Approved a swap request',
  'shift_request.denied': 'Denied a swap request',
  'shift_request.declined': 'Declined a swap request',
  'shift_request.cancelled': 'Closed a swap request',
  'site.team_schedule_visibility': 'Changed who sees the team schedule',
  'staff.create': 'Added a staff member',
  'staff.update': 'Changed a staff member',
  'staff.import': 'Imported staff',
  'staff.deactivate': 'Deactivated a staff member',
  'staff.reactivate': 'Reactivated a staff member',
  'task.move': 'Moved a card',
  'time_off.approve': 'Approved time off',
  'time_off.deny': 'Denied time off',
};

/** "auth.sign_in" → "Signed in"; a code without a label yet is spelled out ("report export"). */
export function describeAuditAction(code: string): string {
  return ACTION_LABELS[code] ?? code.replace(/[._]+/g, ' ');
}

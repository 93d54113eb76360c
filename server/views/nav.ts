import type { AppRole } from '../../generated/prisma/enums';
import { hasRole } from '../http/session-middleware';

interface NavItem {
  href: string;
  label: string;
  minimum: AppRole;
}

/** Main menu after the home link; each area adds its pages here with the least role that may open them. */
const NAV: NavItem[] = [
  { href: '/boards/daily', label: 'Daily tasks', minimum: 'LEAD' },
  { href: '/boards/vendor-returns', label: 'Vendor returns', minimum: 'LEAD' },
  { href: '/boards/billing-issues', label: 'Billing issues', minimum: 'LEAD' },
  { href: '/schedules', label: 'Schedules', minimum: 'MANAGER' },
  { href: '/audit', label: 'Audit log', minimum: 'MANAGER' },
  { href: '/staff', label: 'Staff', minimum: 'MANAGER' },
  { href: '/credentials/expiring', label: 'Credentials', minimum: 'MANAGER' },
  { href: '/shift-templates', label: 'Shift templates', minimum: 'MANAGER' },
  { href: '/time-off/review', label: 'Time-off requests', minimum: 'MANAGER' },
  { href: '/availability', label: 'Availability', minimum: 'STAFF' },
  { href: '/time-off', label: 'Time off', minimum: 'STAFF' },
  { href: '/my/credentials', label: 'My credentials', minimum: 'STAFF' },
  { href: '/team-schedule', label: 'Team schedule', minimum: 'STAFF' },
  { href: '/my/calendar', label: 'My calendar', minimum: 'STAFF' },
];

export function navLinksFor(role: AppRole): [string, string][] {
  return NAV.filter((item) => hasRole(role, item.minimum)).map((item) => [item.href, item.label]);
}

import type { AppRole } from '../../generated/prisma/enums';
import { hasRole } from '../account/roles';

interface NavItem {
  href: string;
  label: string;
  minimum: AppRole;
  /** Menu the item sits in when the menu is grouped; none means a top-level link. */
  group?: 'Schedules' | 'People' | 'Boards' | 'Me';
}

/** Main menu after the home link; each area adds its pages here with the least role that may open them. */
const NAV: NavItem[] = [
  { href: '/schedules', label: 'Schedules', minimum: 'MANAGER', group: 'Schedules' },
  { href: '/shift-templates', label: 'Shift templates', minimum: 'MANAGER', group: 'Schedules' },
  { href: '/volume', label: 'Prescription volume', minimum: 'MANAGER', group: 'Schedules' },
  { href: '/open-shifts', label: 'Open shifts', minimum: 'MANAGER', group: 'Schedules' },
  { href: '/site-settings', label: 'Site settings', minimum: 'MANAGER', group: 'Schedules' },
  { href: '/sites', label: 'Sites', minimum: 'MANAGER', group: 'Schedules' },
  { href: '/team-schedule', label: 'Team schedule', minimum: 'STAFF', group: 'Schedules' },
  { href: '/staff', label: 'Staff', minimum: 'MANAGER', group: 'People' },
  { href: '/credentials/expiring', label: 'Credentials', minimum: 'MANAGER', group: 'People' },
  { href: '/approvals/time-off', label: 'Time-off requests', minimum: 'MANAGER', group: 'People' },
  { href: '/approvals/swaps', label: 'Swap requests', minimum: 'MANAGER', group: 'People' },
  { href: '/boards/daily', label: 'Daily tasks', minimum: 'LEAD', group: 'Boards' },
  { href: '/boards/vendor-returns', label: 'Vendor returns', minimum: 'LEAD', group: 'Boards' },
  { href: '/boards/billing-issues', label: 'Billing issues', minimum: 'LEAD', group: 'Boards' },
  { href: '/availability', label: 'My availability', minimum: 'STAFF', group: 'Me' },
  { href: '/time-off', label: 'My time off', minimum: 'STAFF', group: 'Me' },
  { href: '/my/credentials', label: 'My credentials', minimum: 'STAFF', group: 'Me' },
  { href: '/my/shifts', label: 'My shifts', minimum: 'LEAD', group: 'Me' },
  { href: '/my/open-shifts', label: 'Open shifts for me', minimum: 'STAFF', group: 'Me' },
  { href: '/my/swaps', label: 'My swap requests', minimum: 'STAFF', group: 'Me' },
  { href: '/my/calendar', label: 'My calendar', minimum: 'STAFF', group: 'Me' },
  { href: '/audit', label: 'Audit log', minimum: 'MANAGER' },
  { href: '/notifications/outbox', label: 'Email outbox', minimum: 'MANAGER', group: 'People' },
];

/** A top-level menu entry: a link, or a named group of links. */
export type NavEntry =
  { href: string; label: string } | { label: string; items: { href: string; label: string }[] };

/** Up to this many links show side by side; more are gathered into their groups so the bar fits one line. */
const FLAT_LIMIT = 4;

export function navFor(role: AppRole): NavEntry[] {
  const items = NAV.filter((item) => hasRole(role, item.minimum));
  if (items.length <= FLAT_LIMIT) return items.map(({ href, label }) => ({ href, label }));
  const entries: NavEntry[] = [];
  for (const item of items) {
    if (!item.group) {
      entries.push({ href: item.href, label: item.label });
      continue;
    }
    const members = items.filter((i) => i.group === item.group);
    if (members.length === 1) entries.push({ href: item.href, label: item.label });
    else if (members[0] === item)
      entries.push({ label: item.group, items: members.map(({ href, label }) => ({ href, label })) });
  }
  return entries;
}

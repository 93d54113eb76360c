import type { AppRole } from '../../generated/prisma/enums';
import { hasRole } from '../http/session-middleware';

interface NavItem {
  href: string;
  label: string;
  minimum: AppRole;
}

/** Main menu after the home link; each area adds its pages here with the least role that may open them. */
const NAV: NavItem[] = [
  { href: '/audit', label: 'Audit log', minimum: 'MANAGER' },
];

export function navLinksFor(role: AppRole): [string, string][] {
  return NAV.filter((item) => hasRole(role, item.minimum)).map((item) => [item.href, item.label]);
}

// The app roles and what each includes: a pure rule shared by the access guards (server/http)
// and the services that decide who may work a card.
import type { AppRole } from '../../generated/prisma/enums';

const RANK: Record<AppRole, number> = { STAFF: 1, LEAD: 2, MANAGER: 3 };

/** True when `role` includes everything `minimum` may do (manager ⊇ lead ⊇ staff). */
export function hasRole(role: AppRole, minimum: AppRole): boolean {
  return RANK[role] >= RANK[minimum];
}

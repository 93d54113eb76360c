// A staff member's float sites: the sites they work at besides their home site. Their shifts there
// count for every check and solve of each site's week (server/scheduling/elsewhere-shifts.ts).
import { recordAudit } from '../account/auth.service';
import type { Db } from '../db/client';
import { ValidationError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import {
  listFloatSiteIds,
  listSiteChoices,
  replaceFloatSites,
  type SiteChoice,
} from './float-sites.repository';
import { getStaffAtSite } from './staff.service';

export const floatSiteMessages = {
  home: 'The home site is always theirs; choose only the sites they float to.',
  unknown: 'Choose sites from the list.',
} as const;

export interface FloatSitesPage {
  staff: { id: number; firstName: string; lastName: string };
  home: SiteChoice;
  /** The other sites, each with whether the person floats to it. */
  sites: (SiteChoice & { checked: boolean })[];
}

/** The person's home site and the other sites, with the ones they float to checked. */
export async function getFloatSites(
  db: Db,
  actor: CurrentUser,
  staffId: number,
  checked?: number[],
): Promise<FloatSitesPage> {
  const staff = await getStaffAtSite(db, actor, staffId);
  const [sites, current] = await Promise.all([listSiteChoices(db), listFloatSiteIds(db, staffId)]);
  const on = new Set(checked ?? current);
  const home = sites.find((s) => s.id === staff.siteId);
  if (!home) throw new Error(`site ${staff.siteId} of staff ${staffId} is missing`);
  return {
    staff: { id: staff.id, firstName: staff.firstName, lastName: staff.lastName },
    home,
    sites: sites.filter((s) => s.id !== home.id).map((s) => ({ ...s, checked: on.has(s.id) })),
  };
}

/** Saves the sites a person floats to (validated: existing sites other than the home site), audited. */
export async function setFloatSites(
  db: Db,
  actor: CurrentUser,
  staffId: number,
  siteIds: number[],
): Promise<void> {
  const staff = await getStaffAtSite(db, actor, staffId);
  const known = new Set((await listSiteChoices(db)).map((s) => s.id));
  if (siteIds.includes(staff.siteId)) throw new ValidationError({ siteId: floatSiteMessages.home });
  if (siteIds.some((id) => !known.has(id))) throw new ValidationError({ siteId: floatSiteMessages.unknown });
  const unique = [...new Set(siteIds)].sort((a, b) => a - b);
  await db.$transaction(async (tx) => {
    await replaceFloatSites(tx, staffId, unique);
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'staff.float_sites',
      entity: 'Staff',
      entityId: staffId,
      detail: unique.length > 0 ? `sites ${unique.join(', ')}` : 'home site only',
    });
  });
}

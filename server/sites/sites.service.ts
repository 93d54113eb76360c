import { DateTime } from 'luxon';
import type { ClaimPolicy, SwapApproval } from '../../generated/prisma/enums';
import type { Db } from '../db/client';
import { NotFoundError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import { recordAudit } from '../account/auth.service';

export interface SiteSummary {
  id: number;
  name: string;
  timeZone: string;
  usState: string;
}

/** The site a user works at; a manager without a staff record sees the first site. */
export async function getSiteForUser(db: Db, user: CurrentUser): Promise<SiteSummary> {
  const select = { id: true, name: true, timeZone: true, usState: true } as const;
  const site =
    user.siteId !== null
      ? await db.site.findUnique({ where: { id: user.siteId }, select })
      : await db.site.findFirst({ orderBy: { id: 'asc' }, select });
  if (!site) throw new NotFoundError('No pharmacy site has been set up yet.');
  return site;
}

/** Today's date (YYYY-MM-DD) where the site is, which is not the server's date near midnight. */
export function todayAt(timeZone: string, now: Date = new Date()): string {
  return DateTime.fromJSDate(now, { zone: timeZone }).toISODate() ?? '';
}

export function addDays(isoDate: string, days: number): string {
  return DateTime.fromISO(isoDate).plus({ days }).toISODate() ?? isoDate;
}

export interface SiteSettings extends SiteSummary {
  noticeWindowDays: number;
  weightNoticeChange: number;
  weightStability: number;
  claimPolicy: ClaimPolicy;
  swapApproval: SwapApproval;
}

const settingsSelect = {
  id: true,
  name: true,
  timeZone: true,
  usState: true,
  noticeWindowDays: true,
  weightNoticeChange: true,
  weightStability: true,
  claimPolicy: true,
  swapApproval: true,
} as const;

/** The settings of the user's site (a manager without a staff record: the first site). */
export async function getSiteSettings(db: Db, user: CurrentUser): Promise<SiteSettings> {
  const site = await getSiteForUser(db, user);
  return db.site.findUniqueOrThrow({ where: { id: site.id }, select: settingsSelect });
}

/** Saves the settings of the user's site, with an audit entry of the old and new values. */
export async function updateSiteSettings(
  db: Db,
  user: CurrentUser,
  values: {
    noticeWindowDays: number;
    weightNoticeChange: number;
    claimPolicy: ClaimPolicy;
    swapApproval: SwapApproval;
  },
): Promise<SiteSettings> {
  const before = await getSiteSettings(db, user);
  return db.$transaction(async (tx) => {
    const after = await tx.site.update({ where: { id: before.id }, data: values, select: settingsSelect });
    await recordAudit(tx, {
      actorId: user.id,
      action: 'site.settings',
      entity: 'Site',
      entityId: before.id,
      detail: [
        `notice window ${before.noticeWindowDays} → ${after.noticeWindowDays} days; cost per change inside it ${before.weightNoticeChange} → ${after.weightNoticeChange}`,
        before.claimPolicy !== after.claimPolicy
          ? `open shifts ${before.claimPolicy} → ${after.claimPolicy}`
          : null,
        before.swapApproval !== after.swapApproval
          ? `swaps ${before.swapApproval} → ${after.swapApproval}`
          : null,
      ]
        .filter(Boolean)
        .join('; '),
    });
    return after;
  });
}

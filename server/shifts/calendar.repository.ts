// Prisma calls for the private calendar feed tokens (User.icalToken holds the token's SHA-256).
import type { Db } from '../db/client';
import { hashFeedToken } from '../db/feed-tokens';

export interface FeedOwner {
  userId: number;
  active: boolean;
  staffId: number | null;
  siteId: number | null;
  timeZone: string | null;
  displayName: string;
  icalToken: string | null;
}

const ownerSelect = {
  id: true,
  email: true,
  active: true,
  staffId: true,
  icalToken: true,
  staff: { select: { firstName: true, lastName: true, siteId: true, site: { select: { timeZone: true } } } },
} as const;

type OwnerRow = {
  id: number;
  email: string;
  active: boolean;
  staffId: number | null;
  icalToken: string | null;
  staff: { firstName: string; lastName: string; siteId: number; site: { timeZone: string } } | null;
};

function toOwner(u: OwnerRow): FeedOwner {
  return {
    userId: u.id,
    active: u.active,
    staffId: u.staffId,
    siteId: u.staff?.siteId ?? null,
    timeZone: u.staff?.site.timeZone ?? null,
    displayName: u.staff ? `${u.staff.firstName} ${u.staff.lastName}` : u.email,
    icalToken: u.icalToken,
  };
}

export async function findFeedOwner(db: Db, token: string): Promise<FeedOwner | null> {
  const u = await db.user.findUnique({ where: { icalToken: hashFeedToken(token) }, select: ownerSelect });
  return u ? toOwner(u) : null;
}

export async function findFeedOwnerByUser(db: Db, userId: number): Promise<FeedOwner | null> {
  const u = await db.user.findUnique({ where: { id: userId }, select: ownerSelect });
  return u ? toOwner(u) : null;
}

export async function findFeedOwnerByStaff(db: Db, staffId: number): Promise<FeedOwner | null> {
  const u = await db.user.findUnique({ where: { staffId }, select: ownerSelect });
  return u ? toOwner(u) : null;
}

export async function setFeedToken(db: Db, userId: number, token: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { icalToken: hashFeedToken(token) } });
}

export async function clearFeedToken(db: Db, userId: number): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { icalToken: null } });
}

export interface FeedStatusRow {
  staffId: number;
  name: string;
  email: string;
  active: boolean;
  hasFeed: boolean;
}

/** Every staff member of a site with an account, and whether their calendar link works. */
export async function listFeedStatus(db: Db, siteId: number): Promise<FeedStatusRow[]> {
  const rows = await db.staff.findMany({
    where: { siteId, user: { isNot: null } },
    select: {
      id: true,
      firstName: true,
      lastName: true,
      user: { select: { email: true, active: true, icalToken: true } },
    },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
  });
  return rows.map((s) => ({
    staffId: s.id,
    name: `${s.firstName} ${s.lastName}`,
    email: s.user?.email ?? '',
    active: s.user?.active ?? false,
    hasFeed: Boolean(s.user?.icalToken),
  }));
}

import { createHmac, randomBytes } from 'node:crypto';
import { databaseStamp, type Db } from '../db/client';
import type { CurrentUser, Flash } from '../http/request-context';
import { StampCache } from '../lib/stamp-cache';
import {
  createSession,
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOfUser,
  findSessionWithUser,
  updateSessionData,
  updateSessionExpiry,
} from './sessions.repository';

export interface SessionData {
  flash?: Flash[];
  /** A calendar feed token just made, shown once on "My calendar" (only its hash is stored). */
  calendarToken?: string;
}

export interface LoadedSession {
  id: string;
  csrfToken: string;
  data: SessionData;
  user: CurrentUser;
}

/** Random, URL-safe token. */
export function createToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * The database keeps only an HMAC of the cookie's token, so a copy of the database (a backup,
 * say) cannot be replayed as a session cookie without the server's secret.
 */
export function sessionIdFor(token: string, secret: string): string {
  return createHmac('sha256', secret).update(token).digest('hex');
}

/** A loaded session kept in memory while nothing was committed to the database since. */
interface CachedSession {
  expiresAt: number;
  lastSeenAt: number;
  session: LoadedSession;
}

const CACHED_SESSIONS = 2000;

/**
 * The idle expiry slides at most once a minute, and at most once per tenth of the idle limit, so a
 * short limit still slides often enough: writing on every request would serialise reads behind
 * SQLite's single writer. A person is signed out after between 90 % and 100 % of the limit idle.
 */
const MAX_REFRESH_AFTER_MS = 60_000;
export class SessionStore {
  /**
   * Every request of a signed-in user reads its session; the row only changes when something is
   * written, so the loaded session is reused while the database stamp (server/db/client.ts) is unchanged.
   * Signing out, a deactivation, a role or password change, an expiry purge and the idle
   * refresh are all writes, so none of them can be missed; expiry is checked on every use.
   */
  private readonly cache: StampCache<CachedSession>;
  private readonly refreshAfterMs: number;

  constructor(
    private readonly db: Db,
    private readonly secret: string,
    private readonly idleMinutes: number,
  ) {
    this.refreshAfterMs = Math.min(MAX_REFRESH_AFTER_MS, (idleMinutes * 60_000) / 10);
    this.cache = new StampCache({ stamp: () => databaseStamp(db), maxEntries: CACHED_SESSIONS });
  }

  /** Starts a new session for a user; returns the cookie token. Any previous token is not reused. */
  async create(userId: number): Promise<string> {
    const token = createToken();
    const now = new Date();
    await createSession(this.db, {
      id: sessionIdFor(token, this.secret),
      userId,
      csrfToken: createToken(),
      expiresAt: new Date(now.getTime() + this.idleMinutes * 60_000),
      lastSeenAt: now,
    });
    return token;
  }

  /** Loads a live session and slides its expiry; an expired or unknown one is deleted/ignored. */
  async load(token: string): Promise<LoadedSession | null> {
    const id = sessionIdFor(token, this.secret);
    const nowMs = Date.now();
    const { value } = await this.cache.fetch(
      id,
      () => this.read(id),
      (kept) => kept.expiresAt > nowMs && nowMs - kept.lastSeenAt <= this.refreshAfterMs,
    );
    if (!value) return null;
    const { session } = value;
    return { ...session, user: { ...session.user }, data: structuredClone(session.data) };
  }

  /**
   * The session's row; kept under the stamp read before it only if nothing was committed since (the
   * idle refresh here included): then the row read is still what the database holds.
   */
  private async read(id: string): Promise<CachedSession | undefined> {
    const row = await findSessionWithUser(this.db, id);
    if (!row) return undefined;
    const now = new Date();
    if (row.expiresAt <= now || !row.user.active) {
      await deleteSession(this.db, id);
      return undefined;
    }
    let { lastSeenAt, expiresAt } = row;
    if (now.getTime() - row.lastSeenAt.getTime() > this.refreshAfterMs) {
      lastSeenAt = now;
      expiresAt = new Date(now.getTime() + this.idleMinutes * 60_000);
      await updateSessionExpiry(this.db, id, { lastSeenAt, expiresAt });
    }
    const staff = row.user.staff;
    const session: LoadedSession = {
      id: row.id,
      csrfToken: row.csrfToken,
      data: parseData(row.data),
      user: {
        id: row.user.id,
        email: row.user.email,
        role: row.user.role,
        staffId: staff?.id ?? null,
        siteId: staff?.siteId ?? null,
        displayName: staff ? `${staff.firstName} ${staff.lastName}` : row.user.email,
        mustChangePassword: row.user.mustChangePassword,
      },
    };
    return { expiresAt: expiresAt.getTime(), lastSeenAt: lastSeenAt.getTime(), session };
  }

  async saveData(id: string, data: SessionData): Promise<void> {
    await updateSessionData(this.db, id, JSON.stringify(data));
  }

  async destroy(id: string): Promise<void> {
    await deleteSession(this.db, id);
  }

  async destroyAllFor(userId: number): Promise<void> {
    await deleteSessionsOfUser(this.db, userId);
  }

  async purgeExpired(): Promise<number> {
    return deleteExpiredSessions(this.db, new Date());
  }
}

function parseData(text: string): SessionData {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as SessionData) : {};
  } catch {
    return {};
  }
}

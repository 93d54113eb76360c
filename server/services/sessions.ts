import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../db';
import type { CurrentUser, Flash } from '../http/request-context';

export interface SessionData {
  flash?: Flash[];
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

export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly secret: string,
    private readonly idleMinutes: number,
  ) {}

  /** Starts a new session for a user; returns the cookie token. Any previous token is not reused. */
  async create(userId: number): Promise<string> {
    const token = createToken();
    const now = new Date();
    await this.db.session.create({
      data: {
        id: sessionIdFor(token, this.secret),
        userId,
        csrfToken: createToken(),
        expiresAt: new Date(now.getTime() + this.idleMinutes * 60_000),
        lastSeenAt: now,
      },
    });
    return token;
  }

  /** Loads a live session and slides its expiry; an expired or unknown one is deleted/ignored. */
  async load(token: string): Promise<LoadedSession | null> {
    const id = sessionIdFor(token, this.secret);
    const row = await this.db.session.findUnique({
      where: { id },
      select: {
        id: true,
        csrfToken: true,
        data: true,
        expiresAt: true,
        lastSeenAt: true,
        user: {
          select: {
            id: true,
            email: true,
            role: true,
            active: true,
            mustChangePassword: true,
            staff: { select: { id: true, siteId: true, firstName: true, lastName: true } },
          },
        },
      },
    });
    if (!row) return null;
    const now = new Date();
    if (row.expiresAt <= now || !row.user.active) {
      await this.db.session.deleteMany({ where: { id } });
      return null;
    }
    // Writing on every request would serialise all reads behind SQLite's single writer; a
    // minute's precision is plenty for an idle timeout measured in hours.
    if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
      await this.db.session.update({
        where: { id },
        data: { lastSeenAt: now, expiresAt: new Date(now.getTime() + this.idleMinutes * 60_000) },
      });
    }
    const staff = row.user.staff;
    return {
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
  }

  async saveData(id: string, data: SessionData): Promise<void> {
    await this.db.session.updateMany({ where: { id }, data: { data: JSON.stringify(data) } });
  }

  async destroy(id: string): Promise<void> {
    await this.db.session.deleteMany({ where: { id } });
  }

  async destroyAllFor(userId: number): Promise<void> {
    await this.db.session.deleteMany({ where: { userId } });
  }

  async purgeExpired(): Promise<number> {
    const { count } = await this.db.session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
    return count;
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

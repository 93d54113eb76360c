import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * Calendar feed tokens are stored as their SHA-256, as session tokens are stored as an HMAC: a copy
 * of the database (a backup) holds no working feed address. The token is 256 random bits, so an
 * unsalted hash cannot be reversed by guessing.
 */
export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A token stored before hashing: 43 characters of base64url (a hash is 64 hex characters). */
const PLAIN_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Replaces feed tokens stored in plain text (by a version before hashing, or in a restored old
 * backup) with their hash, so their addresses keep working. Run after every migration; idempotent.
 */
export function hashPlainFeedTokens(db: Database.Database): number {
  const columns = db.prepare("SELECT name FROM pragma_table_info('User')").all() as { name: string }[];
  if (!columns.some((c) => c.name === 'icalToken')) return 0;
  const rows = db.prepare('SELECT id, icalToken FROM User WHERE icalToken IS NOT NULL').all() as {
    id: number;
    icalToken: string;
  }[];
  const update = db.prepare('UPDATE User SET icalToken = ? WHERE id = ?');
  const plain = rows.filter((r) => PLAIN_TOKEN.test(r.icalToken));
  db.transaction(() => {
    for (const row of plain) update.run(hashFeedToken(row.icalToken), row.id);
  })();
  return plain.length;
}

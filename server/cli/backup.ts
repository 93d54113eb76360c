import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DateTime } from 'luxon';

/**
 * Copies a live database with SQLite's online backup API: consistent even while the server keeps
 * writing (pages changed during the copy are copied again), unlike copying the file.
 */
export async function backupDatabase(
  databaseFile: string,
  backupDir: string,
  now: Date = new Date(),
): Promise<string> {
  if (!existsSync(databaseFile)) throw new Error(`No database at ${databaseFile}`);
  // A backup holds password hashes: only the account running the server may read it.
  mkdirSync(backupDir, { recursive: true, mode: 0o700 });
  chmodSync(backupDir, 0o700);
  const stamp = DateTime.fromJSDate(now, { zone: 'utc' }).toFormat("yyyyLLdd'T'HHmmss'Z'");
  const target = path.join(backupDir, `rxroster-${stamp}.db`);
  // Created 0600 before a byte is copied into it, so there is no moment it is readable by others.
  closeSync(openSync(target, 'w', 0o600));
  chmodSync(target, 0o600);
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
  const check = new Database(target, { readonly: true });
  try {
    const result = check.pragma('integrity_check', { simple: true });
    if (result !== 'ok')
      throw new Error(`The backup ${target} failed its integrity check: ${String(result)}`);
  } finally {
    check.close();
  }
  return target;
}

/**
 * Replaces the database with a backup. The server must be stopped: the running process would
 * keep writing to the file it has open.
 *
 * Access granted before the backup must not come back with it: every session ends (a signed-out
 * session would otherwise work again), and calendar links are taken from the database being
 * replaced, so a link revoked or reset since the backup stays dead. When that database cannot be
 * read, every calendar link is switched off (people make new ones).
 */
export async function restoreDatabase(backupFile: string, databaseFile: string): Promise<void> {
  if (!existsSync(backupFile)) throw new Error(`No backup at ${backupFile}`);
  mkdirSync(path.dirname(databaseFile), { recursive: true });
  const feeds = currentFeedTokens(databaseFile);
  const source = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    await source.backup(databaseFile);
  } finally {
    source.close();
  }
  const restored = new Database(databaseFile);
  try {
    restored.transaction(() => {
      restored.prepare('DELETE FROM Session').run();
      restored.prepare('UPDATE User SET icalToken = NULL').run();
      const keep = restored.prepare('UPDATE User SET icalToken = ? WHERE id = ?');
      for (const [id, token] of feeds) keep.run(token, id);
    })();
  } finally {
    restored.close();
  }
}

/** User id → stored feed token of the database about to be replaced (empty when unreadable). */
function currentFeedTokens(databaseFile: string): Map<number, string> {
  if (!existsSync(databaseFile)) return new Map();
  try {
    const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare('SELECT id, icalToken FROM User WHERE icalToken IS NOT NULL').all() as {
        id: number;
        icalToken: string;
      }[];
      return new Map(rows.map((r) => [r.id, r.icalToken]));
    } finally {
      db.close();
    }
  } catch {
    return new Map();
  }
}

import { existsSync, mkdirSync } from 'node:fs';
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
  mkdirSync(backupDir, { recursive: true });
  const stamp = DateTime.fromJSDate(now, { zone: 'utc' }).toFormat("yyyyLLdd'T'HHmmss'Z'");
  const target = path.join(backupDir, `rxroster-${stamp}.db`);
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
 */
export async function restoreDatabase(backupFile: string, databaseFile: string): Promise<void> {
  if (!existsSync(backupFile)) throw new Error(`No backup at ${backupFile}`);
  mkdirSync(path.dirname(databaseFile), { recursive: true });
  const source = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    await source.backup(databaseFile);
  } finally {
    source.close();
  }
}

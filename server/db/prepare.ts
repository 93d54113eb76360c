import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { enableWriteAheadLog } from './client';
import { databaseFileFromUrl, databaseProvider } from './database-url';
import { applyMigrations } from './migrate';
import { applyPostgresMigrations, databaseName } from './migrate-postgresql';

/**
 * Brings the database DATABASE_URL names up to date with the committed migrations of its provider
 * (at start-up and in `npm run db:migrate`): a SQLite file is created when missing and switched to
 * write-ahead logging; PostgreSQL is migrated under Prisma's advisory lock. Returns what it did.
 */
export async function prepareDatabase(url: string): Promise<{ where: string; applied: string[] }> {
  if (databaseProvider(url) === 'postgresql') {
    return { where: databaseName(url), applied: await applyPostgresMigrations(url) };
  }
  const file = databaseFileFromUrl(url);
  mkdirSync(path.dirname(file), { recursive: true });
  const applied = applyMigrations(file);
  enableWriteAheadLog(file);
  return { where: file, applied };
}

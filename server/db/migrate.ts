import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { hashPlainFeedTokens } from './feed-tokens';
import { installChangeCounter } from './change-counter';
import { REPO_ROOT } from './database-url';

/**
 * Start-up migration runner: applies the committed prisma/migrations/<name>/migration.sql files that
 * the database has not seen yet, without the Prisma CLI. Every migration is recorded in Prisma's own
 * `_prisma_migrations` table exactly as `prisma migrate deploy` records it (uuid id, sha256 checksum of
 * the file, ISO timestamps, applied_steps_count 1), so `prisma migrate status` agrees afterwards.
 *
 * It refuses to touch a database that has tables but no migration history, one whose applied
 * migrations were edited or are missing here, and one with a failed migration.
 */

export const DEFAULT_MIGRATIONS_DIR = path.join(REPO_ROOT, 'prisma', 'migrations');

/** The DDL Prisma's schema engine uses for SQLite, shared with the offline schema engine. */
const MIGRATIONS_TABLE_DDL = fs.readFileSync(path.join(REPO_ROOT, 'prisma', 'migrations-table.sql'), 'utf8');

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export interface MigrationFile {
  /** Directory name, e.g. `20261126002019_init`. */
  name: string;
  sql: string;
  /** sha256 of the file, lowercase hex — what Prisma stores in `_prisma_migrations.checksum`. */
  checksum: string;
}

export interface ApplyMigrationsOptions {
  /** Defaults to prisma/migrations in this repository. */
  migrationsDir?: string;
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: string | null;
  rolled_back_at: string | null;
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/** The migrations in a folder, in the order Prisma applies them (directory name order). */
export function listMigrations(migrationsDir: string = DEFAULT_MIGRATIONS_DIR): MigrationFile[] {
  if (!fs.existsSync(migrationsDir)) return [];
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b))
    .flatMap((name) => {
      const file = path.join(migrationsDir, name, 'migration.sql');
      if (!fs.existsSync(file)) return [];
      const sql = fs.readFileSync(file, 'utf8');
      return [{ name, sql, checksum: checksumOf(sql) }];
    });
}

/** Timestamps as Prisma's engine writes them through the SQLite driver adapter. */
function now(): string {
  return new Date().toISOString().replace('Z', '+00:00');
}

function hasMigrationsTable(db: Database.Database): boolean {
  return !!db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")
    .get();
}

function userObjects(db: Database.Database): string[] {
  const rows = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name",
    )
    .all() as { name: string }[];
  return rows.map((r) => r.name);
}

function readHistory(db: Database.Database): MigrationRow[] {
  return db
    .prepare(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at, migration_name',
    )
    .all() as MigrationRow[];
}

function checkHistory(file: string, history: MigrationRow[], migrations: MigrationFile[]): void {
  const byName = new Map(migrations.map((m) => [m.name, m]));
  for (const row of history) {
    if (row.rolled_back_at !== null) continue;
    if (row.finished_at === null) {
      throw new MigrationError(
        `Migration ${row.migration_name} failed on ${file} and was never resolved. Fix the database, then run ` +
          `\`npx prisma migrate resolve --rolled-back ${row.migration_name}\` (or --applied) before starting again.`,
      );
    }
    const local = byName.get(row.migration_name);
    if (!local) {
      throw new MigrationError(
        `The database ${file} has migration ${row.migration_name} applied, but prisma/migrations does not contain it. ` +
          'It was probably migrated by a newer version of RxRoster; refusing to continue.',
      );
    }
    if (local.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.migration_name} was modified after it was applied to ${file} ` +
          `(checksum ${row.checksum} in the database, ${local.checksum} on disk). ` +
          'Applied migrations must never be edited: restore the file and add a new migration instead.',
      );
    }
  }
}

/**
 * Applies every pending migration to the SQLite file, each in its own transaction, and returns the
 * names of the migrations applied (empty when the database was up to date). Creates the file (not
 * its folder) when missing. Throws MigrationError when it refuses to migrate.
 */
export function applyMigrations(databaseFile: string, options: ApplyMigrationsOptions = {}): string[] {
  const migrations = listMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const db = new Database(databaseFile);
  try {
    db.pragma('busy_timeout = 10000');

    if (!hasMigrationsTable(db) || readHistory(db).length === 0) {
      const existing = userObjects(db);
      if (existing.length > 0) {
        const shown = existing.slice(0, 5).join(', ') + (existing.length > 5 ? ', …' : '');
        throw new MigrationError(
          `Refusing to migrate ${databaseFile}: it already contains tables (${shown}) but no Prisma migration ` +
            'history (_prisma_migrations). It was not created by RxRoster. Point DATABASE_URL at a new file, ' +
            'or baseline it deliberately with `npx prisma migrate resolve --applied <migration>`.',
        );
      }
      if (!hasMigrationsTable(db)) db.exec(MIGRATIONS_TABLE_DDL);
    }

    checkHistory(databaseFile, readHistory(db), migrations);

    const applied: string[] = [];
    for (const migration of migrations) {
      if (applyOne(db, databaseFile, migration)) applied.push(migration.name);
    }
    // A data step SQL cannot do (SQLite has no SHA-256): feed tokens from before hashing.
    hashPlainFeedTokens(db);
    installChangeCounter(db);
    return applied;
  } finally {
    db.close();
  }
}

/** Applies one migration unless it is already applied (re-checked under the write lock). */
function applyOne(db: Database.Database, databaseFile: string, migration: MigrationFile): boolean {
  const isApplied = db.prepare(
    'SELECT 1 FROM _prisma_migrations WHERE migration_name = ? AND finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  // Prisma's SQLite migrations rebuild tables between `PRAGMA foreign_keys=OFF/ON`, which SQLite ignores
  // inside a transaction: switch enforcement off around the transaction (or a DROP TABLE would cascade),
  // and check the foreign keys ourselves before committing.
  db.pragma('foreign_keys = OFF');
  try {
    db.exec('BEGIN IMMEDIATE');
    try {
      if (isApplied.get(migration.name)) {
        db.exec('COMMIT');
        return false;
      }
      const id = randomUUID();
      db.prepare(
        'INSERT INTO _prisma_migrations (id, checksum, started_at, finished_at, migration_name, logs, rolled_back_at, applied_steps_count) ' +
          'VALUES (?, ?, ?, NULL, ?, NULL, NULL, 0)',
      ).run(id, migration.checksum, now(), migration.name);
      db.exec(migration.sql);
      const violations = db.pragma('foreign_key_check') as unknown[];
      if (violations.length > 0) {
        throw new MigrationError(
          `Migration ${migration.name} leaves ${violations.length} foreign key violation(s): ${JSON.stringify(violations.slice(0, 3))}`,
        );
      }
      db.prepare('UPDATE _prisma_migrations SET finished_at = ?, applied_steps_count = 1 WHERE id = ?').run(
        now(),
        id,
      );
      db.exec('COMMIT');
      return true;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      if (error instanceof MigrationError) throw error;
      throw new MigrationError(
        `Migration ${migration.name} failed on ${databaseFile} and was rolled back: ${(error as Error).message}`,
        { cause: error },
      );
    }
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

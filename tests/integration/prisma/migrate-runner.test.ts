import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, checksumOf, listMigrations, MigrationError } from '../../../server/db/migrate';
import { prisma, tempDir } from './prisma-cli';

// The start-up runner (server/db/migrate.ts) against temp files: the committed migrations, then
// scratch migration folders for the failure cases.

let dir: string;

beforeAll(() => {
  dir = tempDir('runner');
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function open(file: string) {
  return new Database(file);
}

function tableNames(file: string): string[] {
  const db = open(file);
  try {
    const rows = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[];
    return rows.map((r) => r.name);
  } finally {
    db.close();
  }
}

/** A scratch migrations folder: { name: sql }. */
function migrationsDir(name: string, migrations: Record<string, string>): string {
  const root = path.join(dir, name);
  for (const [migration, sql] of Object.entries(migrations)) {
    fs.mkdirSync(path.join(root, migration), { recursive: true });
    fs.writeFileSync(path.join(root, migration, 'migration.sql'), sql);
  }
  fs.writeFileSync(path.join(root, 'migration_lock.toml'), 'provider = "sqlite"\n');
  return root;
}

describe('applyMigrations with the committed migrations', () => {
  const committed = listMigrations().map((m) => m.name);

  it('there is at least one committed migration', () => {
    expect(committed.length).toBeGreaterThan(0);
  });

  it('migrates a fresh file, is idempotent, and records rows the way Prisma does', () => {
    const file = path.join(dir, 'fresh.db');
    expect(applyMigrations(file)).toEqual(committed);
    expect(applyMigrations(file)).toEqual([]);

    const db = open(file);
    try {
      const rows = db.prepare('SELECT * FROM _prisma_migrations ORDER BY migration_name').all() as Record<
        string,
        unknown
      >[];
      expect(rows.map((r) => r.migration_name)).toEqual(committed);
      for (const [i, row] of rows.entries()) {
        expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(row.checksum).toBe(listMigrations()[i]!.checksum);
        expect(row.started_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
        expect(row.finished_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
        expect(row.applied_steps_count).toBe(1);
        expect(row.logs).toBeNull();
        expect(row.rolled_back_at).toBeNull();
      }
    } finally {
      db.close();
    }
  });

  it('prisma migrate status agrees, and the schema equals what schema.prisma describes', async () => {
    const file = path.join(dir, 'status.db');
    applyMigrations(file);
    const env = { DATABASE_URL: `file:${file}` };
    const status = await prisma(['migrate', 'status'], { env });
    expect(status.output).toContain('Database schema is up to date!');
    expect(status.code).toBe(0);
    const diff = await prisma(
      ['migrate', 'diff', '--from-config-datasource', '--to-schema', 'prisma/schema.prisma', '--exit-code'],
      { env },
    );
    expect(diff.output).toContain('No difference detected');
    expect(diff.code).toBe(0);
  });

  it('sees nothing to do on a database migrated by prisma migrate deploy', async () => {
    const file = path.join(dir, 'deployed.db');
    const deploy = await prisma(['migrate', 'deploy'], { env: { DATABASE_URL: `file:${file}` } });
    expect(deploy.code).toBe(0);
    expect(applyMigrations(file)).toEqual([]);
  });

  it('refuses a non-empty database without migration history, and leaves it alone', () => {
    const file = path.join(dir, 'foreign.db');
    const db = open(file);
    db.exec('CREATE TABLE "Patient" (id INTEGER PRIMARY KEY); INSERT INTO "Patient" VALUES (1);');
    db.close();
    expect(() => applyMigrations(file)).toThrow(MigrationError);
    expect(() => applyMigrations(file)).toThrow(
      /already contains tables \(Patient\) but no Prisma migration history/,
    );
    expect(tableNames(file)).toEqual(['Patient']);
  });
});

describe('applyMigrations with scratch migrations', () => {
  const INIT = `CREATE TABLE "Author" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL);
CREATE TABLE "Book" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "authorId" INTEGER NOT NULL,
    CONSTRAINT "Book_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Author" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
`;
  // What Prisma generates when Author.name becomes optional: a table rebuild between PRAGMAs.
  const REBUILD = `-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Author" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT);
INSERT INTO "new_Author" ("id", "name") SELECT "id", "name" FROM "Author";
DROP TABLE "Author";
ALTER TABLE "new_Author" RENAME TO "Author";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`;

  it('rebuilds a parent table without cascading deletes into its children', () => {
    const file = path.join(dir, 'rebuild.db');
    applyMigrations(file, { migrationsDir: migrationsDir('m-rebuild-1', { '20260101000000_init': INIT }) });
    const db = open(file);
    db.exec('INSERT INTO "Author" VALUES (1, \'Ada\'); INSERT INTO "Book" VALUES (10, 1);');
    db.close();

    const applied = applyMigrations(file, {
      migrationsDir: migrationsDir('m-rebuild-2', {
        '20260101000000_init': INIT,
        '20260102000000_rebuild': REBUILD,
      }),
    });
    expect(applied).toEqual(['20260102000000_rebuild']);
    const check = open(file);
    try {
      expect(check.prepare('SELECT * FROM "Book"').all()).toEqual([{ id: 10, authorId: 1 }]);
      expect(check.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      check.close();
    }
  });

  it('refuses when an applied migration was edited afterwards', () => {
    const file = path.join(dir, 'edited.db');
    const folder = migrationsDir('m-edited', { '20260101000000_init': INIT });
    applyMigrations(file, { migrationsDir: folder });
    fs.appendFileSync(path.join(folder, '20260101000000_init', 'migration.sql'), '-- edited\n');
    expect(() => applyMigrations(file, { migrationsDir: folder })).toThrow(
      /Migration 20260101000000_init was modified after it was applied/,
    );
  });

  it('refuses when the database has a migration this checkout does not know', () => {
    const file = path.join(dir, 'newer.db');
    applyMigrations(file, {
      migrationsDir: migrationsDir('m-newer', {
        '20260101000000_init': INIT,
        '20260102000000_rebuild': REBUILD,
      }),
    });
    expect(() =>
      applyMigrations(file, { migrationsDir: migrationsDir('m-older', { '20260101000000_init': INIT }) }),
    ).toThrow(/has migration 20260102000000_rebuild applied, but prisma\/migrations does not contain it/);
  });

  it('rolls a failing migration back completely and records nothing', () => {
    const file = path.join(dir, 'failing.db');
    const bad = 'CREATE TABLE "Half" (x INTEGER);\nINSERT INTO "Missing" VALUES (1);\n';
    const folder = migrationsDir('m-failing', { '20260101000000_init': INIT, '20260102000000_bad': bad });
    expect(() => applyMigrations(file, { migrationsDir: folder })).toThrow(
      /Migration 20260102000000_bad failed .* rolled back: no such table: Missing/,
    );
    expect(tableNames(file)).toEqual(['Author', 'Book', '_prisma_migrations']);
    const db = open(file);
    try {
      expect(db.prepare('SELECT migration_name, checksum FROM _prisma_migrations').all()).toEqual([
        { migration_name: '20260101000000_init', checksum: checksumOf(INIT) },
      ]);
    } finally {
      db.close();
    }
  });

  it('refuses a database with an unresolved failed migration (recorded by prisma migrate deploy)', () => {
    const file = path.join(dir, 'failed-row.db');
    const folder = migrationsDir('m-failed-row', { '20260101000000_init': INIT });
    applyMigrations(file, { migrationsDir: folder });
    const db = open(file);
    db.prepare(
      "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('x', 'y', '20260102000000_bad', '2026-01-02T00:00:00.000+00:00', 0)",
    ).run();
    db.close();
    expect(() => applyMigrations(file, { migrationsDir: folder })).toThrow(
      /Migration 20260102000000_bad failed .* never resolved/,
    );
  });
});

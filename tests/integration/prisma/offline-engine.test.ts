import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE, leftoverJournals, prisma, tempDir } from './prisma-cli';

// Drives the real Prisma CLI against the offline schema engine (prisma/schema-engine/schema-engine.mjs)
// in a scratch project, so every command below works without any downloaded binary.

const SCHEMA_V1 = `datasource db {
  provider = "sqlite"
}

model Author {
  id    Int    @id @default(autoincrement())
  name  String
  books Book[]
}

model Book {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   Author @relation(fields: [authorId], references: [id], onDelete: Cascade)

  @@index([authorId])
}
`;

/** v2: Author.name becomes optional (a table rebuild on SQLite) and Author gains an email. */
const SCHEMA_V2 = SCHEMA_V1.replace('  name  String\n', '  name  String?\n  email String?\n');
/** v3: drops Book.title, which loses data. */
const SCHEMA_V3 = SCHEMA_V2.replace('  title    String\n', '');

let dir: string;
let env: Record<string, string>;

function writeConfig(file: string, schema: string, databaseFile: string) {
  fs.writeFileSync(
    path.join(dir, file),
    `export default ${JSON.stringify({
      schema: path.join(dir, schema),
      migrations: { path: path.join(dir, 'migrations') },
      datasource: { url: `file:${databaseFile}` },
    })};\n`,
  );
}

function query<T>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

function exec(file: string, sql: string) {
  const db = new Database(file);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

const migrationNames = () =>
  fs
    .readdirSync(path.join(dir, 'migrations'))
    .filter((n) => n !== 'migration_lock.toml')
    .sort();

beforeAll(() => {
  dir = tempDir('engine');
  fs.writeFileSync(path.join(dir, 'schema.prisma'), SCHEMA_V1);
  writeConfig('prisma.config.ts', 'schema.prisma', path.join(dir, 'db', 'dev.db'));
  env = { PRISMA_SCHEMA_ENGINE_BINARY: ENGINE };
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('offline schema engine through the Prisma CLI', () => {
  const dev = () => path.join(dir, 'db', 'dev.db');

  it('answers --version like the native engine', () => {
    const out = execFileSync(ENGINE, ['--version'], { encoding: 'utf8' });
    expect(out).toMatch(/^schema-engine-cli [0-9a-f]{40} /);
  });

  it('migrate dev creates the database, the first migration and the lock file', async () => {
    const r = await prisma(['migrate', 'dev', '--name', 'init'], { cwd: dir, env });
    expect(r.output).toContain('Your database is now in sync with your schema');
    expect(r.code).toBe(0);
    expect(migrationNames()).toEqual([expect.stringMatching(/^\d{14}_init$/)]);
    expect(fs.readFileSync(path.join(dir, 'migrations', 'migration_lock.toml'), 'utf8')).toContain(
      'provider = "sqlite"',
    );
    const sql = fs.readFileSync(path.join(dir, 'migrations', migrationNames()[0]!, 'migration.sql'), 'utf8');
    expect(sql).toContain('CREATE TABLE "Author"');
    expect(sql).toContain('CREATE INDEX "Book_authorId_idx"');
    const tables = query<{ name: string }>(
      dev(),
      "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
    );
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['Author', 'Book', '_prisma_migrations']),
    );
  });

  it('migrate status reports the database up to date', async () => {
    const r = await prisma(['migrate', 'status'], { cwd: dir, env });
    expect(r.output).toContain('Database schema is up to date!');
    expect(r.code).toBe(0);
  });

  it('migrate dev adds a migration that rebuilds a table without losing rows (multi-statement SQL)', async () => {
    exec(
      dev(),
      "INSERT INTO Author (name) VALUES ('Ada'); INSERT INTO Book (title, authorId) VALUES ('Notes', 1);",
    );
    fs.writeFileSync(path.join(dir, 'schema.prisma'), SCHEMA_V2);
    const r = await prisma(['migrate', 'dev', '--name', 'optional_name'], { cwd: dir, env });
    expect(r.code).toBe(0);
    expect(migrationNames()).toHaveLength(2);
    const sql = fs.readFileSync(path.join(dir, 'migrations', migrationNames()[1]!, 'migration.sql'), 'utf8');
    expect(sql).toContain('-- RedefineTables');
    expect(query(dev(), 'SELECT title, authorId FROM Book')).toEqual([{ title: 'Notes', authorId: 1 }]);
    expect(query(dev(), 'SELECT name, email FROM Author')).toEqual([{ name: 'Ada', email: null }]);
  });

  it('migrate diff prints SQL and reports differences through --exit-code', async () => {
    const same = await prisma(
      ['migrate', 'diff', '--from-migrations', 'migrations', '--to-schema', 'schema.prisma', '--exit-code'],
      { cwd: dir, env },
    );
    expect(same.code).toBe(0);

    fs.writeFileSync(path.join(dir, 'schema-v3.prisma'), SCHEMA_V3);
    const differs = await prisma(
      [
        'migrate',
        'diff',
        '--from-migrations',
        'migrations',
        '--to-schema',
        'schema-v3.prisma',
        '--script',
        '--exit-code',
      ],
      { cwd: dir, env },
    );
    expect(differs.code).toBe(2);
    expect(differs.stdout).toContain('-- RedefineTables');
    expect(differs.stdout).toContain('CREATE TABLE "new_Book"');
  });

  it('migrate dev warns about data loss (dry run on a copy) and leaves the database untouched', async () => {
    fs.writeFileSync(path.join(dir, 'schema.prisma'), SCHEMA_V3);
    const r = await prisma(['migrate', 'dev', '--name', 'drop_title'], { cwd: dir, env });
    expect(r.output).toContain('You are about to drop the column `title` on the `Book` table');
    // Non-interactive: the CLI stops at the confirmation, before creating anything.
    expect(r.code).not.toBe(0);
    expect(migrationNames()).toHaveLength(2);
    expect(query(dev(), 'SELECT title FROM Book')).toEqual([{ title: 'Notes' }]);
    fs.writeFileSync(path.join(dir, 'schema.prisma'), SCHEMA_V2);
  });

  it('migrate reset drops everything and re-applies the migrations', async () => {
    exec(dev(), 'CREATE TABLE "Stray" (x INTEGER)');
    const r = await prisma(['migrate', 'reset', '--force'], { cwd: dir, env });
    expect(r.code).toBe(0);
    expect(query(dev(), 'SELECT COUNT(*) AS n FROM Author')).toEqual([{ n: 0 }]);
    expect(query(dev(), "SELECT name FROM sqlite_master WHERE name = 'Stray'")).toEqual([]);
    const rows = query<{ migration_name: string }>(dev(), 'SELECT migration_name FROM _prisma_migrations');
    expect(rows.map((row) => row.migration_name).sort()).toEqual(migrationNames());
  });

  it('migrate deploy applies the history to a new database and refuses unmanaged tables (P3005)', async () => {
    const fresh = path.join(dir, 'deploy', 'fresh.db');
    writeConfig('deploy.config.ts', 'schema.prisma', fresh);
    const r = await prisma(['migrate', 'deploy', '--config', 'deploy.config.ts'], { cwd: dir, env });
    expect(r.output).toContain('All migrations have been successfully applied.');
    expect(r.code).toBe(0);
    expect(
      query(fresh, 'SELECT COUNT(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL'),
    ).toEqual([{ n: migrationNames().length }]);

    const unmanaged = path.join(dir, 'deploy', 'unmanaged.db');
    exec(unmanaged, 'CREATE TABLE "Legacy" (x INTEGER)');
    writeConfig('unmanaged.config.ts', 'schema.prisma', unmanaged);
    const refused = await prisma(['migrate', 'deploy', '--config', 'unmanaged.config.ts'], { cwd: dir, env });
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('P3005');
    expect(query(unmanaged, "SELECT name FROM sqlite_master WHERE type = 'table'")).toEqual([
      { name: 'Legacy' },
    ]);
  });

  it('db push creates and updates a database, asking before data loss', async () => {
    const pushed = path.join(dir, 'push', 'nested', 'push.db');
    writeConfig('push.config.ts', 'schema.prisma', pushed);
    const first = await prisma(['db', 'push', '--config', 'push.config.ts'], { cwd: dir, env });
    expect(first.code).toBe(0);
    expect(first.output).toContain('Your database is now in sync with your Prisma schema');
    exec(
      pushed,
      "INSERT INTO Author (name) VALUES ('Ada'); INSERT INTO Book (title, authorId) VALUES ('Notes', 1);",
    );

    writeConfig('push.config.ts', 'schema-v3.prisma', pushed);
    const refused = await prisma(['db', 'push', '--config', 'push.config.ts'], { cwd: dir, env });
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('--accept-data-loss');
    expect(query(pushed, 'SELECT title FROM Book')).toEqual([{ title: 'Notes' }]);

    const accepted = await prisma(['db', 'push', '--accept-data-loss', '--config', 'push.config.ts'], {
      cwd: dir,
      env,
    });
    expect(accepted.code).toBe(0);
    expect(query(pushed, 'SELECT id, authorId FROM Book')).toEqual([{ id: 1, authorId: 1 }]);
  });

  it('leaves no journal files behind', () => {
    expect(leftoverJournals(dir)).toEqual([]);
  });
});

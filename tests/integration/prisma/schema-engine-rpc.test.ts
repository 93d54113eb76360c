import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE, leftoverJournals, tempDir } from './prisma-cli';

// The engine's JSON-RPC protocol, spoken directly (what the Prisma CLI does, minus its start-up time).

const SCHEMA = `datasource db {
  provider = "sqlite"
}

model Note {
  id   Int    @id @default(autoincrement())
  body String
}
`;

interface RpcErrorData {
  is_panic: boolean;
  message: string;
  error_code?: string | null;
}
type Message = {
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data: RpcErrorData };
};

class EngineProcess {
  private child: ChildProcessWithoutNullStreams;
  private waiting = new Map<number | string, (m: Message) => void>();
  private nextId = 1;
  readonly printed: string[] = [];
  readonly exited: Promise<number | null>;

  constructor(args: string[], cwd: string) {
    this.child = spawn(process.execPath, [ENGINE, ...args], { cwd, env: { ...process.env, DEBUG: '' } });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.child.stderr.resume();
    readline.createInterface({ input: this.child.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as Message;
      if (message.method === 'print') {
        this.printed.push((message.params as { content: string }).content);
        this.child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: {} }) + '\n');
      } else if (message.id !== undefined) {
        this.waiting.get(message.id)?.(message);
      }
    });
  }

  call(method: string, params?: unknown): Promise<Message> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
    });
  }

  /** What the CLI does when it is done: end stdin, then SIGTERM straight away. */
  stop(): Promise<number | null> {
    this.child.stdin.end();
    this.child.kill('SIGTERM');
    return this.exited;
  }
}

let dir: string;
let engine: EngineProcess;
const filters = { externalTables: [], externalEnums: [] };

beforeAll(() => {
  dir = tempDir('rpc');
  fs.writeFileSync(path.join(dir, 'schema.prisma'), SCHEMA);
  engine = new EngineProcess(
    [
      '--datamodels',
      path.join(dir, 'schema.prisma'),
      '--datasource',
      JSON.stringify({ url: 'file:./db/rpc.db' }),
    ],
    dir,
  );
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('schema engine JSON-RPC', () => {
  it('reports the SQLite version', async () => {
    const r = await engine.call('getDatabaseVersion');
    expect(r.result).toMatch(/^3\.\d+\.\d+$/);
  });

  it('prints diffs through a `print` request, like the native engine', async () => {
    const r = await engine.call('diff', {
      from: { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: SCHEMA }] },
      script: true,
      exitCode: true,
      filters,
    });
    expect(r.result).toEqual({ exitCode: 2, stdout: null });
    expect(engine.printed.join('\n')).toContain('CREATE TABLE "Note"');
  });

  it('pushes the schema to a database file relative to its working directory', async () => {
    const r = await engine.call('schemaPush', {
      force: false,
      schema: { files: [{ path: 'schema.prisma', content: SCHEMA }] },
      filters,
    });
    expect(r.result).toEqual({ executedSteps: 1, warnings: [], unexecutable: [] });
    expect(fs.existsSync(path.join(dir, 'db', 'rpc.db'))).toBe(true);
  });

  it('reports migration history without creating _prisma_migrations behind the user’s back', async () => {
    const r = await engine.call('diagnoseMigrationHistory', {
      migrationsList: {
        baseDir: path.join(dir, 'migrations'),
        lockfile: { path: 'migration_lock.toml', content: null },
        shadowDbInitScript: '',
        migrationDirectories: [],
      },
      optInToShadowDatabase: false,
      filters,
    });
    expect(r.result).toMatchObject({
      hasMigrationsTable: false,
      failedMigrationNames: [],
      editedMigrationNames: [],
    });
  });

  it('answers errors with Prisma error codes, panics as panics, and unknown methods plainly', async () => {
    const invalid = await engine.call('schemaPush', {
      force: false,
      schema: { files: [{ path: 'schema.prisma', content: 'model {' }] },
      filters,
    });
    expect(invalid.error?.data).toMatchObject({ is_panic: false, error_code: 'P1012' });

    const panic = await engine.call('debugPanic');
    expect(panic.error?.data.is_panic).toBe(true);

    const unknown = await engine.call('getDatabaseDescription');
    expect(unknown.error?.data.message).toContain('does not support the method `getDatabaseDescription`');
  });

  it('closes SQLite cleanly when the CLI ends stdin and sends SIGTERM', async () => {
    expect(await engine.stop()).toBe(0);
    expect(leftoverJournals(dir)).toEqual([]);
    const db = new Database(path.join(dir, 'db', 'rpc.db'));
    try {
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all();
      expect(tables).toEqual([{ name: 'Note' }]);
    } finally {
      db.close();
    }
  });
});

#!/usr/bin/env node
// RxRoster offline schema engine.
//
// The Prisma CLI (`prisma migrate …`, `prisma db push`) drives a native "schema-engine" binary that it
// downloads from Prisma's binary host. That host is unreachable here (and in locked-down hospital
// networks), so `prisma.config.ts` points PRISMA_SCHEMA_ENGINE_BINARY at this script instead. It speaks
// the same protocol as the native binary — JSON-RPC 2.0, one message per line on stdin/stdout, JSON log
// lines on stderr — and forwards each request to `@prisma/schema-engine-wasm` (the same engine compiled
// to WebAssembly) running on SQLite through `@prisma/adapter-better-sqlite3`.
//
// Where the Wasm engine falls short on SQLite this script fills the gap:
//   - multi-statement SQL sent through `executeRaw` is run with better-sqlite3's `exec`;
//   - `createMigration` / `evaluateDataLoss` (no SQLite shadow database in Wasm) are computed as a
//     `diff` from the migrations folder to the schema, and data-loss warnings by a dry-run `db push`
//     on a temporary copy of the database;
//   - `reset` drops every table, view and trigger itself;
//   - `diagnoseMigrationHistory` / `devDiagnostic` work when `_prisma_migrations` does not exist yet;
//   - the `cli can-connect-to-database | create-database | drop-database` sub-commands;
//   - SQLite connections are closed before the CLI's SIGTERM, so no stale journal is left behind.
//
// Versions are pinned exactly in package.json (prisma, @prisma/schema-engine-wasm); run the tests in
// tests/integration/prisma/ before upgrading either.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createRequire } from 'node:module';
import Database from 'better-sqlite3';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';

const require = createRequire(import.meta.url);

/** Prisma's history table, shared with the start-up runner (server/db/migrate.ts). */
const MIGRATIONS_TABLE_DDL = fs.readFileSync(new URL('../migrations-table.sql', import.meta.url), 'utf8');

const NO_FILTER = { externalTables: [], externalEnums: [] };

// ---------------------------------------------------------------------------------------------------
// Logging: the CLI reads stderr as JSON lines ({ level, fields: { message }, target }).

function log(level, message, extra = {}) {
  process.stderr.write(
    JSON.stringify({
      timestamp: new Date().toISOString(),
      level,
      fields: { message, ...extra },
      target: 'schema_engine::logger',
    }) + '\n',
  );
}

// ---------------------------------------------------------------------------------------------------
// Command line

function parseArgs(argv) {
  const args = { datamodels: [], datasource: undefined, cli: undefined, version: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--datamodels' || a === '-d') args.datamodels.push(argv[++i]);
    else if (a === '--datasource') args.datasource = JSON.parse(argv[++i]);
    else if (a === '--version' || a === '-V') args.version = true;
    else if (a === '--enabled-preview-features' || a === '--extension-types') i++;
    else if (a === 'cli') {
      args.cli = argv[++i];
    }
  }
  return args;
}

/** `file:./dev.db?x=y` → absolute path (relative paths resolve against the working directory). */
export function sqlitePathFromUrl(url) {
  if (!url) return ':memory:';
  let p = url.replace(/^sqlite:/, '').replace(/^file:/, '');
  if (p.startsWith('//')) p = p.slice(2);
  p = p.split('?')[0];
  if (p === ':memory:' || p === '') return ':memory:';
  return path.resolve(process.cwd(), decodeURIComponent(p));
}

// ---------------------------------------------------------------------------------------------------
// The Wasm engine

let wasmModule;

async function loadWasm() {
  if (wasmModule) return wasmModule;
  const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bg = await import(new URL(`file://${bgPath}`).href);
  const bytes = fs.readFileSync(path.join(path.dirname(bgPath), 'schema_engine_bg.wasm'));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  globalThis.PRISMA_WASM_PANIC_REGISTRY = {
    set_message(message) {
      lastPanic = message;
    },
  };
  wasmModule = bg;
  return bg;
}

let lastPanic;
/** JS exceptions thrown inside the adapter; the engine reports them as "External error id#<index>". */
const jsErrors = [];

/** Every better-sqlite3 connection opened for the engine, so they can be closed before exit. */
const openClients = new Set();

function closeAllClients() {
  for (const client of openClients) {
    try {
      if (client.open) client.close();
    } catch {
      // already closed
    }
  }
  openClients.clear();
}

async function captured(fn) {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    if (error && error.name === 'DriverAdapterError' && typeof error.cause === 'object') {
      return { ok: false, error: error.cause };
    }
    jsErrors.push(error);
    return { ok: false, error: { kind: 'GenericJs', id: jsErrors.length - 1 } };
  }
}

const isMultiStatementError = (e) => e instanceof RangeError && /more than one statement/.test(e.message);

function bindTransaction(tx) {
  const bound = {
    adapterName: tx.adapterName,
    provider: tx.provider,
    options: tx.options,
    queryRaw: (q) => captured(() => tx.queryRaw(q)),
    executeRaw: (q) => captured(() => tx.executeRaw(q)),
    commit: () => captured(() => tx.commit()),
    rollback: () => captured(() => tx.rollback()),
  };
  for (const m of ['createSavepoint', 'rollbackToSavepoint', 'releaseSavepoint']) {
    if (tx[m]) bound[m] = (name) => captured(() => tx[m](name));
  }
  return bound;
}

function bindAdapter(adapter) {
  openClients.add(adapter.client);
  const executeRaw = async (query) => {
    try {
      return await adapter.executeRaw(query);
    } catch (error) {
      // The Wasm engine sends whole migration scripts through executeRaw; better-sqlite3's prepare()
      // accepts one statement only, so route scripts to exec().
      if (isMultiStatementError(error) && query.args.length === 0) {
        await adapter.executeScript(query.sql);
        return 0;
      }
      throw error;
    }
  };
  return {
    adapterName: adapter.adapterName,
    provider: adapter.provider,
    queryRaw: (q) => captured(() => adapter.queryRaw(q)),
    executeRaw: (q) => captured(() => executeRaw(q)),
    executeScript: (s) => captured(() => adapter.executeScript(s)),
    startTransaction: async (level) => {
      const r = await captured(() => adapter.startTransaction(level));
      return r.ok ? { ok: true, value: bindTransaction(r.value) } : r;
    },
    dispose: () =>
      captured(async () => {
        openClients.delete(adapter.client);
        await adapter.dispose();
      }),
  };
}

/** An error-capturing, migration-aware adapter factory for one SQLite file (shadow DB: in memory). */
function adapterFactory(filePath) {
  const factory = new PrismaBetterSqlite3({ url: filePath === ':memory:' ? ':memory:' : `file:${filePath}` });
  return {
    provider: 'sqlite',
    adapterName: factory.adapterName,
    connect: async () => {
      if (filePath !== ':memory:') fs.mkdirSync(path.dirname(filePath), { recursive: true });
      const r = await captured(() => factory.connect());
      return r.ok ? { ok: true, value: bindAdapter(r.value) } : r;
    },
    connectToShadowDb: async () => {
      const r = await captured(() => factory.connectToShadowDb());
      return r.ok ? { ok: true, value: bindAdapter(r.value) } : r;
    },
  };
}

async function newEngine(filePath, datamodels) {
  const bg = await loadWasm();
  const onLog = (line) => {
    const text = String(line).trim();
    if (text) process.stderr.write(text + '\n');
  };
  return bg.SchemaEngine.new(
    { datamodels: datamodels && datamodels.length > 0 ? datamodels : undefined },
    onLog,
    adapterFactory(filePath),
  );
}

// ---------------------------------------------------------------------------------------------------
// Direct SQLite helpers (for what the Wasm engine does not do on SQLite)

function withDatabase(filePath, fn) {
  // Reuse the engine's own connection when it has one: it may hold an exclusive lock.
  const open = [...openClients].find((c) => c.open && c.name === filePath);
  if (open) return fn(open);
  const db = new Database(filePath);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

function hasMigrationsTable(db) {
  return !!db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")
    .get();
}

function userObjects(db) {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'")
    .all();
}

function dropEverything(db) {
  db.pragma('foreign_keys = OFF');
  const objects = db
    .prepare(
      "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND type IN ('view', 'trigger', 'table')",
    )
    .all();
  const order = { trigger: 0, view: 1, table: 2 };
  objects.sort((a, b) => order[a.type] - order[b.type]);
  db.transaction(() => {
    for (const o of objects)
      db.exec(`DROP ${o.type.toUpperCase()} IF EXISTS "${o.name.replace(/"/g, '""')}"`);
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get()) {
      db.exec('DELETE FROM sqlite_sequence');
    }
  })();
  db.exec('VACUUM');
  db.pragma('foreign_keys = ON');
}

// ---------------------------------------------------------------------------------------------------
// JSON-RPC server

class RpcError extends Error {
  constructor(message, { code, isPanic = false } = {}) {
    super(message);
    this.errorCode = code;
    this.isPanic = isPanic;
  }
}

function cleanMessage(message) {
  // Strip the Rust span trace ("   0: schema_engine_wasm::…") the Wasm engine appends.
  return String(message)
    .split(/\n\s+0: [a-z_]+::/)[0]
    .trimEnd();
}

function toRpcError(error) {
  if (error instanceof RpcError) return error;
  const message = String(error?.message ?? error);
  if (/unreachable|RuntimeError/.test(error?.name ?? '') || lastPanic) {
    const panic = lastPanic ?? message;
    lastPanic = undefined;
    return new RpcError(panic, { isPanic: true });
  }
  let text = cleanMessage(message);
  text = text.replace(/External error id#(\d+)/g, (whole, id) => {
    const original = jsErrors[Number(id)];
    return original ? String(original.message ?? original) : whole;
  });
  return new RpcError(text, { code: typeof error?.code === 'string' ? error.code : undefined });
}

/**
 * The engine insists on migration_lock.toml to know the connector of a migrations folder, even when the
 * folder is empty or does not exist yet (first `migrate dev`). This project is SQLite only.
 */
function withLockfiles(params) {
  const fix = (list) =>
    list && list.lockfile && list.lockfile.content == null
      ? {
          ...list,
          lockfile: {
            ...list.lockfile,
            content: '# created by the offline schema engine\nprovider = "sqlite"\n',
          },
        }
      : list;
  const out = { ...params };
  if (out.migrationsList) out.migrationsList = fix(out.migrationsList);
  for (const side of ['from', 'to']) {
    if (out[side]?.tag === 'migrations') out[side] = fix(out[side]);
  }
  return out;
}

class Server {
  constructor(args, send) {
    this.send = send;
    this.pending = new Map();
    this.nextRequestId = 1;
    this.datasourceUrl = args.datasource?.url;
    this.filePath = sqlitePathFromUrl(this.datasourceUrl);
    this.datamodelPaths = args.datamodels;
    this.engine = undefined;
  }

  /** Asks the CLI to print text on its stdout (the native engine's `print` request). */
  print(content) {
    const id = `print-${this.nextRequestId++}`;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send({ jsonrpc: '2.0', id, method: 'print', params: { content } });
    });
  }

  onResponse(message) {
    const resolve = this.pending.get(message.id);
    if (resolve) {
      this.pending.delete(message.id);
      resolve(message.result);
    }
  }

  datamodels() {
    return this.datamodelPaths.map((p) => [p, fs.readFileSync(p, 'utf8')]);
  }

  async getEngine() {
    if (!this.engine) this.engine = await newEngine(this.filePath, this.datamodels());
    return this.engine;
  }

  /** Runs fn with `_prisma_migrations` present; removes it again if it was created only for fn. */
  async withMigrationsTable(fn) {
    if (this.filePath === ':memory:') return fn(false);
    const created = withDatabase(this.filePath, (db) => {
      if (hasMigrationsTable(db)) return false;
      db.exec(MIGRATIONS_TABLE_DDL);
      return true;
    });
    try {
      return await fn(created);
    } finally {
      if (created) {
        withDatabase(this.filePath, (db) => {
          const rows = db.prepare('SELECT COUNT(*) AS n FROM _prisma_migrations').get();
          if (Number(rows.n) === 0) db.exec('DROP TABLE IF EXISTS "_prisma_migrations"');
        });
      }
    }
  }

  /** The SQL of the next migration: diff from the migrations folder to the schema ('' when none). */
  async nextMigrationScript(migrationsList, schema, filters) {
    const engine = await this.getEngine();
    const result = await engine.diff({
      from: { tag: 'migrations', ...migrationsList },
      to: { tag: 'schemaDatamodel', ...schema },
      script: true,
      exitCode: true,
      filters: filters ?? NO_FILTER,
    });
    return result.exitCode === 2 ? (result.stdout ?? '') : '';
  }

  async handle(method, rawParams = {}) {
    const params = withLockfiles(rawParams);
    switch (method) {
      case 'version':
      case 'getDatabaseVersion':
        return (await this.getEngine()).version();

      case 'ensureConnectionValidity':
        return (await this.getEngine()).ensureConnectionValidity(params);

      case 'createDatabase': {
        const url = params.datasource?.url ?? this.datasourceUrl;
        const file = sqlitePathFromUrl(url);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        withDatabase(file, () => undefined);
        return { databaseName: path.basename(file) };
      }

      case 'diagnoseMigrationHistory':
        return this.withMigrationsTable(async (created) => {
          const out = await (await this.getEngine()).diagnoseMigrationHistory(params);
          return created ? { ...out, hasMigrationsTable: false } : out;
        });

      case 'devDiagnostic':
        return this.withMigrationsTable(async () => (await this.getEngine()).devDiagnostic(params));

      case 'applyMigrations':
        // Like the native engine: never apply migrations over tables that have no migration history.
        if (this.filePath !== ':memory:' && fs.existsSync(this.filePath)) {
          const unmanaged = withDatabase(
            this.filePath,
            (db) => !hasMigrationsTable(db) && userObjects(db).length > 0,
          );
          if (unmanaged) {
            throw new RpcError(
              'The database schema is not empty. Read more about how to baseline an existing production database: https://pris.ly/d/migrate-baseline',
              { code: 'P3005' },
            );
          }
        }
        return (await this.getEngine()).applyMigrations(params);

      case 'markMigrationApplied':
        if (this.filePath !== ':memory:') {
          withDatabase(this.filePath, (db) => {
            if (!hasMigrationsTable(db)) db.exec(MIGRATIONS_TABLE_DDL);
          });
        }
        return (await this.getEngine()).markMigrationApplied(params);

      case 'markMigrationRolledBack':
        return (await this.getEngine()).markMigrationRolledBack(params);

      case 'createMigration': {
        const script = await this.nextMigrationScript(params.migrationsList, params.schema, params.filters);
        const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
        const name = params.migrationName ? `${stamp}_${params.migrationName}` : stamp;
        let migrationScript = script || null;
        if (!migrationScript && params.draft) migrationScript = '-- This is an empty migration.';
        return { connectorType: 'sqlite', generatedMigrationName: name, migrationScript, extension: 'sql' };
      }

      case 'evaluateDataLoss':
        return this.evaluateDataLoss(params);

      case 'schemaPush':
        return (await this.getEngine()).schemaPush(params);

      case 'diff': {
        // Like the native engine: print the diff through the CLI (a `print` request), return no stdout.
        const result = await (await this.getEngine()).diff(params);
        if (result.stdout) await this.print(result.stdout.replace(/\n$/, ''));
        return { ...result, stdout: null };
      }

      case 'reset': {
        if (this.engine) {
          this.engine.free();
          this.engine = undefined;
        }
        closeAllClients();
        if (this.filePath !== ':memory:' && fs.existsSync(this.filePath))
          withDatabase(this.filePath, dropEverything);
        return {};
      }

      case 'dbExecute': {
        const ds = params.datasourceType;
        const file = ds?.tag === 'url' ? sqlitePathFromUrl(ds.url) : this.filePath;
        if (this.engine) {
          this.engine.free();
          this.engine = undefined;
        }
        closeAllClients();
        withDatabase(file, (db) => db.exec(params.script));
        return {};
      }

      case 'introspect':
        return (await this.getEngine()).introspect(params);

      case 'introspectSql':
        return (await this.getEngine()).introspectSql(params);

      case 'debugPanic':
        throw new RpcError('This is the debugPanic artificial panic', { isPanic: true });

      default:
        throw new RpcError(`The offline schema engine does not support the method \`${method}\`.`);
    }
  }

  /**
   * Data-loss warnings for the next migration. The Wasm engine cannot do this on SQLite (it would need a
   * shadow database), so: compute the next migration as a diff, then dry-run `db push` without
   * --accept-data-loss on a temporary copy of the development database and report its warnings.
   */
  async evaluateDataLoss(params) {
    const script = await this.nextMigrationScript(params.migrationsList, params.schema, params.filters);
    if (!script) return { migrationSteps: 0, warnings: [], unexecutableSteps: [] };
    const migrationSteps = Math.max(1, (script.match(/^-- [A-Z]\w*/gm) ?? []).length);
    if (this.filePath === ':memory:' || !fs.existsSync(this.filePath)) {
      return { migrationSteps, warnings: [], unexecutableSteps: [] };
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rxroster-dataloss-'));
    const copy = path.join(dir, 'copy.db');
    let engine;
    try {
      // VACUUM INTO gives a consistent copy even in WAL mode or while another connection is open.
      withDatabase(this.filePath, (db) => db.exec(`VACUUM INTO '${copy.replace(/'/g, "''")}'`));
      engine = await newEngine(copy, undefined);
      const out = await engine.schemaPush({
        force: false,
        schema: params.schema,
        filters: params.filters ?? NO_FILTER,
      });
      return {
        migrationSteps,
        warnings: out.warnings.map((message, stepIndex) => ({ message, stepIndex })),
        unexecutableSteps: out.unexecutable.map((message, stepIndex) => ({ message, stepIndex })),
      };
    } finally {
      if (engine) engine.free();
      for (const client of [...openClients]) {
        if (client.name === copy) {
          client.close();
          openClients.delete(client);
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

function serve(args) {
  const send = (message) => process.stdout.write(JSON.stringify(message) + '\n');
  const server = new Server(args, send);
  let queue = Promise.resolve();

  const shutdown = (code) => {
    closeAllClients();
    process.exit(code);
  };
  process.on('SIGTERM', () => shutdown(0));
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGHUP', () => shutdown(0));

  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on('line', (line) => {
    if (!line.trim()) return;
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
      return;
    }
    if (request.method === undefined) {
      // A response to one of our own requests (`print`).
      server.onResponse(request);
      return;
    }
    if (request.id === undefined) return; // a notification: nothing to answer
    queue = queue.then(async () => {
      try {
        const result = await server.handle(request.method, request.params ?? {});
        send({ jsonrpc: '2.0', id: request.id, result: result ?? {} });
      } catch (e) {
        const error = toRpcError(e);
        log('ERROR', error.message, error.errorCode ? { error_code: error.errorCode } : {});
        send({
          jsonrpc: '2.0',
          id: request.id,
          error: {
            code: 4466,
            message: 'An error happened. Check the data field for details.',
            data: error.isPanic
              ? { is_panic: true, message: error.message, backtrace: null }
              : { is_panic: false, message: error.message, meta: {}, error_code: error.errorCode ?? null },
          },
        });
      }
    });
  });
  rl.on('close', () => {
    queue.then(() => shutdown(0));
  });
}

// `schema-engine --datasource '{"url":…}' cli <command>`: used by the CLI to check for / create the
// SQLite file before `migrate dev` and `db push`. Errors are JSON lines on stderr; the CLI skips the
// first stderr line, so one INFO line always comes first.
function runCliCommand(args) {
  log('INFO', 'Starting the RxRoster offline schema engine');
  const file = sqlitePathFromUrl(args.datasource?.url);
  const fail = (code, message) => {
    log('ERROR', message, { error_code: code });
    process.exit(1);
  };
  switch (args.cli) {
    case 'can-connect-to-database':
      if (file !== ':memory:' && !fs.existsSync(file)) {
        fail('P1003', `Database \`${path.basename(file)}\` does not exist at \`${file}\``);
      }
      return;
    case 'create-database':
      if (file !== ':memory:') {
        if (fs.existsSync(file))
          fail('P1009', `Database \`${path.basename(file)}\` already exists at \`${file}\``);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        withDatabase(file, () => undefined);
      }
      process.stdout.write(path.basename(file) + '\n');
      return;
    case 'drop-database':
      for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
      return;
    default:
      fail('P1000', `Unknown command \`cli ${args.cli}\``);
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.version) {
    const bg = await loadWasm();
    process.stdout.write(`schema-engine-cli ${bg.version()} (offline, @prisma/schema-engine-wasm)\n`);
    return;
  }
  if (args.cli) {
    runCliCommand(args);
    return;
  }
  serve(args);
}

process.on('exit', closeAllClients);

main().catch((e) => {
  log('ERROR', String(e?.stack ?? e));
  closeAllClients();
  process.exit(1);
});

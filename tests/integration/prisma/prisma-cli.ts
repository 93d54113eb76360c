import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../../server/db/database-url';

export const ENGINE = path.join(REPO_ROOT, 'prisma', 'schema-engine', 'schema-engine.mjs');
const PRISMA_CLI = path.join(REPO_ROOT, 'node_modules', 'prisma', 'build', 'index.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for messages whose stream does not matter. */
  output: string;
}

/**
 * Runs the Prisma CLI (the pinned node_modules copy) with a clean environment: the schema engine is the
 * offline one, never a downloaded binary, and DATABASE_URL is whatever the test passes (never data/).
 */
export function prisma(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', NO_COLOR: '1', FORCE_COLOR: '0' };
  delete env.DATABASE_URL;
  delete env.PRISMA_SCHEMA_ENGINE_BINARY;
  Object.assign(env, options.env);
  return new Promise<CliResult>((resolve) => {
    execFile(
      process.execPath,
      [PRISMA_CLI, ...args],
      { cwd: options.cwd ?? REPO_ROOT, env, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `rxroster-${prefix}-`));
}

/** Files SQLite leaves next to a database when a connection was not closed properly. */
export function leftoverJournals(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /-(journal|wal|shm)$/.test(f));
}

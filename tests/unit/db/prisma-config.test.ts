import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REPO_ROOT } from '../../../server/db/database-url';

const ENGINE = path.join(REPO_ROOT, 'prisma', 'schema-engine', 'schema-engine.mjs');
const KEYS = ['PRISMA_SCHEMA_ENGINE_BINARY', 'CHECKPOINT_DISABLE', 'DATABASE_URL'] as const;

async function loadConfig() {
  vi.resetModules();
  const mod = (await import('../../../prisma.config')) as {
    default: { schema?: string; migrations?: { path?: string }; datasource?: { url?: string } };
  };
  return mod.default;
}

describe('prisma.config.ts', () => {
  const saved: Partial<Record<(typeof KEYS)[number], string | undefined>> = {};
  beforeEach(() => {
    for (const key of KEYS) {
      saved[key] = process.env[key];
      delete process.env[key];
    }
  });
  afterEach(() => {
    for (const key of KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it('points the CLI at the offline schema engine, an executable in the repository', async () => {
    const config = await loadConfig();
    expect(process.env.PRISMA_SCHEMA_ENGINE_BINARY).toBe(ENGINE);
    expect(process.env.CHECKPOINT_DISABLE).toBe('1');
    expect(fs.statSync(ENGINE).mode & 0o111).not.toBe(0);
    expect(fs.readFileSync(ENGINE, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(config.schema).toBe(path.join(REPO_ROOT, 'prisma', 'schema.prisma'));
    expect(config.migrations?.path).toBe(path.join(REPO_ROOT, 'prisma', 'migrations'));
    expect(config.datasource?.url).toBe(`file:${path.join(REPO_ROOT, 'data', 'rxroster.db')}`);
  });

  it("keeps the user's own engine and resolves DATABASE_URL against the repository root", async () => {
    process.env.PRISMA_SCHEMA_ENGINE_BINARY = '/opt/prisma/schema-engine';
    process.env.DATABASE_URL = 'file:./elsewhere/test.db';
    const config = await loadConfig();
    expect(process.env.PRISMA_SCHEMA_ENGINE_BINARY).toBe('/opt/prisma/schema-engine');
    expect(config.datasource?.url).toBe(`file:${path.join(REPO_ROOT, 'elsewhere', 'test.db')}`);
  });

  it('uses the PostgreSQL schema and migrations for a postgresql:// DATABASE_URL, the URL as given', async () => {
    process.env.DATABASE_URL = 'postgresql://rx:secret@db.internal:5432/rxroster';
    const config = await loadConfig();
    expect(config.schema).toBe(path.join(REPO_ROOT, 'prisma', 'postgresql', 'schema.prisma'));
    expect(config.migrations?.path).toBe(path.join(REPO_ROOT, 'prisma', 'postgresql', 'migrations'));
    expect(config.datasource?.url).toBe('postgresql://rx:secret@db.internal:5432/rxroster');
  });
});

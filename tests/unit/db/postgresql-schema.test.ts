import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../server/db/database-url';
import { postgresSchemaFrom } from '../../../server/db/schema-files';

describe('prisma/postgresql/schema.prisma', () => {
  it('is prisma/schema.prisma with only the provider and the generated client folder changed', () => {
    const sqlite = readFileSync(path.join(REPO_ROOT, 'prisma', 'schema.prisma'), 'utf8');
    const postgres = readFileSync(path.join(REPO_ROOT, 'prisma', 'postgresql', 'schema.prisma'), 'utf8');
    // When this fails after a schema change: `npm run db:migration:postgresql -- <name>` (README).
    expect(postgres).toBe(postgresSchemaFrom(sqlite));
  });

  it('refuses a SQLite schema whose provider line it cannot find', () => {
    expect(() => postgresSchemaFrom('datasource db {\n  provider = "mysql"\n}\n')).toThrow(/exactly once/);
  });
});

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';
import { absoluteDatabaseUrl, databaseProvider, databaseUrl } from './server/db/database-url';

const root = path.dirname(fileURLToPath(import.meta.url));

// Offline schema engine: the Prisma CLI would otherwise need a native schema-engine binary downloaded
// from Prisma's servers. Ours speaks the same JSON-RPC and runs @prisma/schema-engine-wasm
// (see prisma/schema-engine/schema-engine.mjs). A user who sets the variable keeps their own engine.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ||= path.join(root, 'prisma', 'schema-engine', 'schema-engine.mjs');
// No update checks (they would try to reach the internet).
process.env.CHECKPOINT_DISABLE ??= '1';

// DATABASE_URL picks the schema and migrations: SQLite's in prisma/, PostgreSQL's in prisma/postgresql/.
// The offline engine runs the CLI's migrate commands on SQLite only; PostgreSQL migrations are made
// with `npm run db:migration:postgresql` and applied with `npm run db:migrate` (README).
const postgres = databaseProvider(databaseUrl()) === 'postgresql';
const folder = postgres ? path.join(root, 'prisma', 'postgresql') : path.join(root, 'prisma');

export default defineConfig({
  schema: path.join(folder, 'schema.prisma'),
  migrations: {
    path: path.join(folder, 'migrations'),
  },
  datasource: {
    // Relative file: URLs resolve against the repository root, as in server/db/database-url.ts.
    url: postgres ? databaseUrl() : absoluteDatabaseUrl(databaseUrl(), root),
  },
});

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';
import { absoluteDatabaseUrl, databaseUrl } from './server/db/database-url';

const root = path.dirname(fileURLToPath(import.meta.url));

// Offline schema engine: the Prisma CLI would otherwise need a native schema-engine binary downloaded
// from Prisma's servers. Ours speaks the same JSON-RPC and runs @prisma/schema-engine-wasm
// (see prisma/schema-engine/schema-engine.mjs). A user who sets the variable keeps their own engine.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ||= path.join(root, 'prisma', 'schema-engine', 'schema-engine.mjs');
// No update checks (they would try to reach the internet).
process.env.CHECKPOINT_DISABLE ??= '1';

export default defineConfig({
  schema: path.join(root, 'prisma', 'schema.prisma'),
  migrations: {
    path: path.join(root, 'prisma', 'migrations'),
  },
  datasource: {
    // Relative file: URLs resolve against the repository root, as in server/db/database-url.ts.
    url: absoluteDatabaseUrl(databaseUrl(), root),
  },
});

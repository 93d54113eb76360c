import { expect, it } from 'vitest';
import { prisma } from './prisma-cli';

// Fails when prisma/schema.prisma was changed without committing the migration that goes with it.
it('prisma/schema.prisma and the committed prisma/migrations describe the same database', async () => {
  const r = await prisma([
    'migrate',
    'diff',
    '--from-migrations',
    'prisma/migrations',
    '--to-schema',
    'prisma/schema.prisma',
    '--script',
    '--exit-code',
  ]);
  const hint =
    'schema.prisma differs from the committed migrations. Create the missing migration with ' +
    '`npx prisma migrate dev --name <what-changed>` and commit prisma/migrations/. SQL still missing:\n' +
    r.stdout;
  expect(r.code, r.code === 2 ? hint : r.output).toBe(0);
});

// The demo pharmacy: "Riverside Hospital Outpatient & IV Pharmacy", ~25 staff with credentials,
// CE, availability and time off, shift templates with coverage, daily-task templates and a few
// vendor returns and billing issues with their history; and around it a small district
// (prisma/seed/district.ts): two community pharmacies, one in Minnesota, with floaters.
//
// The data lives in prisma/seed/ (staff, schedules, vendor returns, billing issues, CE) and is
// written by one small function per step (prisma/seed/write-*.ts), in one transaction.
//
// Deterministic: every value comes from those constants, a seeded PRNG (mulberry32) and the
// `today` option; the same `today` gives the same rows (ids included, in a fresh database). Only
// password hashes differ between runs (argon2 salts). All dates are relative to `today`, so there
// are always credentials expiring within 30 days and one expired (an IV technician's CSPT).
//
// Run directly (`npm run db:seed` / `tsx prisma/seed.ts`): seeds the database named by
// DATABASE_URL when it is empty and prints the demo sign-ins; a non-empty database is left alone.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { hash } from '@node-rs/argon2';
import { DateTime } from 'luxon';
import type { PrismaClient } from '../generated/prisma/client';
import type { AppRole } from '../generated/prisma/enums';
import { randomBytes } from 'node:crypto';
import { mulberry32 } from '../solver/runtime/random';
import {
  DEMO_PASSWORD,
  DEMO_PASSWORD_NOTE,
  DEMO_SITE,
  PRNG_SEED,
  type DemoSignIn,
  type SeedOptions,
} from './seed/demo';
import { SeedContext } from './seed/context';
import { Rng } from './seed/helpers';
import { catalogue, site } from './seed/write-catalogue';
import { staff } from './seed/write-staff';
import { availability, timeOff } from './seed/write-availability';
import { shiftTemplates } from './seed/write-schedules';
import { tasks } from './seed/write-boards';
import { volume } from './seed/write-volume';
import { district } from './seed/write-district';

export {
  DEMO_EMAIL_DOMAIN,
  DEMO_PASSWORD,
  DEMO_PASSWORD_NOTE,
  DEMO_SITE,
  type DemoSignIn,
  type SeedOptions,
} from './seed/demo';
import { isIsoDate } from '../server/lib/time';
import { withKeyLocks } from '../server/db/locks';
export { mulberry32 };

// ---------------------------------------------------------------------------------------------
// The seed
// ---------------------------------------------------------------------------------------------

/** True when the database has no site and no user: the only state the seed will write into. */
export async function isDatabaseEmpty(prisma: Pick<PrismaClient, 'site' | 'user'>): Promise<boolean> {
  const [sites, users] = await Promise.all([prisma.site.count(), prisma.user.count()]);
  return sites === 0 && users === 0;
}

/** Today's date in the demo site's zone. */
export function defaultToday(): string {
  const d = DateTime.now().setZone(DEMO_SITE.timeZone).toISODate();
  if (d === null) throw new Error('cannot compute today');
  return d;
}

export async function seedDemo(prisma: PrismaClient, options: SeedOptions = {}): Promise<DemoSignIn[]> {
  return (await seedInto(prisma, options, false))!;
}

/**
 * seedDemo when the database is empty, once even when several app instances start together on one
 * new PostgreSQL database: the first seeds, the others wait for it and find the database seeded.
 * Null when it was not empty.
 */
export async function seedDemoIfEmpty(
  prisma: PrismaClient,
  options: SeedOptions = {},
): Promise<DemoSignIn[] | null> {
  if (!(await isDatabaseEmpty(prisma))) return null;
  return seedInto(prisma, options, true);
}

async function seedInto(
  prisma: PrismaClient,
  options: SeedOptions,
  onlyIfEmpty: boolean,
): Promise<DemoSignIn[] | null> {
  const today = options.today ?? defaultToday();
  const base = DateTime.fromISO(today, { zone: DEMO_SITE.timeZone });
  if (!isIsoDate(today)) {
    throw new Error(`seedDemo: today must be a YYYY-MM-DD date, got "${today}"`);
  }

  // Hash once per distinct password: argon2 is deliberately slow. Staff other than the demo
  // sign-ins get a password nobody knows (random, never printed); a manager resets it.
  const [demoHash, lockedHash] = await Promise.all([
    hash(DEMO_PASSWORD),
    hash(randomBytes(24).toString('base64url')),
  ]);

  const signIns: DemoSignIn[] = [];
  let seeded = true;
  await prisma.$transaction(
    async (tx) => {
      if (onlyIfEmpty) {
        // Another instance seeding at this moment holds the key until it commits (PostgreSQL; SQLite
        // writes one transaction at a time anyway); after it, the database is no longer empty.
        await withKeyLocks(tx, ['demo-seed']);
        if (!(await isDatabaseEmpty(tx))) {
          seeded = false;
          return;
        }
      }
      const ctx = new SeedContext(tx, base, new Rng(PRNG_SEED));
      await catalogue(ctx);
      await site(ctx);
      await staff(ctx, demoHash, lockedHash, signIns);
      await availability(ctx);
      await timeOff(ctx);
      await shiftTemplates(ctx);
      await tasks(ctx);
      await volume(ctx, today);
      await district(ctx, lockedHash);
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  if (!seeded) return null;
  const order: AppRole[] = ['MANAGER', 'LEAD', 'STAFF'];
  return signIns.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
}

// ---------------------------------------------------------------------------------------------
// CLI: tsx prisma/seed.ts
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { databaseUrl } = await import('../server/db/database-url');
  const { prepareDatabase } = await import('../server/db/prepare');
  const { openDatabase } = await import('../server/db/client');
  const { where: file } = await prepareDatabase(databaseUrl());
  const prisma = openDatabase(databaseUrl());
  try {
    const signIns = await seedDemoIfEmpty(prisma);
    if (!signIns) {
      console.log(`Database ${file} already has data; the demo pharmacy was not seeded.`);
      return;
    }
    console.log(`Seeded "${DEMO_SITE.name}" into ${file}. Demo sign-ins (${DEMO_PASSWORD_NOTE}):`);
    for (const s of signIns) console.log(`  ${s.role.padEnd(8)} ${s.email.padEnd(40)} ${s.name}`);
  } finally {
    await prisma.$disconnect();
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}

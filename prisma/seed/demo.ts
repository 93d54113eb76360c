// The demo pharmacy's names, sign-in addresses and password, and the seed of its random source.
import type { AppRole } from '../../generated/prisma/enums';

export interface DemoSignIn {
  role: AppRole;
  email: string;
  password: string;
  name: string;
}

export interface SeedOptions {
  /** Local date (YYYY-MM-DD) the data is relative to; default: today in the site's zone. */
  today?: string;
}

/** The literal password of the demo sign-ins (and only of them). */
export const DEMO_PASSWORD = 'password';
/** How sign-in listings describe the demo password. */
export const DEMO_PASSWORD_NOTE = `password for each: "${DEMO_PASSWORD}"`;

/** Demo sign-ins, and only they, have e-mail addresses in this domain. */
export const DEMO_EMAIL_DOMAIN = 'demo.rxroster.test';

export const DEMO_SITE = {
  name: 'Riverside Hospital Outpatient & IV Pharmacy',
  timeZone: 'America/New_York',
  usState: 'NY',
  techRatio: 4,
} as const;

/** The staff who are not demo sign-ins have addresses in this domain. */
export const EMAIL_DOMAIN = 'riverside-rx.example';
/** The seed of the random source: the same seed, the same demo data. */
export const PRNG_SEED = 0x5eed_2026;

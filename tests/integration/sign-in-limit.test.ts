import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { hashPassword } from '../../server/account/passwords';
import {
  accountPolicy,
  beginAttempt,
  endAttemptWithSuccess,
} from '../../server/account/sign-in-limits.service';
import { createTestApp, type TestApp } from '../helpers/test-app';

// Each request says which address it comes from (X-Forwarded-For, trusted as behind a proxy) and
// carries the anonymous CSRF cookie itself, as a browser would.
const CSRF = 'c'.repeat(32);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ trustProxy: true, signInAddressFailuresPer15Minutes: 30 });
});
afterAll(async () => {
  await t.close();
});

let counter = 0;
/** A fresh account with a known password (each test its own, so their counts never mix). */
async function makeAccount(): Promise<{ email: string; password: string; id: number }> {
  counter += 1;
  const email = `victim${counter}@limits.test`;
  const password = `right-password-${counter}`;
  const site = await t.db.site.findFirstOrThrow({ select: { id: true } });
  const staff = await t.db.staff.create({
    data: {
      siteId: site.id,
      firstName: 'Vic',
      lastName: `Tim${counter}`,
      employmentType: 'FULL_TIME',
      hourlyRateCents: 2000,
    },
    select: { id: true },
  });
  const user = await t.db.user.create({
    data: { email, passwordHash: await hashPassword(password), staffId: staff.id },
    select: { id: true },
  });
  return { email, password, id: user.id };
}

interface Attempt {
  ip: string;
  /** Raw, already-encoded form body fields after _csrf. */
  body: string;
  cookie?: string;
  app?: Parameters<typeof request>[0];
}

async function attempt({ ip, body, cookie, app }: Attempt) {
  return request(app ?? t.app)
    .post('/sign-in')
    .set('X-Forwarded-For', ip)
    .set('Cookie', [`rx_csrf=${CSRF}`, ...(cookie ? [cookie] : [])].join('; '))
    .type('form')
    .send(`_csrf=${CSRF}&${body}`);
}

const form = (email: string, password: string) =>
  `email=${encodeURIComponent(email)}&password=${encodeURIComponent(password)}`;

function sessionCookie(res: { headers: Record<string, unknown> }): string | undefined {
  const cookies = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  return cookies.find((c) => c.startsWith('rx_sid='));
}

async function lockAccount(email: string, ip: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 6; i += 1)
    statuses.push((await attempt({ ip, body: form(email, `guess-${i}`) })).status);
  return statuses;
}

describe('sign-in limit', () => {
  it('locks an account after 5 failures and holds against every spelling of its email, the right password included', async () => {
    const victim = await makeAccount();
    const attacker = '203.0.113.10';
    expect(await lockAccount(victim.email, attacker)).toEqual([401, 401, 401, 401, 401, 429]);

    const [local, domain] = victim.email.split('@') as [string, string];
    const fullWidth = [...local].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    const variants = [
      victim.email,
      `  ${victim.email}`,
      `\t${victim.email}\t`,
      `\u00a0${victim.email}\u00a0`,
      `${victim.email}\u200b`,
      victim.email.toUpperCase(),
      `${fullWidth}@${domain}`,
    ];
    for (const email of variants) {
      const res = await attempt({ ip: attacker, body: form(email, 'another-guess') });
      expect(res.status, JSON.stringify(email)).toBe(429);
      expect(res.text).toContain('Too many sign-in attempts. Wait a few minutes and try again.');
    }
    // From another address too: the lock is the account's, not the address's.
    for (const ip of ['198.51.100.1', '198.51.100.2']) {
      expect((await attempt({ ip, body: form(victim.email, 'guess') })).status).toBe(429);
    }
    const right = await attempt({
      ip: attacker,
      body: form(` ${victim.email.toUpperCase()}`, victim.password),
    });
    expect(right.status).toBe(429);
    expect(sessionCookie(right)).toBeUndefined();
    expect(await t.db.session.count({ where: { userId: victim.id } })).toBe(0);
  });

  it('refuses a repeated email or password field with 400 instead of checking one and counting another', async () => {
    const victim = await makeAccount();
    const res = await attempt({
      ip: '203.0.113.11',
      body: `email=junk%40example.org&email=${encodeURIComponent(victim.email)}&password=${encodeURIComponent(victim.password)}`,
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Send this field once.');
    expect(sessionCookie(res)).toBeUndefined();
    const twice = await attempt({ ip: '203.0.113.11', body: `${form(victim.email, 'a')}&password=b` });
    expect(twice.status).toBe(400);
  });

  it('does not lock the real user out when a colleague behind the same address fails on their own account', async () => {
    const colleague = await makeAccount();
    const victim = await makeAccount();
    const pharmacy = '192.0.2.50';
    for (let i = 0; i < 15; i += 1) await attempt({ ip: pharmacy, body: form(colleague.email, `typo-${i}`) });
    expect((await attempt({ ip: pharmacy, body: form(colleague.email, colleague.password) })).status).toBe(
      429,
    );

    const res = await attempt({ ip: pharmacy, body: form(victim.email, victim.password) });
    expect(res.status).toBe(303);
    expect(sessionCookie(res)).toBeDefined();
  });

  it('lets the browser the person signed in with before in while someone elsewhere has locked their account', async () => {
    const victim = await makeAccount();
    const first = await attempt({ ip: '192.0.2.60', body: form(victim.email, victim.password) });
    expect(first.status).toBe(303);
    const known = ((first.headers['set-cookie'] as unknown as string[]) ?? []).find((c) =>
      c.startsWith('rx_known='),
    );
    expect(known).toBeDefined();

    expect(await lockAccount(victim.email, '203.0.113.12')).toEqual([401, 401, 401, 401, 401, 429]);
    const attacker = await attempt({ ip: '203.0.113.12', body: form(victim.email, victim.password) });
    expect(attacker.status).toBe(429);

    const owner = await attempt({
      ip: '192.0.2.60',
      body: form(victim.email, victim.password),
      cookie: known!.split(';')[0]!,
    });
    expect(owner.status).toBe(303);
    expect(sessionCookie(owner)).toBeDefined();
  });

  it('caps the failures from one address across accounts, without touching other addresses', async () => {
    const capped = await createTestApp({ trustProxy: true, signInAddressFailuresPer15Minutes: 8 });
    try {
      const victim = await makeAccountIn(capped);
      const sprayer = '203.0.113.13';
      const statuses: number[] = [];
      for (let i = 0; i < 9; i += 1) {
        statuses.push(
          (await attempt({ app: capped.app, ip: sprayer, body: form(`user${i}@spray.test`, 'Winter2026!') }))
            .status,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 429]);
      expect(
        (await attempt({ app: capped.app, ip: sprayer, body: form(victim.email, victim.password) })).status,
      ).toBe(429);
      expect(
        (await attempt({ app: capped.app, ip: '192.0.2.70', body: form(victim.email, victim.password) }))
          .status,
      ).toBe(303);
    } finally {
      await capped.close();
    }
  });

  it('writes no audit row per refused attempt, but counts them, and records the lock once', async () => {
    const victim = await makeAccount();
    await lockAccount(victim.email, '203.0.113.14');
    const rows = () => t.db.auditLog.count({ where: { detail: { contains: victim.email } } });
    const before = await rows();
    for (let i = 0; i < 20; i += 1) await attempt({ ip: '203.0.113.14', body: form(victim.email, `g${i}`) });
    expect(await rows()).toBe(before);
    const limit = await t.db.signInLimit.findUniqueOrThrow({ where: { key: `account:${victim.email}` } });
    expect(limit.refused).toBe(21);
    const actions = await t.db.auditLog.findMany({
      where: { detail: { contains: victim.email } },
      select: { action: true },
    });
    expect(actions.filter((a) => a.action === 'auth.sign_in_failed')).toHaveLength(5);
    expect(actions.filter((a) => a.action === 'auth.sign_in_locked')).toHaveLength(1);
  });

  it('keeps the limit in the database, so another app instance on the same database refuses a locked account', async () => {
    const victim = await makeAccount();
    await lockAccount(victim.email, '203.0.113.15');
    const second = createApp(t.db, {
      sessionSecret: 'another-secret-that-is-long-enough-0123',
      trustProxy: true,
    });
    const res = await attempt({ app: second, ip: '203.0.113.16', body: form(victim.email, victim.password) });
    expect(res.status).toBe(429);
  });
});

describe('account backoff', () => {
  it('locks for 30 s at the 5th failure, doubling after each further failure, up to 15 minutes', async () => {
    const key = { key: 'account:backoff@limits.test', policy: accountPolicy(5) };
    const start = new Date('2026-12-04T08:00:00Z');
    const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
    for (let i = 0; i < 4; i += 1)
      expect(await beginAttempt(t.db, [key], at(i))).toEqual({ allowed: true, locked: [] });
    expect(await beginAttempt(t.db, [key], at(4))).toEqual({ allowed: true, locked: [key.key] });
    expect(await beginAttempt(t.db, [key], at(33))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(await beginAttempt(t.db, [key], at(34))).toEqual({ allowed: true, locked: [key.key] });
    expect(await beginAttempt(t.db, [key], at(93))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    let now = 94;
    const locks: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      await beginAttempt(t.db, [key], at(now));
      const row = await t.db.signInLimit.findUniqueOrThrow({ where: { key: key.key } });
      const seconds = (row.lockedUntil!.getTime() - at(now).getTime()) / 1000;
      locks.push(seconds);
      now += seconds;
    }
    expect(locks).toEqual([120, 240, 480, 900, 900, 900, 900]);
    await endAttemptWithSuccess(t.db, [key.key], []);
    expect(await beginAttempt(t.db, [key], at(now))).toEqual({ allowed: true, locked: [] });
  });
});

async function makeAccountIn(app: TestApp): Promise<{ email: string; password: string }> {
  const email = 'capped-victim@limits.test';
  const password = 'capped-right-password';
  await app.db.user.create({ data: { email, passwordHash: await hashPassword(password) } });
  return { email, password };
}

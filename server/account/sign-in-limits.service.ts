// Limits on password guessing, kept in the database (SignInLimit) so that every app instance
// counts the same attempts.
//
// Two limits, both checked before the password is:
// - per account: after `accountFreeFailures` failures on one account — from any address — the
//   account is locked for 30 s, doubling with each further failure up to 15 minutes. While locked,
//   even the right password is refused, so guessing faster than the backoff is impossible.
// - per address: at most `addressFailuresPer15Minutes` failures from one address on any accounts,
//   which stops one machine trying one password on every account.
// A pharmacy's whole staff share one address, so the address cap is high and a colleague failing
// on their own account only locks their own account. A browser that signed in to an account before
// (a known-device cookie, see routes/auth.ts) is counted under its own key for that account and not
// under the address, so someone else's failures never lock the real user out of their usual browser.
//
// Every attempt is counted before the password is checked (and given back on success), so a burst
// of parallel requests cannot all slip in before the first failure is written.
import type { Db } from '../db/client';
import {
  countRefusals,
  deleteSignInLimits,
  deleteSignInLimitsUpdatedBefore,
  findFailures,
  findSignInLimits,
  saveSignInLimit,
  updateFailures,
} from './sign-in-limits.repository';

export interface LimitPolicy {
  /** Failures allowed before the key locks. */
  limit: number;
  /** Counting starts again this long after the window began (address) or the last failure (account). */
  windowMs: number;
  /** How long the key stays locked once `failures` reached the limit. */
  lockMs: (failures: number, windowStart: Date, now: Date) => number;
  /** The window is fixed from its first failure (address) or slides with each failure (account). */
  fixedWindow: boolean;
}

const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 15 * 60_000;

/** Per account (or per account on a known browser, or per user for the current-password check). */
export function accountPolicy(freeFailures: number): LimitPolicy {
  return {
    limit: freeFailures,
    windowMs: 24 * 60 * 60_000,
    lockMs: (failures) =>
      Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(20, failures - freeFailures)),
    fixedWindow: false,
  };
}

/** Per address: a cap on failures in fixed 15-minute windows. */
export function addressPolicy(failuresPer15Minutes: number): LimitPolicy {
  const windowMs = 15 * 60_000;
  return {
    limit: failuresPer15Minutes,
    windowMs,
    lockMs: (_failures, windowStart, now) => windowStart.getTime() + windowMs - now.getTime(),
    fixedWindow: true,
  };
}

export interface LimitKey {
  key: string;
  policy: LimitPolicy;
}

export type AttemptResult =
  { allowed: true; locked: string[] } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one attempt against every key, or refuses it when any key is locked (then only the
 * refusal is counted, on the locked keys). `locked` names the keys this attempt locked, for the
 * audit log. One transaction, so concurrent attempts are counted one after the other.
 */
export async function beginAttempt(db: Db, keys: LimitKey[], now: Date = new Date()): Promise<AttemptResult> {
  return db.$transaction(async (tx) => {
    const rows = await findSignInLimits(
      tx,
      keys.map((k) => k.key),
    );
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const lockedUntil = rows
      .filter((r) => r.lockedUntil && r.lockedUntil > now)
      .map((r) => r.lockedUntil!.getTime());
    if (lockedUntil.length > 0) {
      await countRefusals(
        tx,
        rows.filter((r) => r.lockedUntil && r.lockedUntil > now).map((r) => r.key),
      );
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((Math.max(...lockedUntil) - now.getTime()) / 1000)),
      };
    }
    const locked: string[] = [];
    for (const { key, policy } of keys) {
      const row = byKey.get(key);
      const since = row ? (policy.fixedWindow ? row.windowStart : row.updatedAt) : now;
      const fresh = !row || now.getTime() - since.getTime() >= policy.windowMs;
      const failures = fresh ? 1 : row.failures + 1;
      const windowStart = fresh ? now : row.windowStart;
      const lockMs = failures >= policy.limit ? policy.lockMs(failures, windowStart, now) : 0;
      const lockedUntil = lockMs > 0 ? new Date(now.getTime() + lockMs) : null;
      await saveSignInLimit(tx, key, { failures, windowStart, lockedUntil }, fresh);
      if (lockMs > 0) locked.push(key);
    }
    return { allowed: true, locked };
  });
}

/**
 * The password was right: the account's count starts again, and the attempt is given back to the
 * other keys (a success from an address is not a failure from it).
 */
export async function endAttemptWithSuccess(
  db: Db,
  resetKeys: string[],
  giveBack: LimitKey[],
): Promise<void> {
  await db.$transaction(async (tx) => {
    await deleteSignInLimits(tx, resetKeys);
    for (const { key, policy } of giveBack) {
      const before = await findFailures(tx, key);
      if (before === null) continue;
      const failures = Math.max(0, before - 1);
      await updateFailures(tx, key, failures, failures < policy.limit);
    }
  });
}

/** Rows untouched for a day hold nothing any policy still counts. */
export async function purgeOldLimits(db: Db, now: Date = new Date()): Promise<void> {
  await deleteSignInLimitsUpdatedBefore(db, new Date(now.getTime() - 24 * 60 * 60_000));
}

// Invitations and password resets: a link with a random secret, of which only the SHA-256 is kept,
// spent by its first use and worthless after it expires. Invitations are written in the transaction
// that creates the account; a reset request gets the same answer whether or not the address exists.
import { createHash, randomBytes } from 'node:crypto';
import type { AccountTokenPurpose } from '../../generated/prisma/enums';
import type { Db } from '../db/client';
import { HttpError } from '../http/errors';
import { notificationSettings, queueNotifications } from '../notifications/notifications.service';
import type { DbOrTx } from '../notifications/notifications.repository';
import {
  findAccountToken,
  findActiveUserByEmail,
  findUserIdOfStaff,
  replaceAccountToken,
  setPasswordAndEndSessions,
  spendAccountToken,
} from './account-tokens.repository';
import { recordAudit } from './auth.service';
import { hashPassword } from './passwords';

/** How long a link stays valid. */
export const TOKEN_LIFETIME_MS: Record<AccountTokenPurpose, number> = {
  INVITATION: 7 * 24 * 60 * 60_000,
  PASSWORD_RESET: 60 * 60_000,
};

export const tokenMessages = {
  invalid:
    'This link is not valid any more: it was used already, replaced by a newer one, or has expired. Ask for a new one.',
} as const;

function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function linkFor(secret: string): string {
  return `${notificationSettings().baseUrl.replace(/\/+$/, '')}/set-password?token=${secret}`;
}

async function issueToken(
  tx: DbOrTx,
  userId: number,
  purpose: AccountTokenPurpose,
  now: Date,
): Promise<string> {
  const secret = randomBytes(32).toString('base64url');
  await replaceAccountToken(
    tx,
    userId,
    purpose,
    hashToken(secret),
    new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose]),
    now,
  );
  return secret;
}

/**
 * Inside the transaction that creates (or re-invites) an account: a new invitation link, emailed to
 * the person. Earlier invitations of theirs stop working.
 */
export async function inviteUser(
  tx: DbOrTx,
  invitee: { userId: number; name: string },
  invitedBy: string,
  siteName: string,
  now: Date = new Date(),
): Promise<void> {
  const secret = await issueToken(tx, invitee.userId, 'INVITATION', now);
  await queueNotifications(
    tx,
    [
      {
        to: { userId: invitee.userId },
        kind: 'INVITATION',
        subject: `${invitedBy} invited you to RxRoster`,
        intro: `Hello ${invitee.name}, ${invitedBy} added you to ${siteName} on RxRoster, where you will see your shifts, state when you can work, request time off and see your tasks. Choose your password to start.`,
        link: linkFor(secret),
        linkLabel: 'Choose my password',
        outro:
          'The link works once and for 7 days. If it has expired, ask your manager for a new invitation.',
        about: { entity: 'User', id: invitee.userId },
      },
    ],
    now,
  );
}

/** `inviteUser` for the account of a staff member created in the same transaction. */
export async function inviteStaff(
  tx: DbOrTx,
  staff: { staffId: number; name: string },
  invitedBy: string,
  siteName: string,
  now: Date = new Date(),
): Promise<void> {
  const userId = await findUserIdOfStaff(tx, staff.staffId);
  await inviteUser(tx, { userId, name: staff.name }, invitedBy, siteName, now);
}

/**
 * "Forgot password": emails a reset link when the address belongs to an active account; says and
 * does nothing else either way, so the answer never tells whether an account exists.
 */
export async function requestPasswordReset(db: Db, email: string, now: Date = new Date()): Promise<void> {
  const user = await findActiveUserByEmail(db, email);
  if (!user) return;
  await db.$transaction(async (tx) => {
    const secret = await issueToken(tx, user.id, 'PASSWORD_RESET', now);
    await queueNotifications(
      tx,
      [
        {
          to: { userId: user.id },
          kind: 'PASSWORD_RESET',
          subject: 'Reset your RxRoster password',
          intro: `Someone (we hope you${user.name ? `, ${user.name}` : ''}) asked to reset the password of this RxRoster account. Choose a new password with the link below.`,
          link: linkFor(secret),
          linkLabel: 'Choose a new password',
          outro:
            'The link works once and for one hour. If you did not ask for it, ignore this email: your password stays as it is.',
          about: { entity: 'User', id: user.id },
        },
      ],
      now,
    );
    await recordAudit(tx, { actorId: user.id, action: 'auth.password_reset_request' });
  });
}

/** The account a link is for, while it is unused and unexpired. @throws HttpError 410 otherwise. */
export async function checkAccountToken(
  db: Db,
  secret: string,
  now: Date = new Date(),
): Promise<{ email: string; purpose: AccountTokenPurpose }> {
  const row = secret === '' ? null : await findAccountToken(db, hashToken(secret));
  if (!row || row.usedAt !== null || row.expiresAt <= now || !row.active)
    throw new HttpError(410, tokenMessages.invalid);
  return { email: row.email, purpose: row.purpose };
}

/**
 * Sets the password with a link: spends it (once, even with two tabs racing), sets the password and
 * ends every session of the account, in one transaction.
 * @throws HttpError 410 when the link is not valid (any more).
 */
export async function setPasswordWithToken(
  db: Db,
  secret: string,
  password: string,
  now: Date = new Date(),
): Promise<{ email: string }> {
  const checked = await checkAccountToken(db, secret, now);
  const row = (await findAccountToken(db, hashToken(secret)))!;
  // argon2 is slow: hash before the transaction, which then only writes.
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    if (!(await spendAccountToken(tx, row.id, now))) throw new HttpError(410, tokenMessages.invalid);
    await setPasswordAndEndSessions(tx, row.userId, passwordHash);
    await recordAudit(tx, {
      actorId: row.userId,
      action: checked.purpose === 'INVITATION' ? 'auth.invitation_accept' : 'auth.password_reset',
    });
  });
  return { email: checked.email };
}

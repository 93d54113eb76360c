// The site's open-shift claim policy and swap approval: read for the settings page, saved with an
// audit entry that names the change.
import type { z } from 'zod';
import type { Db } from '../db/client';
import { NotFoundError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import { recordAudit } from '../account/auth.service';
import { getSiteForUser } from '../sites/sites.service';
import { findExchangeSettings, saveExchangeSettings, type ExchangeSettings } from './exchange.repository';
import type { ExchangeSettingsForm } from './exchange.schemas';

const CLAIM_WORDS = { FIRST_VALID: 'first valid claim', MANAGER_PICKS: 'manager picks' } as const;
const SWAP_WORDS = { AUTOMATIC: 'automatic when the rules allow', MANAGER: 'manager approves' } as const;

export async function getExchangeSettings(db: Db, user: CurrentUser): Promise<ExchangeSettings> {
  const site = await getSiteForUser(db, user);
  const settings = await findExchangeSettings(db, site.id);
  if (!settings) throw new NotFoundError();
  return settings;
}

export async function updateExchangeSettings(
  db: Db,
  user: CurrentUser,
  form: z.infer<typeof ExchangeSettingsForm>,
): Promise<void> {
  const before = await getExchangeSettings(db, user);
  await db.$transaction(async (tx) => {
    await saveExchangeSettings(tx, before.id, form);
    await recordAudit(tx, {
      actorId: user.id,
      action: 'site.exchange_settings',
      entity: 'Site',
      entityId: before.id,
      detail: `open shifts: ${CLAIM_WORDS[before.claimPolicy]} → ${CLAIM_WORDS[form.claimPolicy]}; swaps: ${SWAP_WORDS[before.swapApproval]} → ${SWAP_WORDS[form.swapApproval]}`,
      siteId: before.id,
    });
  });
}

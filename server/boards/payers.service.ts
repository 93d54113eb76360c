// Payers' return-to-stock rules: the days a payer allows before a claim for a prescription nobody
// picked up must be reversed. The billing board turns them into a clock per card (deadlines.ts).
import type { Db } from '../db/client';
import { NotFoundError, ValidationError } from '../http/errors';
import type { CurrentUser } from '../http/request-context';
import { recordAudit } from '../account/auth.service';
import { getSiteForUser } from '../sites/sites.service';
import { describeReturnToStock } from './deadlines';
import type { PayerForm } from './payers.schemas';
import * as repo from './payers.repository';

export type { PayerRow } from './payers.repository';

export async function listSitePayers(db: Db, user: CurrentUser): Promise<repo.PayerRow[]> {
  const site = await getSiteForUser(db, user);
  return repo.listPayers(db, site.id);
}

/** A payer of the user's site; another site's is not found. */
export async function getPayer(db: Db, user: CurrentUser, id: number): Promise<repo.PayerRow> {
  const site = await getSiteForUser(db, user);
  const payer = await repo.findPayer(db, id);
  if (!payer || payer.siteId !== site.id) throw new NotFoundError('We could not find that payer.');
  return payer;
}

function describe(p: repo.PayerWrite): string {
  return `${p.name}, BIN ${p.bin}${p.pcn ? ` PCN ${p.pcn}` : ' (every PCN)'}: ${describeReturnToStock(p)}`;
}

/** Adds a payer (id null) or saves one; one rule per BIN and PCN at a site. Returns its id. */
export async function savePayer(
  db: Db,
  user: CurrentUser,
  id: number | null,
  form: PayerForm,
): Promise<number> {
  const site = await getSiteForUser(db, user);
  const before = id === null ? null : await getPayer(db, user, id);
  const data: repo.PayerWrite = {
    name: form.name,
    bin: form.bin,
    pcn: form.pcn,
    returnToStockDays: form.returnToStockDays,
    businessDays: form.dayKind === 'BUSINESS',
  };
  return db.$transaction(async (tx) => {
    const same = await repo.findPayerByKey(tx, site.id, data.bin, data.pcn);
    if (same && same.id !== id)
      throw new ValidationError({
        pcn: `BIN ${data.bin} ${data.pcn ? `with PCN ${data.pcn}` : 'for every PCN'} already has a rule: change that one.`,
      });
    const saved = id === null ? await repo.createPayerRow(tx, site.id, data) : id;
    if (id !== null) await repo.updatePayerRow(tx, id, data);
    await recordAudit(tx, {
      actorId: user.id,
      action: id === null ? 'payer.create' : 'payer.update',
      entity: 'Payer',
      entityId: saved,
      detail: before ? `${describe(before)} → ${describe(data)}` : describe(data),
      siteId: site.id,
    });
    return saved;
  });
}

export async function deletePayer(db: Db, user: CurrentUser, id: number): Promise<string> {
  const payer = await getPayer(db, user, id);
  await db.$transaction(async (tx) => {
    await repo.deletePayerRow(tx, id);
    await recordAudit(tx, {
      actorId: user.id,
      action: 'payer.delete',
      entity: 'Payer',
      entityId: id,
      detail: describe(payer),
      siteId: payer.siteId,
    });
  });
  return payer.name;
}

// Prisma access for payers' return-to-stock rules.
import type { Db, Tx } from '../db/client';

const payerSelect = {
  id: true,
  siteId: true,
  name: true,
  bin: true,
  pcn: true,
  returnToStockDays: true,
  businessDays: true,
} as const;

export interface PayerWrite {
  name: string;
  bin: string;
  pcn: string;
  returnToStockDays: number;
  businessDays: boolean;
}

export function listPayers(db: Db | Tx, siteId: number) {
  return db.payer.findMany({
    where: { siteId },
    select: payerSelect,
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
}
export type PayerRow = Awaited<ReturnType<typeof listPayers>>[number];

export function findPayer(db: Db | Tx, id: number) {
  return db.payer.findUnique({ where: { id }, select: payerSelect });
}

/** The payer of a site written for exactly this BIN and PCN, if any. */
export function findPayerByKey(db: Db | Tx, siteId: number, bin: string, pcn: string) {
  return db.payer.findUnique({ where: { siteId_bin_pcn: { siteId, bin, pcn } }, select: { id: true } });
}

export async function createPayerRow(db: Db | Tx, siteId: number, data: PayerWrite): Promise<number> {
  return (await db.payer.create({ data: { siteId, ...data }, select: { id: true } })).id;
}

export async function updatePayerRow(db: Db | Tx, id: number, data: PayerWrite): Promise<void> {
  await db.payer.update({ where: { id }, data, select: { id: true } });
}

export async function deletePayerRow(db: Db | Tx, id: number): Promise<void> {
  await db.payer.delete({ where: { id }, select: { id: true } });
}

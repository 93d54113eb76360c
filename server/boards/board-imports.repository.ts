// Prisma access for the board imports: the cards an imported row may match.
import type { Db, Tx } from '../db/client';

/** Billing issues of a site for these prescription numbers (the import matches them in code). */
export function findBillingIssuesByRx(db: Db | Tx, siteId: number, rxNumbers: string[]) {
  return db.billingIssue.findMany({
    where: { task: { siteId }, rxNumber: { in: rxNumbers } },
    select: {
      taskId: true,
      rxNumber: true,
      dateOfService: true,
      bin: true,
      pcn: true,
      rejectCode: true,
      amountCents: true,
      payerName: true,
      task: { select: { version: true, title: true } },
    },
    orderBy: { taskId: 'asc' },
  });
}
export type ImportedClaimCard = Awaited<ReturnType<typeof findBillingIssuesByRx>>[number];

/**
 * Vendor returns of a site that carry an RA number. RA numbers are compared without regard to
 * case, which SQLite and PostgreSQL do differently in a query, so every one is read and matched in code.
 */
export function findVendorReturnsWithRa(db: Db | Tx, siteId: number) {
  return db.vendorReturn.findMany({
    where: { task: { siteId }, raNumber: { not: null } },
    select: {
      taskId: true,
      raNumber: true,
      ndc: true,
      receivedCreditCents: true,
      zeroCreditReason: true,
      task: { select: { title: true, status: true, version: true } },
    },
    orderBy: { taskId: 'asc' },
  });
}
export type ImportedCreditCard = Awaited<ReturnType<typeof findVendorReturnsWithRa>>[number];

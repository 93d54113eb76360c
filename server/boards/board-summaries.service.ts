// The money summaries of the vendor-return and billing boards: open amounts aged in 30-day buckets.
import type { Db } from '../db/client';
import type { CurrentUser } from '../http/request-context';
import { findOpenBillingClaims, findOpenVendorCredits } from './tasks.repository';
import { AGE_BUCKETS, AGE_BUCKET_LABELS, buildAgeing, type AgeingRow } from './rules';
import { rejectCodeMeaning } from './reject-codes';
import { localDate } from './cards';
import { getSiteForUser, todayAt, type SiteSummary } from '../sites/sites.service';

export interface AgeingSummary {
  site: SiteSummary;
  today: string;
  rows: (AgeingRow & { label: string })[];
  totals: AgeingRow;
  buckets: { key: string; label: string }[];
}

function withTotals(
  site: SiteSummary,
  today: string,
  rows: (AgeingRow & { label: string })[],
): AgeingSummary {
  const totals: AgeingRow = {
    key: 'total',
    buckets: { '0-30': 0, '31-60': 0, '61-90': 0, '90+': 0 },
    total: 0,
    count: 0,
  };
  for (const r of rows) {
    for (const b of AGE_BUCKETS) totals.buckets[b] += r.buckets[b];
    totals.total += r.total;
    totals.count += r.count;
  }
  return {
    site,
    today,
    rows,
    totals,
    buckets: AGE_BUCKETS.map((b) => ({ key: b, label: AGE_BUCKET_LABELS[b] })),
  };
}

/**
 * Credit still to come from each vendor, aged from the day the return shipped (before shipping,
 * from the day the card was opened): the expected credit of every open return.
 */
export async function getVendorCreditSummary(
  db: Db,
  user: CurrentUser,
  now: Date = new Date(),
): Promise<AgeingSummary> {
  const site = await getSiteForUser(db, user);
  const today = todayAt(site.timeZone, now);
  const rows = await findOpenVendorCredits(db, site.id);
  const items = rows.flatMap((r) =>
    r.vendorReturn && r.vendorReturn.expectedCreditCents !== null
      ? [
          {
            key: r.vendorReturn.vendor,
            cents: r.vendorReturn.expectedCreditCents,
            since: r.vendorReturn.shippedOn ?? localDate(r.createdAt, site.timeZone) ?? today,
          },
        ]
      : [],
  );
  return withTotals(
    site,
    today,
    buildAgeing(items, today).map((r) => ({ ...r, label: r.key })),
  );
}

/** Open claim amounts by NCPDP reject code, aged from the date of service. */
export async function getBillingSummary(
  db: Db,
  user: CurrentUser,
  now: Date = new Date(),
): Promise<AgeingSummary> {
  const site = await getSiteForUser(db, user);
  const today = todayAt(site.timeZone, now);
  const rows = await findOpenBillingClaims(db, site.id);
  const ageing = buildAgeing(
    rows.map((r) => ({ key: r.rejectCode, cents: r.amountCents, since: r.dateOfService })),
    today,
  );
  return withTotals(
    site,
    today,
    ageing.map((r) => {
      const meaning = rejectCodeMeaning(r.key);
      return { ...r, label: meaning ? `${r.key} — ${meaning}` : `${r.key} (not in the catalogue)` };
    }),
  );
}

// The technician ratio as the states write it: one small rule pack per state and setting, as data.
// The ratio rule (rules/ratio.ts) enforces any pack at every instant; `allowedTechnicians` is the one
// function that says what a pack allows, used by the checker, and the model rows are its linear form.
//
// Sources: each pack cites the state board's rule. Public summaries disagree (the Wikipedia table
// "Pharmacist-to-pharmacy technician ratio" has had different numbers for New York, Georgia, Kansas
// and others between revisions), so every pack says "verify against current text" — a pharmacy
// should check its own state's current rule before relying on a pack. States whose sources disagree
// (e.g. New York: 1:2 or 1:4) have no pack: the site's own ratio applies there.

/** How many technicians the pharmacists on duty allow. Whole numbers ≥ 1; `withCertified` > `technicians`. */
export type RatioShape =
  /** `technicians` per pharmacist on duty. */
  | { kind: 'per-pharmacist'; technicians: number }
  /** `technicians` per pharmacist; `withCertified` per pharmacist while a certified technician is on duty. */
  | { kind: 'certified'; technicians: number; withCertified: number }
  /** `first` technicians for the first pharmacist on duty and `each` for every additional one. */
  | { kind: 'first-and-each'; first: number; each: number };

export type PharmacySetting = 'community' | 'hospital';

export interface RatioPack {
  /** Who sets it, for messages: "Minnesota", "California hospitals", "this site". */
  name: string;
  shape: RatioShape;
  /** Whether pharmacist interns on duty count as technicians toward the ratio, or not at all. */
  interns: 'technician' | 'none';
  /**
   * Whether a pharmacist on a meal break still counts while technicians keep working. When not, the
   * ratio rule takes each shift's break window (ShiftInstance.breakStart, set on the shift template)
   * off duty: the pharmacists on it do not count then, and the technicians on duty need another.
   */
  pharmacistOnBreakCounts: boolean;
  /** The rule cited, e.g. "Minn. R. 6800.3850". */
  source?: string;
}

/** The site's own whole-number ratio, where no state pack applies (or as a stricter company limit). */
export function plainPack(technicians: number, name = 'this site'): RatioPack {
  return {
    name,
    shape: { kind: 'per-pharmacist', technicians },
    // Counting interns errs on the side of more supervision where the state's rule is not known.
    interns: 'technician',
    pharmacistOnBreakCounts: true,
  };
}

/**
 * Technicians allowed with `pharmacists` on duty, `certified` when at least one technician on duty
 * holds a certification the pack counts. No pharmacist, no technician.
 */
export function allowedTechnicians(shape: RatioShape, pharmacists: number, certified: boolean): number {
  if (pharmacists <= 0) return 0;
  switch (shape.kind) {
    case 'per-pharmacist':
      return shape.technicians * pharmacists;
    case 'certified':
      return (certified ? shape.withCertified : shape.technicians) * pharmacists;
    case 'first-and-each':
      return shape.first + shape.each * (pharmacists - 1);
  }
}

/** The fewest technicians one pharmacist ever allows under the pack. */
export function onePharmacistAllows(shape: RatioShape): number {
  return allowedTechnicians(shape, 1, false);
}

/** The rule in plain words, e.g. "3 technicians per pharmacist, 4 when one on duty is certified". */
export function describeShape(shape: RatioShape): string {
  const techs = (n: number): string => `${n} technician${n === 1 ? '' : 's'}`;
  switch (shape.kind) {
    case 'per-pharmacist':
      return `${techs(shape.technicians)} per pharmacist on duty`;
    case 'certified':
      return `${techs(shape.technicians)} per pharmacist on duty, ${shape.withCertified} while at least one technician on duty is certified`;
    case 'first-and-each':
      return `${techs(shape.first)} for the first pharmacist on duty and ${shape.each} for each additional pharmacist`;
  }
}

/** The whole pack in plain words for the site settings page. */
export function describePack(pack: RatioPack): string {
  const interns =
    pack.interns === 'technician'
      ? 'Pharmacist interns on duty count as technicians.'
      : 'Pharmacist interns do not count toward it.';
  const breaks = pack.pharmacistOnBreakCounts
    ? 'A pharmacist on a meal break still counts while technicians keep working.'
    : 'A pharmacist on a meal break does not count: while one is on the break the shift template sets, the technicians on duty need another pharmacist.';
  const source = pack.source ? ` (${pack.source}; verify against the current text.)` : '';
  return `Up to ${describeShape(pack.shape)}.${source} Positions outside the ratio (inventory, billing) do not count. ${interns} ${breaks}`;
}

/**
 * The packs by state and setting. Each cites its rule; numbers as the board's rule is commonly
 * summarised — verify against current text; public summaries disagree. `pharmacistOnBreakCounts` is
 * true only where the pack cites a rule letting technicians keep working through the pharmacist's
 * meal break (California); elsewhere it is false, erring on the side of supervision: the ratio then
 * needs another pharmacist for technicians on duty during the break (or everyone breaks together, as
 * Cal. Bus. & Prof. Code §4113.6(b) has chain pharmacies post a lunch closure).
 */
export const STATE_RATIO_PACKS: Readonly<Record<string, Readonly<Record<PharmacySetting, RatioPack>>>> = {
  // Minn. R. 6800.3850 (technician ratio): 1:3, or 1:4 when one technician on duty is certified.
  // Verify against current text; public summaries disagree. Interns: not known
  // to be excluded, counted to err on the side of supervision.
  MN: both({
    name: 'Minnesota',
    shape: { kind: 'certified', technicians: 3, withCertified: 4 },
    interns: 'technician',
    pharmacistOnBreakCounts: false,
    source: 'Minn. R. 6800.3850',
  }),
  // N.J.A.C. 13:39-6.15 (pharmacy technician ratio): 1:2, or 1:3 when one technician is certified.
  // Verify against current text; public summaries disagree.
  NJ: both({
    name: 'New Jersey',
    shape: { kind: 'certified', technicians: 2, withCertified: 3 },
    interns: 'technician',
    pharmacistOnBreakCounts: false,
    source: 'N.J.A.C. 13:39-6.15',
  }),
  CA: {
    // Cal. Bus. & Prof. Code §4115(g): one technician for the first pharmacist, two for each
    // additional one. Interns are supervised under their own ratio (§4114), not this one. During a
    // pharmacist's meal break technicians may keep working (Cal. Code Regs. tit. 16 §1714.1) and the
    // pharmacist counts. Verify against current text; public summaries disagree.
    community: {
      name: 'California',
      shape: { kind: 'first-and-each', first: 1, each: 2 },
      interns: 'none',
      pharmacistOnBreakCounts: true,
      source: 'Cal. Bus. & Prof. Code §4115(g)',
    },
    // Inpatient pharmacies of licensed health facilities: two technicians per pharmacist
    // (Cal. Code Regs. tit. 16 §1793.7(f)). Verify against current text; public summaries disagree.
    hospital: {
      name: 'California hospitals',
      shape: { kind: 'per-pharmacist', technicians: 2 },
      interns: 'none',
      pharmacistOnBreakCounts: true,
      source: 'Cal. Code Regs. tit. 16 §1793.7(f)',
    },
  },
  CT: {
    // Conn. Gen. Stat. §20-576 and Conn. Agencies Regs. §20-576-33: 1:2 in community pharmacies,
    // 1:3 in institutional (hospital) pharmacies. Verify against current text; public summaries disagree.
    community: {
      name: 'Connecticut',
      shape: { kind: 'per-pharmacist', technicians: 2 },
      interns: 'technician',
      pharmacistOnBreakCounts: false,
      source: 'Conn. Gen. Stat. §20-576',
    },
    hospital: {
      name: 'Connecticut hospitals',
      shape: { kind: 'per-pharmacist', technicians: 3 },
      interns: 'technician',
      pharmacistOnBreakCounts: false,
      source: 'Conn. Agencies Regs. §20-576-33',
    },
  },
  // N.D. Admin. Code ch. 61-02-01 (pharmacy technicians): 1:3 community, 1:4 institutional.
  // Verify against current text; public summaries disagree.
  ND: {
    community: {
      name: 'North Dakota',
      shape: { kind: 'per-pharmacist', technicians: 3 },
      interns: 'technician',
      pharmacistOnBreakCounts: false,
      source: 'N.D. Admin. Code ch. 61-02-01',
    },
    hospital: {
      name: 'North Dakota hospitals',
      shape: { kind: 'per-pharmacist', technicians: 4 },
      interns: 'technician',
      pharmacistOnBreakCounts: false,
      source: 'N.D. Admin. Code ch. 61-02-01',
    },
  },
  // Fla. Stat. §465.014: 1:4 (a pharmacy may ask the board for more). Verify against current text;
  // public summaries disagree.
  FL: both({
    name: 'Florida',
    shape: { kind: 'per-pharmacist', technicians: 4 },
    interns: 'technician',
    pharmacistOnBreakCounts: false,
    source: 'Fla. Stat. §465.014',
  }),
};

function both(pack: RatioPack): Record<PharmacySetting, RatioPack> {
  return { community: pack, hospital: pack };
}

/** The state's pack for the setting, or null where this list has none for the state. */
export function statePack(state: string, setting: PharmacySetting): RatioPack | null {
  const packs = Object.prototype.hasOwnProperty.call(STATE_RATIO_PACKS, state)
    ? STATE_RATIO_PACKS[state]
    : undefined;
  return packs ? packs[setting] : null;
}

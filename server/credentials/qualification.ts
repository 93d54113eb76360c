// Whether a person's credentials let them work a position on a date or a shift — the one
// function used by the staff pages, the expiry page and the scheduler input (nobody works a position without a valid credential for it).
// Pure: plain data in, plain data out; dates are ISO 'YYYY-MM-DD' strings, which compare
// correctly as strings, so no time zone is involved.
//
// Holding a StaffPosition row (being employed to work the position) is a separate fact: the
// caller combines both.

export interface CredentialFact {
  credentialTypeId: number;
  credentialTypeName: string;
  /** YYYY-MM-DD, first day the credential is valid. */
  issuedOn: string;
  /** YYYY-MM-DD, last day the credential is valid (inclusive); null when it never expires. */
  expiresOn: string | null;
  /** Two-letter state that issued it; null or absent for a national credential. */
  issuingState?: string | null;
  /** The type's catalogue code, e.g. `CPHT`; absent where the caller does not need it. */
  credentialTypeCode?: string;
}

/**
 * The national technician certifications that make "a certified technician" for the states' ratio
 * rule packs (a higher ratio while one is on duty, e.g. Minnesota and New Jersey).
 */
export const RATIO_CERTIFICATIONS: readonly string[] = ['CPHT', 'EXCPT', 'CPHT_ADV'];
export const RATIO_CERTIFICATION_WORDS = 'CPhT, ExCPT or CPhT-Adv';

/** Whether one certification of `RATIO_CERTIFICATIONS` is valid on every day of a shift. */
export function certifiedForRatio(credentials: CredentialFact[], dates: string[]): boolean {
  return credentials.some(
    (c) =>
      c.credentialTypeCode !== undefined &&
      RATIO_CERTIFICATIONS.includes(c.credentialTypeCode) &&
      dates.every((d) => isValidOn(c, d)),
  );
}

export interface RequiredCredentialType {
  id: number;
  name: string;
  /**
   * Null or absent: required on its own. Types of one position sharing a number are alternatives,
   * any one of which satisfies that requirement ("CPhT or ExCPT").
   */
  anyOfGroup?: number | null;
  /** Only a credential issued by the site's state (`PositionRequirement.siteState`) counts. */
  siteStateOnly?: boolean;
}

export interface PositionRequirement {
  positionId: number;
  positionName: string;
  requiredCredentialTypes: RequiredCredentialType[];
  /** The site's state, for requirements that accept only that state's licence. */
  siteState?: string;
}

/** A position requirement row as the repositories read it (PositionCredential with its type). */
export interface RequirementRow {
  anyOfGroup?: number | null;
  siteStateOnly?: boolean;
  credentialType: { id: number; name: string };
}

/** The requirement rows of a position as `requiredCredentialTypes`. */
export function toRequiredTypes(rows: RequirementRow[]): RequiredCredentialType[] {
  return rows.map((r) => ({
    ...r.credentialType,
    anyOfGroup: r.anyOfGroup ?? null,
    siteStateOnly: r.siteStateOnly ?? false,
  }));
}

/** "CPhT", or "CPhT or ExCPT" for alternatives. */
export function describeRequirement(alternatives: Pick<RequiredCredentialType, 'name'>[]): string {
  const names = alternatives.map((a) => a.name);
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1) ?? ''}`;
}

/**
 * The position's requirements as groups of alternatives: a type required on its own is a group of
 * one; types sharing an `anyOfGroup` form one group. Order follows the first type of each group.
 */
export function requirementGroups(types: RequiredCredentialType[]): RequiredCredentialType[][] {
  const groups = new Map<string, RequiredCredentialType[]>();
  for (const type of types) {
    const key =
      type.anyOfGroup === null || type.anyOfGroup === undefined ? `t${type.id}` : `g${type.anyOfGroup}`;
    const group = groups.get(key);
    if (group) group.push(type);
    else groups.set(key, [type]);
  }
  return [...groups.values()];
}

export interface MissingCredential {
  credentialTypeId: number;
  credentialTypeName: string;
  /** Plain words, e.g. "CSPT expired on 2026-11-30". */
  reason: string;
}

export type Qualification =
  | { qualified: true }
  | {
      qualified: false;
      /** Every missing credential's reason, joined with "; ". */
      reason: string;
      missing: MissingCredential[];
    };

/** Whether one credential is valid on a day: issuedOn ≤ date ≤ expiresOn (no expiry: open-ended). */
export function isValidOn(credential: Pick<CredentialFact, 'issuedOn' | 'expiresOn'>, date: string): boolean {
  return credential.issuedOn <= date && (credential.expiresOn === null || date <= credential.expiresOn);
}

/** Why no credential of a type is valid on `date`: none held, expired, or not yet valid. */
function explainInvalid(held: CredentialFact[], typeName: string, date: string): string {
  if (held.length === 0) return `holds no ${typeName}`;
  const expired = held.filter((c) => c.expiresOn !== null && c.expiresOn < date);
  const future = held.filter((c) => c.issuedOn > date);
  const lastExpiry = maxOf(expired.map((c) => c.expiresOn ?? ''));
  const nextStart = minOf(future.map((c) => c.issuedOn));
  if (lastExpiry !== undefined && nextStart !== undefined) {
    return `${typeName} expired on ${lastExpiry} (the renewal is valid from ${nextStart})`;
  }
  if (lastExpiry !== undefined) return `${typeName} expired on ${lastExpiry}`;
  return `${typeName} is not valid until ${nextStart ?? date}`;
}

/** The credentials of a type that count for a requirement (only the site's state's, where so required). */
function countingCredentials(
  credentials: CredentialFact[],
  type: RequiredCredentialType,
  siteState: string | undefined,
): { held: CredentialFact[]; counting: CredentialFact[] } {
  const held = credentials.filter((c) => c.credentialTypeId === type.id);
  if (!type.siteStateOnly || siteState === undefined) return { held, counting: held };
  return { held, counting: held.filter((c) => c.issuingState === siteState) };
}

/** Why no credential of one type counts on `date`, naming the state where that is the reason. */
function explainType(
  credentials: CredentialFact[],
  type: RequiredCredentialType,
  siteState: string | undefined,
  date: string,
): string {
  const { held, counting } = countingCredentials(credentials, type, siteState);
  if (counting.length === 0 && held.length > 0 && siteState !== undefined) {
    const states = [...new Set(held.map((c) => c.issuingState ?? 'no state'))].join(', ');
    return `holds no ${type.name} issued in ${siteState} (only ${states})`;
  }
  return explainInvalid(counting, type.name, date);
}

/** One missing requirement: a single type, or alternatives of which none counts. */
function missingOf(
  group: RequiredCredentialType[],
  explain: (type: RequiredCredentialType) => string,
): MissingCredential {
  const first = group[0] as RequiredCredentialType;
  if (group.length === 1) {
    return { credentialTypeId: first.id, credentialTypeName: first.name, reason: explain(first) };
  }
  const name = describeRequirement(group);
  return {
    credentialTypeId: first.id,
    credentialTypeName: name,
    reason: `needs ${name}: ${group.map(explain).join(', ')}`,
  };
}

/**
 * A person qualifies for a position on a date when EVERY requirement of the position is met by a
 * credential valid that day: a type required on its own, or any one of a group of alternatives. A
 * requirement limited to the site's state counts only credentials issued there. A position with no
 * requirements is open to anyone.
 */
export function qualifiesOn(
  credentials: CredentialFact[],
  position: PositionRequirement,
  date: string,
): Qualification {
  const missing: MissingCredential[] = [];
  for (const group of requirementGroups(position.requiredCredentialTypes)) {
    const met = group.some((type) =>
      countingCredentials(credentials, type, position.siteState).counting.some((c) => isValidOn(c, date)),
    );
    if (met) continue;
    missing.push(missingOf(group, (type) => explainType(credentials, type, position.siteState, date)));
  }
  return toQualification(missing);
}

/**
 * Qualification for a shift that covers several days (a night shift covers two): a credential
 * counts only if that same credential is valid on every day of the shift,
 * so a CSPT that expires at the end of the first day of a night shift does not count.
 */
export function qualifiesForShift(
  credentials: CredentialFact[],
  position: PositionRequirement,
  dates: string[],
): Qualification {
  if (dates.length === 0) return { qualified: true };
  const missing: MissingCredential[] = [];
  for (const group of requirementGroups(position.requiredCredentialTypes)) {
    const met = group.some((type) =>
      countingCredentials(credentials, type, position.siteState).counting.some((c) =>
        dates.every((d) => isValidOn(c, d)),
      ),
    );
    if (met) continue;
    missing.push(
      missingOf(group, (type) => {
        const { counting } = countingCredentials(credentials, type, position.siteState);
        const failingDate = dates.find((d) => !counting.some((c) => isValidOn(c, d)));
        return failingDate !== undefined
          ? explainType(credentials, type, position.siteState, failingDate)
          : `no single ${type.name} is valid on every day of the shift (${dates.join(', ')})`;
      }),
    );
  }
  return toQualification(missing);
}

function toQualification(missing: MissingCredential[]): Qualification {
  if (missing.length === 0) return { qualified: true };
  return { qualified: false, reason: missing.map((m) => m.reason).join('; '), missing };
}

function maxOf(values: string[]): string | undefined {
  return values.reduce<string | undefined>(
    (best, v) => (best === undefined || v > best ? v : best),
    undefined,
  );
}

function minOf(values: string[]): string | undefined {
  return values.reduce<string | undefined>(
    (best, v) => (best === undefined || v < best ? v : best),
    undefined,
  );
}

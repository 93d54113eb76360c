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
}

export interface PositionRequirement {
  positionId: number;
  positionName: string;
  requiredCredentialTypes: { id: number; name: string }[];
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

/**
 * A person qualifies for a position on a date when EVERY credential type the position requires
 * has a credential valid that day. A position with no requirements is open to anyone.
 */
export function qualifiesOn(
  credentials: CredentialFact[],
  position: PositionRequirement,
  date: string,
): Qualification {
  const missing: MissingCredential[] = [];
  for (const type of position.requiredCredentialTypes) {
    const held = credentials.filter((c) => c.credentialTypeId === type.id);
    if (held.some((c) => isValidOn(c, date))) continue;
    missing.push({
      credentialTypeId: type.id,
      credentialTypeName: type.name,
      reason: explainInvalid(held, type.name, date),
    });
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
  for (const type of position.requiredCredentialTypes) {
    const held = credentials.filter((c) => c.credentialTypeId === type.id);
    if (held.some((c) => dates.every((d) => isValidOn(c, d)))) continue;
    const failingDate = dates.find((d) => !held.some((c) => isValidOn(c, d)));
    const reason =
      failingDate !== undefined
        ? explainInvalid(held, type.name, failingDate)
        : `no single ${type.name} is valid on every day of the shift (${dates.join(', ')})`;
    missing.push({ credentialTypeId: type.id, credentialTypeName: type.name, reason });
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

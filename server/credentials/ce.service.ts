// Continuing-education progress toward a credential's next renewal. Pure.
import { daysBetween } from '../lib/time';
//
// A credit counts toward a renewal when it was earned inside the current cycle (from the
// credential's issue date up to its expiry, inclusive) and is either filed against that
// credential type or not filed against any type — general CE is accepted by every renewal of
// the kind the catalogue lists (RPh, CPhT, ExCPT), which is how boards treat ACPE credit.

export type CeTopicName = 'GENERAL' | 'LAW' | 'PATIENT_SAFETY' | 'STERILE_COMPOUNDING' | 'OTHER';

export interface CeRequirement {
  credentialTypeId: number;
  credentialTypeName: string;
  ceHoursPerCycle: number | null;
  ceLawHours: number | null;
  cePatientSafetyHours: number | null;
}

export interface CeCreditFact {
  credentialTypeId: number | null;
  earnedOn: string;
  hours: number;
  topic: CeTopicName;
}

export interface CeProgress {
  credentialTypeId: number;
  credentialTypeName: string;
  cycleStart: string;
  /** The renewal date: the credential's expiry. */
  dueOn: string;
  earned: number;
  required: number;
  lawEarned: number;
  lawRequired: number;
  patientSafetyEarned: number;
  patientSafetyRequired: number;
  /** Hours still needed, counting the law and patient-safety minimums. */
  remaining: number;
  complete: boolean;
  /** Not complete and the renewal is within 90 days (or past). */
  atRisk: boolean;
  /** "12 of 20 h, law 1 of 1 h, patient safety 0 of 1 h" */
  summary: string;
}

const AT_RISK_DAYS = 90;

/**
 * Progress for one credential. Returns null when the credential type asks for no CE or the
 * credential never expires (there is no renewal to work toward).
 */
export function computeCeProgress(
  requirement: CeRequirement,
  credential: { issuedOn: string; expiresOn: string | null },
  credits: CeCreditFact[],
  today: string,
): CeProgress | null {
  const required = requirement.ceHoursPerCycle ?? 0;
  if (required <= 0 || credential.expiresOn === null) return null;
  const inCycle = credits.filter(
    (c) =>
      (c.credentialTypeId === requirement.credentialTypeId || c.credentialTypeId === null) &&
      c.earnedOn >= credential.issuedOn &&
      c.earnedOn <= credential.expiresOn!,
  );
  const sum = (topic?: CeTopicName) =>
    round(inCycle.filter((c) => topic === undefined || c.topic === topic).reduce((t, c) => t + c.hours, 0));
  const earned = sum();
  const lawEarned = sum('LAW');
  const patientSafetyEarned = sum('PATIENT_SAFETY');
  const lawRequired = requirement.ceLawHours ?? 0;
  const patientSafetyRequired = requirement.cePatientSafetyHours ?? 0;
  const lawShort = Math.max(0, lawRequired - lawEarned);
  const safetyShort = Math.max(0, patientSafetyRequired - patientSafetyEarned);
  // Law and patient-safety hours are part of the total, so the total short-fall is at least their sum.
  const remaining = round(Math.max(required - earned, lawShort + safetyShort, 0));
  const complete = remaining === 0;
  const parts = [`${fmt(earned)} of ${fmt(required)} h`];
  if (lawRequired > 0) parts.push(`law ${fmt(lawEarned)} of ${fmt(lawRequired)} h`);
  if (patientSafetyRequired > 0)
    parts.push(`patient safety ${fmt(patientSafetyEarned)} of ${fmt(patientSafetyRequired)} h`);
  return {
    credentialTypeId: requirement.credentialTypeId,
    credentialTypeName: requirement.credentialTypeName,
    cycleStart: credential.issuedOn,
    dueOn: credential.expiresOn,
    earned,
    required,
    lawEarned,
    lawRequired,
    patientSafetyEarned,
    patientSafetyRequired,
    remaining,
    complete,
    atRisk: !complete && daysBetween(today, credential.expiresOn) <= AT_RISK_DAYS,
    summary: parts.join(', '),
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

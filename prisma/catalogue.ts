// Constant data the seed writes: credential types and positions. The rules of the task boards
// (flows, recurrence) live in server/boards/rules.ts, the NCPDP reject codes in
// server/boards/reject-codes.ts.
//
// Requirements vary by state and change over time; the values here are the common national
// ones (PTCB, NHA, AHA) and a typical two-year state cycle. Managers can edit the database rows.

import type { RatioClass } from '../generated/prisma/enums';

// ---------------------------------------------------------------------------------------------
// Credential types
// ---------------------------------------------------------------------------------------------

export type CredentialTypeCode =
  | 'RPH_LICENSE'
  | 'STATE_TECH_REG'
  | 'CPHT'
  | 'EXCPT'
  | 'CPHT_ADV'
  | 'CSPT'
  | 'HAZ_DRUG'
  | 'USP797_GARBING'
  | 'USP797_MEDIA_FILL'
  | 'USP797_GARBING_CAT3'
  | 'USP797_MEDIA_FILL_CAT3'
  | 'USP797_TRAINING'
  | 'BLS'
  | 'INTERN_REG';

export interface CredentialTypeDef {
  code: CredentialTypeCode;
  name: string;
  issuingBody: string;
  /** Months between renewals; null when it does not expire. */
  renewalMonths: number | null;
  /** CE hours per renewal cycle and the law / patient-safety minimums (null: no CE requirement). */
  ceHoursPerCycle: number | null;
  ceLawHours: number | null;
  cePatientSafetyHours: number | null;
  /** Plain-language note for the UI; not stored in the database. */
  note: string;
}

export const CREDENTIAL_TYPES: readonly CredentialTypeDef[] = [
  {
    code: 'RPH_LICENSE',
    name: 'Pharmacist license (RPh)',
    issuingBody: 'State board of pharmacy',
    renewalMonths: 24,
    ceHoursPerCycle: 30,
    ceLawHours: 2,
    cePatientSafetyHours: 2,
    note:
      'Typical biennial state license: 30 h of ACPE-accredited CE per cycle incl. pharmacy law and ' +
      'medication-error / patient-safety hours. Some states differ (e.g. New York: 45 h every 3 years).',
  },
  {
    code: 'STATE_TECH_REG',
    name: 'State pharmacy technician registration',
    issuingBody: 'State board of pharmacy',
    renewalMonths: 24,
    ceHoursPerCycle: null,
    ceLawHours: null,
    cePatientSafetyHours: null,
    note: 'Registration / licence to work as a technician in the state; CE is tracked through the national certification.',
  },
  {
    code: 'CPHT',
    name: 'Certified Pharmacy Technician (CPhT)',
    issuingBody: 'Pharmacy Technician Certification Board (PTCB), via the PTCE',
    renewalMonths: 24,
    ceHoursPerCycle: 20,
    ceLawHours: 1,
    cePatientSafetyHours: 1,
    note: 'Recertify every 2 years with 20 h of technician-specific CE, incl. ≥1 h pharmacy law and ≥1 h patient safety.',
  },
  {
    code: 'EXCPT',
    name: 'Certified Pharmacy Technician (ExCPT)',
    issuingBody: 'National Healthcareer Association (NHA)',
    renewalMonths: 24,
    ceHoursPerCycle: 20,
    ceLawHours: 1,
    cePatientSafetyHours: 1,
    note: 'Renew every 2 years with 20 h of pharmacy-technician CE, incl. 1 h pharmacy law and 1 h patient safety.',
  },
  {
    code: 'CPHT_ADV',
    name: 'Advanced Certified Pharmacy Technician (CPhT-Adv)',
    issuingBody: 'Pharmacy Technician Certification Board (PTCB)',
    renewalMonths: 24,
    ceHoursPerCycle: null,
    ceLawHours: null,
    cePatientSafetyHours: null,
    note: 'Requires an active CPhT; renewed with it (the CPhT’s 20 h of CE count).',
  },
  {
    code: 'CSPT',
    name: 'Compounded Sterile Preparation Technician (CSPT)',
    issuingBody: 'Pharmacy Technician Certification Board (PTCB)',
    renewalMonths: 24,
    ceHoursPerCycle: 2,
    ceLawHours: null,
    cePatientSafetyHours: null,
    note: 'Renew every 2 years; 2 of the CPhT’s 20 CE hours must be in sterile compounding.',
  },
  {
    code: 'HAZ_DRUG',
    name: 'Hazardous drug management (USP <800>)',
    issuingBody: 'PTCB certificate / employer competency assessment',
    renewalMonths: 12,
    ceHoursPerCycle: null,
    ceLawHours: null,
    cePatientSafetyHours: null,
    note: 'USP <800> requires staff who handle hazardous drugs to be trained and reassessed at least every 12 months.',
  },
  // USP <797> (2023 revision, §2 personnel qualifications) competencies, kept as expiring
  // credentials so they gate the sterile-compounding positions on each shift's day: garbing and
  // aseptic technique every 6 months for those compounding Category 1 and 2 CSPs, every 3 months
  // for Category 3 (its own credential types, required by the Category 3 position), training every
  // 12 months. Verify against the current chapter and the state board's rules.
  {
    code: 'USP797_GARBING',
    name: 'Garbing and gloved-fingertip test (USP <797>)',
    issuingBody: 'Employer competency assessment',
    renewalMonths: 6,
    ceHoursPerCycle: null,
    ceLawHours: null,
    cePatientSafetyHours: null,
    note: 'Visual garbing observation and gloved-fingertip/thumb sampling: every 6 months for Category 1–2 compounding, every 3 months for Category 3.',
  },
  {
    code: 'USP797_MEDIA_FILL',
    name: 'Aseptic technique media-fill test (USP <797>)',
    issuingBody: 'Employer competency assessment',
    renewalMonths: 6,
    ceHoursPerCycle: null,
    ceLawHours: null,
    cePatientSafetyHours: null,
    note: 'Media-fill test with gloved-fingertip and surface sampling after it: every 6 months for Category 1–2, every 3 months for Category 3.',
  },
  {
    code: 'USP797_GARBING_CAT3',
    name: 'Garbing and gloved-fingertip test, Category 3 (USP <797>)',
    issuingBody: 'Employer competency assessment',
    renewalMonths: 3,
    ceHoursPerCycle: null,
    ceLawHours: null,
    cePatientSafetyHours: null,
    note: 'The garbing and gloved-fingertip/thumb assessment at the Category 3 cadence: every 3 months for anyone compounding Category 3 CSPs.',
  },
  {
    code: 'USP797_MEDIA_FILL_CAT3',
    name: 'Aseptic technique media-fill test, Category 3 (USP <797>)',
    issuingBody: 'Employer competency assessment',
    renewalMonths: 3,
    ceHoursPerCycle: null,
    ceLawHours: null,
    cePatientSafetyHours: null,
    note: 'The media-fill test with gloved-fingertip and surface sampling at the Category 3 cadence: every 3 months.',
  },
  {
    code: 'USP797_TRAINING',
    name: 'Sterile compounding training (USP <797>)',
    issuingBody: 'Employer training programme',
    renewalMonths: 12,
    ceHoursPerCycle: null,
    ceLawHours: null,
    cePatientSafetyHours: null,
    note: 'Core knowledge training and competency in sterile compounding, demonstrated every 12 months.',
  },
  {
    code: 'BLS',
    name: 'Basic Life Support (BLS) provider',
    issuingBody: 'American Heart Association',
    renewalMonths: 24,
    ceHoursPerCycle: null,
    ceLawHours: null,
    cePatientSafetyHours: null,
    note: 'AHA BLS course completion card, valid 2 years; no CE.',
  },
  {
    code: 'INTERN_REG',
    name: 'Pharmacist intern registration',
    issuingBody: 'State board of pharmacy',
    renewalMonths: null,
    ceHoursPerCycle: null,
    ceLawHours: null,
    cePatientSafetyHours: null,
    note: 'Registration with the state board while in pharmacy school and until licensure; its end date is set by the board.',
  },
];

// ---------------------------------------------------------------------------------------------
// Positions
// ---------------------------------------------------------------------------------------------

export type PositionCode =
  | 'PHARMACIST'
  | 'TECHNICIAN'
  | 'LEAD_TECH'
  | 'IV_TECH'
  | 'IV_CAT3_TECH'
  | 'COMPOUNDING_TECH'
  | 'NUCLEAR_TECH'
  | 'ONCOLOGY_TECH'
  | 'INVENTORY_SPECIALIST'
  | 'BILLING_SPECIALIST'
  | 'PHARMACY_INTERN';

export interface PositionDef {
  code: PositionCode;
  name: string;
  ratioClass: RatioClass;
  /** Hex colour in the schedule grid; distinct per position. */
  color: string;
  sortOrder: number;
  /** Every one of these must be valid on the shift's days for a person to qualify. */
  requires: readonly CredentialTypeCode[];
  /** And any one of these (alternatives such as "CPhT or ExCPT"). */
  anyOf?: readonly CredentialTypeCode[];
}

/**
 * Credentials a state issues (licences and registrations): a position's requirement of one accepts
 * only the site's state's, since a state board does not let another state's licence practise there.
 */
export const STATE_ISSUED: readonly CredentialTypeCode[] = ['RPH_LICENSE', 'STATE_TECH_REG', 'INTERN_REG'];

/** The USP <797> competencies every sterile-compounding position needs, valid on the shift's day. */
const USP797: readonly CredentialTypeCode[] = ['USP797_GARBING', 'USP797_MEDIA_FILL', 'USP797_TRAINING'];

export const POSITIONS: readonly PositionDef[] = [
  {
    code: 'PHARMACIST',
    name: 'Pharmacist',
    ratioClass: 'PHARMACIST',
    color: '#1d4ed8',
    sortOrder: 10,
    requires: ['RPH_LICENSE'],
  },
  {
    code: 'LEAD_TECH',
    name: 'Lead technician',
    ratioClass: 'TECHNICIAN',
    color: '#7c3aed',
    sortOrder: 20,
    requires: ['STATE_TECH_REG'],
    anyOf: ['CPHT', 'EXCPT'],
  },
  {
    code: 'TECHNICIAN',
    name: 'Pharmacy technician',
    ratioClass: 'TECHNICIAN',
    color: '#059669',
    sortOrder: 30,
    requires: ['STATE_TECH_REG'],
  },
  {
    code: 'IV_TECH',
    name: 'IV technician (sterile compounding)',
    ratioClass: 'TECHNICIAN',
    color: '#0891b2',
    sortOrder: 40,
    requires: ['STATE_TECH_REG', 'CSPT', ...USP797],
  },
  // Category 3 CSPs (longer beyond-use dates) need the 3-monthly garbing and media-fill instead
  // of the 6-monthly ones.
  {
    code: 'IV_CAT3_TECH',
    name: 'IV technician, Category 3 (sterile compounding)',
    ratioClass: 'TECHNICIAN',
    color: '#854d0e',
    sortOrder: 45,
    requires: ['STATE_TECH_REG', 'CSPT', 'USP797_GARBING_CAT3', 'USP797_MEDIA_FILL_CAT3', 'USP797_TRAINING'],
  },
  {
    code: 'ONCOLOGY_TECH',
    name: 'Oncology technician (hazardous drugs)',
    ratioClass: 'TECHNICIAN',
    color: '#db2777',
    sortOrder: 50,
    requires: ['STATE_TECH_REG', 'CSPT', 'HAZ_DRUG', ...USP797],
  },
  {
    code: 'COMPOUNDING_TECH',
    name: 'Compounding technician (non-sterile)',
    ratioClass: 'TECHNICIAN',
    color: '#ca8a04',
    sortOrder: 60,
    requires: ['STATE_TECH_REG'],
  },
  {
    code: 'NUCLEAR_TECH',
    name: 'Nuclear pharmacy technician',
    ratioClass: 'TECHNICIAN',
    color: '#65a30d',
    sortOrder: 70,
    requires: ['STATE_TECH_REG'],
  },
  {
    code: 'INVENTORY_SPECIALIST',
    name: 'Inventory specialist',
    ratioClass: 'NONE',
    color: '#ea580c',
    sortOrder: 80,
    requires: ['STATE_TECH_REG'],
  },
  {
    code: 'BILLING_SPECIALIST',
    name: 'Billing specialist',
    ratioClass: 'NONE',
    color: '#475569',
    sortOrder: 90,
    requires: [],
  },
  // Counts as a technician toward the ratio where the state's rule pack says interns do
  // (server/sites/ratio-pack.ts, solver/core/ratio-packs.ts); the inventory and billing positions
  // above never count.
  {
    code: 'PHARMACY_INTERN',
    name: 'Pharmacist intern',
    ratioClass: 'INTERN',
    color: '#9333ea',
    sortOrder: 100,
    requires: ['INTERN_REG'],
  },
];

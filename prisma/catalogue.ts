// Constant domain data shared by the seed and the app: credential types, positions, the NCPDP
// reject-code catalogue and the status flow of every task board (DESIGN.md "Task boards").
//
// Requirements vary by state and change over time; the values here are the common national
// ones (PTCB, NHA, AHA) and a typical two-year state cycle. Managers can edit the database rows.

import type { Board, RatioClass } from '../generated/prisma/enums';

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
  | 'USP797_TRAINING'
  | 'BLS';

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
  // credentials so they gate the sterile-compounding positions on each shift's day. The cadence is
  // that of Category 1 and 2 CSPs; a site compounding Category 3 CSPs reassesses garbing and
  // aseptic technique every 3 months (set the renewal period to 3). Verify against the current
  // chapter and the state board's rules.
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
];

// ---------------------------------------------------------------------------------------------
// Positions
// ---------------------------------------------------------------------------------------------

export type PositionCode =
  | 'PHARMACIST'
  | 'TECHNICIAN'
  | 'LEAD_TECH'
  | 'IV_TECH'
  | 'COMPOUNDING_TECH'
  | 'NUCLEAR_TECH'
  | 'ONCOLOGY_TECH'
  | 'INVENTORY_SPECIALIST'
  | 'BILLING_SPECIALIST';

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
export const STATE_ISSUED: readonly CredentialTypeCode[] = ['RPH_LICENSE', 'STATE_TECH_REG'];

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
];

// ---------------------------------------------------------------------------------------------
// NCPDP reject codes (Telecommunication Standard, field 511-FB) most often seen at the counter
// ---------------------------------------------------------------------------------------------

export interface RejectCodeDef {
  code: string;
  meaning: string;
  /** Usual next step, shown as a hint on the billing board. */
  hint: string;
}

export const NCPDP_REJECT_CODES: readonly RejectCodeDef[] = [
  { code: '06', meaning: 'M/I Group ID', hint: 'Check the group number on the insurance card.' },
  { code: '07', meaning: 'M/I Cardholder ID', hint: 'Verify the member ID with the patient or payer.' },
  {
    code: '08',
    meaning: 'M/I Person Code',
    hint: 'Confirm the person code (e.g. 01 cardholder, 02 spouse).',
  },
  { code: '09', meaning: 'M/I Date of Birth', hint: 'Confirm the date of birth on file with the plan.' },
  { code: '15', meaning: 'M/I Date of Service', hint: 'Correct the fill date and resubmit.' },
  { code: '19', meaning: 'M/I Days Supply', hint: 'Recalculate days supply from quantity and directions.' },
  { code: '21', meaning: 'M/I Product/Service ID', hint: 'Check the NDC submitted.' },
  { code: '25', meaning: 'M/I Prescriber ID', hint: 'Submit the prescriber’s NPI; confirm it is active.' },
  {
    code: '40',
    meaning: 'Pharmacy Not Contracted With Plan On Date Of Service',
    hint: 'Check network status; refer the patient or bill cash.',
  },
  {
    code: '41',
    meaning: 'Submit Bill To Other Processor Or Primary Payer',
    hint: 'Coordination of benefits: bill the primary plan first.',
  },
  {
    code: '52',
    meaning: 'Non-Matched Cardholder ID',
    hint: 'Member ID does not match the payer’s records; re-verify eligibility.',
  },
  {
    code: '65',
    meaning: 'Patient Is Not Covered',
    hint: 'Run an eligibility check; ask for current coverage.',
  },
  {
    code: '69',
    meaning: 'Filled After Coverage Terminated',
    hint: 'Coverage ended before the date of service; find new coverage.',
  },
  {
    code: '70',
    meaning: 'Product/Service Not Covered – Plan/Benefit Exclusion',
    hint: 'Ask the prescriber for a covered alternative or request an exception.',
  },
  {
    code: '75',
    meaning: 'Prior Authorization Required',
    hint: 'Send a PA request to the prescriber; wait for the payer’s decision.',
  },
  {
    code: '76',
    meaning: 'Plan Limitations Exceeded',
    hint: 'Quantity or days-supply limit: adjust quantity or request an override.',
  },
  {
    code: '79',
    meaning: 'Refill Too Soon',
    hint: 'Check the next fill date; call the payer for a vacation or dose-change override.',
  },
  {
    code: '83',
    meaning: 'Duplicate Paid/Captured Claim',
    hint: 'A paid claim already exists; reverse it before resubmitting.',
  },
  { code: '85', meaning: 'Claim Not Processed', hint: 'Resubmit; call the help desk if it repeats.' },
  {
    code: '88',
    meaning: 'DUR Reject Error',
    hint: 'Review the DUR conflict; resubmit with DUR/PPS codes after pharmacist review.',
  },
  {
    code: '92',
    meaning: 'System Unavailable/Host Unavailable/Processing Host Did Not Accept Transaction',
    hint: 'Payer system down: retry later.',
  },
  {
    code: '99',
    meaning: 'Host Processing Error',
    hint: 'Do not resubmit repeatedly; contact the payer help desk.',
  },
  {
    code: 'MR',
    meaning: 'Product Not On Formulary',
    hint: 'Ask the prescriber for a formulary alternative or a formulary exception.',
  },
];

export function rejectCodeMeaning(code: string): string | undefined {
  return NCPDP_REJECT_CODES.find((r) => r.code === code.toUpperCase())?.meaning;
}

// ---------------------------------------------------------------------------------------------
// Board status flows
// ---------------------------------------------------------------------------------------------

export interface BoardStatus {
  code: string;
  label: string;
  /** A closed status ends the card's life (closedAt is set); listed last on the board. */
  closed?: boolean;
}

export interface BoardFlow {
  statuses: BoardStatus[];
  /** From status → the statuses it may move to. Every status has an entry (possibly empty). */
  transitions: Record<string, string[]>;
}

/**
 * Vendor returns: identified → authorisation requested → authorised → packed → shipped → credit
 * received (closed). DISPUTED is a side state for a vendor that refuses the authorisation or that,
 * after shipment, denies receipt or credits short; from it the card goes back into the flow
 * (re-request authorisation, back to shipped to await the corrected credit) or is closed with
 * the credit received (possibly zero, with a reason). A step back is allowed where it is a
 * natural correction (authorisation request withdrawn, package re-opened).
 *
 * Billing issues: new → investigating → waiting on payer / prescriber → resubmitted → resolved
 * (paid) or written off. A resubmitted claim that rejects again returns to investigating.
 *
 * Daily tasks: to do → in progress → done; a task may be started and put back, and a done task
 * may be reopened (a log signed by mistake) — DONE is closed, but not terminal.
 */
export const BOARD_FLOWS: Record<Board, BoardFlow> = {
  VENDOR_RETURN: {
    statuses: [
      { code: 'IDENTIFIED', label: 'Identified' },
      { code: 'AUTH_REQUESTED', label: 'Authorisation requested' },
      { code: 'AUTHORISED', label: 'Authorised' },
      { code: 'PACKED', label: 'Packed' },
      { code: 'SHIPPED', label: 'Shipped' },
      { code: 'DISPUTED', label: 'Disputed' },
      { code: 'CREDIT_RECEIVED', label: 'Credit received', closed: true },
    ],
    transitions: {
      IDENTIFIED: ['AUTH_REQUESTED'],
      AUTH_REQUESTED: ['AUTHORISED', 'IDENTIFIED', 'DISPUTED'],
      AUTHORISED: ['PACKED'],
      PACKED: ['SHIPPED', 'AUTHORISED'],
      SHIPPED: ['CREDIT_RECEIVED', 'DISPUTED'],
      DISPUTED: ['AUTH_REQUESTED', 'SHIPPED', 'CREDIT_RECEIVED'],
      CREDIT_RECEIVED: [],
    },
  },
  BILLING_ISSUE: {
    statuses: [
      { code: 'NEW', label: 'New' },
      { code: 'INVESTIGATING', label: 'Investigating' },
      { code: 'WAITING_PAYER', label: 'Waiting on payer' },
      { code: 'WAITING_PRESCRIBER', label: 'Waiting on prescriber' },
      { code: 'RESUBMITTED', label: 'Resubmitted' },
      { code: 'RESOLVED_PAID', label: 'Resolved (paid)', closed: true },
      { code: 'WRITTEN_OFF', label: 'Written off', closed: true },
    ],
    transitions: {
      NEW: ['INVESTIGATING'],
      INVESTIGATING: ['WAITING_PAYER', 'WAITING_PRESCRIBER', 'RESUBMITTED', 'WRITTEN_OFF'],
      WAITING_PAYER: ['INVESTIGATING', 'RESUBMITTED', 'WRITTEN_OFF'],
      WAITING_PRESCRIBER: ['INVESTIGATING', 'RESUBMITTED', 'WRITTEN_OFF'],
      RESUBMITTED: ['RESOLVED_PAID', 'INVESTIGATING', 'WRITTEN_OFF'],
      RESOLVED_PAID: [],
      WRITTEN_OFF: [],
    },
  },
  DAILY: {
    statuses: [
      { code: 'TODO', label: 'To do' },
      { code: 'IN_PROGRESS', label: 'In progress' },
      { code: 'DONE', label: 'Done', closed: true },
    ],
    transitions: {
      TODO: ['IN_PROGRESS', 'DONE'],
      IN_PROGRESS: ['DONE', 'TODO'],
      DONE: ['IN_PROGRESS'],
    },
  },
};

/** The status a new card starts in. */
export const INITIAL_STATUS: Record<Board, string> = {
  VENDOR_RETURN: 'IDENTIFIED',
  BILLING_ISSUE: 'NEW',
  DAILY: 'TODO',
};

export function allowedNextStatuses(board: Board, from: string): readonly string[] {
  return BOARD_FLOWS[board].transitions[from] ?? [];
}

export function canTransition(board: Board, from: string, to: string): boolean {
  return allowedNextStatuses(board, from).includes(to);
}

export function isClosedStatus(board: Board, status: string): boolean {
  return BOARD_FLOWS[board].statuses.some((s) => s.code === status && s.closed === true);
}

export function statusLabel(board: Board, status: string): string {
  return BOARD_FLOWS[board].statuses.find((s) => s.code === status)?.label ?? status;
}

// ---------------------------------------------------------------------------------------------
// Daily task recurrence
// ---------------------------------------------------------------------------------------------

export interface RecurrenceRule {
  recurrence: 'DAILY' | 'WEEKLY' | 'MONTHLY';
  /** For WEEKLY: ISO weekdays "1,3,5". */
  weekdays?: string | null;
  /** For MONTHLY: day of the month (1–28). */
  dayOfMonth?: number | null;
}

/** Whether a daily-task template makes a card on a local date (YYYY-MM-DD). */
export function recurrenceRunsOn(rule: RecurrenceRule, isoDate: string): boolean {
  const [y, m, d] = isoDate.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return false;
  switch (rule.recurrence) {
    case 'DAILY':
      return true;
    case 'MONTHLY':
      return rule.dayOfMonth === d;
    case 'WEEKLY': {
      const jsDay = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
      const iso = jsDay === 0 ? 7 : jsDay;
      return (rule.weekdays ?? '')
        .split(',')
        .map((s) => Number(s.trim()))
        .includes(iso);
    }
  }
}

// The demo pharmacy: "Riverside Hospital Outpatient & IV Pharmacy", ~25 staff with credentials,
// CE, availability and time off, shift templates with coverage, daily-task templates and a few
// vendor returns and billing issues with their history.
//
// Deterministic: every value comes from the constants below, a seeded PRNG (mulberry32) and the
// `today` option; the same `today` gives the same rows (ids included, in a fresh database). Only
// password hashes differ between runs (argon2 salts). All dates are relative to `today`, so there
// are always credentials expiring within 30 days and one expired (an IV technician's CSPT).
//
// Run directly (`npm run db:seed` / `tsx prisma/seed.ts`): seeds the database named by
// DATABASE_URL when it is empty and prints the demo sign-ins; a non-empty database is left alone.

import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { hash } from '@node-rs/argon2';
import { DateTime } from 'luxon';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import type {
  AppRole,
  AvailabilityKind,
  Board,
  CeTopic,
  EmploymentType,
  Priority,
  Recurrence,
  ReturnReason,
  TimeOffStatus,
} from '../generated/prisma/enums';
import {
  CREDENTIAL_TYPES,
  INITIAL_STATUS,
  POSITIONS,
  canTransition,
  isClosedStatus,
  recurrenceRunsOn,
  type CredentialTypeCode,
  type PositionCode,
  STATE_ISSUED,
} from './catalogue';
import { mulberry32 } from '../solver/runtime/random';
import { defaultBreakMinutes, shiftLengthMinutes } from '../server/scheduling/paid-hours';

export interface DemoSignIn {
  role: AppRole;
  email: string;
  password: string;
  name: string;
}

export interface SeedOptions {
  /** Local date (YYYY-MM-DD) the data is relative to; default: today in the site's zone. */
  today?: string;
}

/** The literal password of the demo sign-ins (and only of them). */
export const DEMO_PASSWORD = 'password';
/** How sign-in listings describe the demo password. */
export const DEMO_PASSWORD_NOTE = `password for each: "${DEMO_PASSWORD}"`;

/** Demo sign-ins, and only they, have e-mail addresses in this domain. */
export const DEMO_EMAIL_DOMAIN = 'demo.rxroster.test';

export const DEMO_SITE = {
  name: 'Riverside Hospital Outpatient & IV Pharmacy',
  timeZone: 'America/New_York',
  usState: 'NY',
  techRatio: 4,
} as const;

const EMAIL_DOMAIN = 'riverside-rx.example';
const PRNG_SEED = 0x5eed_2026;

type Tx = Prisma.TransactionClient;

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

export { mulberry32 };

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

/** "HH:MM" → minutes from midnight ("24:00" → 1440). */
function hm(s: string): number {
  const [h, m] = s.split(':').map(Number);
  if (h === undefined || m === undefined || Number.isNaN(h) || Number.isNaN(m))
    throw new Error(`bad time ${s}`);
  return h * 60 + m;
}

/** "1-5" | "6,7" | "1-3,6" → ISO weekdays. */
function weekdaysOf(spec: string): number[] {
  const out: number[] = [];
  for (const part of spec.split(',')) {
    const [a, b] = part.split('-').map(Number);
    if (a === undefined) continue;
    for (let d = a; d <= (b ?? a); d++) out.push(d);
  }
  return out;
}

const hours = (h: number): number => Math.round(h * 60);
const cents = (dollars: number): number => Math.round(dollars * 100);

function req<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`seed: missing ${what}`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Staff
// ---------------------------------------------------------------------------------------------

type CeProfile = 'complete' | 'onTrack' | 'behind';

interface CredSpec {
  type: CredentialTypeCode;
  /** Days from today to the expiry date (negative: expired); default: a random 100 days or more. */
  expiresIn?: number;
  /** Verified by the manager; default true. */
  verified?: boolean;
  ce?: CeProfile;
  /** Shared certificant number (PTCB uses one number for all its credentials). */
  numberFrom?: CredentialTypeCode;
}

type Window = [weekdays: string, start: string, end: string, kind: AvailabilityKind];

interface StaffSpec {
  key: string;
  first: string;
  last: string;
  type: EmploymentType;
  rate: number;
  /** Weekly hours: min, target, max. */
  weekly: [number, number, number];
  positions: PositionCode[];
  creds: CredSpec[];
  availability: Window[];
  role?: AppRole;
  demo?: string;
}

// In paid hours: every demo shift is 8.5 h with a 30-minute unpaid meal break, 8 h paid.
const FT: [number, number, number] = [32, 40, 40]; // 4–5 shifts
const PT: [number, number, number] = [16, 24, 24]; // 2–3 shifts
const PER_DIEM: [number, number, number] = [0, 8, 24];

// Availability patterns (windows of different kinds never overlap on a day).
const ANY_TIME: Window[] = [['1-7', '00:00', '24:00', 'AVAILABLE']];
const DAYS_PREFERRED: Window[] = [
  ['1-5', '06:00', '16:00', 'PREFERRED'],
  ['1-5', '16:00', '24:00', 'AVAILABLE'],
  ['6-7', '06:00', '24:00', 'AVAILABLE'],
];
const EVENINGS_PREFERRED: Window[] = [
  ['1-7', '06:00', '14:00', 'AVAILABLE'],
  ['1-7', '14:00', '24:00', 'PREFERRED'],
];
const NIGHTS_PREFERRED: Window[] = [
  ['1-7', '00:00', '08:00', 'PREFERRED'],
  ['1-7', '08:00', '22:00', 'AVAILABLE'],
  ['1-7', '22:00', '24:00', 'PREFERRED'],
];
const NO_SUNDAYS: Window[] = [
  ['1-5', '06:00', '16:00', 'PREFERRED'],
  ['1-5', '16:00', '24:00', 'AVAILABLE'],
  ['6', '06:00', '24:00', 'AVAILABLE'],
  ['7', '00:00', '24:00', 'UNAVAILABLE'],
];

const STAFF: StaffSpec[] = [
  // Operations manager: former technician, does not work shifts (no positions, 0 scheduled hours).
  {
    key: 'denise',
    first: 'Denise',
    last: 'Alvarez',
    type: 'FULL_TIME',
    rate: 46.5,
    weekly: [0, 0, 0],
    positions: [],
    creds: [
      { type: 'STATE_TECH_REG', expiresIn: 410 },
      { type: 'CPHT', ce: 'complete' },
    ],
    availability: [],
    role: 'MANAGER',
    demo: 'operations manager',
  },
  // Pharmacists
  {
    key: 'priya',
    first: 'Priya',
    last: 'Raman',
    type: 'FULL_TIME',
    rate: 68,
    weekly: FT,
    positions: ['PHARMACIST'],
    creds: [
      { type: 'RPH_LICENSE', ce: 'onTrack' },
      { type: 'BLS', expiresIn: 12 },
    ],
    availability: DAYS_PREFERRED,
    demo: 'pharmacist',
  },
  {
    key: 'marcus',
    first: 'Marcus',
    last: 'Bell',
    type: 'FULL_TIME',
    rate: 71.25,
    weekly: FT,
    positions: ['PHARMACIST'],
    creds: [{ type: 'RPH_LICENSE', ce: 'complete' }, { type: 'BLS' }],
    availability: ANY_TIME,
  },
  {
    key: 'elena',
    first: 'Elena',
    last: 'Sokolova',
    type: 'FULL_TIME',
    rate: 74.5,
    weekly: FT,
    positions: ['PHARMACIST'],
    creds: [{ type: 'RPH_LICENSE', ce: 'behind' }, { type: 'BLS' }],
    availability: NIGHTS_PREFERRED,
  },
  {
    key: 'david',
    first: 'David',
    last: 'Okafor',
    type: 'FULL_TIME',
    rate: 66.75,
    weekly: FT,
    positions: ['PHARMACIST'],
    creds: [
      { type: 'RPH_LICENSE', ce: 'onTrack' },
      { type: 'BLS', expiresIn: 52 },
    ],
    availability: EVENINGS_PREFERRED,
  },
  {
    key: 'grace',
    first: 'Grace',
    last: 'Kim',
    type: 'FULL_TIME',
    rate: 69.5,
    weekly: FT,
    positions: ['PHARMACIST'],
    creds: [{ type: 'RPH_LICENSE', expiresIn: 24, ce: 'complete' }, { type: 'BLS' }],
    availability: NO_SUNDAYS,
  },
  {
    key: 'hannah',
    first: 'Hannah',
    last: 'Schultz',
    type: 'PART_TIME',
    rate: 70,
    weekly: PT,
    positions: ['PHARMACIST'],
    creds: [{ type: 'RPH_LICENSE', ce: 'onTrack' }],
    availability: [
      ['1,2,4', '06:00', '24:00', 'AVAILABLE'],
      ['6', '06:00', '24:00', 'PREFERRED'],
      ['3,5,7', '00:00', '24:00', 'UNAVAILABLE'],
    ],
  },
  {
    key: 'rafael',
    first: 'Rafael',
    last: 'Ortiz',
    type: 'PER_DIEM',
    rate: 78,
    weekly: PER_DIEM,
    positions: ['PHARMACIST'],
    creds: [{ type: 'RPH_LICENSE', ce: 'onTrack', verified: false }],
    availability: [
      ['5-7', '00:00', '24:00', 'AVAILABLE'],
      ['1', '00:00', '08:00', 'AVAILABLE'],
    ],
  },
  // Lead technician (demo LEAD)
  {
    key: 'jordan',
    first: 'Jordan',
    last: 'Mitchell',
    type: 'FULL_TIME',
    rate: 31.5,
    weekly: FT,
    positions: ['LEAD_TECH', 'TECHNICIAN', 'INVENTORY_SPECIALIST'],
    creds: [
      { type: 'STATE_TECH_REG' },
      { type: 'CPHT', ce: 'onTrack' },
      { type: 'CPHT_ADV', expiresIn: 68, numberFrom: 'CPHT' },
      { type: 'BLS' },
    ],
    availability: DAYS_PREFERRED,
    role: 'LEAD',
    demo: 'lead technician',
  },
  // Technicians
  {
    key: 'aisha',
    first: 'Aisha',
    last: 'Thompson',
    type: 'FULL_TIME',
    rate: 24.5,
    weekly: FT,
    positions: ['TECHNICIAN'],
    creds: [{ type: 'STATE_TECH_REG' }, { type: 'CPHT', expiresIn: 21, ce: 'behind' }],
    availability: DAYS_PREFERRED,
    demo: 'technician',
  },
  {
    key: 'kevin',
    first: 'Kevin',
    last: 'Nguyen',
    type: 'FULL_TIME',
    rate: 23.75,
    weekly: FT,
    positions: ['TECHNICIAN'],
    creds: [{ type: 'STATE_TECH_REG' }, { type: 'EXCPT', ce: 'onTrack' }],
    availability: EVENINGS_PREFERRED,
  },
  {
    key: 'maria',
    first: 'Maria',
    last: 'Gonzalez',
    type: 'FULL_TIME',
    rate: 26.25,
    weekly: FT,
    positions: ['TECHNICIAN', 'LEAD_TECH'],
    creds: [{ type: 'STATE_TECH_REG' }, { type: 'CPHT', ce: 'complete' }, { type: 'BLS' }],
    availability: ANY_TIME,
  },
  {
    key: 'tyrone',
    first: 'Tyrone',
    last: 'Jackson',
    type: 'FULL_TIME',
    rate: 23,
    weekly: FT,
    positions: ['TECHNICIAN'],
    creds: [
      { type: 'STATE_TECH_REG', expiresIn: 9 },
      { type: 'EXCPT', ce: 'onTrack' },
    ],
    availability: EVENINGS_PREFERRED,
  },
  {
    key: 'samantha',
    first: 'Samantha',
    last: 'Reyes',
    type: 'FULL_TIME',
    rate: 22.5,
    weekly: FT,
    positions: ['TECHNICIAN'],
    creds: [
      { type: 'STATE_TECH_REG', verified: false },
      { type: 'CPHT', ce: 'onTrack', verified: false },
    ],
    availability: DAYS_PREFERRED,
  },
  {
    key: 'brian',
    first: 'Brian',
    last: "O'Connor",
    type: 'FULL_TIME',
    rate: 24,
    weekly: FT,
    positions: ['TECHNICIAN', 'COMPOUNDING_TECH'],
    creds: [{ type: 'STATE_TECH_REG' }, { type: 'CPHT', ce: 'complete' }],
    availability: ANY_TIME,
  },
  {
    key: 'kenji',
    first: 'Kenji',
    last: 'Watanabe',
    type: 'FULL_TIME',
    rate: 23.25,
    weekly: FT,
    positions: ['TECHNICIAN'],
    creds: [{ type: 'STATE_TECH_REG' }, { type: 'EXCPT', ce: 'behind', verified: false }],
    availability: EVENINGS_PREFERRED,
  },
  {
    key: 'lauren',
    first: 'Lauren',
    last: 'Fischer',
    type: 'PART_TIME',
    rate: 23.5,
    weekly: PT,
    positions: ['TECHNICIAN', 'BILLING_SPECIALIST'],
    creds: [{ type: 'STATE_TECH_REG' }, { type: 'EXCPT', ce: 'behind' }],
    availability: [
      ['3', '06:00', '24:00', 'AVAILABLE'],
      ['6-7', '06:00', '24:00', 'PREFERRED'],
      ['1,2,4,5', '00:00', '24:00', 'UNAVAILABLE'],
    ],
  },
  {
    key: 'jamal',
    first: 'Jamal',
    last: 'Washington',
    type: 'PART_TIME',
    rate: 22.75,
    weekly: PT,
    positions: ['TECHNICIAN'],
    creds: [{ type: 'STATE_TECH_REG' }, { type: 'CPHT', ce: 'onTrack' }],
    availability: [
      ['1,2,4,5', '00:00', '14:00', 'UNAVAILABLE'],
      ['1,2,4,5', '14:00', '24:00', 'AVAILABLE'],
      ['6', '06:00', '24:00', 'AVAILABLE'],
    ],
  },
  {
    key: 'olivia',
    first: 'Olivia',
    last: 'Bennett',
    type: 'PER_DIEM',
    rate: 26,
    weekly: PER_DIEM,
    positions: ['TECHNICIAN'],
    creds: [{ type: 'STATE_TECH_REG' }, { type: 'CPHT', ce: 'complete' }],
    availability: [
      ['6-7', '06:00', '24:00', 'AVAILABLE'],
      ['1,3', '14:00', '24:00', 'AVAILABLE'],
    ],
  },
  {
    key: 'ahmed',
    first: 'Ahmed',
    last: 'Hassan',
    type: 'PART_TIME',
    rate: 24.25,
    weekly: PT,
    positions: ['TECHNICIAN', 'COMPOUNDING_TECH'],
    creds: [{ type: 'STATE_TECH_REG' }, { type: 'EXCPT', expiresIn: 47, ce: 'onTrack' }],
    availability: [
      ['1,3,5', '06:00', '16:00', 'PREFERRED'],
      ['1,3,5', '16:00', '24:00', 'AVAILABLE'],
      ['2,4,6,7', '00:00', '24:00', 'UNAVAILABLE'],
    ],
  },
  // IV technicians (sterile compounding); Ben's CSPT has expired.
  {
    key: 'ben',
    first: 'Ben',
    last: 'Carter',
    type: 'FULL_TIME',
    rate: 28.5,
    weekly: FT,
    positions: ['IV_TECH', 'TECHNICIAN'],
    creds: [
      { type: 'STATE_TECH_REG' },
      { type: 'CPHT', ce: 'onTrack' },
      { type: 'CSPT', expiresIn: -6, numberFrom: 'CPHT' },
      { type: 'USP797_GARBING', expiresIn: 130 },
      { type: 'USP797_MEDIA_FILL', expiresIn: 140 },
      { type: 'USP797_TRAINING', expiresIn: 300 },
      { type: 'BLS' },
    ],
    availability: DAYS_PREFERRED,
  },
  {
    key: 'ana',
    first: 'Ana',
    last: 'Petrova',
    type: 'FULL_TIME',
    rate: 29.75,
    weekly: FT,
    positions: ['IV_TECH', 'ONCOLOGY_TECH', 'TECHNICIAN'],
    creds: [
      { type: 'STATE_TECH_REG' },
      { type: 'CPHT', ce: 'complete' },
      { type: 'CSPT', expiresIn: 27, numberFrom: 'CPHT', ce: 'behind' },
      { type: 'USP797_GARBING', expiresIn: 125 },
      { type: 'USP797_MEDIA_FILL', expiresIn: 155 },
      { type: 'USP797_TRAINING', expiresIn: 280 },
      { type: 'HAZ_DRUG' },
    ],
    availability: NO_SUNDAYS,
  },
  {
    key: 'chris',
    first: 'Chris',
    last: 'Delgado',
    type: 'FULL_TIME',
    rate: 28,
    weekly: FT,
    positions: ['IV_TECH', 'ONCOLOGY_TECH', 'TECHNICIAN'],
    creds: [
      { type: 'STATE_TECH_REG' },
      { type: 'CPHT', ce: 'onTrack' },
      { type: 'CSPT', numberFrom: 'CPHT', ce: 'complete' },
      { type: 'HAZ_DRUG', expiresIn: 75 },
      { type: 'USP797_GARBING', expiresIn: 135 },
      { type: 'USP797_MEDIA_FILL', expiresIn: 160 },
      { type: 'USP797_TRAINING', expiresIn: 310 },
      { type: 'BLS' },
    ],
    availability: ANY_TIME,
  },
  {
    key: 'dee',
    first: 'Dee',
    last: 'Robinson',
    type: 'FULL_TIME',
    rate: 29,
    weekly: FT,
    positions: ['IV_TECH', 'TECHNICIAN'],
    creds: [
      { type: 'STATE_TECH_REG' },
      { type: 'CPHT', ce: 'onTrack' },
      { type: 'CSPT', numberFrom: 'CPHT', ce: 'complete' },
      { type: 'USP797_GARBING', expiresIn: 120 },
      { type: 'USP797_MEDIA_FILL', expiresIn: 150 },
      { type: 'USP797_TRAINING', expiresIn: 290 },
    ],
    availability: [
      ['2-6', '06:00', '16:00', 'PREFERRED'],
      ['1,7', '06:00', '16:00', 'AVAILABLE'],
      ['1-7', '16:00', '24:00', 'AVAILABLE'],
    ],
  },
  // Inventory and billing
  {
    key: 'rosa',
    first: 'Rosa',
    last: 'Martinez',
    type: 'FULL_TIME',
    rate: 27,
    weekly: FT,
    positions: ['INVENTORY_SPECIALIST', 'TECHNICIAN'],
    creds: [{ type: 'STATE_TECH_REG' }, { type: 'CPHT', ce: 'onTrack' }],
    availability: [
      ['1-5', '05:00', '15:00', 'PREFERRED'],
      ['1-5', '15:00', '20:00', 'AVAILABLE'],
      ['6-7', '00:00', '24:00', 'UNAVAILABLE'],
    ],
  },
  {
    key: 'nicole',
    first: 'Nicole',
    last: 'Foster',
    type: 'FULL_TIME',
    rate: 25.5,
    weekly: FT,
    positions: ['BILLING_SPECIALIST'],
    creds: [],
    availability: [
      ['1-5', '08:00', '17:30', 'PREFERRED'],
      ['6-7', '00:00', '24:00', 'UNAVAILABLE'],
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Shift templates and coverage
// ---------------------------------------------------------------------------------------------

interface TemplateSpec {
  name: string;
  shiftType: string;
  weekdays: string;
  start: string;
  end: string;
  coverage: [PositionCode, number, number | null][];
}

/**
 * Weekly demand: 28 pharmacist shifts, 59 technician-class shifts (40 technician, 5 lead, 12 IV,
 * 2 oncology) and 10 inventory/billing shifts, all 8.5 h with the default 30-minute unpaid meal
 * break (776 paid hours; a full-timer reaches 40 h in five shifts, without overtime). At every
 * moment technicians ≤ 4 × pharmacists holds at the maximum headcounts. The IV room is tight on
 * purpose: with Ben's CSPT expired, three IV technicians cover 14 IV/oncology shifts with 15 shifts
 * of capacity, so any time off opens a gap.
 */
const TEMPLATES: TemplateSpec[] = [
  {
    name: 'Weekday day',
    shiftType: 'DAY',
    weekdays: '1,2,3,4,5',
    start: '07:00',
    end: '15:30',
    coverage: [
      ['PHARMACIST', 2, 3],
      ['LEAD_TECH', 1, 1],
      ['TECHNICIAN', 4, 4],
    ],
  },
  {
    name: 'Weekday evening',
    shiftType: 'EVENING',
    weekdays: '1,2,3,4,5',
    start: '15:00',
    end: '23:30',
    coverage: [
      ['PHARMACIST', 1, 2],
      ['TECHNICIAN', 2, 3],
    ],
  },
  {
    name: 'IV room day',
    shiftType: 'IV',
    weekdays: '1,2,3,4,5',
    start: '07:00',
    end: '15:30',
    coverage: [['IV_TECH', 2, 2]],
  },
  {
    name: 'Oncology hazardous-drug compounding',
    shiftType: 'IV',
    weekdays: '2,4',
    start: '08:00',
    end: '16:30',
    coverage: [['ONCOLOGY_TECH', 1, 1]],
  },
  {
    name: 'Inventory & receiving',
    shiftType: 'DAY',
    weekdays: '1,2,3,4,5',
    start: '06:00',
    end: '14:30',
    coverage: [['INVENTORY_SPECIALIST', 1, 1]],
  },
  {
    name: 'Billing & claims',
    shiftType: 'DAY',
    weekdays: '1,2,3,4,5',
    start: '08:30',
    end: '17:00',
    coverage: [['BILLING_SPECIALIST', 1, 1]],
  },
  {
    name: 'Weekend day',
    shiftType: 'WEEKEND',
    weekdays: '6,7',
    start: '07:00',
    end: '15:30',
    coverage: [
      ['PHARMACIST', 2, 2],
      ['TECHNICIAN', 3, 3],
      ['IV_TECH', 1, 1],
    ],
  },
  {
    name: 'Weekend evening',
    shiftType: 'WEEKEND',
    weekdays: '6,7',
    start: '15:00',
    end: '23:30',
    coverage: [
      ['PHARMACIST', 1, 1],
      ['TECHNICIAN', 2, 2],
    ],
  },
  {
    name: 'Overnight pharmacist',
    shiftType: 'NIGHT',
    weekdays: '1,2,3,4,5,6,7',
    start: '23:00',
    end: '07:30',
    coverage: [['PHARMACIST', 1, 1]],
  },
];

// ---------------------------------------------------------------------------------------------
// Daily task templates
// ---------------------------------------------------------------------------------------------

interface DailyTemplateSpec {
  title: string;
  description: string;
  recurrence: Recurrence;
  weekdays?: string;
  dayOfMonth?: number;
  due: string;
  priority: Priority;
  /** Who did yesterday's card (when it ran yesterday); null: left undone (overdue). */
  yesterdayBy: string | null;
}

const DAILY_TEMPLATES: DailyTemplateSpec[] = [
  {
    title: 'Fridge temperature log',
    description:
      'Record min/max/current temperature of every medication refrigerator and freezer; act on excursions.',
    recurrence: 'DAILY',
    due: '08:00',
    priority: 'HIGH',
    yesterdayBy: 'aisha',
  },
  {
    title: 'IV room cleaning log',
    description: 'Daily cleaning of the ISO 5 hoods and work surfaces (USP <797>); sign the log.',
    recurrence: 'DAILY',
    due: '15:00',
    priority: 'NORMAL',
    yesterdayBy: null,
  },
  {
    title: 'Receive wholesaler order',
    description: 'Check the delivery against the purchase order, put away, file the invoice; report shorts.',
    recurrence: 'WEEKLY',
    weekdays: '1,3,5',
    due: '10:00',
    priority: 'NORMAL',
    yesterdayBy: 'rosa',
  },
  {
    title: 'Controlled-substance count',
    description:
      'Perpetual inventory count of Schedule II products with a pharmacist witness; reconcile discrepancies.',
    recurrence: 'WEEKLY',
    weekdays: '1',
    due: '14:00',
    priority: 'HIGH',
    yesterdayBy: 'jordan',
  },
  {
    title: 'Expired product pull',
    description:
      'Pull products expiring this month from shelves, fridges and the IV room; start vendor returns.',
    recurrence: 'MONTHLY',
    dayOfMonth: 1,
    due: '12:00',
    priority: 'HIGH',
    yesterdayBy: 'rosa',
  },
];

// ---------------------------------------------------------------------------------------------
// Task board cards with their history
// ---------------------------------------------------------------------------------------------

/** One step in a card's life: at day offset from today and local time, by a staff key's user. */
interface Step {
  day: number;
  at: string;
  by: string;
  status?: string;
  assign?: string;
  field?: [string, string];
  comment?: string;
}

interface CardSpec {
  title: string;
  description?: string;
  priority: Priority;
  /** Due day offset from today (at 17:00 local). */
  dueIn: number | null;
  steps: Step[];
}

interface VendorReturnSpec extends CardSpec {
  vendor: string;
  drugName: string;
  ndc: string;
  lot: string;
  expiryIn: number;
  quantity: number;
  reason: ReturnReason;
  raNumber?: string;
  expectedCredit: number;
  receivedCredit?: number;
  shippedIn?: number;
  trackingNumber?: string;
  scheduleII?: boolean;
  deaForm222Number?: string;
}

interface BillingIssueSpec extends CardSpec {
  rxNumber: string;
  serviceIn: number;
  payerName: string;
  bin: string;
  pcn?: string;
  rejectCode: string;
  amount: number;
  outcome?: string;
  notes?: string;
}

const VENDOR_RETURNS: VendorReturnSpec[] = [
  {
    title: 'Return expired EpiPen 2-Pak ×6',
    priority: 'NORMAL',
    dueIn: 7,
    vendor: 'McKesson',
    drugName: 'EpiPen 2-Pak (epinephrine 0.3 mg auto-injector)',
    ndc: '49502050002',
    lot: '3FM784',
    expiryIn: -12,
    quantity: 6,
    reason: 'EXPIRED',
    expectedCredit: 3894,
    steps: [
      { day: -1, at: '11:20', by: 'rosa' },
      { day: -1, at: '11:25', by: 'jordan', assign: 'rosa' },
    ],
  },
  {
    title: 'Damaged Lantus vials from Tuesday delivery',
    description: 'Two vials arrived with cracked caps; kept in quarantine bin in the fridge.',
    priority: 'HIGH',
    dueIn: 2,
    vendor: 'McKesson',
    drugName: 'Lantus (insulin glargine) 100 units/mL, 10 mL vial',
    ndc: '00088222033',
    lot: 'MFK4512',
    expiryIn: 320,
    quantity: 2,
    reason: 'DAMAGED',
    expectedCredit: 584.2,
    steps: [
      { day: -4, at: '09:40', by: 'rosa' },
      { day: -4, at: '09:45', by: 'jordan', assign: 'rosa' },
      { day: -3, at: '08:15', by: 'rosa', status: 'AUTH_REQUESTED' },
      {
        day: -3,
        at: '08:16',
        by: 'rosa',
        comment: 'Requested RA through McKesson Connect, photos attached to the request.',
      },
    ],
  },
  {
    title: 'Mis-shipped Eliquis 5 mg (ordered 2.5 mg)',
    priority: 'NORMAL',
    dueIn: 3,
    vendor: 'Cardinal Health',
    drugName: 'Eliquis (apixaban) 5 mg tablets, 60 ct',
    ndc: '00003089421',
    lot: 'AB7192K',
    expiryIn: 540,
    quantity: 3,
    reason: 'MIS_SHIPPED',
    raNumber: 'CAH-RA-7741093',
    expectedCredit: 1770.6,
    steps: [
      { day: -6, at: '10:05', by: 'jordan' },
      { day: -6, at: '10:06', by: 'jordan', assign: 'jordan' },
      { day: -6, at: '14:30', by: 'jordan', status: 'AUTH_REQUESTED' },
      { day: -5, at: '09:10', by: 'jordan', field: ['raNumber', 'CAH-RA-7741093'] },
      { day: -5, at: '09:11', by: 'jordan', status: 'AUTHORISED' },
    ],
  },
  {
    title: 'Expired oxycodone 5 mg to reverse distributor (C-II)',
    description: 'Schedule II: needs the DEA Form 222 from Inmar before it can ship.',
    priority: 'HIGH',
    dueIn: 5,
    vendor: 'Inmar Rx Solutions',
    drugName: 'Oxycodone HCl 5 mg tablets, 100 ct',
    ndc: '42858000101',
    lot: 'RH23K0915',
    expiryIn: -40,
    quantity: 2,
    reason: 'EXPIRED',
    raNumber: 'INM-55201874',
    expectedCredit: 18.4,
    scheduleII: true,
    steps: [
      { day: -12, at: '13:00', by: 'rosa' },
      { day: -12, at: '13:02', by: 'jordan', assign: 'jordan' },
      { day: -11, at: '09:30', by: 'jordan', status: 'AUTH_REQUESTED' },
      { day: -9, at: '10:45', by: 'jordan', field: ['raNumber', 'INM-55201874'] },
      { day: -9, at: '10:46', by: 'jordan', status: 'AUTHORISED' },
      { day: -8, at: '15:10', by: 'jordan', status: 'PACKED' },
      {
        day: -8,
        at: '15:12',
        by: 'jordan',
        comment:
          'Sealed and locked in the CII vault. Waiting for Inmar to issue the DEA Form 222 — do not ship before.',
      },
    ],
  },
  {
    title: 'Recalled enoxaparin lot — return to Cardinal',
    priority: 'URGENT',
    dueIn: -1,
    vendor: 'Cardinal Health',
    drugName: 'Lovenox (enoxaparin) 40 mg/0.4 mL syringes, 10 ct',
    ndc: '00075062040',
    lot: '4L2291',
    expiryIn: 410,
    quantity: 4,
    reason: 'RECALLED',
    raNumber: 'CAH-RC-2290415',
    expectedCredit: 1463.2,
    shippedIn: -9,
    trackingNumber: '1Z4A72W90312345678',
    steps: [
      { day: -16, at: '08:30', by: 'jordan' },
      { day: -16, at: '08:31', by: 'jordan', assign: 'rosa' },
      { day: -16, at: '09:00', by: 'rosa', status: 'AUTH_REQUESTED' },
      { day: -14, at: '11:20', by: 'rosa', field: ['raNumber', 'CAH-RC-2290415'] },
      { day: -14, at: '11:21', by: 'rosa', status: 'AUTHORISED' },
      { day: -10, at: '14:00', by: 'rosa', status: 'PACKED' },
      { day: -9, at: '10:30', by: 'rosa', field: ['trackingNumber', '1Z4A72W90312345678'] },
      { day: -9, at: '10:31', by: 'rosa', status: 'SHIPPED' },
    ],
  },
  {
    title: 'Overstock Humalog KwikPens back to McKesson',
    priority: 'LOW',
    dueIn: null,
    vendor: 'McKesson',
    drugName: 'Humalog KwikPen (insulin lispro) 100 units/mL, 5 × 3 mL',
    ndc: '00002879959',
    lot: 'D512773',
    expiryIn: 230,
    quantity: 2,
    reason: 'OVERSTOCK',
    raNumber: 'MCK-RA-3318842',
    expectedCredit: 1061,
    receivedCredit: 1007.95,
    shippedIn: -30,
    trackingNumber: '1Z4A72W90398765432',
    steps: [
      { day: -38, at: '10:00', by: 'rosa' },
      { day: -38, at: '10:01', by: 'rosa', assign: 'rosa' },
      { day: -37, at: '09:15', by: 'rosa', status: 'AUTH_REQUESTED' },
      { day: -35, at: '13:40', by: 'rosa', field: ['raNumber', 'MCK-RA-3318842'] },
      { day: -35, at: '13:41', by: 'rosa', status: 'AUTHORISED' },
      { day: -31, at: '16:00', by: 'rosa', status: 'PACKED' },
      { day: -30, at: '09:50', by: 'rosa', field: ['trackingNumber', '1Z4A72W90398765432'] },
      { day: -30, at: '09:51', by: 'rosa', status: 'SHIPPED' },
      { day: -4, at: '11:05', by: 'rosa', field: ['receivedCreditCents', '100795'] },
      { day: -4, at: '11:06', by: 'rosa', status: 'CREDIT_RECEIVED' },
      {
        day: -4,
        at: '11:08',
        by: 'rosa',
        comment: 'Credit memo received: 5 % restocking fee per the McKesson contract.',
      },
    ],
  },
  {
    title: 'Crushed case of Eliquis 2.5 mg — credit disputed',
    priority: 'HIGH',
    dueIn: 3,
    vendor: 'Cencora',
    drugName: 'Eliquis (apixaban) 2.5 mg tablets, 60 ct',
    ndc: '00003089321',
    lot: 'AB6620J',
    expiryIn: 480,
    quantity: 5,
    reason: 'DAMAGED',
    raNumber: 'COR-RA-90417752',
    expectedCredit: 2951,
    shippedIn: -35,
    trackingNumber: '1Z4A72W90355501234',
    steps: [
      { day: -44, at: '09:30', by: 'rosa' },
      { day: -44, at: '09:31', by: 'jordan', assign: 'rosa' },
      { day: -43, at: '10:00', by: 'rosa', status: 'AUTH_REQUESTED' },
      { day: -41, at: '15:20', by: 'rosa', field: ['raNumber', 'COR-RA-90417752'] },
      { day: -41, at: '15:21', by: 'rosa', status: 'AUTHORISED' },
      { day: -36, at: '12:00', by: 'rosa', status: 'PACKED' },
      { day: -35, at: '09:40', by: 'rosa', field: ['trackingNumber', '1Z4A72W90355501234'] },
      { day: -35, at: '09:41', by: 'rosa', status: 'SHIPPED' },
      { day: -5, at: '10:10', by: 'jordan', status: 'DISPUTED' },
      {
        day: -5,
        at: '10:12',
        by: 'jordan',
        comment: 'Cencora says the tote never reached their returns centre. UPS proof of delivery requested.',
      },
      { day: -5, at: '10:13', by: 'jordan', assign: 'jordan' },
    ],
  },
];

const BILLING_ISSUES: BillingIssueSpec[] = [
  {
    title: 'Rx 6104821 — PA required (semaglutide)',
    priority: 'HIGH',
    dueIn: 1,
    rxNumber: '6104821',
    serviceIn: -1,
    payerName: 'Express Scripts',
    bin: '003858',
    pcn: 'A4',
    rejectCode: '75',
    amount: 997.58,
    notes: 'Ozempic 1 mg pen. Patient waiting; fax PA form to prescriber.',
    steps: [{ day: -1, at: '16:40', by: 'aisha' }],
  },
  {
    title: 'Rx 6103377 — refill too soon',
    priority: 'NORMAL',
    dueIn: 2,
    rxNumber: '6103377',
    serviceIn: -3,
    payerName: 'CVS Caremark',
    bin: '004336',
    pcn: 'ADV',
    rejectCode: '79',
    amount: 42.15,
    notes: 'Dose increased by prescriber; call the help desk for a dose-change override.',
    steps: [
      { day: -3, at: '12:10', by: 'kevin' },
      { day: -3, at: '12:30', by: 'jordan', assign: 'nicole' },
      { day: -2, at: '09:05', by: 'nicole', status: 'INVESTIGATING' },
    ],
  },
  {
    title: 'Rx 6102290 — not on formulary',
    priority: 'NORMAL',
    dueIn: 1,
    rxNumber: '6102290',
    serviceIn: -6,
    payerName: 'OptumRx',
    bin: '610011',
    pcn: '9999',
    rejectCode: 'MR',
    amount: 318.4,
    notes: 'Asked the prescriber for a formulary alternative.',
    steps: [
      { day: -6, at: '10:00', by: 'aisha' },
      { day: -6, at: '10:20', by: 'jordan', assign: 'nicole' },
      { day: -5, at: '09:30', by: 'nicole', status: 'INVESTIGATING' },
      { day: -5, at: '11:00', by: 'nicole', status: 'WAITING_PRESCRIBER' },
      { day: -5, at: '11:01', by: 'nicole', comment: 'Faxed the formulary alternatives list to the clinic.' },
    ],
  },
  {
    title: 'Rx 6101954 — quantity limit exceeded',
    priority: 'NORMAL',
    dueIn: 4,
    rxNumber: '6101954',
    serviceIn: -8,
    payerName: 'NY Medicaid (eMedNY)',
    bin: '004740',
    rejectCode: '76',
    amount: 96.75,
    notes: 'Override requested for quantity above the plan limit.',
    steps: [
      { day: -8, at: '15:45', by: 'tyrone' },
      { day: -8, at: '16:00', by: 'jordan', assign: 'nicole' },
      { day: -7, at: '09:00', by: 'nicole', status: 'INVESTIGATING' },
      { day: -7, at: '10:30', by: 'nicole', status: 'WAITING_PAYER' },
    ],
  },
  {
    title: 'Rx 6100862 — invalid prescriber ID',
    priority: 'LOW',
    dueIn: 2,
    rxNumber: '6100862',
    serviceIn: -10,
    payerName: 'Humana',
    bin: '015581',
    pcn: '03200000',
    rejectCode: '25',
    amount: 57.3,
    steps: [
      { day: -10, at: '11:15', by: 'aisha' },
      { day: -10, at: '11:30', by: 'jordan', assign: 'nicole' },
      { day: -9, at: '08:45', by: 'nicole', status: 'INVESTIGATING' },
      {
        day: -9,
        at: '09:20',
        by: 'nicole',
        field: ['notes', 'Prescriber NPI was missing; corrected in the profile.'],
      },
      { day: -9, at: '09:25', by: 'nicole', status: 'RESUBMITTED' },
    ],
    notes: 'Prescriber NPI was missing; corrected in the profile.',
  },
  {
    title: 'Rx 6099413 — bill primary first (COB)',
    priority: 'NORMAL',
    dueIn: null,
    rxNumber: '6099413',
    serviceIn: -21,
    payerName: 'Express Scripts',
    bin: '003858',
    pcn: 'A4',
    rejectCode: '41',
    amount: 212,
    outcome: 'Billed the primary plan first; secondary paid the balance ($212.00).',
    steps: [
      { day: -21, at: '13:00', by: 'kevin' },
      { day: -21, at: '13:10', by: 'jordan', assign: 'nicole' },
      { day: -20, at: '09:00', by: 'nicole', status: 'INVESTIGATING' },
      { day: -19, at: '10:40', by: 'nicole', status: 'RESUBMITTED' },
      {
        day: -7,
        at: '14:15',
        by: 'nicole',
        field: ['outcome', 'Billed the primary plan first; secondary paid the balance ($212.00).'],
      },
      { day: -7, at: '14:16', by: 'nicole', status: 'RESOLVED_PAID' },
    ],
  },
  {
    title: 'Rx 6098120 — patient not covered',
    priority: 'LOW',
    dueIn: null,
    rxNumber: '6098120',
    serviceIn: -34,
    payerName: 'MedImpact',
    bin: '003585',
    rejectCode: '65',
    amount: 38.9,
    outcome: 'Coverage ended before the date of service; patient paid the cash price. Written off.',
    steps: [
      { day: -34, at: '17:20', by: 'tyrone' },
      { day: -33, at: '08:40', by: 'jordan', assign: 'nicole' },
      { day: -33, at: '09:10', by: 'nicole', status: 'INVESTIGATING' },
      { day: -33, at: '11:00', by: 'nicole', status: 'WAITING_PAYER' },
      {
        day: -26,
        at: '10:00',
        by: 'nicole',
        comment: 'Payer confirms coverage terminated at the end of last month.',
      },
      {
        day: -26,
        at: '10:05',
        by: 'nicole',
        field: [
          'outcome',
          'Coverage ended before the date of service; patient paid the cash price. Written off.',
        ],
      },
      { day: -26, at: '10:06', by: 'denise', status: 'WRITTEN_OFF' },
    ],
  },
  {
    title: 'Rx 6105030 — DUR reject (therapeutic duplication)',
    priority: 'URGENT',
    dueIn: 0,
    rxNumber: '6105030',
    serviceIn: 0,
    payerName: 'CVS Caremark',
    bin: '004336',
    pcn: 'ADV',
    rejectCode: '88',
    amount: 128.6,
    notes: 'Pharmacist to review the duplication and resubmit with DUR/PPS codes.',
    steps: [
      { day: 0, at: '08:05', by: 'samantha' },
      { day: 0, at: '08:10', by: 'jordan', assign: 'priya' },
      { day: 0, at: '08:30', by: 'priya', status: 'INVESTIGATING' },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// CE titles
// ---------------------------------------------------------------------------------------------

const CE_TITLES: Record<CeTopic, readonly string[]> = {
  LAW: [
    'Federal pharmacy law update: DEA controlled-substance rules',
    'DSCSA product-tracing requirements for pharmacy staff',
    'State pharmacy practice act review',
  ],
  PATIENT_SAFETY: [
    'Preventing look-alike/sound-alike medication errors',
    'High-alert medications: insulin and anticoagulant safety',
    'Root-cause analysis of dispensing errors',
  ],
  STERILE_COMPOUNDING: [
    'USP <797> update: garbing, hand hygiene and beyond-use dates',
    'Aseptic technique refresher and media-fill testing',
  ],
  GENERAL: [
    'Immunization update for pharmacy teams',
    'GLP-1 receptor agonists: an overview',
    'Biosimilars and interchangeability',
    'Oncology supportive care basics',
    'Managing drug shortages and inventory',
    'Opioid stewardship and naloxone',
    'Medicare Part D billing essentials',
    'Anticoagulation management update',
  ],
  OTHER: ['Pharmacy informatics and automation'],
};

const CE_PROVIDERS = [
  'Power-Pak C.E.',
  'Pharmacy Times Continuing Education',
  'ASHP',
  'FreeCE',
  'RxCe',
] as const;

// ---------------------------------------------------------------------------------------------
// The seed
// ---------------------------------------------------------------------------------------------

/** True when the database has no site and no user: the only state the seed will write into. */
export async function isDatabaseEmpty(prisma: PrismaClient): Promise<boolean> {
  const [sites, users] = await Promise.all([prisma.site.count(), prisma.user.count()]);
  return sites === 0 && users === 0;
}

/** Today's date in the demo site's zone. */
export function defaultToday(): string {
  const d = DateTime.now().setZone(DEMO_SITE.timeZone).toISODate();
  if (d === null) throw new Error('cannot compute today');
  return d;
}

export async function seedDemo(prisma: PrismaClient, options: SeedOptions = {}): Promise<DemoSignIn[]> {
  const today = options.today ?? defaultToday();
  const base = DateTime.fromISO(today, { zone: DEMO_SITE.timeZone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || !base.isValid) {
    throw new Error(`seedDemo: today must be a YYYY-MM-DD date, got "${today}"`);
  }

  // Hash once per distinct password: argon2 is deliberately slow. Staff other than the demo
  // sign-ins get a password nobody knows (random, never printed); a manager resets it.
  const [demoHash, lockedHash] = await Promise.all([
    hash(DEMO_PASSWORD),
    hash(randomBytes(24).toString('base64url')),
  ]);

  const signIns: DemoSignIn[] = [];
  await prisma.$transaction(
    async (tx) => {
      const ctx = new SeedContext(tx, base, new Rng(PRNG_SEED));
      await ctx.catalogue();
      await ctx.site();
      await ctx.staff(demoHash, lockedHash, signIns);
      await ctx.availability();
      await ctx.timeOff();
      await ctx.shiftTemplates();
      await ctx.tasks();
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  const order: AppRole[] = ['MANAGER', 'LEAD', 'STAFF'];
  return signIns.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
}

class SeedContext {
  private siteId = 0;
  private readonly credentialTypeIds = new Map<string, number>();
  private readonly positionIds = new Map<string, number>();
  private readonly staffIds = new Map<string, number>();
  private readonly userIds = new Map<string, number>();

  constructor(
    private readonly tx: Tx,
    private readonly base: DateTime,
    private readonly rng: Rng,
  ) {}

  private date(offsetDays: number): string {
    return req(this.base.plus({ days: offsetDays }).toISODate() ?? undefined, 'date');
  }

  private instant(offsetDays: number, at: string): Date {
    const minutes = hm(at);
    return this.base
      .plus({ days: offsetDays })
      .set({ hour: Math.floor(minutes / 60), minute: minutes % 60 })
      .toJSDate();
  }

  private staffId(key: string): number {
    return req(this.staffIds.get(key), `staff ${key}`);
  }

  private userId(key: string): number {
    return req(this.userIds.get(key), `user ${key}`);
  }

  async catalogue(): Promise<void> {
    for (const t of CREDENTIAL_TYPES) {
      const row = await this.tx.credentialType.create({
        data: {
          code: t.code,
          name: t.name,
          issuingBody: t.issuingBody,
          renewalMonths: t.renewalMonths,
          ceHoursPerCycle: t.ceHoursPerCycle,
          ceLawHours: t.ceLawHours,
          cePatientSafetyHours: t.cePatientSafetyHours,
        },
      });
      this.credentialTypeIds.set(t.code, row.id);
    }
    for (const p of POSITIONS) {
      const row = await this.tx.position.create({
        data: {
          code: p.code,
          name: p.name,
          ratioClass: p.ratioClass,
          color: p.color,
          sortOrder: p.sortOrder,
          requiredCredentials: {
            create: [
              ...p.requires.map((code) => ({
                credentialTypeId: req(this.credentialTypeIds.get(code), code),
                siteStateOnly: STATE_ISSUED.includes(code),
              })),
              ...(p.anyOf ?? []).map((code) => ({
                credentialTypeId: req(this.credentialTypeIds.get(code), code),
                anyOfGroup: 1,
              })),
            ],
          },
        },
      });
      this.positionIds.set(p.code, row.id);
    }
  }

  async site(): Promise<void> {
    const row = await this.tx.site.create({
      data: {
        name: DEMO_SITE.name,
        timeZone: DEMO_SITE.timeZone,
        usState: DEMO_SITE.usState,
        techRatio: DEMO_SITE.techRatio,
      },
    });
    this.siteId = row.id;
  }

  async staff(demoHash: string, lockedHash: string, signIns: DemoSignIn[]): Promise<void> {
    const managerKey = req(
      STAFF.find((s) => s.role === 'MANAGER'),
      'manager',
    ).key;
    let index = 0;
    for (const s of STAFF) {
      const staff = await this.tx.staff.create({
        data: {
          siteId: this.siteId,
          firstName: s.first,
          lastName: s.last,
          employmentType: s.type,
          hourlyRateCents: cents(s.rate),
          minWeeklyMinutes: hours(s.weekly[0]),
          targetWeeklyMinutes: hours(s.weekly[1]),
          maxWeeklyMinutes: hours(s.weekly[2]),
          phone: `(518) 555-01${String(index).padStart(2, '0')}`,
          positions: {
            create: s.positions.map((code) => ({ positionId: req(this.positionIds.get(code), code) })),
          },
        },
      });
      index++;
      this.staffIds.set(s.key, staff.id);
      const local = `${s.first}.${s.last}`.toLowerCase().replace(/[^a-z.]/g, '');
      const email = `${local}@${s.demo ? DEMO_EMAIL_DOMAIN : EMAIL_DOMAIN}`;
      const role = s.role ?? 'STAFF';
      const user = await this.tx.user.create({
        data: {
          email,
          passwordHash: s.demo ? demoHash : lockedHash,
          role,
          staffId: staff.id,
          mustChangePassword: !s.demo,
        },
      });
      this.userIds.set(s.key, user.id);
      if (s.demo) signIns.push({ role, email, password: DEMO_PASSWORD, name: `${s.first} ${s.last}` });
    }

    // Credentials and CE, verified by the manager.
    const managerUserId = this.userId(managerKey);
    for (const s of STAFF) {
      const staffId = this.staffId(s.key);
      const numbers = new Map<CredentialTypeCode, string>();
      for (const c of s.creds) {
        const type = req(
          CREDENTIAL_TYPES.find((t) => t.code === c.type),
          c.type,
        );
        const renewalDays = type.renewalMonths === null ? 3650 : Math.round(type.renewalMonths * 30.4);
        const expiresIn = c.expiresIn ?? this.rng.int(100, renewalDays - 60);
        const expires = this.base.plus({ days: expiresIn });
        const issued =
          type.renewalMonths === null
            ? expires.minus({ years: 5 })
            : expires.minus({ months: type.renewalMonths });
        const expiresOn = req(expires.toISODate() ?? undefined, 'expiry');
        const issuedOn = req(issued.toISODate() ?? undefined, 'issue');
        const number =
          (c.numberFrom && numbers.get(c.numberFrom)) || this.credentialNumber(c.type, issued.year);
        numbers.set(c.type, number);
        const verified = c.verified ?? true;
        const verifiedOffset = Math.min(Math.round(issued.diff(this.base, 'days').days) + 3, -1);
        await this.tx.credential.create({
          data: {
            staffId,
            credentialTypeId: req(this.credentialTypeIds.get(c.type), c.type),
            number,
            issuingState: STATE_ISSUED.includes(c.type) ? DEMO_SITE.usState : null,
            issuedOn,
            expiresOn,
            verifiedById: verified ? managerUserId : null,
            verifiedAt: verified ? this.instant(verifiedOffset, '10:30') : null,
          },
        });
        if (c.ce && type.ceHoursPerCycle !== null) {
          await this.ceCredits(staffId, c.type, c.ce, issued, expires);
        }
      }
    }
  }

  private credentialNumber(type: CredentialTypeCode, year: number): string {
    switch (type) {
      case 'RPH_LICENSE':
        return `0${this.rng.digits(5)}`;
      case 'STATE_TECH_REG':
        return `RPT-0${this.rng.digits(5)}`;
      case 'CPHT':
      case 'CPHT_ADV':
      case 'CSPT':
        return this.rng.digits(7);
      case 'EXCPT':
        return `NHA-${this.rng.digits(8)}`;
      case 'HAZ_DRUG':
        return `HD-${year}-${this.rng.digits(4)}`;
      case 'BLS':
        return this.rng.digits(12);
      // An employer's competency record: no random digits, so the demo's other numbers stay as they were.
      case 'USP797_GARBING':
        return `GF-${year}`;
      case 'USP797_MEDIA_FILL':
        return `MF-${year}`;
      case 'USP797_TRAINING':
        return `SCT-${year}`;
    }
  }

  /** CE credits in the current cycle [issued, today) for a credential with a CE requirement. */
  private async ceCredits(
    staffId: number,
    typeCode: CredentialTypeCode,
    profile: CeProfile,
    issued: DateTime,
    expires: DateTime,
  ): Promise<void> {
    const type = req(
      CREDENTIAL_TYPES.find((t) => t.code === typeCode),
      typeCode,
    );
    const required = type.ceHoursPerCycle ?? 0;
    const cycleDays = Math.max(1, expires.diff(issued, 'days').days);
    const elapsedDays = Math.max(0, this.base.diff(issued, 'days').days);
    const elapsed = Math.min(1, elapsedDays / cycleDays);

    // Plan the hours by topic.
    const plan: [CeTopic, number][] = [];
    if (typeCode === 'CSPT') {
      plan.push(['STERILE_COMPOUNDING', profile === 'behind' ? 1 : 2]);
    } else {
      const law = type.ceLawHours ?? 0;
      const safety = type.cePatientSafetyHours ?? 0;
      let target: number;
      if (profile === 'complete') target = required + this.rng.int(0, 2);
      else if (profile === 'onTrack')
        target = Math.max(law + safety + 2, Math.ceil(required * Math.max(elapsed, 0.35)));
      else target = Math.max(2, Math.floor(required * elapsed * 0.5));
      if (profile !== 'behind') {
        plan.push(['LAW', law], ['PATIENT_SAFETY', safety]);
      } else if (safety > 0) {
        plan.push(['PATIENT_SAFETY', safety]); // behind: no law hours yet
      }
      let planned = plan.reduce((sum, [, h]) => sum + h, 0);
      while (planned < target) {
        const h = Math.min(target - planned, this.rng.pick([1, 1.5, 2, 3]));
        plan.push([this.rng.int(0, 5) === 0 ? 'OTHER' : 'GENERAL', h]);
        planned += h;
      }
    }

    // Spread the credits over the elapsed part of the cycle, oldest first.
    const last = Math.max(1, Math.floor(elapsedDays) - 1);
    const first = Math.min(20, last);
    const offsets = plan.map(() => this.rng.int(first, last)).sort((a, b) => a - b);
    const rows = plan.map(([topic, h], i) => ({
      staffId,
      credentialTypeId: req(this.credentialTypeIds.get(typeCode), typeCode),
      earnedOn: req(issued.plus({ days: req(offsets[i], 'offset') }).toISODate() ?? undefined, 'earnedOn'),
      hours: h,
      topic,
      title: this.rng.pick(CE_TITLES[topic]),
      provider: this.rng.pick(CE_PROVIDERS),
    }));
    await this.tx.ceCredit.createMany({ data: rows });
  }

  async availability(): Promise<void> {
    for (const s of STAFF) {
      const staffId = this.staffId(s.key);
      const rows: Prisma.AvailabilityRuleCreateManyInput[] = [];
      for (const [days, start, end, kind] of s.availability) {
        for (const weekday of weekdaysOf(days)) {
          rows.push({ staffId, weekday, startMinute: hm(start), endMinute: hm(end), kind });
        }
      }
      rows.sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute);
      if (rows.length > 0) await this.tx.availabilityRule.createMany({ data: rows });
    }
    const exceptions: [string, number, string | null, string | null, AvailabilityKind, string][] = [
      ['samantha', 4, '08:00', '12:00', 'UNAVAILABLE', 'Dentist appointment'],
      ['olivia', 6, '07:00', '23:30', 'AVAILABLE', 'Can pick up an extra shift'],
      ['hannah', 11, null, null, 'UNAVAILABLE', 'Jury duty'],
    ];
    for (const [key, day, start, end, kind, note] of exceptions) {
      await this.tx.availabilityException.create({
        data: {
          staffId: this.staffId(key),
          date: this.date(day),
          startMinute: start === null ? null : hm(start),
          endMinute: end === null ? null : hm(end),
          kind,
          note,
        },
      });
    }
  }

  async timeOff(): Promise<void> {
    const requests: [string, number, number, string, TimeOffStatus, string | null][] = [
      ['ana', 7, 8, 'Family wedding out of town', 'APPROVED', 'Approved — IV room will need cover.'],
      ['kevin', 10, 12, 'Vacation', 'APPROVED', null],
      ['priya', 5, 5, 'School event for my son', 'PENDING', null],
      ['tyrone', 9, 10, 'Moving apartments', 'PENDING', null],
      ['chris', 12, 13, 'ASHP conference', 'PENDING', null],
      [
        'jamal',
        6,
        6,
        'Concert tickets',
        'DENIED',
        'Evening coverage is short that day; please swap with a colleague and resubmit.',
      ],
    ];
    const manager = this.userId('denise');
    for (const [key, from, to, reason, status, note] of requests) {
      const reviewed = status !== 'PENDING';
      await this.tx.timeOffRequest.create({
        data: {
          staffId: this.staffId(key),
          startDate: this.date(from),
          endDate: this.date(to),
          reason,
          status,
          reviewerId: reviewed ? manager : null,
          reviewedAt: reviewed ? this.instant(-2, '09:15') : null,
          reviewNote: note,
          createdAt: this.instant(-4, '13:00'),
        },
      });
    }
  }

  async shiftTemplates(): Promise<void> {
    for (const t of TEMPLATES) {
      await this.tx.shiftTemplate.create({
        data: {
          siteId: this.siteId,
          name: t.name,
          shiftType: t.shiftType,
          weekdays: t.weekdays,
          startMinute: hm(t.start),
          endMinute: hm(t.end),
          breakMinutes: defaultBreakMinutes(shiftLengthMinutes(hm(t.start), hm(t.end))),
          coverage: {
            create: t.coverage.map(([code, min, max]) => ({
              positionId: req(this.positionIds.get(code), code),
              min,
              max,
            })),
          },
        },
      });
    }
  }

  async tasks(): Promise<void> {
    for (const v of VENDOR_RETURNS) {
      const taskId = await this.card('VENDOR_RETURN', v);
      await this.tx.vendorReturn.create({
        data: {
          taskId,
          vendor: v.vendor,
          drugName: v.drugName,
          ndc: v.ndc,
          lot: v.lot,
          expiryDate: this.date(v.expiryIn),
          quantity: v.quantity,
          reason: v.reason,
          raNumber: v.raNumber ?? null,
          expectedCreditCents: cents(v.expectedCredit),
          receivedCreditCents: v.receivedCredit === undefined ? null : cents(v.receivedCredit),
          shippedOn: v.shippedIn === undefined ? null : this.date(v.shippedIn),
          trackingNumber: v.trackingNumber ?? null,
          scheduleII: v.scheduleII ?? false,
          deaForm222Number: v.deaForm222Number ?? null,
        },
      });
    }
    for (const b of BILLING_ISSUES) {
      const taskId = await this.card('BILLING_ISSUE', b);
      await this.tx.billingIssue.create({
        data: {
          taskId,
          rxNumber: b.rxNumber,
          dateOfService: this.date(b.serviceIn),
          payerName: b.payerName,
          bin: b.bin,
          pcn: b.pcn ?? null,
          rejectCode: b.rejectCode,
          amountCents: cents(b.amount),
          outcome: b.outcome ?? null,
          notes: b.notes ?? null,
        },
      });
    }
    await this.dailyTasks();
  }

  /** Creates a card and replays its steps as history; returns the task id. */
  private async card(
    board: Board,
    spec: CardSpec,
    extra: Partial<Prisma.TaskUncheckedCreateInput> = {},
  ): Promise<number> {
    const [created, ...rest] = spec.steps;
    if (!created) throw new Error(`card ${spec.title} has no steps`);
    let status = INITIAL_STATUS[board];
    let assignee: number | null = null;
    let version = 1;
    let closedAt: Date | null = null;
    const events: Prisma.TaskEventCreateManyInput[] = [];
    const comments: Prisma.TaskCommentCreateManyInput[] = [];
    const createdAt = this.instant(created.day, created.at);
    let updatedAt = createdAt;
    events.push({
      taskId: 0,
      actorId: this.actor(created.by),
      kind: 'CREATED',
      field: 'status',
      toValue: status,
      createdAt,
    });
    for (const step of rest) {
      const at = this.instant(step.day, step.at);
      const actorId = this.actor(step.by);
      if (at < updatedAt) throw new Error(`card ${spec.title}: steps out of order`);
      if (step.status !== undefined) {
        if (!canTransition(board, status, step.status)) {
          throw new Error(`card ${spec.title}: ${status} → ${step.status} is not in the ${board} flow`);
        }
        events.push({
          taskId: 0,
          actorId,
          kind: 'STATUS',
          field: 'status',
          fromValue: status,
          toValue: step.status,
          createdAt: at,
        });
        status = step.status;
        closedAt = isClosedStatus(board, status) ? at : null;
        version++;
        updatedAt = at;
      }
      if (step.assign !== undefined) {
        const next = this.staffId(step.assign);
        events.push({
          taskId: 0,
          actorId,
          kind: 'ASSIGNED',
          field: 'assigneeId',
          fromValue: assignee === null ? null : String(assignee),
          toValue: String(next),
          createdAt: at,
        });
        assignee = next;
        version++;
        updatedAt = at;
      }
      if (step.field !== undefined) {
        events.push({
          taskId: 0,
          actorId,
          kind: 'FIELD',
          field: step.field[0],
          toValue: step.field[1],
          createdAt: at,
        });
        version++;
        updatedAt = at;
      }
      if (step.comment !== undefined) {
        comments.push({ taskId: 0, authorId: actorId, body: step.comment, createdAt: at });
        events.push({ taskId: 0, actorId, kind: 'COMMENT', createdAt: at });
      }
    }
    const task = await this.tx.task.create({
      data: {
        siteId: this.siteId,
        board,
        status,
        title: spec.title,
        description: spec.description ?? null,
        assigneeId: assignee,
        dueAt: spec.dueIn === null ? null : this.instant(spec.dueIn, '17:00'),
        priority: spec.priority,
        createdById: this.actor(created.by),
        version,
        closedAt,
        createdAt,
        updatedAt,
        ...extra,
      },
    });
    await this.tx.taskEvent.createMany({ data: events.map((e) => ({ ...e, taskId: task.id })) });
    if (comments.length > 0) {
      await this.tx.taskComment.createMany({ data: comments.map((c) => ({ ...c, taskId: task.id })) });
    }
    return task.id;
  }

  private actor(key: string): number | null {
    return key === 'system' ? null : this.userId(key);
  }

  /** Daily-task templates, plus yesterday's cards (done, one left overdue) and today's (to do). */
  private async dailyTasks(): Promise<void> {
    for (const t of DAILY_TEMPLATES) {
      const template = await this.tx.dailyTaskTemplate.create({
        data: {
          siteId: this.siteId,
          title: t.title,
          description: t.description,
          recurrence: t.recurrence,
          weekdays: t.weekdays ?? null,
          dayOfMonth: t.dayOfMonth ?? null,
          dueMinute: hm(t.due),
          priority: t.priority,
        },
      });
      for (const day of [-1, 0]) {
        const taskDate = this.date(day);
        if (!recurrenceRunsOn(t, taskDate)) continue;
        const steps: Step[] = [{ day, at: '05:00', by: 'system' }];
        if (day === -1 && t.yesterdayBy !== null) {
          const dueMinute = hm(t.due);
          const start = Math.max(300, dueMinute - 60);
          const fmt = (m: number): string =>
            `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
          steps.push(
            { day, at: '06:30', by: 'jordan', assign: t.yesterdayBy },
            { day, at: fmt(Math.max(start, 390)), by: t.yesterdayBy, status: 'IN_PROGRESS' },
            { day, at: fmt(Math.max(dueMinute - 10, 400)), by: t.yesterdayBy, status: 'DONE' },
          );
        }
        const spec: CardSpec = {
          title: t.title,
          description: t.description,
          priority: t.priority,
          dueIn: null,
          steps,
        };
        await this.card('DAILY', spec, {
          taskDate,
          templateId: template.id,
          dueAt: this.instant(day, t.due),
        });
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// CLI: tsx prisma/seed.ts
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { mkdirSync } = await import('node:fs');
  const { databaseFile } = await import('../server/db/database-url');
  const { applyMigrations } = await import('../server/db/migrate');
  const { PrismaClient } = await import('../generated/prisma/client');
  const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
  const file = databaseFile();
  mkdirSync(path.dirname(file), { recursive: true });
  applyMigrations(file);
  const prisma = new PrismaClient({
    adapter: new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 5000 }),
  });
  try {
    if (!(await isDatabaseEmpty(prisma))) {
      console.log(`Database ${file} already has data; the demo pharmacy was not seeded.`);
      return;
    }
    const signIns = await seedDemo(prisma);
    console.log(`Seeded "${DEMO_SITE.name}" into ${file}. Demo sign-ins (${DEMO_PASSWORD_NOTE}):`);
    for (const s of signIns) console.log(`  ${s.role.padEnd(8)} ${s.email.padEnd(40)} ${s.name}`);
  } finally {
    await prisma.$disconnect();
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}

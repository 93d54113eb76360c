// The shape of a demo staff member and the weekly-hours and availability patterns they use.
import type { AppRole, AvailabilityKind, EmploymentType } from '../../generated/prisma/enums';
import { type CredentialTypeCode, type PositionCode } from '../catalogue';
export type CeProfile = 'complete' | 'onTrack' | 'behind';

export interface CredSpec {
  type: CredentialTypeCode;
  /** Days from today to the expiry date (negative: expired); default: a random 100 days or more. */
  expiresIn?: number;
  /** Verified by the manager; default true. */
  verified?: boolean;
  ce?: CeProfile;
  /** Shared certificant number (PTCB uses one number for all its credentials). */
  numberFrom?: CredentialTypeCode;
}

export type Window = [weekdays: string, start: string, end: string, kind: AvailabilityKind];

export interface StaffSpec {
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
export const FT: [number, number, number] = [32, 40, 40]; // 4–5 shifts
export const PT: [number, number, number] = [16, 24, 24]; // 2–3 shifts
export const PER_DIEM: [number, number, number] = [0, 8, 24];

// Availability patterns (windows of different kinds never overlap on a day).
export const ANY_TIME: Window[] = [['1-7', '00:00', '24:00', 'AVAILABLE']];
export const DAYS_PREFERRED: Window[] = [
  ['1-5', '06:00', '16:00', 'PREFERRED'],
  ['1-5', '16:00', '24:00', 'AVAILABLE'],
  ['6-7', '06:00', '24:00', 'AVAILABLE'],
];
export const EVENINGS_PREFERRED: Window[] = [
  ['1-7', '06:00', '14:00', 'AVAILABLE'],
  ['1-7', '14:00', '24:00', 'PREFERRED'],
];
export const NIGHTS_PREFERRED: Window[] = [
  ['1-7', '00:00', '08:00', 'PREFERRED'],
  ['1-7', '08:00', '22:00', 'AVAILABLE'],
  ['1-7', '22:00', '24:00', 'PREFERRED'],
];
export const NO_SUNDAYS: Window[] = [
  ['1-5', '06:00', '16:00', 'PREFERRED'],
  ['1-5', '16:00', '24:00', 'AVAILABLE'],
  ['6', '06:00', '24:00', 'AVAILABLE'],
  ['7', '00:00', '24:00', 'UNAVAILABLE'],
];

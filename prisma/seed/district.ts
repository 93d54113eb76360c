// The demo district: the hospital pharmacy (DEMO_SITE) and two community pharmacies, one of them in
// Minnesota (a state whose technician ratio depends on certification), with their own staff and
// shifts, and the floaters who work at more than one of them.
import type { PositionCode } from '../catalogue';
import { ANY_TIME, DAYS_PREFERRED, EVENINGS_PREFERRED, FT, PT, type StaffSpec } from './staff-specs';
import type { TemplateSpec } from './schedules';

/** The district every demo site belongs to: a manager can solve its sites together. */
export const DEMO_DISTRICT = 'Riverside Health';

export interface BranchSpec {
  key: string;
  name: string;
  timeZone: string;
  usState: string;
  techRatio: number;
  /** Phone area code of the site's staff. */
  areaCode: string;
  templates: TemplateSpec[];
  staff: StaffSpec[];
}

const day = (start: string, end: string, weekdays: string, cover: [PositionCode, number, number][]) =>
  ({ name: 'Store day', shiftType: 'DAY', weekdays, start, end, coverage: cover }) satisfies TemplateSpec;

/**
 * Each store needs 11 pharmacist and 16 technician shifts a week; its own two pharmacists and four
 * technicians work 10 and 14 of them at most, so the floaters are needed.
 */
export const BRANCHES: BranchSpec[] = [
  {
    key: 'troy',
    name: 'Riverside Community Pharmacy – Troy',
    timeZone: 'America/New_York',
    usState: 'NY',
    techRatio: 4,
    areaCode: '518',
    templates: [
      day('08:00', '16:30', '1,2,3,4,5,6', [
        ['PHARMACIST', 1, 1],
        ['TECHNICIAN', 2, 2],
      ]),
      {
        name: 'Store evening',
        shiftType: 'EVENING',
        weekdays: '1,2,3,4,5',
        start: '13:30',
        end: '22:00',
        coverage: [
          ['PHARMACIST', 1, 1],
          ['TECHNICIAN', 1, 1],
        ],
      },
    ],
    staff: [
      rph('walt', 'Walter', 'Brennan', FT, DAYS_PREFERRED),
      rph('sofia', 'Sofia', 'Marin', FT, ANY_TIME),
      tech('jin', 'Jin', 'Park', FT, DAYS_PREFERRED, true),
      tech('carla', 'Carla', 'Reyes', FT, ANY_TIME, false),
      tech('owen', 'Owen', 'Doyle', PT, EVENINGS_PREFERRED, true),
      tech('imani', 'Imani', 'Brooks', PT, ANY_TIME, false),
    ],
  },
  {
    key: 'rochester',
    name: 'Riverside Specialty Pharmacy – Rochester, MN',
    timeZone: 'America/Chicago',
    usState: 'MN',
    techRatio: 3,
    areaCode: '507',
    templates: [
      day('08:00', '16:30', '1,2,3,4,5,6', [
        ['PHARMACIST', 1, 1],
        ['TECHNICIAN', 2, 3],
      ]),
      {
        name: 'Store evening',
        shiftType: 'EVENING',
        weekdays: '1,2,3,4,5',
        start: '13:30',
        end: '22:00',
        coverage: [
          ['PHARMACIST', 1, 1],
          ['TECHNICIAN', 1, 2],
        ],
      },
    ],
    staff: [
      rph('nils', 'Nils', 'Lindqvist', FT, ANY_TIME),
      rph('amara', 'Amara', 'Okonkwo', FT, DAYS_PREFERRED),
      tech('hollis', 'Hollis', 'Berg', FT, ANY_TIME, true),
      tech('mai', 'Mai', 'Vang', FT, DAYS_PREFERRED, true),
      tech('tate', 'Tate', 'Halvorsen', PT, EVENINGS_PREFERRED, false),
      tech('yusuf', 'Yusuf', 'Abdi', PT, ANY_TIME, false),
    ],
  },
];

/**
 * The floaters: staff key → the sites they float to besides their home site ('main' is the
 * hospital pharmacy). Whoever floats to another state holds that state's licence or registration.
 */
export const FLOATERS: { staff: string; to: string[]; licensedIn?: string[] }[] = [
  { staff: 'marcus', to: ['troy', 'rochester'], licensedIn: ['MN'] },
  { staff: 'kenji', to: ['troy', 'rochester'], licensedIn: ['MN'] },
  { staff: 'sofia', to: ['rochester'], licensedIn: ['MN'] },
  { staff: 'carla', to: ['rochester'], licensedIn: ['MN'] },
  { staff: 'yusuf', to: ['troy'], licensedIn: ['NY'] },
];

function rph(
  key: string,
  first: string,
  last: string,
  weekly: StaffSpec['weekly'],
  availability: StaffSpec['availability'],
): StaffSpec {
  return {
    key,
    first,
    last,
    type: weekly === FT ? 'FULL_TIME' : 'PART_TIME',
    rate: 67.5,
    weekly,
    positions: ['PHARMACIST'],
    creds: [{ type: 'RPH_LICENSE', ce: 'onTrack' }, { type: 'BLS' }],
    availability,
  };
}

function tech(
  key: string,
  first: string,
  last: string,
  weekly: StaffSpec['weekly'],
  availability: StaffSpec['availability'],
  certified: boolean,
): StaffSpec {
  return {
    key,
    first,
    last,
    type: weekly === FT ? 'FULL_TIME' : 'PART_TIME',
    rate: certified ? 22.75 : 19.5,
    weekly,
    positions: ['TECHNICIAN'],
    creds: [
      { type: 'STATE_TECH_REG' },
      ...(certified ? [{ type: 'CPHT' as const, ce: 'onTrack' as const }] : []),
    ],
    availability,
  };
}

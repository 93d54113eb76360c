/**
 * Seeded generator of realistic hospital-pharmacy scheduling instances for the benchmark and for
 * tests. The same (staff, days, seed) always gives the same instance, on any machine.
 *
 * What a generated instance looks like:
 * - shifts: day 07:00–15:00 and evening 15:00–23:00 every day, mid 10:00–18:00 and the IV room
 *   07:00–15:00 on weekdays (an evening followed by a day shift leaves 8 h, less than the 10 h rest);
 * - staff: about a quarter pharmacists, the rest technicians, IV technicians, lead technicians
 *   and (from 20 staff) inventory specialists; 70 % full time (40 h/week cap), 30 % part time (24 h);
 * - about 75 % of (person, shift) pairs available: whole days off, people who never work evenings
 *   or days, preferred and undesired shifts, day-off requests, the odd expiring IV credential;
 * - demand sized to about 85 % of each role's contracted capacity with random peaks, so most of it
 *   can be covered and a few gaps remain, and never more technicians asked for than 4 × the
 *   pharmacists asked for on the same shift (the ratio rule would make them impossible).
 */
import type { Demand, Position, PositionId, ScheduleInput, ShiftInstance, Staff } from '../solver/core/types';
import { createRandom, type Random } from './random';

export interface PharmacySize {
  staff: number;
  days: number;
}

/** The sizes `npm run bench` measures. */
export const PHARMACY_SIZES: readonly PharmacySize[] = [
  { staff: 12, days: 7 },
  { staff: 30, days: 7 },
  { staff: 60, days: 14 },
  { staff: 100, days: 28 },
];

/** A Monday in January: no daylight-saving change inside a four-week horizon. */
const START_DATE = '2026-01-05';
const MINUTES_PER_DAY = 1440;
const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const TECHNICIAN_RATIO = 4;
/** Share of each role's contracted shifts the demand asks for. */
const LOAD_FACTOR = 0.85;
const FULL_TIME_WEEK = 2400;
const PART_TIME_WEEK = 1440;

const PHARMACIST = 'PHARMACIST';
const TECHNICIAN = 'TECHNICIAN';
const IV_TECH = 'IV_TECH';
const LEAD_TECH = 'LEAD_TECH';
const INVENTORY = 'INVENTORY_SPECIALIST';

const POSITIONS: Position[] = [
  { id: PHARMACIST, name: 'Pharmacist', ratioRole: 'pharmacist' },
  { id: TECHNICIAN, name: 'Technician', ratioRole: 'technician' },
  { id: IV_TECH, name: 'IV tech', ratioRole: 'technician' },
  { id: LEAD_TECH, name: 'Lead tech', ratioRole: 'technician' },
  { id: INVENTORY, name: 'Inventory specialist' },
];

type ShiftType = 'D' | 'M' | 'E' | 'IV';

interface ShiftTemplate {
  type: ShiftType;
  start: number;
  end: number;
  weekdaysOnly: boolean;
  label: string;
}

const SHIFT_TEMPLATES: ShiftTemplate[] = [
  { type: 'D', start: 7 * 60, end: 15 * 60, weekdaysOnly: false, label: '07:00–15:00 day' },
  { type: 'IV', start: 7 * 60, end: 15 * 60, weekdaysOnly: true, label: '07:00–15:00 IV room' },
  { type: 'M', start: 10 * 60, end: 18 * 60, weekdaysOnly: true, label: '10:00–18:00 mid' },
  { type: 'E', start: 15 * 60, end: 23 * 60, weekdaysOnly: false, label: '15:00–23:00 evening' },
];

/** Relative demand per position and shift type, [weekday, weekend]. */
const DEMAND_SHAPE: Record<PositionId, Partial<Record<ShiftType, [number, number]>>> = {
  [PHARMACIST]: { D: [2, 1.5], M: [1, 0], E: [1, 1] },
  [TECHNICIAN]: { D: [3, 2], M: [1.5, 0], E: [2, 1.5] },
  [IV_TECH]: { IV: [2, 0] },
  [LEAD_TECH]: { D: [1, 1], E: [1, 0.5] },
  [INVENTORY]: { D: [1, 0] },
};

type Role = 'pharmacist' | 'technician' | 'ivTech' | 'lead' | 'inventory';

/** The position whose demand a role's capacity is sized against. */
const PRIMARY_POSITION: Record<Role, PositionId> = {
  pharmacist: PHARMACIST,
  technician: TECHNICIAN,
  ivTech: IV_TECH,
  lead: LEAD_TECH,
  inventory: INVENTORY,
};

const HOURLY_COST: Record<Role, [number, number]> = {
  pharmacist: [58, 72],
  technician: [19, 25],
  ivTech: [23, 29],
  lead: [26, 32],
  inventory: [20, 24],
};

const FIRST_NAMES = [
  'Ana',
  'Ben',
  'Cy',
  'Dana',
  'Eli',
  'Fay',
  'Gus',
  'Hana',
  'Ivo',
  'Jo',
  'Kai',
  'Lena',
  'Max',
  'Nia',
  'Omar',
  'Pia',
  'Quinn',
  'Rosa',
  'Sam',
  'Tara',
  'Uma',
  'Vic',
  'Wes',
  'Xena',
  'Yuri',
  'Zoe',
];
const LAST_INITIALS = 'ABCDEFGHJKLMNPRSTVWZ';

function rolesFor(count: number): Role[] {
  const pharmacists = Math.max(4, Math.round(count * 0.25));
  const leads = Math.max(1, Math.round(count * 0.08));
  const ivTechs = Math.max(1, Math.round(count * 0.12));
  const inventory = count >= 20 ? Math.max(1, Math.round(count * 0.05)) : 0;
  const technicians = count - pharmacists - leads - ivTechs - inventory;
  return [
    ...Array<Role>(pharmacists).fill('pharmacist'),
    ...Array<Role>(technicians).fill('technician'),
    ...Array<Role>(ivTechs).fill('ivTech'),
    ...Array<Role>(leads).fill('lead'),
    ...Array<Role>(inventory).fill('inventory'),
  ];
}

function positionsFor(role: Role, random: Random): PositionId[] {
  switch (role) {
    case 'pharmacist':
      return [PHARMACIST];
    case 'technician':
      return random.chance(0.15) ? [TECHNICIAN, INVENTORY] : [TECHNICIAN];
    case 'ivTech':
      return [IV_TECH, TECHNICIAN];
    case 'lead':
      return random.chance(0.5) ? [LEAD_TECH, TECHNICIAN, IV_TECH] : [LEAD_TECH, TECHNICIAN];
    case 'inventory':
      return random.chance(0.5) ? [INVENTORY, TECHNICIAN] : [INVENTORY];
  }
}

function isWeekend(day: number): boolean {
  return day % 7 >= 5;
}

function isoDate(day: number): string {
  const date = new Date(`${START_DATE}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + day);
  return date.toISOString().slice(0, 10);
}

function buildShifts(days: number): ShiftInstance[] {
  const shifts: ShiftInstance[] = [];
  for (let day = 0; day < days; day += 1) {
    for (const t of SHIFT_TEMPLATES) {
      if (t.weekdaysOnly && isWeekend(day)) continue;
      shifts.push({
        id: `d${day}-${t.type}`,
        day,
        start: day * MINUTES_PER_DAY + t.start,
        end: day * MINUTES_PER_DAY + t.end,
        type: t.type,
        label: `${DAY_NAMES[day % 7] ?? ''} ${isoDate(day)} ${t.label}`,
      });
    }
  }
  return shifts;
}

function buildStaff(roles: Role[], shifts: ShiftInstance[], days: number, random: Random): Staff[] {
  const weeks = Math.ceil(days / 7);
  return roles.map((role, index) => {
    const fullTime = random.chance(0.7);
    const week = fullTime ? FULL_TIME_WEEK : PART_TIME_WEEK;
    const positions = positionsFor(role, random);
    const noEvenings = random.chance(0.12);
    const noDays = !noEvenings && random.chance(0.08);
    const daysOff = new Set<number>();
    for (let day = 0; day < days; day += 1) if (random.chance(0.17)) daysOff.add(day);

    const availability: NonNullable<Staff['availability']> = {};
    for (const shift of shifts) {
      if (daysOff.has(shift.day)) {
        availability[shift.id] = { status: 'unavailable', reason: 'approved time off' };
      } else if (noEvenings && shift.type === 'E') {
        availability[shift.id] = { status: 'unavailable', reason: 'does not work evenings' };
      } else if (noDays && shift.type !== 'E') {
        availability[shift.id] = { status: 'unavailable', reason: 'works evenings only' };
      } else if (random.chance(0.1)) {
        availability[shift.id] = { status: 'preferred' };
      } else if (random.chance(0.08)) {
        availability[shift.id] = { status: 'undesired', weight: random.int(5, 15) };
      }
    }

    const requests: NonNullable<Staff['requests']> = [];
    for (let day = 0; day < days; day += 1) {
      if (!daysOff.has(day) && random.chance(0.05))
        requests.push({ kind: 'off', day, weight: random.int(5, 20) });
    }
    if (random.chance(0.3)) {
      const day = random.int(0, days - 1);
      if (!daysOff.has(day)) requests.push({ kind: 'on', day, type: noDays ? 'E' : 'D', weight: 5 });
    }

    const person: Staff = {
      id: `s${String(index + 1).padStart(3, '0')}`,
      name: `${random.pick(FIRST_NAMES)} ${LAST_INITIALS[index % LAST_INITIALS.length] ?? 'A'}.`,
      positions,
      availability,
      maxMinutesPerWeek: week,
      minMinutesPerWeek: week - 480,
      targetMinutes: week * weeks,
      maxWeekends: weeks <= 1 ? 1 : Math.ceil(weeks / 2) + (random.chance(0.3) ? 1 : 0),
      requests,
      hourlyCost: random.int(...HOURLY_COST[role]),
    };
    if (random.chance(0.5)) person.maxConsecutiveDays = 5;
    if (random.chance(0.15)) person.maxShiftsPerType = { E: 2 * weeks };

    // An IV credential that lapses inside the horizon: the caller computes qualification per shift.
    if (positions.includes(IV_TECH) && random.chance(0.1)) {
      const expiry = random.int(1, days - 1);
      const reason = `IV compounding certificate expired on ${isoDate(expiry)}`;
      person.qualifiedByShift = {};
      person.unqualifiedReasons = [];
      for (const shift of shifts.filter((s) => s.day >= expiry)) {
        person.qualifiedByShift[shift.id] = positions.filter((p) => p !== IV_TECH);
        person.unqualifiedReasons.push({ shift: shift.id, position: IV_TECH, reason });
      }
    }
    return person;
  });
}

function buildDemands(roles: Role[], staff: Staff[], shifts: ShiftInstance[], random: Random): Demand[] {
  const weeklyWeight = (position: PositionId): number =>
    Object.values(DEMAND_SHAPE[position] ?? {}).reduce(
      (sum, [weekday, weekend]) => sum + 5 * weekday + 2 * weekend,
      0,
    );
  // Shifts a week each role's people may work under their contracts, spread over its demand shape.
  const unit = new Map<PositionId, number>();
  roles.forEach((role, i) => {
    const position = PRIMARY_POSITION[role];
    const shiftsPerWeek = (staff[i]?.maxMinutesPerWeek ?? 0) / 480;
    unit.set(position, (unit.get(position) ?? 0) + (LOAD_FACTOR * shiftsPerWeek) / weeklyWeight(position));
  });

  const demands: Demand[] = [];
  const byShift = new Map<string, Map<PositionId, number>>();
  for (const shift of shifts) {
    const counts = new Map<PositionId, number>();
    for (const position of POSITIONS.map((p) => p.id)) {
      const shape = DEMAND_SHAPE[position]?.[shift.type as ShiftType];
      if (shape === undefined) continue;
      const mean = (isWeekend(shift.day) ? shape[1] : shape[0]) * (unit.get(position) ?? 0);
      // Stochastic rounding keeps the weekly total near the mean; the occasional +1 is a busy day.
      const count = mean === 0 ? 0 : Math.floor(mean + random.next()) + (random.chance(0.08) ? 1 : 0);
      if (count > 0) counts.set(position, count);
    }
    byShift.set(shift.id, counts);
  }

  // A pharmacist is on duty whenever the pharmacy is open, and never are more technicians asked for
  // than the pharmacists asked for alongside them may supervise (the ratio rule would leave the rest
  // uncoverable): trim the general technicians instead.
  const count = (shiftId: string, position: PositionId): number => byShift.get(shiftId)?.get(position) ?? 0;
  for (const shift of shifts) {
    const counts = byShift.get(shift.id);
    if (counts === undefined || shift.type === 'IV') continue;
    if (shift.type !== 'M' && count(shift.id, PHARMACIST) === 0) counts.set(PHARMACIST, 1);
    const pharmacists =
      count(shift.id, PHARMACIST) + (shift.type === 'M' ? count(`d${shift.day}-D`, PHARMACIST) : 0);
    const others = count(shift.id, LEAD_TECH) + (shift.type === 'D' ? count(`d${shift.day}-IV`, IV_TECH) : 0);
    const technicians = Math.max(
      0,
      Math.min(count(shift.id, TECHNICIAN), TECHNICIAN_RATIO * pharmacists - others),
    );
    if (technicians > 0) counts.set(TECHNICIAN, technicians);
    else counts.delete(TECHNICIAN);
  }

  for (const shift of shifts) {
    for (const [position, min] of byShift.get(shift.id) ?? []) {
      demands.push({ shift: shift.id, position, min, max: min + 1 });
    }
  }
  return demands;
}

/** A realistic pharmacy instance of the given size; deterministic in (staff, days, seed). */
export function generatePharmacyInstance(size: PharmacySize, seed = 1): ScheduleInput {
  if (!Number.isInteger(size.staff) || size.staff < 6) throw new Error('need at least 6 staff');
  if (!Number.isInteger(size.days) || size.days < 1) throw new Error('need at least one day');
  // Mix the size into the seed so that every size has its own stream for the same seed.
  const random = createRandom(seed * 1_000_003 + size.staff * 1009 + size.days);
  const shifts = buildShifts(size.days);
  const roles = rolesFor(size.staff);
  const staff = buildStaff(roles, shifts, size.days, random);
  return {
    horizon: { startDate: START_DATE, days: size.days },
    shifts,
    positions: POSITIONS,
    demands: buildDemands(roles, staff, shifts, random),
    staff,
    rules: {
      minRestMinutes: 600,
      technicianRatio: TECHNICIAN_RATIO,
      maxShiftsPerDay: 1,
      maxConsecutiveDays: 6,
      overtimeMinutesPerWeek: FULL_TIME_WEEK,
      overtimeMultiplier: 1.5,
    },
  };
}

/** Share of (person, shift) pairs the person is available for, for reports and tests. */
export function availabilityShare(input: ScheduleInput): number {
  const pairs = input.staff.length * input.shifts.length;
  const unavailable = input.staff.reduce(
    (n, s) => n + Object.values(s.availability ?? {}).filter((a) => a.status === 'unavailable').length,
    0,
  );
  return pairs === 0 ? 0 : 1 - unavailable / pairs;
}

/**
 * Parser for the text format of the Curtois–Qu shift scheduling benchmark
 * (schedulingbenchmarks.org, "instances1_24"). The format is described in
 * bench/curtois/instances/README.md; this module only reads it and checks that every
 * reference (staff, shift, day) is known, so the adapter and the scorer can trust the data.
 */

export interface CurtoisShift {
  id: string;
  /** Length of the shift in minutes. */
  minutes: number;
  /** Shift ids that may not be worked on the day after this shift. */
  cannotFollow: string[];
}

export interface CurtoisStaff {
  id: string;
  /** Maximum number of shifts of each type over the horizon, keyed by shift id. */
  maxShifts: Record<string, number>;
  maxTotalMinutes: number;
  minTotalMinutes: number;
  maxConsecutiveShifts: number;
  minConsecutiveShifts: number;
  minConsecutiveDaysOff: number;
  maxWeekends: number;
}

export interface CurtoisRequest {
  staff: string;
  day: number;
  shift: string;
  weight: number;
}

export interface CurtoisCover {
  day: number;
  shift: string;
  requirement: number;
  underWeight: number;
  overWeight: number;
}

export interface CurtoisInstance {
  /** Number of days; day 0 is a Monday. */
  horizonDays: number;
  shifts: CurtoisShift[];
  staff: CurtoisStaff[];
  /** Days each person must not work, keyed by staff id. */
  daysOff: Record<string, number[]>;
  onRequests: CurtoisRequest[];
  offRequests: CurtoisRequest[];
  cover: CurtoisCover[];
}

/** A roster in the benchmark's exchange form: who works which shift on which day. */
export interface CurtoisRoster {
  assignments: { staff: string; day: number; shift: string }[];
}

const SECTIONS = [
  'SECTION_HORIZON',
  'SECTION_SHIFTS',
  'SECTION_STAFF',
  'SECTION_DAYS_OFF',
  'SECTION_SHIFT_ON_REQUESTS',
  'SECTION_SHIFT_OFF_REQUESTS',
  'SECTION_COVER',
] as const;
type Section = (typeof SECTIONS)[number];

export class CurtoisParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CurtoisParseError';
  }
}

interface Line {
  no: number;
  fields: string[];
}

function isSection(text: string): text is Section {
  return (SECTIONS as readonly string[]).includes(text);
}

function readInteger(text: string | undefined, what: string, line: number): number {
  const value = text === undefined ? Number.NaN : Number(text.trim());
  if (text === undefined || text.trim() === '' || !Number.isInteger(value) || value < 0) {
    throw new CurtoisParseError(`${what} must be a non-negative integer, got "${text ?? ''}"`, line);
  }
  return value;
}

function field(line: Line, index: number, what: string): string {
  const value = line.fields[index]?.trim();
  if (value === undefined || value === '') {
    throw new CurtoisParseError(`missing ${what}`, line.no);
  }
  return value;
}

function groupBySection(text: string): Map<Section, Line[]> {
  const sections = new Map<Section, Line[]>();
  let current: Line[] | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const no = index + 1;
    // Everything after a '#' is a comment, whole-line or trailing.
    const content = raw.replace(/#.*$/, '').trim();
    if (content === '') return;
    if (content.startsWith('SECTION_')) {
      if (!isSection(content)) throw new CurtoisParseError(`unknown section ${content}`, no);
      if (sections.has(content)) throw new CurtoisParseError(`section ${content} appears twice`, no);
      current = [];
      sections.set(content, current);
      return;
    }
    if (current === undefined) throw new CurtoisParseError('data before the first SECTION_ header', no);
    current.push({ no, fields: content.split(',') });
  });
  return sections;
}

/** Reads an instance in the benchmark's text format; throws CurtoisParseError on malformed input. */
export function parseCurtois(text: string): CurtoisInstance {
  const sections = groupBySection(text);
  const lines = (section: Section): Line[] => sections.get(section) ?? [];

  const horizonLines = lines('SECTION_HORIZON');
  const horizonLine = horizonLines[0];
  if (horizonLine === undefined || horizonLines.length !== 1) {
    throw new CurtoisParseError('SECTION_HORIZON must hold exactly one number', horizonLine?.no ?? 1);
  }
  const horizonDays = readInteger(horizonLine.fields[0], 'horizon', horizonLine.no);
  if (horizonDays < 1) throw new CurtoisParseError('horizon must be at least one day', horizonLine.no);

  const shifts: CurtoisShift[] = lines('SECTION_SHIFTS').map((line) => ({
    id: field(line, 0, 'shift id'),
    minutes: readInteger(line.fields[1], 'shift length', line.no),
    cannotFollow: (line.fields[2] ?? '')
      .split('|')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  }));
  if (shifts.length === 0) throw new CurtoisParseError('SECTION_SHIFTS is empty', 1);
  const shiftIds = new Set(shifts.map((s) => s.id));
  if (shiftIds.size !== shifts.length) throw new CurtoisParseError('duplicate shift id', 1);
  const shiftLines = lines('SECTION_SHIFTS');
  shifts.forEach((shift, i) => {
    for (const next of shift.cannotFollow) {
      if (!shiftIds.has(next)) {
        throw new CurtoisParseError(`unknown shift ${next} in successions`, shiftLines[i]?.no ?? 1);
      }
    }
  });

  const staff: CurtoisStaff[] = lines('SECTION_STAFF').map((line) => {
    const maxShifts: Record<string, number> = {};
    for (const part of field(line, 1, 'MaxShifts').split('|')) {
      const [id, count] = part.split('=');
      const shiftId = id?.trim() ?? '';
      if (!shiftIds.has(shiftId))
        throw new CurtoisParseError(`unknown shift "${shiftId}" in MaxShifts`, line.no);
      maxShifts[shiftId] = readInteger(count, `MaxShifts for ${shiftId}`, line.no);
    }
    for (const id of shiftIds) {
      if (maxShifts[id] === undefined)
        throw new CurtoisParseError(`MaxShifts has no limit for ${id}`, line.no);
    }
    return {
      id: field(line, 0, 'staff id'),
      maxShifts,
      maxTotalMinutes: readInteger(line.fields[2], 'MaxTotalMinutes', line.no),
      minTotalMinutes: readInteger(line.fields[3], 'MinTotalMinutes', line.no),
      maxConsecutiveShifts: readInteger(line.fields[4], 'MaxConsecutiveShifts', line.no),
      minConsecutiveShifts: readInteger(line.fields[5], 'MinConsecutiveShifts', line.no),
      minConsecutiveDaysOff: readInteger(line.fields[6], 'MinConsecutiveDaysOff', line.no),
      maxWeekends: readInteger(line.fields[7], 'MaxWeekends', line.no),
    };
  });
  const staffIds = new Set(staff.map((s) => s.id));
  if (staffIds.size !== staff.length) throw new CurtoisParseError('duplicate staff id', 1);

  const readDay = (text: string | undefined, line: number): number => {
    const day = readInteger(text, 'day', line);
    if (day >= horizonDays) throw new CurtoisParseError(`day ${day} is outside the horizon`, line);
    return day;
  };
  const readStaff = (line: Line): string => {
    const id = field(line, 0, 'staff id');
    if (!staffIds.has(id)) throw new CurtoisParseError(`unknown staff ${id}`, line.no);
    return id;
  };
  const readShift = (line: Line, index: number): string => {
    const id = field(line, index, 'shift id');
    if (!shiftIds.has(id)) throw new CurtoisParseError(`unknown shift ${id}`, line.no);
    return id;
  };

  const daysOff: Record<string, number[]> = {};
  for (const line of lines('SECTION_DAYS_OFF')) {
    const id = readStaff(line);
    const days = line.fields
      .slice(1)
      .filter((f) => f.trim() !== '')
      .map((f) => readDay(f, line.no));
    daysOff[id] = [...(daysOff[id] ?? []), ...days];
  }

  const readRequests = (section: Section): CurtoisRequest[] =>
    lines(section).map((line) => ({
      staff: readStaff(line),
      day: readDay(line.fields[1], line.no),
      shift: readShift(line, 2),
      weight: readInteger(line.fields[3], 'weight', line.no),
    }));

  const cover: CurtoisCover[] = lines('SECTION_COVER').map((line) => ({
    day: readDay(line.fields[0], line.no),
    shift: readShift(line, 1),
    requirement: readInteger(line.fields[2], 'requirement', line.no),
    underWeight: readInteger(line.fields[3], 'weight for under', line.no),
    overWeight: readInteger(line.fields[4], 'weight for over', line.no),
  }));

  return {
    horizonDays,
    shifts,
    staff,
    daysOff,
    onRequests: readRequests('SECTION_SHIFT_ON_REQUESTS'),
    offRequests: readRequests('SECTION_SHIFT_OFF_REQUESTS'),
    cover,
  };
}

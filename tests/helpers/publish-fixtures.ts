// Schedules for tests, written straight into the demo database (no solver): names in, rows out.
import type { AssignmentSource, ScheduleStatus } from '../../generated/prisma/enums';
import type { Db } from '../../server/db/client';

/** [staff first name, date, shift template name, position code, options?] */
export type AssignmentSpec = [
  string,
  string,
  string,
  string,
  { locked?: boolean; source?: AssignmentSource }?,
];

export interface ScheduleSpec {
  periodStart: string;
  status?: ScheduleStatus;
  version?: number;
  basedOnId?: number;
  publishedAt?: Date;
  changeSummary?: string;
  assignments: AssignmentSpec[];
}

/** The demo site's first site id and lookups by name, for building schedules by hand. */
export async function demoLookups(db: Db) {
  const site = await db.site.findFirstOrThrow({
    orderBy: { id: 'asc' },
    select: { id: true, timeZone: true },
  });
  const [templates, positions, staff] = await Promise.all([
    db.shiftTemplate.findMany({ where: { siteId: site.id }, select: { id: true, name: true } }),
    db.position.findMany({ select: { id: true, code: true } }),
    db.staff.findMany({ where: { siteId: site.id }, select: { id: true, firstName: true } }),
  ]);
  const find = <T>(list: T[], pick: (x: T) => boolean, what: string): T => {
    const found = list.find(pick);
    if (!found) throw new Error(`The demo data has no ${what}`);
    return found;
  };
  return {
    site,
    templateId: (name: string) => find(templates, (t) => t.name === name, `shift template "${name}"`).id,
    positionId: (code: string) => find(positions, (p) => p.code === code, `position ${code}`).id,
    staffId: (firstName: string) =>
      find(staff, (s) => s.firstName === firstName, `staff member ${firstName}`).id,
  };
}

/** Adds days to an ISO date. */
export function plusDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Creates a schedule for the demo site's week starting `periodStart` with the given assignments. */
export async function createSchedule(db: Db, spec: ScheduleSpec): Promise<number> {
  const ids = await demoLookups(db);
  const status = spec.status ?? 'DRAFT';
  const schedule = await db.schedule.create({
    data: {
      siteId: ids.site.id,
      periodStart: spec.periodStart,
      periodEnd: plusDays(spec.periodStart, 6),
      status,
      version: spec.version ?? 1,
      basedOnId: spec.basedOnId ?? null,
      changeSummary: spec.changeSummary ?? null,
      publishedAt: status === 'DRAFT' ? null : (spec.publishedAt ?? new Date()),
    },
    select: { id: true },
  });
  await db.assignment.createMany({
    data: spec.assignments.map(([first, date, template, position, options]) => ({
      scheduleId: schedule.id,
      staffId: ids.staffId(first),
      shiftDate: date,
      templateId: ids.templateId(template),
      positionId: ids.positionId(position),
      locked: options?.locked ?? false,
      source: options?.source ?? 'SOLVER',
    })),
  });
  return schedule.id;
}

/**
 * A schedule of the given status for a far-away week that no other test uses, made once per
 * database: the access-matrix test needs a concrete URL for every schedule route.
 */
export async function matrixSchedule(db: Db, status: 'DRAFT' | 'PUBLISHED'): Promise<number> {
  const periodStart = status === 'DRAFT' ? '2027-03-01' : '2027-03-08';
  const existing = await db.schedule.findFirst({ where: { periodStart, version: 1 }, select: { id: true } });
  if (existing) return existing.id;
  return createSchedule(db, {
    periodStart,
    status,
    assignments: [['Priya', periodStart, 'Weekday day', 'PHARMACIST']],
  });
}

/** `/schedules/<id>/<suffix>` for the access-matrix schedule of that status. */
export async function matrixScheduleUrl(
  db: Db,
  status: 'DRAFT' | 'PUBLISHED',
  suffix: string,
): Promise<string> {
  return `/schedules/${await matrixSchedule(db, status)}/${suffix}`;
}

/** The Monday after this week at the demo site (the schedules tests publish are for "next week"). */
export function nextMonday(zone = 'America/New_York', now: Date = new Date()): string {
  const local = new Date(now.toLocaleString('en-US', { timeZone: zone }));
  const iso = `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`;
  const weekday = (new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return plusDays(iso, 7 - weekday);
}

/**
 * Makes a person available all day on a date (a dated exception, as from the availability page):
 * fixtures that publish an overnight shift need the morning it ends in, since publishing checks
 * every hard rule.
 */
export async function availableAllDay(db: Db, firstName: string, date: string): Promise<void> {
  const ids = await demoLookups(db);
  await db.availabilityException.create({
    data: { staffId: ids.staffId(firstName), date, kind: 'AVAILABLE', note: 'Agreed to cover' },
  });
}

// What a solve of one site-week reads: the site's rules, its templates, positions and the active
// staff with credentials and availability, and the published shifts just outside the week; plus
// the sites to choose from and the call-out record that makes a person unavailable for a shift.
import { DateTime } from 'luxon';
import type { Db, Tx } from '../db/client';
import { toRequiredTypes } from '../credentials/qualification';
import {
  shiftKey,
  type BoundaryShiftFact,
  type ElsewhereShiftFact,
  type SiteWeekFacts,
  type StaffFact,
} from './week-facts';
import { listTemplatesWithCoverage } from '../shifts/shift-templates.repository';

function plusDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() ?? date;
}

const siteRulesSelect = {
  id: true,
  name: true,
  timeZone: true,
  usState: true,
  setting: true,
  minRestMinutes: true,
  maxConsecutiveDays: true,
  techRatio: true,
  overtimeThresholdMinutes: true,
  weightCoverageGap: true,
  weightUnderMinHours: true,
  weightTargetDeviation: true,
  weightUndesiredShift: true,
  weightNonPreferredShift: true,
  weightWeekendFairness: true,
  weightLabourCost: true,
  weightStability: true,
  noticeWindowDays: true,
  weightNoticeChange: true,
} as const;

/** Site, active templates with coverage, positions, and the active staff with their credentials and availability for the week. */
export async function loadSiteWeekFacts(
  db: Db | Tx,
  siteId: number,
  periodStart: string,
  districtSiteIds: number[] = [],
): Promise<Omit<SiteWeekFacts, 'locked' | 'previous'> | null> {
  const site = await db.site.findUnique({ where: { id: siteId }, select: siteRulesSelect });
  if (!site) return null;
  // An overnight shift on Sunday ends on the Monday after the week.
  const lastDay = plusDays(periodStart, 7);
  // The site-week's versions that are not history: the draft being prepared and the published one.
  const thisWeek = { siteId, periodStart, status: { in: ['DRAFT' as const, 'PUBLISHED' as const] } };
  const [templates, positions, staff] = await Promise.all([
    listTemplatesWithCoverage(db, siteId),
    db.position.findMany({
      select: {
        id: true,
        code: true,
        name: true,
        ratioClass: true,
        color: true,
        sortOrder: true,
        requiredCredentials: {
          select: {
            anyOfGroup: true,
            siteStateOnly: true,
            credentialType: { select: { id: true, name: true } },
          },
        },
      },
      orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
    }),
    // The people who can be scheduled: the site's own and those who float to it, anyone still on a
    // shift of this week here (taken off the float list since: their shifts must not vanish), and for
    // a call-out the people of the district's other sites; a person who holds no position (the
    // manager, say) never is.
    db.staff.findMany({
      where: {
        OR: [
          { siteId },
          { floatSites: { some: { siteId } } },
          { assignments: { some: { schedule: thisWeek } } },
          ...(districtSiteIds.length > 0
            ? [
                { siteId: { in: districtSiteIds } },
                { floatSites: { some: { siteId: { in: districtSiteIds } } } },
              ]
            : []),
        ],
        active: true,
        positions: { some: {} },
      },
      select: {
        id: true,
        siteId: true,
        site: { select: { name: true } },
        floatSites: { where: { siteId }, select: { siteId: true } },
        assignments: { where: { schedule: thisWeek }, select: { templateId: true, shiftDate: true } },
        firstName: true,
        lastName: true,
        active: true,
        hourlyRateCents: true,
        minWeeklyMinutes: true,
        targetWeeklyMinutes: true,
        maxWeeklyMinutes: true,
        positions: { select: { positionId: true } },
        credentials: {
          select: {
            credentialTypeId: true,
            issuedOn: true,
            expiresOn: true,
            issuingState: true,
            credentialType: { select: { name: true, code: true } },
          },
        },
        availabilityRules: { select: { weekday: true, startMinute: true, endMinute: true, kind: true } },
        availabilityExceptions: {
          where: { date: { gte: periodStart, lte: lastDay }, status: 'APPROVED' },
          select: { date: true, startMinute: true, endMinute: true, kind: true, note: true },
        },
        timeOffRequests: {
          where: { status: 'APPROVED', startDate: { lte: lastDay }, endDate: { gte: periodStart } },
          select: { startDate: true, endDate: true, reason: true },
        },
      },
      orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
    }),
  ]);
  return {
    site,
    periodStart,
    templates: templates.map((t) => ({
      id: t.id,
      name: t.name,
      shiftType: t.shiftType,
      weekdays: t.weekdays,
      startMinute: t.startMinute,
      endMinute: t.endMinute,
      breakMinutes: t.breakMinutes,
      breakStartMinute: t.breakStartMinute,
      coverage: t.coverage.map((c) => ({ positionId: c.positionId, min: c.min, max: c.max })),
    })),
    positions: positions.map((p) => ({
      id: p.id,
      code: p.code,
      name: p.name,
      ratioClass: p.ratioClass,
      color: p.color,
      sortOrder: p.sortOrder,
      requiredCredentialTypes: toRequiredTypes(p.requiredCredentials),
    })),
    staff: staff.map((s) => ({
      id: s.id,
      firstName: s.firstName,
      lastName: s.lastName,
      hourlyRateCents: s.hourlyRateCents,
      minWeeklyMinutes: s.minWeeklyMinutes,
      targetWeeklyMinutes: s.targetWeeklyMinutes,
      maxWeeklyMinutes: s.maxWeeklyMinutes,
      positionIds: s.positions.map((p) => p.positionId),
      credentials: s.credentials.map((c) => ({
        credentialTypeId: c.credentialTypeId,
        credentialTypeName: c.credentialType.name,
        credentialTypeCode: c.credentialType.code,
        issuedOn: c.issuedOn,
        expiresOn: c.expiresOn,
        issuingState: c.issuingState,
      })),
      availability: {
        active: s.active,
        rules: s.availabilityRules,
        exceptions: s.availabilityExceptions,
        approvedTimeOff: s.timeOffRequests,
      },
      ...standingOf(s, siteId),
    })),
  };
}

/** How a person who is neither the site's own nor floats to it comes to be in its week. */
function standingOf(
  s: {
    siteId: number;
    site: { name: string };
    floatSites: { siteId: number }[];
    assignments: { templateId: number; shiftDate: string }[];
  },
  siteId: number,
): Pick<StaffFact, 'standing'> {
  if (s.siteId === siteId || s.floatSites.length > 0) return {};
  if (s.assignments.length > 0)
    return {
      standing: { kind: 'former', shifts: s.assignments.map((a) => shiftKey(a.templateId, a.shiftDate)) },
    };
  return { standing: { kind: 'district', homeSite: s.site.name } };
}

/**
 * Published shifts of the day before and the day after the week these people have, at this site and
 * every other (a floater's Sunday night elsewhere reaches into Monday's rest here), from the latest
 * published version of each site's week that holds the day.
 */
export async function loadShiftsNextToWeek(
  db: Db | Tx,
  siteId: number,
  periodStart: string,
  staffIds: number[],
): Promise<BoundaryShiftFact[]> {
  if (staffIds.length === 0) return [];
  const out: BoundaryShiftFact[] = [];
  for (const day of [plusDays(periodStart, -1), plusDays(periodStart, 7)]) {
    const versions = await db.schedule.findMany({
      where: {
        status: 'PUBLISHED',
        periodStart: { lte: day },
        periodEnd: { gte: day },
        assignments: { some: { shiftDate: day, staffId: { in: staffIds } } },
      },
      select: { id: true, siteId: true },
      orderBy: [{ periodStart: 'desc' }, { version: 'desc' }],
    });
    const newest = new Map<number, number>();
    for (const v of versions) if (!newest.has(v.siteId)) newest.set(v.siteId, v.id);
    if (newest.size === 0) continue;
    const rows = await db.assignment.findMany({
      where: { scheduleId: { in: [...newest.values()] }, shiftDate: day, staffId: { in: staffIds } },
      select: {
        staffId: true,
        shiftDate: true,
        schedule: { select: { siteId: true, site: { select: { name: true, timeZone: true } } } },
        template: { select: { name: true, startMinute: true, endMinute: true } },
      },
      orderBy: { id: 'asc' },
    });
    for (const r of rows) {
      out.push({
        staffId: r.staffId,
        shiftDate: r.shiftDate,
        templateName: r.template.name,
        startMinute: r.template.startMinute,
        endMinute: r.template.endMinute,
        ...(r.schedule.siteId !== siteId
          ? { elsewhere: { siteName: r.schedule.site.name, timeZone: r.schedule.site.timeZone } }
          : {}),
      });
    }
  }
  return out;
}

/**
 * The days these people worked by the published schedules of every site from `from` to `to`
 * (inclusive): a run of days that crosses into the week counts whichever store it was worked at.
 */
export async function loadPublishedDaysWorked(
  db: Db | Tx,
  staffIds: number[],
  from: string,
  to: string,
): Promise<{ staffId: number; shiftDate: string }[]> {
  if (staffIds.length === 0) return [];
  return db.assignment.findMany({
    where: {
      staffId: { in: staffIds },
      shiftDate: { gte: from, lte: to },
      schedule: { status: 'PUBLISHED' },
    },
    select: { staffId: true, shiftDate: true },
    orderBy: [{ staffId: 'asc' }, { shiftDate: 'asc' }],
  });
}

/**
 * The week's assignments these people have at other sites (not `excludeSiteIds`), from the newest
 * version of each of those site-weeks that is not archived: the draft being prepared there, else the
 * published one.
 */
export async function loadShiftsElsewhere(
  db: Db | Tx,
  staffIds: number[],
  excludeSiteIds: number[],
  periodStart: string,
): Promise<ElsewhereShiftFact[]> {
  if (staffIds.length === 0) return [];
  const versions = await db.schedule.findMany({
    where: {
      periodStart,
      siteId: { notIn: excludeSiteIds },
      status: { in: ['DRAFT', 'PUBLISHED'] },
      assignments: { some: { staffId: { in: staffIds } } },
    },
    select: { id: true, siteId: true, version: true },
    orderBy: { version: 'desc' },
  });
  const newest = new Map<number, number>();
  for (const v of versions) if (!newest.has(v.siteId)) newest.set(v.siteId, v.id);
  if (newest.size === 0) return [];
  const rows = await db.assignment.findMany({
    where: { scheduleId: { in: [...newest.values()] }, staffId: { in: staffIds } },
    select: {
      shiftDate: true,
      templateId: true,
      staffId: true,
      positionId: true,
      schedule: { select: { siteId: true, site: { select: { name: true, timeZone: true } } } },
      template: {
        select: { name: true, shiftType: true, startMinute: true, endMinute: true, breakMinutes: true },
      },
    },
    orderBy: [{ shiftDate: 'asc' }, { id: 'asc' }],
  });
  return rows.map((r) => ({
    shiftDate: r.shiftDate,
    templateId: r.templateId,
    staffId: r.staffId,
    positionId: r.positionId,
    siteId: r.schedule.siteId,
    siteName: r.schedule.site.name,
    timeZone: r.schedule.site.timeZone,
    templateName: r.template.name,
    shiftType: r.template.shiftType,
    startMinute: r.template.startMinute,
    endMinute: r.template.endMinute,
    breakMinutes: r.template.breakMinutes,
  }));
}

export async function listSites(
  db: Db,
): Promise<{ id: number; name: string; timeZone: string; district: string | null }[]> {
  return db.site.findMany({
    select: { id: true, name: true, timeZone: true, district: true },
    orderBy: { id: 'asc' },
  });
}

export async function findSite(
  db: Db,
  id: number,
): Promise<{ id: number; name: string; timeZone: string; district: string | null } | null> {
  return db.site.findUnique({
    where: { id },
    select: { id: true, name: true, timeZone: true, district: true },
  });
}

/** Records a call-out so later solves of the week see the person as unavailable for that shift. */
export async function insertUnavailability(
  tx: Db | Tx,
  data: { staffId: number; date: string; startMinute: number; endMinute: number; note: string },
): Promise<void> {
  await tx.availabilityException.create({ data: { ...data, kind: 'UNAVAILABLE', calledOut: true } });
}

/** A site's district (null for none, or for a site that does not exist). */
export async function findSiteDistrict(db: Db | Tx, siteId: number): Promise<string | null> {
  const site = await db.site.findUnique({ where: { id: siteId }, select: { district: true } });
  return site?.district ?? null;
}

/** The sites solved together with a site: its district's, the site itself first; just it when it has none. */
export async function listDistrictSiteIds(db: Db | Tx, siteId: number): Promise<number[]> {
  const site = await db.site.findUnique({ where: { id: siteId }, select: { district: true } });
  if (!site) return [];
  if (site.district === null) return [siteId];
  const rows = await db.site.findMany({
    where: { district: site.district },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  return [siteId, ...rows.map((r) => r.id).filter((id) => id !== siteId)];
}

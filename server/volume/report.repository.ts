// Read-only queries of the week report: the week's schedule (the latest published version, else the
// latest draft) with what its shifts pay, the coverage the templates require, and the call-outs.
import type { Db } from '../db/client';

export interface ReportSchedule {
  id: number;
  status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';
  version: number;
}

export async function findReportSchedule(
  db: Db,
  siteId: number,
  weekStart: string,
): Promise<ReportSchedule | null> {
  const select = { id: true, status: true, version: true } as const;
  return (
    (await db.schedule.findFirst({
      where: { siteId, periodStart: weekStart, status: 'PUBLISHED' },
      select,
      orderBy: { version: 'desc' },
    })) ??
    (await db.schedule.findFirst({
      where: { siteId, periodStart: weekStart, status: 'DRAFT' },
      select,
      orderBy: { id: 'desc' },
    }))
  );
}

export interface ReportAssignment {
  staffId: number;
  shiftDate: string;
  templateId: number;
  positionId: number;
  staff: { hourlyRateCents: number };
  template: { startMinute: number; endMinute: number; breakMinutes: number };
}

export async function findReportAssignments(db: Db, scheduleId: number): Promise<ReportAssignment[]> {
  return db.assignment.findMany({
    where: { scheduleId },
    select: {
      staffId: true,
      shiftDate: true,
      templateId: true,
      positionId: true,
      staff: { select: { hourlyRateCents: true } },
      template: { select: { startMinute: true, endMinute: true, breakMinutes: true } },
    },
  });
}

/** Call-outs recorded for the site's staff on days of the week. */
export async function countCallOuts(db: Db, siteId: number, from: string, to: string): Promise<number> {
  return db.availabilityException.count({
    where: { calledOut: true, date: { gte: from, lte: to }, staff: { siteId } },
  });
}

export async function findOvertimeThreshold(db: Db, siteId: number): Promise<number> {
  const site = await db.site.findUniqueOrThrow({
    where: { id: siteId },
    select: { overtimeThresholdMinutes: true },
  });
  return site.overtimeThresholdMinutes;
}

// Prisma access for shift templates and their coverage requirements.
import type { Db, Tx } from '../db/client';
import type { CoverageEntry } from './shift-templates.schemas';

const templateSelect = {
  id: true,
  siteId: true,
  name: true,
  shiftType: true,
  weekdays: true,
  startMinute: true,
  endMinute: true,
  breakMinutes: true,
  breakStartMinute: true,
  active: true,
  coverage: {
    select: {
      positionId: true,
      min: true,
      max: true,
      position: { select: { name: true, color: true, sortOrder: true } },
    },
  },
} as const;

export function listTemplates(db: Db, siteId: number, activeOnly = false) {
  return db.shiftTemplate.findMany({
    where: { siteId, ...(activeOnly ? { active: true } : {}) },
    select: templateSelect,
    orderBy: [{ active: 'desc' }, { startMinute: 'asc' }, { name: 'asc' }],
  });
}
export type TemplateRow = Awaited<ReturnType<typeof listTemplates>>[number];

export function findTemplate(db: Db, id: number) {
  return db.shiftTemplate.findUnique({ where: { id }, select: templateSelect });
}

export interface TemplateWrite {
  name: string;
  shiftType: string;
  weekdays: string;
  startMinute: number;
  endMinute: number;
  breakMinutes: number;
  /** Minutes from local midnight; null: the break centred in the shift. */
  breakStartMinute: number | null;
}

export async function saveTemplate(
  db: Db,
  siteId: number,
  id: number | null,
  data: TemplateWrite,
  coverage: CoverageEntry[],
): Promise<number> {
  return db.$transaction(async (tx) => {
    const row =
      id === null
        ? await tx.shiftTemplate.create({ data: { siteId, ...data }, select: { id: true } })
        : await tx.shiftTemplate.update({ where: { id }, data, select: { id: true } });
    await tx.coverageRequirement.deleteMany({ where: { templateId: row.id } });
    if (coverage.length > 0)
      await tx.coverageRequirement.createMany({ data: coverage.map((c) => ({ templateId: row.id, ...c })) });
    return row.id;
  });
}

export async function setTemplateActive(db: Db, id: number, active: boolean): Promise<void> {
  await db.shiftTemplate.update({ where: { id }, data: { active } });
}

/** A shift template as schedules read it: its times and the positions it needs. */
export interface TemplateWithCoverage {
  id: number;
  name: string;
  shiftType: string;
  /** ISO weekdays the shift runs on, comma-separated ("1,2,3,4,5"). */
  weekdays: string;
  startMinute: number;
  endMinute: number;
  breakMinutes: number;
  /** When the break starts, minutes from local midnight; null: centred in the shift. */
  breakStartMinute: number | null;
  coverage: {
    positionId: number;
    positionName: string;
    positionColor: string;
    positionOrder: number;
    min: number;
    max: number | null;
  }[];
}

/**
 * A site's active shift templates with their coverage, by start then id, plus any inactive ones
 * named in `extraTemplateIds` (a template retired after a schedule was made still counts for it).
 * The one template query of solving, coverage gaps, exports and the availability preview.
 */
export async function listTemplatesWithCoverage(
  db: Db | Tx,
  siteId: number,
  extraTemplateIds: number[] = [],
): Promise<TemplateWithCoverage[]> {
  const rows = await db.shiftTemplate.findMany({
    where: {
      siteId,
      ...(extraTemplateIds.length > 0
        ? { OR: [{ active: true }, { id: { in: extraTemplateIds } }] }
        : { active: true }),
    },
    select: {
      id: true,
      name: true,
      shiftType: true,
      weekdays: true,
      startMinute: true,
      endMinute: true,
      breakMinutes: true,
      breakStartMinute: true,
      coverage: {
        select: {
          positionId: true,
          min: true,
          max: true,
          position: { select: { name: true, color: true, sortOrder: true } },
        },
      },
    },
    orderBy: [{ startMinute: 'asc' }, { id: 'asc' }],
  });
  return rows.map((t) => ({
    ...t,
    coverage: t.coverage.map((c) => ({
      positionId: c.positionId,
      positionName: c.position.name,
      positionColor: c.position.color,
      positionOrder: c.position.sortOrder,
      min: c.min,
      max: c.max,
    })),
  }));
}

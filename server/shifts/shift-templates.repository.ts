// Prisma access for shift templates and their coverage requirements.
import type { Db } from '../db/client';
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

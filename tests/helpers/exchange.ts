// Fixtures for the open-shift and swap tests, written straight into the demo database.
import type { Db } from '../../server/db/client';
import { demoLookups } from './publish-fixtures';
import { matrixSchedulesFixture } from './schedules';

/** An open shift of the access matrix's published far-away week, made once per database. */
export async function matrixOpenShift(db: Db): Promise<number> {
  const { publishedId } = await matrixSchedulesFixture(db);
  const existing = await db.openShift.findFirst({
    where: { periodStart: '2027-04-19' },
    select: { id: true },
  });
  if (existing) return existing.id;
  const ids = await demoLookups(db);
  const schedule = await db.schedule.findUniqueOrThrow({
    where: { id: publishedId },
    select: { siteId: true },
  });
  const row = await db.openShift.create({
    data: {
      siteId: schedule.siteId,
      periodStart: '2027-04-19',
      shiftDate: '2027-04-20',
      templateId: ids.templateId('Weekday day'),
      positionId: ids.positionId('TECHNICIAN'),
      origin: 'GAP',
    },
    select: { id: true },
  });
  return row.id;
}

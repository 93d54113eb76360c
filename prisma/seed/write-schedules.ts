// Writes the demo shift templates with their coverage.
import { defaultBreakMinutes, shiftLengthMinutes } from '../../server/scheduling/paid-hours';
import type { SeedContext } from './context';
import { hm, req } from './helpers';
import { TEMPLATES } from './schedules';
export async function shiftTemplates(ctx: SeedContext): Promise<void> {
  for (const t of TEMPLATES) {
    await ctx.tx.shiftTemplate.create({
      data: {
        siteId: ctx.siteId,
        name: t.name,
        shiftType: t.shiftType,
        weekdays: t.weekdays,
        startMinute: hm(t.start),
        endMinute: hm(t.end),
        breakMinutes: defaultBreakMinutes(shiftLengthMinutes(hm(t.start), hm(t.end))),
        coverage: {
          create: t.coverage.map(([code, min, max]) => ({
            positionId: req(ctx.positionIds.get(code), code),
            min,
            max,
          })),
        },
      },
    });
  }
}

// Writes the demo's prescription history, productivity standards and labour budget.
import type { SeedContext } from './context';
import { req } from './helpers';
import { DEMO_BUDGET, DEMO_STANDARDS, demoVolumeHistory } from './volume';

export async function volume(ctx: SeedContext, today: string): Promise<void> {
  const rows = demoVolumeHistory(today).map((r) => ({ siteId: ctx.siteId, ...r }));
  await ctx.tx.volumeCount.createMany({ data: rows });
  await ctx.tx.productivityStandard.createMany({
    data: DEMO_STANDARDS.map((s) => ({
      siteId: ctx.siteId,
      positionId: req(ctx.positionIds.get(s.code), `position ${s.code}`),
      rxPerLabourHour: s.rxPerLabourHour,
      minimumWhenOpen: s.minimumWhenOpen,
      fixedTasks: JSON.stringify(s.fixedTasks),
    })),
  });
  await ctx.tx.site.update({ where: { id: ctx.siteId }, data: DEMO_BUDGET, select: { id: true } });
}

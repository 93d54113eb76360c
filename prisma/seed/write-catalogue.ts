// Writes the credential types, positions and the demo site.
import { CREDENTIAL_TYPES, POSITIONS } from '../catalogue';
import { DEMO_SITE } from './demo';
import type { SeedContext } from './context';
import { req } from './helpers';
export async function catalogue(ctx: SeedContext): Promise<void> {
  for (const t of CREDENTIAL_TYPES) {
    const row = await ctx.tx.credentialType.create({
      data: {
        code: t.code,
        name: t.name,
        issuingBody: t.issuingBody,
        renewalMonths: t.renewalMonths,
        ceHoursPerCycle: t.ceHoursPerCycle,
        ceLawHours: t.ceLawHours,
        cePatientSafetyHours: t.cePatientSafetyHours,
      },
    });
    ctx.credentialTypeIds.set(t.code, row.id);
  }
  for (const p of POSITIONS) {
    const row = await ctx.tx.position.create({
      data: {
        code: p.code,
        name: p.name,
        ratioClass: p.ratioClass,
        color: p.color,
        sortOrder: p.sortOrder,
        requiredCredentials: {
          create: p.requires.map((code) => ({
            credentialTypeId: req(ctx.credentialTypeIds.get(code), code),
          })),
        },
      },
    });
    ctx.positionIds.set(p.code, row.id);
  }
}

export async function site(ctx: SeedContext): Promise<void> {
  const row = await ctx.tx.site.create({
    data: {
      name: DEMO_SITE.name,
      timeZone: DEMO_SITE.timeZone,
      usState: DEMO_SITE.usState,
      techRatio: DEMO_SITE.techRatio,
    },
  });
  ctx.siteId = row.id;
}

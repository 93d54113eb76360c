// Writes the demo district: the two community pharmacies with their staff, availability and shift
// templates, and the floaters' other sites. Runs after every other step, so the hospital pharmacy's
// rows (and the random numbers they drew) are exactly what they were before the district existed.
import { CREDENTIAL_TYPES, STATE_ISSUED } from '../catalogue';
import { defaultBreakMinutes, shiftLengthMinutes } from '../../server/scheduling/paid-hours';
import { EMAIL_DOMAIN } from './demo';
import { BRANCHES, DEMO_DISTRICT, FLOATERS } from './district';
import type { SeedContext } from './context';
import { cents, hm, hours, req, weekdaysOf } from './helpers';
import { credentialNumber } from './write-staff';

export async function district(ctx: SeedContext, lockedHash: string): Promise<void> {
  const siteIds = new Map<string, number>([['main', ctx.siteId]]);
  await ctx.tx.site.update({ where: { id: ctx.siteId }, data: { district: DEMO_DISTRICT } });
  const managerUserId = ctx.userId('denise');
  for (const b of BRANCHES) {
    const site = await ctx.tx.site.create({
      data: {
        name: b.name,
        timeZone: b.timeZone,
        usState: b.usState,
        techRatio: b.techRatio,
        district: DEMO_DISTRICT,
      },
    });
    siteIds.set(b.key, site.id);
    for (const t of b.templates) {
      await ctx.tx.shiftTemplate.create({
        data: {
          siteId: site.id,
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
    let index = 0;
    for (const s of b.staff) {
      const staff = await ctx.tx.staff.create({
        data: {
          siteId: site.id,
          firstName: s.first,
          lastName: s.last,
          employmentType: s.type,
          hourlyRateCents: cents(s.rate),
          minWeeklyMinutes: hours(s.weekly[0]),
          targetWeeklyMinutes: hours(s.weekly[1]),
          maxWeeklyMinutes: hours(s.weekly[2]),
          phone: `(${b.areaCode}) 555-02${String(index++).padStart(2, '0')}`,
          positions: {
            create: s.positions.map((code) => ({ positionId: req(ctx.positionIds.get(code), code) })),
          },
        },
      });
      ctx.staffIds.set(s.key, staff.id);
      const local = `${s.first}.${s.last}`.toLowerCase().replace(/[^a-z.]/g, '');
      await ctx.tx.user.create({
        data: {
          email: `${local}@${EMAIL_DOMAIN}`,
          passwordHash: lockedHash,
          role: 'STAFF',
          staffId: staff.id,
          mustChangePassword: true,
        },
      });
      for (const c of s.creds) {
        await credential(
          ctx,
          staff.id,
          c.type,
          STATE_ISSUED.includes(c.type) ? b.usState : null,
          managerUserId,
        );
      }
      const rules = s.availability.flatMap(([days, start, end, kind]) =>
        weekdaysOf(days).map((weekday) => ({
          staffId: staff.id,
          weekday,
          startMinute: hm(start),
          endMinute: hm(end),
          kind,
        })),
      );
      if (rules.length > 0) await ctx.tx.availabilityRule.createMany({ data: rules });
    }
  }
  for (const f of FLOATERS) {
    const staffId = ctx.staffId(f.staff);
    await ctx.tx.staffSite.createMany({
      data: f.to.map((key) => ({ staffId, siteId: req(siteIds.get(key), key) })),
    });
    // A licence or registration of each other state they float to, for the positions they hold there.
    const held = await ctx.tx.credential.findMany({
      where: { staffId, credentialType: { code: { in: [...STATE_ISSUED] } } },
      select: { credentialType: { select: { code: true } } },
    });
    for (const state of f.licensedIn ?? []) {
      for (const code of new Set(held.map((h) => h.credentialType.code))) {
        const type = req(
          CREDENTIAL_TYPES.find((t) => t.code === code),
          code,
        );
        await credential(ctx, staffId, type.code, state, managerUserId);
      }
    }
  }
}

async function credential(
  ctx: SeedContext,
  staffId: number,
  code: (typeof CREDENTIAL_TYPES)[number]['code'],
  issuingState: string | null,
  verifiedById: number,
): Promise<void> {
  const type = req(
    CREDENTIAL_TYPES.find((t) => t.code === code),
    code,
  );
  const expires = ctx.base.plus({ days: ctx.rng.int(120, 600) });
  const issued =
    type.renewalMonths === null ? expires.minus({ years: 5 }) : expires.minus({ months: type.renewalMonths });
  await ctx.tx.credential.create({
    data: {
      staffId,
      credentialTypeId: req(ctx.credentialTypeIds.get(code), code),
      number: credentialNumber(ctx, code, issued.year),
      issuingState,
      issuedOn: req(issued.toISODate() ?? undefined, 'issue'),
      expiresOn: type.renewalMonths === null ? null : req(expires.toISODate() ?? undefined, 'expiry'),
      verifiedById,
      verifiedAt: ctx.instant(-30, '10:30'),
    },
  });
}

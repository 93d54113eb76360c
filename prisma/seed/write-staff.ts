// Writes the demo staff with their sign-ins, credentials and CE credits.
import type { DateTime } from 'luxon';
import type { CeTopic } from '../../generated/prisma/enums';
import { CREDENTIAL_TYPES, STATE_ISSUED, type CredentialTypeCode } from '../catalogue';
import { DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DEMO_SITE, EMAIL_DOMAIN, type DemoSignIn } from './demo';
import { CE_PROVIDERS, CE_TITLES } from './ce';
import type { SeedContext } from './context';
import { cents, hours, req } from './helpers';
import { STAFF } from './staff';
import { type CeProfile } from './staff-specs';

export async function staff(
  ctx: SeedContext,
  demoHash: string,
  lockedHash: string,
  signIns: DemoSignIn[],
): Promise<void> {
  const managerKey = req(
    STAFF.find((s) => s.role === 'MANAGER'),
    'manager',
  ).key;
  let index = 0;
  for (const s of STAFF) {
    const staff = await ctx.tx.staff.create({
      data: {
        siteId: ctx.siteId,
        firstName: s.first,
        lastName: s.last,
        employmentType: s.type,
        hourlyRateCents: cents(s.rate),
        minWeeklyMinutes: hours(s.weekly[0]),
        targetWeeklyMinutes: hours(s.weekly[1]),
        maxWeeklyMinutes: hours(s.weekly[2]),
        phone: `(518) 555-01${String(index).padStart(2, '0')}`,
        positions: {
          create: s.positions.map((code) => ({ positionId: req(ctx.positionIds.get(code), code) })),
        },
      },
    });
    index++;
    ctx.staffIds.set(s.key, staff.id);
    const local = `${s.first}.${s.last}`.toLowerCase().replace(/[^a-z.]/g, '');
    const email = `${local}@${s.demo ? DEMO_EMAIL_DOMAIN : EMAIL_DOMAIN}`;
    const role = s.role ?? 'STAFF';
    const user = await ctx.tx.user.create({
      data: {
        email,
        passwordHash: s.demo ? demoHash : lockedHash,
        role,
        staffId: staff.id,
        mustChangePassword: !s.demo,
      },
    });
    ctx.userIds.set(s.key, user.id);
    if (s.demo) signIns.push({ role, email, password: DEMO_PASSWORD, name: `${s.first} ${s.last}` });
  }

  // Credentials and CE, verified by the manager.
  const managerUserId = ctx.userId(managerKey);
  for (const s of STAFF) {
    const staffId = ctx.staffId(s.key);
    const numbers = new Map<CredentialTypeCode, string>();
    for (const c of s.creds) {
      const type = req(
        CREDENTIAL_TYPES.find((t) => t.code === c.type),
        c.type,
      );
      const renewalDays = type.renewalMonths === null ? 3650 : Math.round(type.renewalMonths * 30.4);
      const expiresIn = c.expiresIn ?? ctx.rng.int(100, renewalDays - 60);
      const expires = ctx.base.plus({ days: expiresIn });
      const issued =
        type.renewalMonths === null
          ? expires.minus({ years: 5 })
          : expires.minus({ months: type.renewalMonths });
      const expiresOn = req(expires.toISODate() ?? undefined, 'expiry');
      const issuedOn = req(issued.toISODate() ?? undefined, 'issue');
      const number =
        (c.numberFrom && numbers.get(c.numberFrom)) || credentialNumber(ctx, c.type, issued.year);
      numbers.set(c.type, number);
      const verified = c.verified ?? true;
      const verifiedOffset = Math.min(Math.round(issued.diff(ctx.base, 'days').days) + 3, -1);
      await ctx.tx.credential.create({
        data: {
          staffId,
          credentialTypeId: req(ctx.credentialTypeIds.get(c.type), c.type),
          number,
          issuingState: STATE_ISSUED.includes(c.type) ? DEMO_SITE.usState : null,
          issuedOn,
          expiresOn,
          verifiedById: verified ? managerUserId : null,
          verifiedAt: verified ? ctx.instant(verifiedOffset, '10:30') : null,
        },
      });
      if (c.ce && type.ceHoursPerCycle !== null) {
        await ceCredits(ctx, staffId, c.type, c.ce, issued, expires);
      }
    }
  }
}

export function credentialNumber(ctx: SeedContext, type: CredentialTypeCode, year: number): string {
  switch (type) {
    case 'RPH_LICENSE':
      return `0${ctx.rng.digits(5)}`;
    case 'STATE_TECH_REG':
      return `RPT-0${ctx.rng.digits(5)}`;
    case 'CPHT':
    case 'CPHT_ADV':
    case 'CSPT':
      return ctx.rng.digits(7);
    case 'EXCPT':
      return `NHA-${ctx.rng.digits(8)}`;
    case 'HAZ_DRUG':
      return `HD-${year}-${ctx.rng.digits(4)}`;
    case 'BLS':
      return ctx.rng.digits(12);
    // An employer's competency record: no random digits, so the demo's other numbers stay as they were.
    case 'USP797_GARBING':
      return `GF-${year}`;
    case 'USP797_MEDIA_FILL':
      return `MF-${year}`;
    case 'USP797_GARBING_CAT3':
      return `GF3-${year}`;
    case 'USP797_MEDIA_FILL_CAT3':
      return `MF3-${year}`;
    case 'USP797_TRAINING':
      return `SCT-${year}`;
    case 'INTERN_REG':
      return `INT-0${ctx.rng.digits(5)}`;
  }
}

/** CE credits in the current cycle [issued, today) for a credential with a CE requirement. */
export async function ceCredits(
  ctx: SeedContext,
  staffId: number,
  typeCode: CredentialTypeCode,
  profile: CeProfile,
  issued: DateTime,
  expires: DateTime,
): Promise<void> {
  const type = req(
    CREDENTIAL_TYPES.find((t) => t.code === typeCode),
    typeCode,
  );
  const required = type.ceHoursPerCycle ?? 0;
  const cycleDays = Math.max(1, expires.diff(issued, 'days').days);
  const elapsedDays = Math.max(0, ctx.base.diff(issued, 'days').days);
  const elapsed = Math.min(1, elapsedDays / cycleDays);

  // Plan the hours by topic.
  const plan: [CeTopic, number][] = [];
  if (typeCode === 'CSPT') {
    plan.push(['STERILE_COMPOUNDING', profile === 'behind' ? 1 : 2]);
  } else {
    const law = type.ceLawHours ?? 0;
    const safety = type.cePatientSafetyHours ?? 0;
    let target: number;
    if (profile === 'complete') target = required + ctx.rng.int(0, 2);
    else if (profile === 'onTrack')
      target = Math.max(law + safety + 2, Math.ceil(required * Math.max(elapsed, 0.35)));
    else target = Math.max(2, Math.floor(required * elapsed * 0.5));
    if (profile !== 'behind') {
      plan.push(['LAW', law], ['PATIENT_SAFETY', safety]);
    } else if (safety > 0) {
      plan.push(['PATIENT_SAFETY', safety]); // behind: no law hours yet
    }
    let planned = plan.reduce((sum, [, h]) => sum + h, 0);
    while (planned < target) {
      const h = Math.min(target - planned, ctx.rng.pick([1, 1.5, 2, 3]));
      plan.push([ctx.rng.int(0, 5) === 0 ? 'OTHER' : 'GENERAL', h]);
      planned += h;
    }
  }

  // Spread the credits over the elapsed part of the cycle, oldest first.
  const last = Math.max(1, Math.floor(elapsedDays) - 1);
  const first = Math.min(20, last);
  const offsets = plan.map(() => ctx.rng.int(first, last)).sort((a, b) => a - b);
  const rows = plan.map(([topic, h], i) => ({
    staffId,
    credentialTypeId: req(ctx.credentialTypeIds.get(typeCode), typeCode),
    earnedOn: req(issued.plus({ days: req(offsets[i], 'offset') }).toISODate() ?? undefined, 'earnedOn'),
    hours: h,
    topic,
    title: ctx.rng.pick(CE_TITLES[topic]),
    provider: ctx.rng.pick(CE_PROVIDERS),
  }));
  await ctx.tx.ceCredit.createMany({ data: rows });
}

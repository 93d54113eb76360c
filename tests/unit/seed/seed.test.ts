import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { verify } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../../../generated/prisma/client';
import { applyMigrations } from '../../../server/db/migrate';
import { CREDENTIAL_TYPES, POSITIONS } from '../../../prisma/catalogue';
import { BOARD_FLOWS, canTransition, isClosedStatus } from '../../../server/boards/rules';
import { NCPDP_REJECT_CODES } from '../../../server/boards/reject-codes';
import {
  DEMO_EMAIL_DOMAIN,
  DEMO_PASSWORD,
  isDatabaseEmpty,
  seedDemo,
  type DemoSignIn,
} from '../../../prisma/seed';

// A Tuesday two days after the US switch to daylight-saving time: instants on both sides of it.
const TODAY = '2026-03-10';

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Columns whose value depends on the clock or on a random salt, per table. */
const VOLATILE: Record<string, string[]> = {
  User: ['passwordHash', 'createdAt', 'updatedAt'],
  Site: ['createdAt', 'updatedAt'],
  Staff: ['createdAt', 'updatedAt'],
  Credential: ['createdAt', 'updatedAt'],
  CeCredit: ['createdAt'],
  AvailabilityException: ['createdAt'],
  ShiftTemplate: ['createdAt', 'updatedAt'],
  VolumeCount: ['createdAt'],
  ProductivityStandard: ['updatedAt'],
  Payer: ['createdAt', 'updatedAt'],
};

function dump(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name",
      )
      .all() as { name: string }[];
    const out: Record<string, unknown[]> = {};
    for (const { name } of tables) {
      const rows = db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[];
      const skip = new Set(VOLATILE[name] ?? []);
      out[name] = rows
        .map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !skip.has(k))))
        .map((r) => JSON.stringify(r))
        .sort();
    }
    return out;
  } finally {
    db.close();
  }
}

function createPrismaClient(file: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${file}` }) });
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'rxroster-seed-'));
const fileA = path.join(dir, 'a.db');
const fileB = path.join(dir, 'b.db');
const db = createPrismaClient(fileA);
let signIns: DemoSignIn[] = [];

beforeAll(async () => {
  applyMigrations(fileA);
  applyMigrations(fileB);
  expect(await isDatabaseEmpty(db)).toBe(true);
  signIns = await seedDemo(db, { today: TODAY });
  const other = createPrismaClient(fileB);
  try {
    await seedDemo(other, { today: TODAY });
  } finally {
    await other.$disconnect();
  }
});

afterAll(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo pharmacy seed', () => {
  it('is deterministic: the same today gives the same rows', () => {
    const a = dump(fileA);
    const b = dump(fileB);
    expect(Object.keys(a)).toContain('Staff');
    expect(a).toEqual(b);
  });

  it('marks the database as no longer empty', async () => {
    expect(await isDatabaseEmpty(db)).toBe(false);
  });

  it('returns one manager, one lead and two staff demo sign-ins whose password is "password"', async () => {
    expect(signIns.map((s) => s.role)).toEqual(['MANAGER', 'LEAD', 'STAFF', 'STAFF']);
    for (const s of signIns) {
      expect(s.password).toBe('password');
      expect(s.email.endsWith(`@${DEMO_EMAIL_DOMAIN}`)).toBe(true);
      const user = await db.user.findUniqueOrThrow({ where: { email: s.email }, include: { staff: true } });
      expect(user.role).toBe(s.role);
      expect(`${user.staff?.firstName} ${user.staff?.lastName}`).toBe(s.name);
      expect(user.passwordHash.startsWith('$argon2id$')).toBe(true);
      expect(await verify(user.passwordHash, DEMO_PASSWORD)).toBe(true);
    }
    const staffPositions = await Promise.all(
      signIns
        .filter((s) => s.role === 'STAFF')
        .map((s) =>
          db.user.findUniqueOrThrow({
            where: { email: s.email },
            select: {
              staff: { select: { positions: { select: { position: { select: { code: true } } } } } },
            },
          }),
        ),
    );
    const codes = staffPositions.flatMap((u) => u.staff?.positions.map((p) => p.position.code) ?? []);
    expect(codes).toContain('PHARMACIST');
    expect(codes).toContain('TECHNICIAN');

    // Everyone else has a user too, with a password nobody knows, and is not in the demo domain.
    const others = await db.user.findMany({
      where: { email: { not: { endsWith: `@${DEMO_EMAIL_DOMAIN}` } } },
    });
    expect(others.length).toBeGreaterThan(15);
    expect(others.every((u) => u.role === 'STAFF')).toBe(true);
    expect(await verify(others[0]!.passwordHash, DEMO_PASSWORD)).toBe(false);
  });

  it('is a district of three sites, one in Minnesota, each with staff and shifts, and floaters', async () => {
    const sites = await db.site.findMany({
      orderBy: { id: 'asc' },
      select: {
        name: true,
        usState: true,
        district: true,
        _count: { select: { staff: true, shiftTemplates: true, floaters: true } },
      },
    });
    expect(sites).toHaveLength(3);
    expect(sites[0]!.name).toBe('Riverside Hospital Outpatient & IV Pharmacy');
    expect(new Set(sites.map((s) => s.district))).toEqual(new Set(['Riverside Health']));
    expect(sites.map((s) => s.usState)).toContain('MN');
    for (const s of sites.slice(1)) {
      expect(s._count.staff).toBeGreaterThanOrEqual(6);
      expect(s._count.shiftTemplates).toBeGreaterThanOrEqual(2);
      expect(s._count.floaters).toBeGreaterThanOrEqual(2);
    }
    const floaters = await db.staff.count({ where: { floatSites: { some: {} } } });
    expect(floaters).toBeGreaterThanOrEqual(4);
    // Whoever floats to Minnesota holds a Minnesota licence or registration.
    const toMinnesota = await db.staff.findMany({
      where: { floatSites: { some: { site: { usState: 'MN' } } } },
      select: { credentials: { select: { issuingState: true } } },
    });
    for (const p of toMinnesota) expect(p.credentials.map((c) => c.issuingState)).toContain('MN');
  });

  it('has about 25 staff at the hospital pharmacy, of every employment type, and the catalogue', async () => {
    const first = await db.site.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } });
    expect(await db.staff.count({ where: { siteId: first.id } })).toBeGreaterThanOrEqual(23);
    expect(await db.staff.count({ where: { siteId: first.id } })).toBeLessThanOrEqual(27);
    const staff = await db.staff.findMany();
    expect(new Set(staff.map((s) => s.employmentType))).toEqual(
      new Set(['FULL_TIME', 'PART_TIME', 'PER_DIEM']),
    );
    for (const s of staff) {
      expect(s.minWeeklyMinutes).toBeLessThanOrEqual(s.targetWeeklyMinutes);
      expect(s.targetWeeklyMinutes).toBeLessThanOrEqual(s.maxWeeklyMinutes);
      expect(s.hourlyRateCents).toBeGreaterThan(1500);
    }
    expect(await db.credentialType.count()).toBe(CREDENTIAL_TYPES.length);
    expect(await db.position.count()).toBe(POSITIONS.length);
    expect(new Set(POSITIONS.map((p) => p.color)).size).toBe(POSITIONS.length);
    const pharmacists = await db.staffPosition.count({ where: { position: { code: 'PHARMACIST' } } });
    expect(pharmacists).toBeGreaterThanOrEqual(6);
  });

  it('has one expired credential (an IV technician’s CSPT) and a few expiring within 30 days', async () => {
    const expired = await db.credential.findMany({
      where: { expiresOn: { lt: TODAY } },
      include: { credentialType: true, staff: { include: { positions: { include: { position: true } } } } },
    });
    expect(expired).toHaveLength(1);
    expect(expired[0]!.credentialType.code).toBe('CSPT');
    expect(expired[0]!.staff.positions.map((p) => p.position.code)).toContain('IV_TECH');

    const soon = await db.credential.count({ where: { expiresOn: { gte: TODAY, lte: addDays(TODAY, 30) } } });
    expect(soon).toBeGreaterThanOrEqual(3);
    expect(soon).toBeLessThanOrEqual(6);
    const within90 = await db.credential.count({
      where: { expiresOn: { gt: addDays(TODAY, 30), lte: addDays(TODAY, 90) } },
    });
    expect(within90).toBeGreaterThanOrEqual(2);

    const unverified = await db.credential.count({ where: { verifiedById: null } });
    expect(unverified).toBeGreaterThan(0);
    const all = await db.credential.findMany();
    for (const c of all) {
      expect(c.issuedOn < TODAY).toBe(true);
      expect(c.expiresOn! > c.issuedOn).toBe(true);
      if (c.verifiedAt) expect(c.verifiedAt.getTime()).toBeLessThan(Date.parse(`${TODAY}T12:00:00Z`));
    }
  });

  it('records CE credits in the current cycle with law and patient-safety topics', async () => {
    const credits = await db.ceCredit.findMany({ include: { credentialType: true } });
    expect(credits.length).toBeGreaterThan(50);
    expect(credits.some((c) => c.topic === 'LAW')).toBe(true);
    expect(credits.some((c) => c.topic === 'PATIENT_SAFETY')).toBe(true);
    for (const c of credits) expect(c.earnedOn < TODAY).toBe(true);
    // Some CPhT holders are behind: fewer hours than required and no law hour yet.
    const cphts = await db.credential.findMany({ where: { credentialType: { code: 'CPHT' } } });
    const progress = cphts.map((cred) => {
      const mine = credits.filter(
        (c) => c.staffId === cred.staffId && c.credentialType?.code === 'CPHT' && c.earnedOn >= cred.issuedOn,
      );
      return {
        hours: mine.reduce((s, c) => s + c.hours, 0),
        law: mine.filter((c) => c.topic === 'LAW').reduce((s, c) => s + c.hours, 0),
      };
    });
    expect(progress.some((p) => p.hours >= 20 && p.law >= 1)).toBe(true);
    expect(progress.some((p) => p.hours < 20 && p.law === 0)).toBe(true);
  });

  it('has availability windows that never overlap on a day, time off in every state and exceptions', async () => {
    const rules = await db.availabilityRule.findMany({
      orderBy: [{ staffId: 'asc' }, { weekday: 'asc' }, { startMinute: 'asc' }],
    });
    expect(new Set(rules.map((r) => r.kind))).toEqual(new Set(['AVAILABLE', 'PREFERRED', 'UNAVAILABLE']));
    for (let i = 1; i < rules.length; i++) {
      const a = rules[i - 1]!;
      const b = rules[i]!;
      expect(b.weekday >= 1 && b.weekday <= 7 && b.startMinute < b.endMinute && b.endMinute <= 1440).toBe(
        true,
      );
      if (a.staffId === b.staffId && a.weekday === b.weekday)
        expect(b.startMinute).toBeGreaterThanOrEqual(a.endMinute);
    }
    const timeOff = await db.timeOffRequest.findMany();
    expect(new Set(timeOff.map((t) => t.status))).toEqual(new Set(['PENDING', 'APPROVED', 'DENIED']));
    for (const t of timeOff) {
      expect(t.startDate > TODAY && t.endDate <= addDays(TODAY, 14) && t.startDate <= t.endDate).toBe(true);
      expect(t.reviewerId === null).toBe(t.status === 'PENDING');
    }
    expect(await db.availabilityException.count()).toBeGreaterThanOrEqual(2);
  });

  it('has shift templates for all seven days whose coverage the staff can meet in principle', async () => {
    const templates = await db.shiftTemplate.findMany({
      include: { coverage: { include: { position: true } } },
    });
    const days = new Set(templates.flatMap((t) => t.weekdays.split(',').map(Number)));
    expect([...days].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(templates.some((t) => t.endMinute <= t.startMinute)).toBe(true); // the overnight shift

    const staff = await db.staff.findMany({
      where: { active: true },
      include: {
        positions: { include: { position: true } },
        credentials: { include: { credentialType: true } },
      },
    });
    const qualifies = (s: (typeof staff)[number], code: string): boolean => {
      if (!s.positions.some((p) => p.position.code === code)) return false;
      const position = POSITIONS.find((p) => p.code === code)!;
      const holds = (need: string) =>
        s.credentials.some(
          (c) =>
            c.credentialType.code === need &&
            c.issuedOn <= TODAY &&
            (c.expiresOn === null || c.expiresOn >= TODAY),
        );
      const anyOf = position.anyOf ?? [];
      return position.requires.every(holds) && (anyOf.length === 0 || anyOf.some(holds));
    };
    const length = (t: (typeof templates)[number]): number =>
      (t.endMinute - t.startMinute + 1440) % 1440 || 1440;

    const weeklyDemand = new Map<string, number>();
    for (const t of templates) {
      const perWeek = t.weekdays.split(',').length;
      for (const c of t.coverage) {
        // Enough qualified people for every single shift.
        const qualified = staff.filter((s) => qualifies(s, c.position.code));
        expect(qualified.length, `${t.name}: ${c.position.code}`).toBeGreaterThanOrEqual(c.min);
        weeklyDemand.set(c.position.code, (weeklyDemand.get(c.position.code) ?? 0) + c.min * perWeek);
        expect(length(t)).toBe(510);
        expect(t.breakMinutes).toBe(30);
      }
    }
    // Enough weekly capacity (shifts of 8 paid hours within each person's maximum) per position...
    for (const [code, demand] of weeklyDemand) {
      const capacity = staff
        .filter((s) => qualifies(s, code))
        .reduce((sum, s) => sum + Math.floor(s.maxWeeklyMinutes / 480), 0);
      expect(capacity, code).toBeGreaterThanOrEqual(demand);
    }
    // ...and per ratio class, as people are shared between positions.
    for (const ratioClass of ['PHARMACIST', 'TECHNICIAN'] as const) {
      const codes = POSITIONS.filter((p) => p.ratioClass === ratioClass).map((p) => p.code);
      const demand = codes.reduce((sum, c) => sum + (weeklyDemand.get(c) ?? 0), 0);
      const capacity = staff
        .filter((s) => codes.some((c) => qualifies(s, c)))
        .reduce((sum, s) => sum + Math.floor(s.maxWeeklyMinutes / 480), 0);
      expect(capacity, ratioClass).toBeGreaterThanOrEqual(demand);
    }
  });

  it('keeps technicians ≤ ratio × pharmacists at every moment even at maximum technician headcount', async () => {
    const site = await db.site.findFirstOrThrow();
    expect(site.techRatio).toBe(4);
    const templates = await db.shiftTemplate.findMany({
      include: { coverage: { include: { position: true } } },
    });
    // Minute of the week (Mon 00:00 = 0), checked every 30 minutes.
    const week = 7 * 1440;
    const pharmacists = new Array<number>(week / 30).fill(0);
    const techs = new Array<number>(week / 30).fill(0);
    for (const t of templates) {
      const len = (t.endMinute - t.startMinute + 1440) % 1440 || 1440;
      for (const day of t.weekdays.split(',').map(Number)) {
        for (let m = 0; m < len; m += 30) {
          const slot = (((day - 1) * 1440 + t.startMinute + m) % week) / 30;
          for (const c of t.coverage) {
            if (c.position.ratioClass === 'PHARMACIST') pharmacists[slot]! += c.min;
            if (c.position.ratioClass === 'TECHNICIAN') techs[slot]! += c.max ?? c.min;
          }
        }
      }
    }
    for (let slot = 0; slot < techs.length; slot++) {
      expect(techs[slot]!, `slot ${slot}`).toBeLessThanOrEqual(site.techRatio! * pharmacists[slot]!);
    }
  });

  it('has vendor returns and billing issues in different states, with history that follows the flow', async () => {
    const tasks = await db.task.findMany({
      include: { events: { orderBy: { id: 'asc' } }, vendorReturn: true, billingIssue: true, comments: true },
    });
    const vr = tasks.filter((t) => t.board === 'VENDOR_RETURN');
    const bi = tasks.filter((t) => t.board === 'BILLING_ISSUE');
    expect(vr.length).toBeGreaterThanOrEqual(5);
    expect(bi.length).toBeGreaterThanOrEqual(5);
    expect(new Set(vr.map((t) => t.status)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(bi.map((t) => t.status)).size).toBeGreaterThanOrEqual(5);
    expect(tasks.some((t) => t.comments.length > 0)).toBe(true);
    expect(tasks.filter((t) => t.board === 'DAILY').length).toBeGreaterThan(0);
    expect(await db.dailyTaskTemplate.count()).toBeGreaterThanOrEqual(4);

    for (const t of tasks) {
      const [created, ...rest] = t.events;
      expect(created?.kind).toBe('CREATED');
      let status = created!.toValue!;
      let changes = 0;
      for (const e of rest) {
        expect(e.createdAt.getTime()).toBeGreaterThanOrEqual(created!.createdAt.getTime());
        if (e.kind === 'STATUS') {
          expect(e.fromValue).toBe(status);
          expect(canTransition(t.board, status, e.toValue!), `${t.title}: ${status} → ${e.toValue}`).toBe(
            true,
          );
          status = e.toValue!;
        }
        if (e.kind !== 'COMMENT') changes++;
      }
      expect(status).toBe(t.status);
      expect(t.version).toBe(1 + changes);
      expect(t.closedAt !== null).toBe(isClosedStatus(t.board, t.status));
      expect(BOARD_FLOWS[t.board].statuses.some((s) => s.code === t.status)).toBe(true);
    }

    const afterAuthorised = ['AUTHORISED', 'PACKED', 'SHIPPED', 'DISPUTED', 'CREDIT_RECEIVED'];
    for (const t of vr) {
      const d = t.vendorReturn!;
      expect(d.ndc).toMatch(/^\d{11}$/);
      expect(d.quantity).toBeGreaterThan(0);
      if (afterAuthorised.includes(t.status)) expect(d.raNumber).toBeTruthy();
      if (['SHIPPED', 'CREDIT_RECEIVED'].includes(t.status))
        expect(d.shippedOn && d.trackingNumber).toBeTruthy();
      if (t.status === 'CREDIT_RECEIVED') expect(d.receivedCreditCents).not.toBeNull();
      if (d.scheduleII && (d.shippedOn !== null || t.status === 'SHIPPED'))
        expect(d.deaForm222Number).toBeTruthy();
    }
    expect(vr.some((t) => t.vendorReturn!.scheduleII)).toBe(true);

    const codes = new Set(NCPDP_REJECT_CODES.map((r) => r.code));
    for (const t of bi) {
      const d = t.billingIssue!;
      expect(d.bin).toMatch(/^\d{6}$/);
      expect(codes.has(d.rejectCode)).toBe(true);
      expect(d.amountCents).toBeGreaterThan(0);
      if (isClosedStatus('BILLING_ISSUE', t.status)) expect(d.outcome).toBeTruthy();
    }
  });

  it('has a year of hourly prescription counts up to yesterday with a Monday peak and a winter flu bump', async () => {
    const rows = await db.volumeCount.findMany({ select: { date: true, hour: true, count: true } });
    const dates = [...new Set(rows.map((r) => r.date))].sort();
    expect(dates.length).toBe(364);
    expect(dates.at(-1)).toBe('2026-03-09');
    expect(rows.every((r) => r.hour !== null && r.hour >= 7 && r.hour <= 21)).toBe(true);
    const byWeekday = new Map<number, number[]>();
    const byDate = new Map<string, number>();
    for (const r of rows) byDate.set(r.date, (byDate.get(r.date) ?? 0) + r.count);
    for (const [date, total] of byDate) {
      const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
      byWeekday.set(weekday, [...(byWeekday.get(weekday) ?? []), total]);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const weekdayMeans = [1, 2, 3, 4, 5, 6, 0].map((d) => mean(byWeekday.get(d)!));
    expect(Math.max(...weekdayMeans)).toBe(weekdayMeans[0]); // Monday is the busiest day
    expect(weekdayMeans[6]!).toBeLessThan(weekdayMeans[0]! / 2); // Sunday is the quietest
    const monthTotal = (prefix: string) =>
      [...byDate].filter(([d]) => d.startsWith(prefix)).reduce((a, [, n]) => a + n, 0);
    expect(monthTotal('2026-01')).toBeGreaterThan(monthTotal('2025-07') * 1.1); // the flu bump
  });

  it('has productivity standards for pharmacists and technicians and a labour budget as a share of revenue', async () => {
    const standards = await db.productivityStandard.findMany({
      select: { position: { select: { code: true } }, rxPerLabourHour: true, minimumWhenOpen: true },
      orderBy: { positionId: 'asc' },
    });
    expect(standards.map((s) => s.position.code).sort()).toEqual(['PHARMACIST', 'TECHNICIAN']);
    expect(standards.every((s) => s.minimumWhenOpen === 1 && (s.rxPerLabourHour ?? 0) > 0)).toBe(true);
    const site = await db.site.findFirstOrThrow({
      select: { budgetLabourPercent: true, revenuePerRxCents: true, budgetHard: true },
    });
    expect(site).toEqual({ budgetLabourPercent: 13, revenuePerRxCents: 6200, budgetHard: false });
  });

  it('refuses nothing but gives different data for a different today', async () => {
    const file = path.join(dir, 'c.db');
    applyMigrations(file);
    const other = createPrismaClient(file);
    try {
      await seedDemo(other, { today: '2026-11-01' });
      const expired = await other.credential.findMany({ where: { expiresOn: { lt: '2026-11-01' } } });
      expect(expired).toHaveLength(1);
      // The 1st of the month makes the monthly expired-product pull.
      expect(
        await other.task.count({
          where: { board: 'DAILY', title: 'Expired product pull', taskDate: '2026-11-01' },
        }),
      ).toBe(1);
    } finally {
      await other.$disconnect();
    }
    await expect(seedDemo(db, { today: 'not a date' })).rejects.toThrow(/YYYY-MM-DD/);
  });
});

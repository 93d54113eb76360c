// The load-test data set: a chain of 10 sites, 1,500 staff, 12 published weeks per site and 3,000
// tasks with history, built on top of the demo pharmacy so every page has the shapes it has in real
// use. Deterministic for a given `today`.
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { PrismaClient } from '../../generated/prisma/client';
import type { Board, Priority } from '../../generated/prisma/enums';
import { BOARD_FLOWS, INITIAL_STATUS, isClosedStatus } from '../../server/boards/rules';
import { mulberry32, seedDemo, type DemoSignIn } from '../../prisma/seed';

export const LOAD_SITES = 10;
export const LOAD_STAFF = 1500;
export const LOAD_WEEKS = 12;
export const LOAD_TASKS = 3000;

export interface LoadDataset {
  signIns: DemoSignIn[];
  /** A published schedule of the demo site this week, for the manager's grid. */
  scheduleId: number;
  /** This week's published schedule of every site, by site id. */
  thisWeekSchedules: Map<number, number>;
  /** iCalendar token of the first STAFF demo user. */
  icalToken: string;
}

export async function seedLoadDataset(db: PrismaClient, today: string): Promise<LoadDataset> {
  const signIns = await seedDemo(db, { today });
  const random = mulberry32(0x10ad);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  const demoSite = await db.site.findFirstOrThrow({ orderBy: { id: 'asc' } });
  const templates = await db.shiftTemplate.findMany({
    where: { siteId: demoSite.id },
    include: { coverage: true },
    orderBy: { id: 'asc' },
  });
  const profiles = await db.staff.findMany({
    where: { siteId: demoSite.id },
    include: { positions: true, credentials: true, user: { select: { passwordHash: true } } },
    orderBy: { id: 'asc' },
  });
  const lockedHash = profiles.find((p) => p.user)?.user?.passwordHash ?? '';

  // More sites, with copies of the demo site's templates and people, up to LOAD_STAFF in all.
  const sites = [demoSite.id];
  const perExtraSite = Math.ceil((LOAD_STAFF - profiles.length) / (LOAD_SITES - 1));
  for (let s = 1; s < LOAD_SITES; s += 1) {
    const site = await db.site.create({
      data: {
        name: `Load site ${s + 1}`,
        timeZone: demoSite.timeZone,
        usState: demoSite.usState,
        techRatio: 4,
      },
    });
    sites.push(site.id);
    for (const t of templates) {
      await db.shiftTemplate.create({
        data: {
          siteId: site.id,
          name: t.name,
          shiftType: t.shiftType,
          weekdays: t.weekdays,
          startMinute: t.startMinute,
          endMinute: t.endMinute,
          coverage: { create: t.coverage.map((c) => ({ positionId: c.positionId, min: c.min, max: c.max })) },
        },
      });
    }
    const count = Math.min(perExtraSite, LOAD_STAFF - (profiles.length + (s - 1) * perExtraSite));
    for (let i = 0; i < count; i += 1) {
      const p = profiles[(i % (profiles.length - 1)) + 1]!;
      await db.staff.create({
        data: {
          siteId: site.id,
          firstName: p.firstName,
          lastName: `${p.lastName}-${s + 1}-${i}`,
          employmentType: p.employmentType,
          hourlyRateCents: p.hourlyRateCents,
          minWeeklyMinutes: p.minWeeklyMinutes,
          targetWeeklyMinutes: p.targetWeeklyMinutes,
          maxWeeklyMinutes: p.maxWeeklyMinutes,
          positions: { create: p.positions.map((x) => ({ positionId: x.positionId })) },
          credentials: {
            create: p.credentials.map((c) => ({
              credentialTypeId: c.credentialTypeId,
              number: `${c.number}-${s}${i}`,
              issuedOn: c.issuedOn,
              expiresOn: c.expiresOn,
            })),
          },
          user: {
            create: {
              email: `load.${s + 1}.${i}@load.rxroster.test`,
              passwordHash: lockedHash,
              role: 'STAFF',
            },
          },
        },
      });
    }
  }

  // Twelve published weeks per site: eight past, this week, three ahead. The assignments fill each
  // requirement round-robin from the people holding the position (load data, not an optimum).
  const monday = DateTime.fromISO(today).startOf('week');
  let thisWeekSchedule = 0;
  const thisWeekSchedules = new Map<number, number>();
  for (const siteId of sites) {
    const siteTemplates = await db.shiftTemplate.findMany({ where: { siteId }, include: { coverage: true } });
    const staff = await db.staff.findMany({ where: { siteId, active: true }, include: { positions: true } });
    const byPosition = new Map<number, number[]>();
    for (const person of staff) {
      for (const sp of person.positions)
        byPosition.set(sp.positionId, [...(byPosition.get(sp.positionId) ?? []), person.id]);
    }
    const cursor = new Map<number, number>();
    for (let w = -8; w < LOAD_WEEKS - 8; w += 1) {
      const start = monday.plus({ weeks: w });
      const schedule = await db.schedule.create({
        data: {
          siteId,
          periodStart: start.toISODate()!,
          periodEnd: start.plus({ days: 6 }).toISODate()!,
          status: 'PUBLISHED',
          // Published five days ahead of the week, but never in the future.
          publishedAt: DateTime.min(start.minus({ days: 5 }), DateTime.now().minus({ hours: 1 })).toJSDate(),
          solverStatus: 'optimal',
          solverEngine: 'highs',
        },
      });
      if (siteId === demoSite.id && w === 0) thisWeekSchedule = schedule.id;
      if (w === 0) thisWeekSchedules.set(siteId, schedule.id);
      const rows: {
        scheduleId: number;
        shiftDate: string;
        templateId: number;
        staffId: number;
        positionId: number;
      }[] = [];
      for (let d = 0; d < 7; d += 1) {
        const date = start.plus({ days: d });
        const busy = new Set<number>();
        for (const t of siteTemplates) {
          if (!t.weekdays.split(',').map(Number).includes(date.weekday)) continue;
          for (const c of t.coverage) {
            const pool = byPosition.get(c.positionId) ?? [];
            for (let k = 0; k < c.min && pool.length > 0; k += 1) {
              let tries = 0;
              let at = cursor.get(c.positionId) ?? 0;
              while (busy.has(pool[at % pool.length]!) && tries < pool.length) {
                at += 1;
                tries += 1;
              }
              const staffId = pool[at % pool.length]!;
              cursor.set(c.positionId, at + 1);
              if (busy.has(staffId)) continue;
              busy.add(staffId);
              rows.push({
                scheduleId: schedule.id,
                shiftDate: date.toISODate()!,
                templateId: t.id,
                staffId,
                positionId: c.positionId,
              });
            }
          }
        }
      }
      await db.assignment.createMany({ data: rows });
    }
  }

  // Tasks with history, up to 3,000 in all.
  const existing = await db.task.count();
  const users = await db.user.findMany({
    where: { role: { in: ['LEAD', 'MANAGER'] } },
    select: { id: true },
  });
  const assignees = await db.staff.findMany({ select: { id: true, siteId: true } });
  const boards: Board[] = ['VENDOR_RETURN', 'BILLING_ISSUE', 'DAILY'];
  const priorities: Priority[] = ['LOW', 'NORMAL', 'NORMAL', 'HIGH', 'URGENT'];
  for (let i = existing; i < LOAD_TASKS; i += 1) {
    const board = boards[i % boards.length]!;
    const siteId = sites[i % sites.length]!;
    const flow = BOARD_FLOWS[board];
    // Walk the flow from its first status a random number of steps.
    const path = [INITIAL_STATUS[board]];
    for (let step = Math.floor(random() * 4); step > 0; step -= 1) {
      const next = flow.transitions[path.at(-1)!] ?? [];
      if (next.length === 0) break;
      path.push(pick(next));
    }
    const status = path.at(-1)!;
    const created = DateTime.fromISO(today).minus({ days: Math.floor(random() * 120) });
    const actorId = pick(users).id;
    const assignee = pick(assignees.filter((a) => a.siteId === siteId));
    const task = await db.task.create({
      data: {
        siteId,
        board,
        status,
        title: `${board === 'VENDOR_RETURN' ? 'Return' : board === 'BILLING_ISSUE' ? 'Claim' : 'Task'} ${i + 1}`,
        priority: pick(priorities),
        assigneeId: assignee.id,
        createdById: actorId,
        dueAt: created.plus({ days: 14 }).toJSDate(),
        version: path.length,
        createdAt: created.toJSDate(),
        closedAt: isClosedStatus(board, status) ? created.plus({ days: path.length }).toJSDate() : null,
        ...(board === 'VENDOR_RETURN'
          ? {
              vendorReturn: {
                create: {
                  vendor: pick(['Cardinal Health', 'McKesson', 'AmerisourceBergen', 'Inmar']),
                  drugName: pick([
                    'Amoxicillin 500 mg caps',
                    'Insulin glargine 100 U/mL',
                    'Ondansetron 4 mg ODT',
                  ]),
                  ndc: String(10_000_000_000 + Math.floor(random() * 89_999_999_999)).slice(0, 11),
                  lot: randomBytes(3).toString('hex').toUpperCase(),
                  expiryDate: created.plus({ months: 2 }).toISODate()!,
                  quantity: 1 + Math.floor(random() * 50),
                  reason: pick(['EXPIRED', 'DAMAGED', 'RECALLED', 'OVERSTOCK', 'MIS_SHIPPED'] as const),
                  expectedCreditCents: 1000 + Math.floor(random() * 90_000),
                  raNumber: path.length > 2 ? `RA-${i}` : null,
                  shippedOn: path.includes('SHIPPED') ? created.plus({ days: 3 }).toISODate()! : null,
                  trackingNumber: path.includes('SHIPPED') ? `1Z${i}` : null,
                  receivedCreditCents: status === 'CREDIT_RECEIVED' ? 1000 : null,
                },
              },
            }
          : board === 'BILLING_ISSUE'
            ? {
                billingIssue: {
                  create: {
                    rxNumber: `RX${100000 + i}`,
                    dateOfService: created.toISODate()!,
                    payerName: pick(['Express Scripts', 'CVS Caremark', 'OptumRx', 'Medicaid NY']),
                    bin: pick(['003858', '004336', '610014', '610502']),
                    rejectCode: pick(['70', '75', '76', '79', '88', 'MR']),
                    amountCents: 500 + Math.floor(random() * 50_000),
                    outcome: isClosedStatus(board, status) ? 'Paid on resubmission' : null,
                  },
                },
              }
            : { taskDate: created.toISODate()! }),
      },
    });
    await db.taskEvent.createMany({
      data: [
        { taskId: task.id, actorId, kind: 'CREATED', toValue: path[0]!, createdAt: created.toJSDate() },
        ...path.slice(1).map((to, k) => ({
          taskId: task.id,
          actorId,
          kind: 'STATUS' as const,
          field: 'status',
          fromValue: path[k]!,
          toValue: to,
          createdAt: created.plus({ days: k + 1 }).toJSDate(),
        })),
      ],
    });
  }

  const staffUser = signIns.find((s) => s.role === 'STAFF')!;
  const icalToken = randomBytes(32).toString('base64url');
  await db.user.update({ where: { email: staffUser.email }, data: { icalToken } });
  return { signIns, scheduleId: thisWeekSchedule, thisWeekSchedules, icalToken };
}

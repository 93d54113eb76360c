import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app';
import type { CurrentUser } from '../../server/http/request-context';
import { approveTimeOff, denyTimeOff } from '../../server/availability/time-off.service';
import { assignTask, createBillingIssue } from '../../server/boards/tasks.service';
import { notifyExpiringCredentials } from '../../server/credentials/credential-expiry.service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function currentUser(email: string): Promise<CurrentUser> {
  const u = await t.db.user.findUniqueOrThrow({
    where: { email },
    select: {
      id: true,
      email: true,
      role: true,
      staffId: true,
      staff: { select: { siteId: true, firstName: true, lastName: true } },
    },
  });
  return {
    id: u.id,
    email: u.email,
    role: u.role,
    staffId: u.staffId,
    siteId: u.staff?.siteId ?? null,
    displayName: u.staff ? `${u.staff.firstName} ${u.staff.lastName}` : u.email,
    mustChangePassword: false,
  };
}

describe('time-off decisions', () => {
  it('tells the staff member of an approval and of a denial with its note, in the app and by email', async () => {
    const manager = await currentUser(t.demoUser('MANAGER').email);
    const staff = await t.db.staff.findFirstOrThrow({
      where: { firstName: 'Priya' },
      select: { id: true, user: { select: { id: true, email: true } } },
    });
    const [a, b] = await Promise.all(
      [
        ['2027-03-01', '2027-03-02'],
        ['2027-04-05', '2027-04-05'],
      ].map(([startDate, endDate]) =>
        t.db.timeOffRequest.create({
          data: { staffId: staff.id, startDate: startDate!, endDate: endDate!, reason: 'Family' },
        }),
      ),
    );
    await approveTimeOff(t.db, manager, a!.id, { note: null, acknowledgeConflicts: true });
    await denyTimeOff(t.db, manager, b!.id, {
      note: 'Inventory count that day',
      acknowledgeConflicts: false,
    });

    const inApp = await t.db.notification.findMany({
      where: { userId: staff.user!.id, kind: 'TIME_OFF_DECISION' },
      orderBy: { id: 'asc' },
      select: { subject: true, text: true, link: true },
    });
    expect(inApp).toEqual([
      {
        subject: 'Time off approved: Monday, March 1, 2027 to Tuesday, March 2, 2027',
        text: 'Denise Alvarez approved your time off for Monday, March 1, 2027 to Tuesday, March 2, 2027.',
        link: '/time-off',
      },
      {
        subject: 'Time off denied: Monday, April 5, 2027',
        text: 'Denise Alvarez denied your time off for Monday, April 5, 2027.\nNote: Inventory count that day',
        link: '/time-off',
      },
    ]);
    const emails = await t.db.outboxMessage.findMany({
      where: { kind: 'TIME_OFF_DECISION' },
      select: { toAddress: true, subject: true },
    });
    expect(emails).toEqual(inApp.map((n) => ({ toAddress: staff.user!.email, subject: n.subject })));
  });
});

describe('tasks assigned', () => {
  it('tells the person a lead assigns a task to, and nobody when people take a task themselves', async () => {
    const lead = await currentUser(t.demoUser('LEAD').email);
    const aisha = await t.db.staff.findFirstOrThrow({
      where: { firstName: 'Aisha' },
      select: { id: true, user: { select: { id: true } } },
    });
    const form = {
      title: 'Rx 4411 rejected 75',
      assigneeId: null,
      dueDate: null,
      priority: 'HIGH' as const,
      description: null,
      rxNumber: '4411',
      dateOfService: '2026-11-20',
      payerName: 'Acme Health',
      bin: '610014',
      pcn: null,
      rejectCode: '75',
      amount: 1250,
      notes: null,
      outcome: null,
    };
    const taskId = await createBillingIssue(t.db, lead, form);
    expect(await t.db.notification.count({ where: { kind: 'TASK_ASSIGNED' } })).toBe(0);
    const task = await t.db.task.findUniqueOrThrow({ where: { id: taskId }, select: { version: true } });
    await assignTask(t.db, lead, taskId, task.version, aisha.id);
    const note = await t.db.notification.findFirstOrThrow({
      where: { kind: 'TASK_ASSIGNED', userId: aisha.user!.id },
      select: { subject: true, text: true, link: true },
    });
    expect(note).toEqual({
      subject: 'Assigned to you: Rx 4411 rejected 75',
      text: 'Jordan Mitchell assigned you a billing issue: Rx 4411 rejected 75 (high priority).',
      link: `/tasks/${taskId}`,
    });
    expect(await t.db.outboxMessage.count({ where: { kind: 'TASK_ASSIGNED' } })).toBe(1);

    // The lead takes it over: nobody is told.
    const again = await t.db.task.findUniqueOrThrow({ where: { id: taskId }, select: { version: true } });
    await assignTask(t.db, lead, taskId, again.version, lead.staffId);
    expect(await t.db.notification.count({ where: { kind: 'TASK_ASSIGNED' } })).toBe(1);
  });
});

describe('expiring credentials', () => {
  it('sends each of the 90/60/30-day and expired notices once, to the person and the site managers', async () => {
    const staff = await t.db.staff.findFirstOrThrow({
      where: { firstName: 'Kevin' },
      select: { id: true, user: { select: { id: true } } },
    });
    const type = await t.db.credentialType.findFirstOrThrow({ where: { code: 'BLS' } });
    // Every other credential out of the way, so the counts are this one's.
    await t.db.credential.updateMany({ data: { expiresOn: null } });
    const credential = await t.db.credential.create({
      data: {
        staffId: staff.id,
        credentialTypeId: type.id,
        number: 'BLS-1',
        issuedOn: '2025-06-01',
        expiresOn: '2027-06-30',
      },
    });
    const managers = await t.db.user.findMany({
      where: { role: 'MANAGER', active: true },
      select: { id: true },
    });
    const at = (isoDate: string) => new Date(`${isoDate}T15:00:00Z`);

    expect(await notifyExpiringCredentials(t.db, at('2027-03-01'))).toBe(0); // 121 days ahead
    expect(await notifyExpiringCredentials(t.db, at('2027-04-01'))).toBe(1); // 90 days ahead
    expect(await notifyExpiringCredentials(t.db, at('2027-04-02'))).toBe(0); // the same notice: not again
    expect(await notifyExpiringCredentials(t.db, at('2027-05-01'))).toBe(1); // 60
    expect(await notifyExpiringCredentials(t.db, at('2027-06-15'))).toBe(1); // 15 days: the 30-day notice
    expect(await notifyExpiringCredentials(t.db, at('2027-06-16'))).toBe(0);
    expect(await notifyExpiringCredentials(t.db, at('2027-07-01'))).toBe(1); // expired
    expect(await notifyExpiringCredentials(t.db, at('2027-07-02'))).toBe(0);

    const own = await t.db.notification.findMany({
      where: { userId: staff.user!.id, kind: 'CREDENTIAL_EXPIRING' },
      orderBy: { id: 'asc' },
      select: { subject: true },
    });
    expect(own.map((n) => n.subject)).toEqual([
      'Your Basic Life Support (BLS) provider expires in 90 days',
      'Your Basic Life Support (BLS) provider expires in 60 days',
      'Your Basic Life Support (BLS) provider expires in 15 days',
      'Your Basic Life Support (BLS) provider has expired',
    ]);
    for (const m of managers) {
      expect(
        await t.db.notification.count({
          where: { userId: m.id, entity: 'Credential', entityId: String(credential.id) },
        }),
      ).toBe(4);
    }
    expect(
      await t.db.outboxMessage.count({ where: { entity: 'Credential', entityId: String(credential.id) } }),
    ).toBe(4 * (1 + managers.length));

    // Renewed: the new expiry date gets its own notices.
    await t.db.credential.update({ where: { id: credential.id }, data: { expiresOn: '2029-06-30' } });
    expect(await notifyExpiringCredentials(t.db, at('2029-04-01'))).toBe(1);
  });
});

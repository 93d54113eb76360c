import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSchedule, demoLookups, plusDays } from '../helpers/publish-fixtures';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp';
import { createTestApp, csrfOf, type Agent, type TestApp } from '../helpers/test-app';
import {
  DEFAULT_DELIVERY,
  deliverDueMessages,
  smtpSender,
  type DeliveryOptions,
} from '../../server/notifications/delivery.service';
import { queueNotifications } from '../../server/notifications/notifications.service';

// Email goes through a real SMTP server on loopback (smtp-server, STARTTLS, AUTH): the tests assert
// on what it receives, not on what the app thinks it sent.

let t: TestApp;
let manager: Agent;
let smtp: TestSmtp | undefined;
const FROM = 'RxRoster <roster@pharmacy.test>';
const options: DeliveryOptions = { ...DEFAULT_DELIVERY, from: FROM };

beforeAll(async () => {
  t = await createTestApp({ publicUrl: 'https://rx.pharmacy.test' });
  manager = await t.signInAs('MANAGER');
});
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
});
afterAll(async () => {
  await t.close();
});

async function deliverAll(server: TestSmtp, now?: () => Date) {
  const sender = smtpSender(server.url, 5_000);
  try {
    return await deliverDueMessages(t.db, sender.send, options, now);
  } finally {
    sender.close();
  }
}

async function userIdOf(email: string): Promise<number> {
  return (await t.db.user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id;
}

describe('email on publish', () => {
  const week = '2027-01-04';
  const tue = plusDays(week, 1);
  const wed = plusDays(week, 2);

  it('sends each affected person exactly one email listing only their own changes', async () => {
    const ids = await demoLookups(t.db);
    const v1 = await createSchedule(t.db, {
      periodStart: week,
      status: 'PUBLISHED',
      assignments: [
        ['Priya', tue, 'Weekday day', 'PHARMACIST'],
        ['Marcus', tue, 'Weekday day', 'PHARMACIST'],
        ['Aisha', tue, 'Weekday day', 'TECHNICIAN'],
        ['Marcus', wed, 'Weekday day', 'PHARMACIST'],
      ],
    });
    const csrf = await csrfOf(manager, `/schedules/${v1}/versions`);
    const start = await manager.post(`/schedules/${v1}/new-version`).type('form').send({ _csrf: csrf });
    const v2 = Number(/\/schedules\/(\d+)$/.exec(start.headers.location ?? '')?.[1]);
    await t.db.assignment.updateMany({
      where: { scheduleId: v2, staffId: ids.staffId('Priya') },
      data: { templateId: ids.templateId('Weekday evening') },
    });
    await t.db.assignment.deleteMany({ where: { scheduleId: v2, staffId: ids.staffId('Aisha') } });
    await t.db.assignment.create({
      data: {
        scheduleId: v2,
        staffId: ids.staffId('Kevin'),
        shiftDate: tue,
        templateId: ids.templateId('Weekday day'),
        positionId: ids.positionId('TECHNICIAN'),
        source: 'MANUAL',
      },
    });
    const publishCsrf = await csrfOf(manager, `/schedules/${v2}/versions`);
    const res = await manager
      .post(`/schedules/${v2}/publish`)
      .type('form')
      .send({ _csrf: publishCsrf, confirmGaps: 'on' });
    expect(res.status).toBe(303);

    // Committed with the publish, not yet sent.
    const queued = await t.db.outboxMessage.findMany({
      where: { entity: 'Schedule', entityId: String(v2) },
      select: { toAddress: true, status: true },
      orderBy: { toAddress: 'asc' },
    });
    expect(queued).toEqual([
      { toAddress: 'aisha.thompson@demo.rxroster.test', status: 'QUEUED' },
      { toAddress: expect.stringMatching(/^kevin\.nguyen@/), status: 'QUEUED' },
      { toAddress: 'priya.raman@demo.rxroster.test', status: 'QUEUED' },
    ]);

    smtp = await startTestSmtp();
    expect(await deliverAll(smtp)).toEqual({ sent: 3, failed: 0 });
    await smtp.waitFor(3);
    const byTo = new Map(smtp.received.map((m) => [m.to, m]));
    expect(smtp.received).toHaveLength(3);
    expect(smtp.received.every((m) => m.secure)).toBe(true);
    expect(smtp.received.every((m) => m.from === 'roster@pharmacy.test')).toBe(true);

    const priya = byTo.get('priya.raman@demo.rxroster.test')!;
    expect(priya.subject).toBe('Your shifts changed in the week of Monday, January 4, 2027');
    const priyaLines = priya.text.split('\n').filter((l) => l.startsWith('- '));
    expect(priyaLines).toEqual([
      '- Moved: Tuesday 5 January 2027, 07:00–15:30 America/New_York (EST) — Weekday day, Pharmacist is now Tuesday 5 January 2027, 15:00–23:30 America/New_York (EST) — Weekday evening, Pharmacist',
    ]);
    expect(priya.html).toContain('Tuesday 5 January 2027, 15:00–23:30 America/New_York (EST)');
    expect(priya.html).toContain(`href="https://rx.pharmacy.test/my/shifts?week=${week}"`);
    expect(priya.text).not.toContain('Aisha');
    expect(priya.text).not.toContain('Kevin');

    const aisha = byTo.get('aisha.thompson@demo.rxroster.test')!;
    expect(aisha.text.split('\n').filter((l) => l.startsWith('- '))).toEqual([
      '- Removed: Tuesday 5 January 2027, 07:00–15:30 America/New_York (EST) — Weekday day, Pharmacy technician',
    ]);
    const kevin = smtp.received.find((m) => m.to.startsWith('kevin.nguyen@'))!;
    expect(kevin.text.split('\n').filter((l) => l.startsWith('- '))).toEqual([
      '- Added: Tuesday 5 January 2027, 07:00–15:30 America/New_York (EST) — Weekday day, Pharmacy technician',
    ]);
    // Marcus's shifts did not change: no email for him.
    expect(smtp.received.some((m) => m.to.startsWith('marcus.'))).toBe(false);

    // Every email can turn its kind off in one click, in the body and the List-Unsubscribe header.
    const unsubscribe = /No more emails about schedule changes: (\S+)/.exec(priya.text)?.[1];
    expect(unsubscribe).toMatch(/^https:\/\/rx\.pharmacy\.test\/notifications\/unsubscribe\?token=/);
    expect(JSON.stringify(priya.headers.get('list'))).toContain(unsubscribe);

    const rows = await t.db.outboxMessage.findMany({
      where: { entity: 'Schedule', entityId: String(v2) },
      select: { status: true, attempts: true },
    });
    expect(rows).toEqual(Array(3).fill({ status: 'SENT', attempts: 1 }));
    // Sent rows are not sent again.
    expect(await deliverAll(smtp)).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received).toHaveLength(3);

    // The same event is in each person's in-app list.
    const inApp = await t.db.notification.findMany({
      where: { entity: 'Schedule', entityId: String(v2) },
      select: { userId: true },
    });
    expect(inApp.map((n) => n.userId).sort()).toEqual(
      [
        await userIdOf('priya.raman@demo.rxroster.test'),
        await userIdOf('aisha.thompson@demo.rxroster.test'),
        (await t.db.user.findFirstOrThrow({ where: { staffId: ids.staffId('Kevin') } })).id,
      ].sort(),
    );
  });
});

describe('retries', () => {
  it('sends a message once when the server refuses the first two attempts, backing off between them', async () => {
    const userId = await userIdOf('priya.raman@demo.rxroster.test');
    await t.db.outboxMessage.updateMany({ where: { status: 'QUEUED' }, data: { status: 'SENT' } });
    await queueNotifications(t.db, [
      {
        to: { userId },
        kind: 'TASK_ASSIGNED',
        subject: 'Count the CII safe',
        intro: 'Jordan Mitchell assigned you a task.',
      },
    ]);
    smtp = await startTestSmtp({ refuseFirst: 2 });
    let clock = Date.now();
    const now = () => new Date(clock);

    expect(await deliverAll(smtp, now)).toEqual({ sent: 0, failed: 1 });
    const afterFirst = await t.db.outboxMessage.findFirstOrThrow({
      where: { subject: 'Count the CII safe' },
      select: { id: true, status: true, attempts: true, lastError: true, notBefore: true },
    });
    expect(afterFirst).toMatchObject({ status: 'QUEUED', attempts: 1 });
    expect(afterFirst.lastError).toContain('451');
    expect(afterFirst.notBefore.getTime()).toBe(clock + 30_000);
    // Not due yet: nothing is attempted before the back-off has passed.
    expect(await deliverAll(smtp, now)).toEqual({ sent: 0, failed: 0 });

    clock += 30_000;
    expect(await deliverAll(smtp, now)).toEqual({ sent: 0, failed: 1 });
    const afterSecond = await t.db.outboxMessage.findUniqueOrThrow({
      where: { id: afterFirst.id },
      select: { notBefore: true, attempts: true },
    });
    expect(afterSecond).toEqual({ notBefore: new Date(clock + 60_000), attempts: 2 });

    clock += 60_000;
    expect(await deliverAll(smtp, now)).toEqual({ sent: 1, failed: 0 });
    clock += 3_600_000;
    expect(await deliverAll(smtp, now)).toEqual({ sent: 0, failed: 0 });
    expect(smtp.attempts()).toBe(3);
    expect(smtp.received.map((m) => m.subject)).toEqual(['Count the CII safe']);
    expect(
      await t.db.outboxMessage.findUniqueOrThrow({
        where: { id: afterFirst.id },
        select: { status: true, attempts: true, lastError: true },
      }),
    ).toEqual({ status: 'SENT', attempts: 3, lastError: null });
  });

  it('gives up after the last attempt and keeps the error', async () => {
    const userId = await userIdOf('priya.raman@demo.rxroster.test');
    await queueNotifications(t.db, [
      { to: { userId }, kind: 'TASK_ASSIGNED', subject: 'Never arrives', intro: 'x' },
    ]);
    smtp = await startTestSmtp({ refuseFirst: 100 });
    let clock = Date.now();
    const few: DeliveryOptions = { ...options, maxAttempts: 2 };
    const sender = smtpSender(smtp.url, 5_000);
    try {
      await deliverDueMessages(t.db, sender.send, few, () => new Date(clock));
      clock += 60_000;
      await deliverDueMessages(t.db, sender.send, few, () => new Date(clock));
    } finally {
      sender.close();
    }
    const row = await t.db.outboxMessage.findFirstOrThrow({
      where: { subject: 'Never arrives' },
      select: { status: true, attempts: true, lastError: true },
    });
    expect(row.status).toBe('FAILED');
    expect(row.attempts).toBe(2);
    expect(row.lastError).toContain('Try again later');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyExpiringCredentials } from '../../server/credentials/credential-expiry.service';
import { createPrismaClient } from '../../server/db/client';
import { createSchedule, plusDays } from '../helpers/publish-fixtures';
import { csrfOverHttp, signInOverHttp, startServerProcess } from '../helpers/server-process';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp';
import { createTestApp, type TestApp } from '../helpers/test-app';

// The real server, killed with SIGKILL after a publish committed its email and while that email is
// being sent (the SMTP server has not even greeted it): after a restart the email arrives, once.

let t: TestApp;
let smtp: TestSmtp;
beforeAll(async () => {
  t = await createTestApp();
  smtp = await startTestSmtp({ hangFirst: 1 });
});
afterAll(async () => {
  await smtp.close();
  await t.close();
});

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('email across a crash', () => {
  it('delivers an email exactly once after the server is killed between the commit and the send', async () => {
    const week = '2027-02-01';
    const tue = plusDays(week, 1);
    const v1 = await createSchedule(t.db, {
      periodStart: week,
      status: 'PUBLISHED',
      assignments: [['Priya', tue, 'Weekday day', 'PHARMACIST']],
    });
    const v2 = await createSchedule(t.db, {
      periodStart: week,
      version: 2,
      basedOnId: v1,
      assignments: [
        ['Priya', tue, 'Weekday day', 'PHARMACIST'],
        ['Marcus', plusDays(week, 2), 'Weekday day', 'PHARMACIST'],
      ],
    });
    // This test follows one email: the demo's credential notices (made at start, once per threshold)
    // are made now and taken out of the outbox, so the server has only the publish's email to send.
    await notifyExpiringCredentials(t.db);
    await t.db.outboxMessage.deleteMany({ where: { status: 'QUEUED' } });
    await t.db.$disconnect();
    const env = { SMTP_URL: smtp.url, MAIL_FROM: 'roster@pharmacy.test', MAIL_TIMEOUT_SECONDS: '2' };

    const first = await startServerProcess(t.databaseFile, env);
    const { email, password } = t.demoUser('MANAGER');
    const cookie = await signInOverHttp(first.baseUrl, email, password);
    const csrf = await csrfOverHttp(first.baseUrl, cookie);
    const res = await fetch(`${first.baseUrl}/schedules/${v2}/publish`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: csrf, confirmGaps: 'on' }),
    });
    expect(res.status).toBe(303);
    // The delivery loop has claimed the email and is waiting for the server's greeting.
    await until(() => smtp.connections() === 1, 'the first SMTP connection');
    first.child.kill('SIGKILL');
    await first.exited;

    let db = createPrismaClient(t.databaseFile);
    const row = await db.outboxMessage.findFirstOrThrow({
      where: { entity: 'Schedule', entityId: String(v2) },
      select: { id: true, toAddress: true, status: true, attempts: true },
    });
    expect(row).toMatchObject({
      toAddress: 'marcus.bell@riverside-rx.example',
      status: 'SENDING',
      attempts: 1,
    });
    expect(smtp.received).toHaveLength(0);
    await db.$disconnect();

    // The restarted server takes the message over once the dead one's claim has run out.
    const second = await startServerProcess(t.databaseFile, env);
    await smtp.waitFor(1, 30_000);
    // Two more rounds of the loop: nothing else arrives.
    await new Promise((r) => setTimeout(r, 5_000));
    second.child.kill('SIGTERM');
    await second.exited;

    expect(smtp.received.map((m) => [m.to, m.subject])).toEqual([
      ['marcus.bell@riverside-rx.example', 'Your shifts changed in the week of Monday, February 1, 2027'],
    ]);
    expect(smtp.received[0]!.text).toContain('- Added: Wednesday 3 February 2027, 07:00–15:30');
    db = createPrismaClient(t.databaseFile);
    expect(
      await db.outboxMessage.findUniqueOrThrow({
        where: { id: row.id },
        select: { status: true, attempts: true },
      }),
    ).toEqual({ status: 'SENT', attempts: 2 });
    expect(await db.outboxMessage.count({ where: { entity: 'Schedule', entityId: String(v2) } })).toBe(1);
    await db.$disconnect();
    t.db = createPrismaClient(t.databaseFile);
  }, 120_000);
});

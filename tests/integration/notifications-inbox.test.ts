import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, csrfFrom, csrfOf, type Agent, type TestApp } from '../helpers/test-app';
import { queueNotifications, unsubscribeUrl } from '../../server/notifications/notifications.service';

let t: TestApp;
let staff: Agent;
let staffUserId: number;

beforeAll(async () => {
  t = await createTestApp();
  staff = await t.signInAs('STAFF');
  staffUserId = (await t.db.user.findUniqueOrThrow({ where: { email: t.demoUser('STAFF').email } })).id;
});
afterAll(async () => {
  await t.close();
});

const bellCount = (html: string) => /<span class="bell-count">([^<]*)<\/span>/.exec(html)?.[1] ?? null;

describe('the in-app list', () => {
  it('counts unread notifications on the bell, lists them and marks them read', async () => {
    await queueNotifications(t.db, [
      {
        to: { userId: staffUserId },
        kind: 'TASK_ASSIGNED',
        subject: 'Count the CII safe',
        intro: 'Assigned by Jordan.',
        link: '/my/tasks',
      },
      {
        to: { userId: staffUserId },
        kind: 'TIME_OFF_DECISION',
        subject: 'Time off approved',
        intro: 'Mon 4 Jan – Tue 5 Jan.',
      },
    ]);
    expect(bellCount((await staff.get('/')).text)).toBe('2');
    const list = await staff.get('/notifications');
    expect(list.status).toBe(200);
    expect(list.text).toContain('2 unread');
    expect(list.text).toContain('Count the CII safe');
    expect(list.text).toContain('Time off approved');

    const task = await t.db.notification.findFirstOrThrow({ where: { subject: 'Count the CII safe' } });
    const open = await staff
      .post(`/notifications/${task.id}/read`)
      .type('form')
      .send({ _csrf: csrfFrom(list.text) });
    expect(open.status).toBe(303);
    expect(open.headers.location).toBe('/my/tasks');
    expect((await t.db.notification.findUniqueOrThrow({ where: { id: task.id } })).readAt).not.toBeNull();
    expect(bellCount((await staff.get('/')).text)).toBe('1');

    const all = await staff
      .post('/notifications/read-all')
      .type('form')
      .send({ _csrf: await csrfOf(staff, '/notifications') });
    expect(all.status).toBe(303);
    expect(await t.db.notification.count({ where: { userId: staffUserId, readAt: null } })).toBe(0);
    const after = await staff.get('/notifications');
    expect(after.text).toContain('Marked 1 notification read.');
    expect(bellCount(after.text)).toBeNull();
  });

  it("answers 404 for someone else's notification and leaves it unread", async () => {
    const managerId = (await t.db.user.findUniqueOrThrow({ where: { email: t.demoUser('MANAGER').email } }))
      .id;
    await queueNotifications(t.db, [
      { to: { userId: managerId }, kind: 'TASK_ASSIGNED', subject: 'Not yours', intro: 'x' },
    ]);
    const theirs = await t.db.notification.findFirstOrThrow({ where: { subject: 'Not yours' } });
    const res = await staff
      .post(`/notifications/${theirs.id}/read`)
      .type('form')
      .send({ _csrf: await csrfOf(staff, '/notifications') });
    expect(res.status).toBe(404);
    expect((await t.db.notification.findUniqueOrThrow({ where: { id: theirs.id } })).readAt).toBeNull();
  });
});

describe('preferences', () => {
  it('refuses quiet hours with only one end, with the field marked and the input kept', async () => {
    const res = await staff
      .post('/notifications/settings')
      .type('form')
      .send({
        _csrf: await csrfOf(staff, '/notifications/settings'),
        quietStart: '22:00',
        quietEnd: '',
        email_SCHEDULE_CHANGED: 'on',
      });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Give both the start and the end of your quiet hours, or neither.');
    expect(res.text).toContain('value="22:00"');
    expect(await t.db.notificationSetting.count({ where: { userId: staffUserId } })).toBe(0);
  });

  it('keeps kinds turned off out of email (still in the app) and holds email until quiet hours end, urgent offers excepted', async () => {
    const form: Record<string, string> = {
      _csrf: await csrfOf(staff, '/notifications/settings'),
      quietStart: '22:00',
      quietEnd: '07:00',
    };
    for (const kind of [
      'SCHEDULE_CHANGED',
      'CALLOUT_OFFER',
      'OPEN_SHIFT',
      'SWAP_REQUEST',
      'SWAP_OUTCOME',
      'TIME_OFF_DECISION',
      'CREDENTIAL_EXPIRING',
    ])
      form[`email_${kind}`] = 'on';
    const res = await staff.post('/notifications/settings').type('form').send(form);
    expect(res.status).toBe(303);
    expect(
      await t.db.notificationSetting.findUniqueOrThrow({ where: { userId: staffUserId } }),
    ).toMatchObject({
      emailOff: 'TASK_ASSIGNED',
      quietStartMinute: 22 * 60,
      quietEndMinute: 7 * 60,
    });

    // 23:30 in New York (the demo site's zone) on 2027-01-05 is 04:30 UTC on the 6th.
    const lateEvening = new Date('2027-01-06T04:30:00Z');
    await queueNotifications(
      t.db,
      [
        { to: { userId: staffUserId }, kind: 'TASK_ASSIGNED', subject: 'Quiet task', intro: 'x' },
        { to: { userId: staffUserId }, kind: 'SCHEDULE_CHANGED', subject: 'Quiet change', intro: 'x' },
        {
          to: { userId: staffUserId },
          kind: 'CALLOUT_OFFER',
          subject: 'Urgent cover',
          intro: 'x',
          urgent: true,
        },
      ],
      lateEvening,
    );
    expect(await t.db.notification.count({ where: { userId: staffUserId, subject: 'Quiet task' } })).toBe(1);
    expect(await t.db.outboxMessage.count({ where: { subject: 'Quiet task' } })).toBe(0);
    const held = await t.db.outboxMessage.findFirstOrThrow({ where: { subject: 'Quiet change' } });
    expect(held.notBefore).toEqual(new Date('2027-01-06T12:00:00Z'));
    const urgent = await t.db.outboxMessage.findFirstOrThrow({ where: { subject: 'Urgent cover' } });
    expect(urgent.notBefore).toEqual(lateEvening);
  });

  it('turns a kind off from the link in an email, and back on', async () => {
    const url = new URL(unsubscribeUrl(staffUserId, 'SCHEDULE_CHANGED'));
    const anonymous = request.agent(t.app);
    const off = await anonymous.get(url.pathname + url.search);
    expect(off.status).toBe(200);
    expect(off.text).toContain('You will get no more emails about schedule changes.');
    const setting = await t.db.notificationSetting.findUniqueOrThrow({ where: { userId: staffUserId } });
    expect(setting.emailOff.split(',').sort()).toEqual(['SCHEDULE_CHANGED', 'TASK_ASSIGNED']);

    const on = await anonymous
      .post('/notifications/unsubscribe')
      .type('form')
      .send({ _csrf: csrfFrom(off.text), token: url.searchParams.get('token'), email: 'on' });
    expect(on.status).toBe(200);
    expect(on.text).toContain('You will get emails about schedule changes again.');
    expect(
      (await t.db.notificationSetting.findUniqueOrThrow({ where: { userId: staffUserId } })).emailOff,
    ).toBe('TASK_ASSIGNED');
  });

  it('refuses a link whose signature does not match, changing nothing', async () => {
    const token = new URL(unsubscribeUrl(staffUserId, 'SCHEDULE_CHANGED')).searchParams.get('token')!;
    const otherUser = token.replace(/^\d+\./, `${staffUserId + 1}.`);
    const otherKind = token.replace('SCHEDULE_CHANGED', 'OPEN_SHIFT');
    for (const bad of [otherUser, otherKind, '', 'x.y.z']) {
      const res = await request(t.app).get(`/notifications/unsubscribe?token=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(404);
      expect(res.text).toContain('This link is not valid.');
    }
    expect(
      (await t.db.notificationSetting.findUniqueOrThrow({ where: { userId: staffUserId } })).emailOff,
    ).toBe('TASK_ASSIGNED');
    expect(await t.db.notificationSetting.count({ where: { userId: staffUserId + 1 } })).toBe(0);
  });
});

describe('the demo outbox', () => {
  it('shows managers each email as it would arrive, with user text escaped and the HTML sandboxed', async () => {
    await queueNotifications(t.db, [
      {
        to: { userId: staffUserId },
        kind: 'TIME_OFF_DECISION',
        subject: 'Denied <script>alert(1)</script>',
        intro: 'Reason: <img src=x onerror=alert(2)>',
      },
    ]);
    const manager = await t.signInAs('MANAGER');
    const list = await manager.get('/notifications/outbox');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Denied &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(list.text).not.toContain('<script>alert(1)');
    const message = await t.db.outboxMessage.findFirstOrThrow({
      where: { subject: { startsWith: 'Denied' } },
    });
    const page = await manager.get(`/notifications/outbox/${message.id}`);
    expect(page.status).toBe(200);
    const srcdoc = /<iframe [^>]*sandbox srcdoc="([^"]*)"/.exec(page.text)?.[1];
    expect(srcdoc).toBeDefined();
    // The attribute holds the email's HTML escaped once more; the email's HTML escaped the user text.
    expect(srcdoc).toContain('Reason: &amp;lt;img src=x onerror=alert(2)&amp;gt;');
    expect(srcdoc).not.toContain('<');
    expect(page.text).toContain('Reason: &lt;img src=x onerror=alert(2)&gt;');
    expect((await manager.get('/notifications/outbox/999999')).status).toBe(404);
    expect((await staff.get('/notifications/outbox')).status).toBe(403);
  });
});

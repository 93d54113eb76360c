import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp';
import { createTestApp, csrfFrom, csrfOf, type Agent, type TestApp } from '../helpers/test-app';
import {
  DEFAULT_DELIVERY,
  deliverDueMessages,
  smtpSender,
} from '../../server/notifications/delivery.service';
import { resetMessages } from '../../server/account/account-tokens.routes';

let t: TestApp;
let manager: Agent;
let technician: string;
let smtp: TestSmtp | undefined;

beforeAll(async () => {
  t = await createTestApp({ publicUrl: 'https://rx.pharmacy.test' });
  manager = await t.signInAs('MANAGER');
  technician = `position_${(await t.db.position.findUniqueOrThrow({ where: { code: 'TECHNICIAN' } })).id}`;
});
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
});
afterAll(async () => {
  await t.close();
});

/** Sends the outbox through a real SMTP server and returns what it received. */
async function deliver() {
  smtp ??= await startTestSmtp();
  const sender = smtpSender(smtp.url, 5_000);
  try {
    await deliverDueMessages(t.db, sender.send, { ...DEFAULT_DELIVERY, from: 'roster@pharmacy.test' });
  } finally {
    sender.close();
  }
  return smtp.received;
}

/** The app path of the set-password link in an email's text. */
function linkIn(text: string): string {
  const url = /(https:\/\/rx\.pharmacy\.test\/set-password\?token=[A-Za-z0-9_-]+)/.exec(text)?.[1];
  if (!url) throw new Error(`No set-password link in:\n${text}`);
  return url.replace('https://rx.pharmacy.test', '');
}

async function signIn(email: string, password: string): Promise<number> {
  const agent = request.agent(t.app);
  const page = await agent.get('/sign-in');
  const res = await agent
    .post('/sign-in')
    .type('form')
    .send({ email, password, _csrf: csrfFrom(page.text) });
  return res.status;
}

async function setPassword(path: string, password: string, confirm = password) {
  const agent = request.agent(t.app);
  const page = await agent.get(path);
  const token = new URLSearchParams(path.split('?')[1]).get('token');
  const res = await agent
    .post('/set-password')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), token, newPassword: password, confirmPassword: confirm });
  return { page, res };
}

describe('invitations', () => {
  const person = {
    firstName: 'Nadia',
    lastName: 'Osei',
    email: 'nadia.osei@example.org',
    role: 'STAFF',
    employmentType: 'PART_TIME',
    hourlyRate: '22.00',
    minWeeklyHours: '0',
    targetWeeklyHours: '20',
    maxWeeklyHours: '24',
    phone: '',
  };

  it('emails a new person a single-use link to choose their own password, stored only as its hash', async () => {
    const res = await manager
      .post('/staff')
      .type('form')
      .send({ ...person, [technician]: 'on', _csrf: await csrfOf(manager, '/staff/new') });
    expect(res.status).toBe(201);
    expect(res.text).toContain('An invitation is on its way to');
    expect(res.text).not.toContain('one-time-password');

    const [mail] = (await deliver()).filter((m) => m.to === person.email);
    expect(mail!.subject).toBe('Denise Alvarez invited you to RxRoster');
    expect(mail!.text).toContain('The link works once and for 7 days.');
    expect(mail!.text).not.toContain('No more emails about');
    const path = linkIn(mail!.text);
    const secret = new URLSearchParams(path.split('?')[1]).get('token')!;
    const user = await t.db.user.findUniqueOrThrow({ where: { email: person.email }, select: { id: true } });
    const stored = await t.db.accountToken.findMany({
      where: { userId: user.id },
      select: { tokenHash: true, purpose: true },
    });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.purpose).toBe('INVITATION');
    expect(stored[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0]!.tokenHash).not.toContain(secret);

    // Mismatched passwords: the form again with the field marked.
    const mismatch = await setPassword(path, 'correct horse battery', 'correct horse batterx');
    expect(mismatch.page.text).toContain(person.email);
    expect(mismatch.res.status).toBe(400);
    expect(mismatch.res.text).toContain('The two passwords differ.');

    const done = await setPassword(path, 'correct horse battery');
    expect(done.res.status).toBe(200);
    expect(done.res.text).toContain('Password saved');
    expect(await signIn(person.email, 'correct horse battery')).toBe(303);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).mustChangePassword).toBe(false);

    // Used once: the link is dead.
    const again = await request(t.app).get(path);
    expect(again.status).toBe(410);
    expect(again.text).toContain('This link is not valid any more');
  });

  it('refuses an expired invitation link', async () => {
    const res = await manager
      .post('/staff')
      .type('form')
      .send({
        ...person,
        [technician]: 'on',
        email: 'late.starter@example.org',
        lastName: 'Late',
        _csrf: await csrfOf(manager, '/staff/new'),
      });
    expect(res.status).toBe(201);
    const mail = (await deliver()).find((m) => m.to === 'late.starter@example.org')!;
    await t.db.accountToken.updateMany({
      where: { user: { email: 'late.starter@example.org' } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const path = linkIn(mail.text);
    expect((await request(t.app).get(path)).status).toBe(410);
    const agent = request.agent(t.app);
    const page = await agent.get('/sign-in');
    const post = await agent
      .post('/set-password')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        token: new URLSearchParams(path.split('?')[1]).get('token'),
        newPassword: 'correct horse battery',
        confirmPassword: 'correct horse battery',
      });
    expect(post.status).toBe(410);
    expect(await signIn('late.starter@example.org', 'correct horse battery')).toBe(401);
  });

  it('invites everyone a roster import adds', async () => {
    const csv = [
      'email,first_name,last_name,role,employment_type,hourly_rate,min_weekly_hours,target_weekly_hours,max_weekly_hours,phone,positions,active',
      'imported.one@example.org,Imani,One,STAFF,PART_TIME,20.00,0,20,24,,TECHNICIAN,true',
      'imported.two@example.org,Ivo,Two,STAFF,PART_TIME,20.00,0,20,24,,TECHNICIAN,true',
    ].join('\n');
    const res = await manager
      .post('/staff/import')
      .type('form')
      .send({ csv, _csrf: await csrfOf(manager, '/staff/import') });
    expect(res.status).toBe(200);
    expect(res.text).toContain('is emailed an invitation');
    const invitations = await t.db.outboxMessage.findMany({
      where: { kind: 'INVITATION', toAddress: { startsWith: 'imported.' } },
      select: { toAddress: true },
      orderBy: { toAddress: 'asc' },
    });
    expect(invitations.map((i) => i.toAddress)).toEqual([
      'imported.one@example.org',
      'imported.two@example.org',
    ]);
  });
});

describe('forgot password', () => {
  it('gives the same answer for known and unknown addresses and emails a link only to an account', async () => {
    const priya = t.demoUser('STAFF', 1).email;
    const ask = async (email: string) => {
      const agent = request.agent(t.app);
      const page = await agent.get('/forgot-password');
      return agent
        .post('/forgot-password')
        .type('form')
        .send({ email, _csrf: csrfFrom(page.text) });
    };
    const known = await ask(priya);
    const unknown = await ask('nobody@nowhere.example');
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(known.text).toContain(resetMessages.sent);
    const strip = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, '');
    expect(strip(known.text)).toBe(strip(unknown.text));
    expect(await t.db.outboxMessage.count({ where: { kind: 'PASSWORD_RESET' } })).toBe(1);

    // They are signed in elsewhere; resetting signs that session out.
    const elsewhere = await t.signInAs('STAFF', 1);
    expect((await elsewhere.get('/my/shifts')).status).toBe(200);

    const mail = (await deliver()).find((m) => m.to === priya)!;
    expect(mail.subject).toBe('Reset your RxRoster password');
    const { res } = await setPassword(linkIn(mail.text), 'a brand new passphrase');
    expect(res.status).toBe(200);
    expect(await t.db.session.count({ where: { user: { email: priya } } })).toBe(0);
    const after = await elsewhere.get('/my/shifts');
    expect(after.status).toBe(303);
    expect(after.headers.location).toMatch(/^\/sign-in/);
    expect(await signIn(priya, 'password')).toBe(401);
    expect(await signIn(priya, 'a brand new passphrase')).toBe(303);
  });

  it('limits requests per address typed in, whether or not it exists', async () => {
    const agent = request.agent(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const page = await agent.get('/forgot-password');
      const res = await agent
        .post('/forgot-password')
        .type('form')
        .send({ email: 'flooded@nowhere.example', _csrf: csrfFrom(page.text) });
      statuses.push(res.status);
      if (res.status === 429) expect(res.text).toContain(resetMessages.tooMany);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});

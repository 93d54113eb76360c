import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { closeDatabase, openDatabase, type Db } from '../../server/db/client';
import { post } from './boards-helpers';
import { createTestApp, csrfFrom, type TestApp } from '../helpers/test-app';

// Two app instances on one database, as behind a load balancer: each keeps pages and sessions in
// its own memory, under stamps read from the database (server/db/client.ts), so what is changed
// through one instance is on the other's next page, on SQLite and on PostgreSQL alike.

const BOARD = '/boards/vendor-returns';
const SECRET = 'test-secret-that-is-long-enough-0123456789';

let t: TestApp;
let dbB: Db;
let appB: Express;

beforeAll(async () => {
  t = await createTestApp();
  dbB = openDatabase(t.databaseUrl, 2);
  appB = createApp(dbB, { sessionSecret: SECRET, signInAddressFailuresPer15Minutes: 1000 });
});
afterAll(async () => {
  await closeDatabase(dbB);
  await t.close();
});

/** Signs the lead in on an instance; the session cookie works on both (one database, one secret). */
async function signInLead(app: Express): Promise<string> {
  const page = await request(app).get('/sign-in');
  const res = await request(app)
    .post('/sign-in')
    .set('Cookie', page.headers['set-cookie'] as unknown as string[])
    .type('form')
    .send({ ...t.demoUser('LEAD'), _csrf: csrfFrom(page.text) });
  expect(res.status).toBe(303);
  const cookies = res.headers['set-cookie'] as unknown as string[];
  return cookies.find((c) => c.startsWith('rx_sid='))!.split(';')[0]!;
}

describe('two app instances on one database', () => {
  it("show a card added through instance B on instance A's next page", async () => {
    const onA = await t.signInAs('LEAD');
    const onB = request.agent(appB);
    await onB.set('Cookie', await signInLead(appB));
    await onA.get(BOARD);
    const kept = await onA.get(BOARD);
    expect(kept.headers['x-page-cache']).toBe('hit');
    expect(kept.text).not.toContain('Return recalled insulin pens');

    const added = await post(
      onB,
      BOARD,
      {
        title: 'Return recalled insulin pens',
        vendor: 'Cardinal Health',
        drugName: 'Insulin glargine pens',
        ndc: '0093-3109-01',
        lot: 'LOT778',
        expiryDate: '2026-10-31',
        quantity: '3',
        reason: 'RECALLED',
        expectedCredit: '$120.00',
        priority: 'HIGH',
      },
      `${BOARD}/new`,
    );
    expect(added.status).toBe(303);

    const after = await onA.get(BOARD);
    expect(after.headers['x-page-cache']).toBe('miss');
    expect(after.text).toContain('Return recalled insulin pens');
    expect((await onA.get(BOARD)).headers['x-page-cache']).toBe('hit');
  });

  it('end a session signed out through instance B on instance A at once', async () => {
    const cookie = await signInLead(t.app);
    const home = await request(t.app).get('/').set('Cookie', cookie);
    expect(home.status).toBe(200);
    expect((await request(t.app).get('/').set('Cookie', cookie)).status).toBe(200);

    const signOut = await request(appB)
      .post('/sign-out')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrfFrom(home.text) });
    expect(signOut.status).toBe(303);

    const after = await request(t.app).get('/').set('Cookie', cookie);
    expect(after.status).toBe(303);
    expect(after.headers.location).toMatch(/^\/sign-in/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  csrfFrom,
  csrfOf,
  runOnOtherConnection,
  type Agent,
  type TestApp,
} from '../helpers/test-app';

// Busy pages (boards, schedule grid, my shifts, home) are kept per user until anything is written
// to the database (server/http/page-cache.ts), and loaded sessions likewise (services/sessions.ts).
// These prove a user can never tell: every change shows on the next request, wherever it was made,
// and nothing of one session or user reaches another.

const BOARD = '/boards/vendor-returns';

let t: TestApp;
let lead: Agent;

beforeAll(async () => {
  t = await createTestApp();
  lead = await t.signInAs('LEAD');
});
afterAll(async () => {
  await t.close();
});

/** The first open card on the lead's vendor-return board, in a column given (or any). */
async function openCard(status?: string) {
  const html = (await lead.get(BOARD)).text;
  const ids = [...html.matchAll(/href="\/tasks\/(\d+)"/g)].map((m) => Number(m[1]));
  return t.db.task.findFirstOrThrow({
    where: { id: { in: ids }, closedAt: null, ...(status ? { status } : {}) },
    select: { id: true, title: true, version: true },
    orderBy: { id: 'asc' },
  });
}

const tokensIn = (html: string) => [...html.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]);

describe('kept pages', () => {
  it('show a change made by another connection to the database on the next request', async () => {
    const card = await openCard();
    const before = await lead.get(BOARD);
    expect(before.status).toBe(200);
    expect(before.text).toContain(card.title);
    expect((await lead.get(BOARD)).text).toBe(before.text);

    await runOnOtherConnection(
      t,
      'UPDATE "Task" SET "title" = ? WHERE "id" = ?',
      'Recalled insulin pens',
      card.id,
    );
    const after = await lead.get(BOARD);
    expect(after.text).toContain('Recalled insulin pens');
    expect(after.text).not.toContain(card.title);
  });

  it("carry each session's own CSRF token, and a form posted from one works", async () => {
    const again = await t.signInAs('LEAD');
    const mine = tokensIn((await lead.get(BOARD)).text);
    const theirs = tokensIn((await again.get(BOARD)).text);
    expect(new Set(mine).size).toBe(1);
    expect(new Set(theirs).size).toBe(1);
    expect(theirs[0]).not.toBe(mine[0]);

    const card = await openCard('IDENTIFIED');
    const moved = await again
      .post(`/tasks/${card.id}/move`)
      .type('form')
      .send({ _csrf: theirs[0], to: 'AUTH_REQUESTED', version: String(card.version), back: BOARD });
    expect(moved.status).toBe(303);
    // The token of the other session's page is refused in this one.
    const refused = await again
      .post(`/tasks/${card.id}/comments`)
      .type('form')
      .send({ _csrf: mine[0], body: 'Called the vendor' });
    expect(refused.status).toBe(403);
  });

  it('show a message once, after the change it reports, and not again', async () => {
    const card = await openCard();
    await lead.get(BOARD);
    const res = await lead
      .post(`/tasks/${card.id}/comments`)
      .type('form')
      .send({ _csrf: await csrfOf(lead, BOARD), body: 'Vendor portal is down, retry tomorrow' });
    expect(res.status).toBe(303);
    const next = await lead.get(BOARD);
    expect(next.text).toMatch(/class="flash flash-success"/);
    const later = await lead.get(BOARD);
    expect(later.text).not.toMatch(/class="flash flash-success"/);
  });

  it("are kept per user: one staff member's shifts never reach another", async () => {
    const first = await t.signInAs('STAFF', 0);
    const second = await t.signInAs('STAFF', 1);
    const name = async (index: number) => {
      const user = await t.db.user.findUniqueOrThrow({
        where: { email: t.demoUser('STAFF', index).email },
        select: { staff: { select: { firstName: true, lastName: true } } },
      });
      return `${user.staff!.firstName} ${user.staff!.lastName}`;
    };
    for (let i = 0; i < 2; i += 1) {
      const a = await first.get('/my/shifts');
      const b = await second.get('/my/shifts');
      expect(a.text).toContain(await name(0));
      expect(a.text).not.toContain(await name(1));
      expect(b.text).toContain(await name(1));
      expect(b.text).not.toContain(await name(0));
    }
  });

  it('answer a browser revisiting an unchanged page with 304, and a changed one in full', async () => {
    const first = await lead.get(BOARD);
    const tag = first.headers.etag as string;
    expect(tag).toBeTruthy();
    const revisit = await lead.get(BOARD).set('If-None-Match', tag);
    expect(revisit.status).toBe(304);

    const card = await openCard();
    await t.db.task.update({ where: { id: card.id }, data: { title: 'Short-dated vaccines' } });
    const changed = await lead.get(BOARD).set('If-None-Match', tag);
    expect(changed.status).toBe(200);
    expect(changed.text).toContain('Short-dated vaccines');
  });
});

describe('kept sessions', () => {
  it('end at once when the user signs out, even right after a request', async () => {
    const agent = await t.signInAs('STAFF', 1);
    expect((await agent.get('/')).status).toBe(200);
    const html = (await agent.get('/')).text;
    expect(
      (
        await agent
          .post('/sign-out')
          .type('form')
          .send({ _csrf: csrfFrom(html) })
      ).status,
    ).toBe(303);
    const after = await agent.get('/');
    expect(after.status).toBe(303);
    expect(after.headers.location).toMatch(/^\/sign-in/);
  });

  it('end at once when a manager deactivates the person', async () => {
    const agent = await t.signInAs('STAFF', 1);
    expect((await agent.get('/my/shifts')).status).toBe(200);
    expect((await agent.get('/my/shifts')).status).toBe(200);
    const user = await t.db.user.findUniqueOrThrow({
      where: { email: t.demoUser('STAFF', 1).email },
      select: { staffId: true },
    });
    const manager = await t.signInAs('MANAGER');
    const res = await manager
      .post(`/staff/${user.staffId}/deactivate`)
      .type('form')
      .send({ _csrf: await csrfOf(manager, `/staff/${user.staffId}`) });
    expect(res.status).toBe(303);
    expect((await agent.get('/my/shifts')).status).toBe(303);
  });

  it('lose a role taken away by another connection on the next request', async () => {
    const agent = await t.signInAs('LEAD');
    expect((await agent.get(BOARD)).status).toBe(200);
    await runOnOtherConnection(
      t,
      'UPDATE "User" SET "role" = \'STAFF\' WHERE "email" = ?',
      t.demoUser('LEAD').email,
    );
    expect((await agent.get(BOARD)).status).toBe(403);
  });
});

// The controlled-substance clocks on the vendor-return board (issue 15): a theft-or-loss card
// carries the day it was discovered; the DEA notice is due the next business day and the Form 106
// within 45 days, shown on the card page and the board, and overdue from midnight site time.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../helpers/test-app';
import { freezeClock, post } from './boards-helpers';

let t: TestApp;
let lead: Agent;
beforeAll(async () => {
  freezeClock();
  t = await createTestApp();
  lead = await t.signInAs('LEAD');
});
afterAll(async () => {
  vi.useRealTimers();
  await t.close();
});

/** Tuesday before the demo "today" (Wednesday 25 Nov 2026). */
const DISCOVERED = '2026-11-24';
const THEFT = {
  title: 'Missing oxycodone 10 mg',
  vendor: 'DEA field office',
  drugName: 'Oxycodone 10 mg tablets',
  ndc: '0406-8510-01',
  lot: 'OX991',
  expiryDate: '2027-06-30',
  quantity: '30',
  reason: 'THEFT_OR_LOSS',
  scheduleII: 'on',
  priority: 'URGENT',
};

function clockStates(html: string): string[] {
  return [...html.matchAll(/data-clock-state="(\w+)"><strong>([^<]+)<\/strong>/g)].map(
    (m) => `${m[2]}: ${m[1]}`,
  );
}

describe('DEA theft-or-loss clocks', () => {
  it('refuses a theft-or-loss card without its discovery day, and saves nothing', async () => {
    const before = await t.db.vendorReturn.count();
    const res = await post(lead, '/boards/vendor-returns', THEFT, '/boards/vendor-returns/new');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter the day the theft or loss was discovered: the DEA clocks run from it.');
    expect(await t.db.vendorReturn.count()).toBe(before);
  });

  it('shows both clocks on the card and the board, and the notice turns overdue at midnight in New York', async () => {
    const res = await post(
      lead,
      '/boards/vendor-returns',
      { ...THEFT, lossDiscoveredOn: DISCOVERED },
      '/boards/vendor-returns/new',
    );
    expect(res.status).toBe(303);
    const id = Number(/\/tasks\/(\d+)/.exec(res.headers.location ?? '')![1]);
    expect(await t.db.vendorReturn.findUniqueOrThrow({ where: { taskId: id } })).toMatchObject({
      reason: 'THEFT_OR_LOSS',
      lossDiscoveredOn: DISCOVERED,
      deaNoticeSentOn: null,
      dea106FiledOn: null,
    });

    const card = await lead.get(`/tasks/${id}`);
    expect(clockStates(card.text)).toEqual(['DEA notice: due', 'DEA Form 106: due']);
    expect(card.text).toContain('due Wed 25 Nov 2026');
    expect(card.text).toContain('due Fri 8 Jan 2027');

    // 23:30 on Wednesday in New York (04:30 UTC Thursday): still due.
    // (A new sign-in each time: the session of 10:00 has gone idle by then.)
    freezeClock(new Date('2026-11-26T04:30:00Z'));
    lead = await t.signInAs('LEAD');
    expect(clockStates((await lead.get(`/tasks/${id}`)).text)).toEqual([
      'DEA notice: due',
      'DEA Form 106: due',
    ]);
    // Midnight in New York: the notice is overdue, on the card and on the board.
    freezeClock(new Date('2026-11-26T05:00:00Z'));
    lead = await t.signInAs('LEAD');
    const late = await lead.get(`/tasks/${id}`);
    expect(clockStates(late.text)).toEqual(['DEA notice: overdue', 'DEA Form 106: due']);
    const board = await lead.get('/boards/vendor-returns');
    const onBoard = board.text.split('<li class="task-card').find((c) => c.includes(`data-task-id="${id}"`));
    expect(onBoard).toMatch(/^[^"]*is-overdue"/);
    expect(clockStates(onBoard ?? '')).toEqual(['DEA notice: overdue', 'DEA Form 106: due']);
  });
});

describe('the overdue count at the top of the board', () => {
  /** The board's "N overdue" figure, and the cards the link behind it lists. */
  async function overdueOnBoard(agent: Agent): Promise<{ count: number; listed: number[] }> {
    const board = await agent.get('/boards/vendor-returns');
    const count = Number(/<strong>(\d+)<\/strong> overdue<\/a>/.exec(board.text)?.[1]);
    const filtered = await agent.get('/boards/vendor-returns?overdue=1');
    const listed = [...filtered.text.matchAll(/data-task-id="(\d+)"/g)].map((m) => Number(m[1]));
    return { count, listed: [...new Set(listed)] };
  }

  it('counts a card with no due date whose DEA notice is overdue, and a card overdue both ways once', async () => {
    // Thursday in New York: a notice for a loss discovered on Tuesday (due Wednesday) is overdue.
    freezeClock(new Date('2026-11-26T15:00:00Z'));
    lead = await t.signInAs('LEAD');
    const before = await overdueOnBoard(lead);
    expect(before.count).toBe(before.listed.length);
    const res = await post(
      lead,
      '/boards/vendor-returns',
      { ...THEFT, title: 'Missing hydrocodone', lossDiscoveredOn: DISCOVERED },
      '/boards/vendor-returns/new',
    );
    expect(res.status).toBe(303);
    const id = Number(/\/tasks\/(\d+)/.exec(res.headers.location ?? '')![1]);
    expect((await t.db.task.findUniqueOrThrow({ where: { id } })).dueAt).toBeNull();
    const late = await overdueOnBoard(lead);
    expect(late.count).toBe(before.count + 1);
    expect(late.listed).toEqual(expect.arrayContaining([...before.listed, id]));
    expect(late.listed).toHaveLength(late.count);

    // A due date passed as well: still one overdue card.
    await t.db.task.update({ where: { id }, data: { dueAt: new Date('2026-11-25T12:00:00Z') } });
    const both = await overdueOnBoard(lead);
    expect(both.count).toBe(late.count);
    // The same cards (the order follows the due dates, and this card has one now).
    expect([...both.listed].sort()).toEqual([...late.listed].sort());
  });
});

// The return-to-stock clock of billing issues (issue 15): a manager sets each payer's days
// (calendar or business) on the payer page; a billing issue whose BIN and PCN match shows the
// clock on its card and the board, overdue from midnight after its last day in New York.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../helpers/test-app';
import { freezeClock, post } from './boards-helpers';

let t: TestApp;
let manager: Agent;
beforeAll(async () => {
  freezeClock();
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
});
afterAll(async () => {
  vi.useRealTimers();
  await t.close();
});

const PAYERS = '/boards/billing-issues/payers';

function clockStates(html: string): string[] {
  return [...html.matchAll(/data-clock-state="(\w+)"><strong>([^<]+)<\/strong>/g)].map(
    (m) => `${m[2]}: ${m[1]}`,
  );
}

async function newClaim(rxNumber: string, dateOfService: string, bin: string, pcn: string): Promise<number> {
  const res = await post(
    manager,
    '/boards/billing-issues',
    {
      title: `Rx ${rxNumber} not picked up`,
      priority: 'NORMAL',
      rxNumber,
      dateOfService,
      payerName: 'Plan',
      bin,
      pcn,
      rejectCode: '75',
      amount: '88.10',
    },
    '/boards/billing-issues/new',
  );
  expect(res.status).toBe(303);
  return Number(/\/tasks\/(\d+)/.exec(res.headers.location ?? '')![1]);
}

/** The clocks of a card on its page and on the board, at `instant` (a new sign-in: the old session idles out). */
async function clocksAt(
  instant: string,
  id: number,
): Promise<{ card: string[]; board: string[]; overdue: boolean }> {
  freezeClock(new Date(instant));
  manager = await t.signInAs('MANAGER');
  const card = clockStates((await manager.get(`/tasks/${id}`)).text);
  const board = (await manager.get('/boards/billing-issues')).text;
  const onBoard = board.split('<li class="task-card').find((c) => c.includes(`data-task-id="${id}"`)) ?? '';
  return { card, board: clockStates(onBoard), overdue: /^[^"]*is-overdue"/.test(onBoard) };
}

describe('payer settings', () => {
  it('refuses a bad payer with each field marked, and saves nothing', async () => {
    const before = await t.db.payer.count();
    const res = await post(
      manager,
      PAYERS,
      { name: '', bin: '61001', pcn: 'A B', returnToStockDays: '0' },
      PAYERS,
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter the payer (plan or PBM) name.');
    expect(res.text).toContain('A BIN is exactly 6 digits, e.g. 610014.');
    expect(res.text).toContain('A PCN has only letters, digits and dashes.');
    expect(res.text).toContain('Enter a whole number of days from 1 to 365.');
    expect(res.text).toContain('Choose calendar or business days.');
    expect(res.text).toContain('value="61001"');
    expect(await t.db.payer.count()).toBe(before);
  });

  it('adds, edits and refuses a second rule for the same BIN and PCN, each change audited', async () => {
    const add = { name: 'Part D plan', bin: '610014', pcn: '', returnToStockDays: '3', dayKind: 'BUSINESS' };
    expect((await post(manager, PAYERS, add, PAYERS)).status).toBe(303);
    const again = await post(manager, PAYERS, { ...add, name: 'Twin' }, PAYERS);
    expect(again.status).toBe(400);
    expect(again.text).toContain('BIN 610014 for every PCN already has a rule: change that one.');
    const commercial = {
      name: 'Caremark',
      bin: '610502',
      pcn: 'adv',
      returnToStockDays: '9',
      dayKind: 'CALENDAR',
    };
    expect((await post(manager, PAYERS, commercial, PAYERS)).status).toBe(303);
    const row = await t.db.payer.findFirstOrThrow({ where: { bin: '610502' } });
    expect(row).toMatchObject({ pcn: 'ADV', returnToStockDays: 9, businessDays: false });
    const edit = await post(
      manager,
      `${PAYERS}/${row.id}`,
      { ...commercial, returnToStockDays: '10' },
      `${PAYERS}/${row.id}`,
    );
    expect(edit.status).toBe(303);
    expect((await t.db.payer.findUniqueOrThrow({ where: { id: row.id } })).returnToStockDays).toBe(10);
    const audit = await t.db.auditLog.findMany({
      where: { action: { startsWith: 'payer.' } },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => [a.action, a.detail])).toEqual([
      ['payer.create', 'Part D plan, BIN 610014 (every PCN): 3 business days'],
      ['payer.create', 'Caremark, BIN 610502 PCN ADV: 9 calendar days'],
      [
        'payer.update',
        'Caremark, BIN 610502 PCN ADV: 9 calendar days → Caremark, BIN 610502 PCN ADV: 10 calendar days',
      ],
    ]);
    expect((await (await t.signInAs('LEAD')).get(PAYERS)).status).toBe(403);
  });
});

describe('return-to-stock clock', () => {
  it('counts business days over the weekend and turns overdue at midnight in New York', async () => {
    // Wednesday 25 Nov + 3 business days = Monday 30 Nov (Thanksgiving is not known: it counts).
    const id = await newClaim('7100001', '2026-11-25', '610014', 'MEDDPRIME');
    const page = await manager.get(`/tasks/${id}`);
    expect(clockStates(page.text)).toEqual(['Return to stock: due']);
    expect(page.text).toContain('due Mon 30 Nov 2026');
    expect(page.text).toContain('Part D plan: reverse within 3 business days of the date of service');
    // 23:30 on Monday in New York: still due; midnight: overdue on the card and the board.
    expect(await clocksAt('2026-12-01T04:30:00Z', id)).toEqual({
      card: ['Return to stock: due'],
      board: ['Return to stock: due'],
      overdue: false,
    });
    expect(await clocksAt('2026-12-01T05:00:00Z', id)).toEqual({
      card: ['Return to stock: overdue'],
      board: ['Return to stock: overdue'],
      overdue: true,
    });
  });

  it('counts calendar days for the PCN the rule names, and shows no clock for a payer without days', async () => {
    freezeClock();
    manager = await t.signInAs('MANAGER');
    // Sunday 22 Nov + 10 calendar days = Wednesday 2 Dec.
    const id = await newClaim('7100002', '2026-11-22', '610502', 'ADV');
    const other = await newClaim('7100003', '2026-11-22', '610502', 'OTHER');
    expect((await manager.get(`/tasks/${other}`)).text).toContain('No days set for BIN 610502 · PCN OTHER');
    expect(await clocksAt('2026-12-03T04:59:00Z', id)).toMatchObject({
      card: ['Return to stock: due'],
      overdue: false,
    });
    expect(await clocksAt('2026-12-03T05:00:00Z', id)).toMatchObject({
      card: ['Return to stock: overdue'],
      board: ['Return to stock: overdue'],
      overdue: true,
    });
  });
});

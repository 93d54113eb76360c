import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHROMIUM, SCREENSHOT_DIR, signInPage, startBrowser, type BrowserSession } from '../helpers/browser';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { TEST_NOW, TEST_TODAY, publishToday, someoneWith, staffIdOf } from '../integration/boards-helpers';

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI)
  throw new Error(`${CHROMIUM} is missing: .ci/run should have installed it`);

const shot = (name: string) => path.join(SCREENSHOT_DIR, `boards-${name}.png`);

describe.skipIf(!haveChromium)('task boards in the browser', () => {
  let t: TestApp;
  let b: BrowserSession;
  let dayTech: number;
  let eveningTech: number;
  beforeAll(async () => {
    // The server runs in this process: its clock starts at 10:00 on the demo day and keeps ticking.
    vi.useFakeTimers({ toFake: ['Date'], now: TEST_NOW, shouldAdvanceTime: true });
    t = await createTestApp();
    const pharmacist = await staffIdOf(t, 'STAFF');
    dayTech = await someoneWith(t.db, 'TECHNICIAN', [pharmacist]);
    eveningTech = await someoneWith(t.db, 'TECHNICIAN', [pharmacist, dayTech]);
    await publishToday(t.db, [
      { staffId: pharmacist, template: 'Weekday day', position: 'PHARMACIST' },
      { staffId: dayTech, template: 'Weekday day', position: 'TECHNICIAN' },
      { staffId: eveningTech, template: 'Weekday evening', position: 'TECHNICIAN' },
    ]);
    b = await startBrowser(t);
  });
  afterAll(async () => {
    await b?.close();
    await t?.close();
    vi.useRealTimers();
  });

  it('lets a lead assign today’s tasks and move a vendor return through its flow to “credit received”', async () => {
    const context = await b.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // A refused move answers 400 on purpose; a missing stylesheet or script would be a bug.
    page.on('response', (r) => {
      if (r.url().includes('/assets/') && r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    const { email, password } = t.demoUser('LEAD');
    await signInPage(page, b.baseUrl, email, password);
    await expect(page.locator('h1').first().textContent()).resolves.toBe('Today');
    await page.screenshot({ path: shot('1-today'), fullPage: true });

    // Assign the two open daily tasks to people on shift at their due times.
    const tasks = await t.db.task.findMany({
      where: { board: 'DAILY', taskDate: TEST_TODAY, closedAt: null, assigneeId: null },
      select: { id: true, title: true, dueAt: true },
    });
    expect(tasks.length).toBeGreaterThan(1);
    for (const task of tasks) {
      const select = page.locator(`#assign-${task.id}`);
      const options = await Promise.all(
        (await select.locator('option').all()).map((o) => o.getAttribute('value')),
      );
      // The evening shift starts at 15:00 (20:00 UTC): nobody on it is offered an earlier task.
      if (task.dueAt! < new Date('2026-11-25T20:00:00Z')) expect(options).not.toContain(String(eveningTech));
      else expect(options).toContain(String(eveningTech));
      await select.selectOption(String(dayTech));
      await Promise.all([
        page.waitForURL(`${b.baseUrl}/`),
        page.locator(`tr[data-task-id="${task.id}"] .assign-form button`).click(),
      ]);
      await expect(page.locator('.flash-success, .flash-info').first().textContent()).resolves.toContain(
        `“${task.title}”`,
      );
    }
    const assigned = await t.db.task.count({
      where: { id: { in: tasks.map((x) => x.id) }, assigneeId: dayTech },
    });
    expect(assigned).toBe(tasks.length);
    await page.screenshot({ path: shot('2-today-assigned'), fullPage: true });
    await page.goto(`${b.baseUrl}/boards/daily`);
    await expect(page.locator('.board-col[data-status="TODO"] .task-card').count()).resolves.toBeGreaterThan(
      0,
    );
    await page.screenshot({ path: shot('2b-daily-board'), fullPage: true });

    // A new vendor return through the form.
    await page.goto(`${b.baseUrl}/boards/vendor-returns`);
    await page.screenshot({ path: shot('3-vendor-board'), fullPage: true });
    await page.click('text=New vendor return');
    await page.fill('#f-title', 'Return damaged Humira pens');
    await page.fill('#f-vendor', 'AmerisourceBergen');
    await page.fill('#f-drugName', 'Humira 40 mg/0.4 mL pen');
    await page.fill('#f-ndc', '0074-0554-02');
    await page.fill('#f-lot', 'HUM2231');
    await page.fill('#f-expiryDate', '2027-05-31');
    await page.fill('#f-quantity', '2');
    await page.selectOption('#f-reason', 'DAMAGED');
    await page.fill('#f-expectedCredit', '13,560.00');
    await Promise.all([page.waitForURL(/\/tasks\/\d+$/), page.click('text=Add to the board')]);
    const id = Number(/\/tasks\/(\d+)/.exec(page.url())![1]);
    await expect(page.locator('.flash-success').textContent()).resolves.toContain('Vendor return added');

    // First step from the keyboard on the board (JavaScript): pick up, one column right, drop.
    await page.goto(`${b.baseUrl}/boards/vendor-returns`);
    const card = page.locator(`.task-card[data-task-id="${id}"]`);
    await card.focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    await expect(
      page.locator(`.board-col[data-status="AUTH_REQUESTED"] .task-card[data-task-id="${id}"]`).count(),
    ).resolves.toBe(1);

    // The rest on the card page, without JavaScript's help: each step asks for what it needs.
    await page.goto(`${b.baseUrl}/tasks/${id}`);
    await page.click('#move-AUTHORISED button');
    await expect(page.locator('.flash-error').first().textContent()).resolves.toContain(
      'return authorisation (RA) number',
    );
    await page.screenshot({ path: shot('4-needs-ra'), fullPage: true });
    await page.fill('#move-AUTHORISED-raNumber', 'ABC-RA-55012');
    await page.click('#move-AUTHORISED button');
    await page.click('#move-PACKED button');
    await page.fill('#move-SHIPPED-shippedOn', '2026-11-25');
    await page.fill('#move-SHIPPED-trackingNumber', '1Z999AA10123456784');
    await page.click('#move-SHIPPED button');
    await page.fill('#move-CREDIT_RECEIVED-receivedCredit', '13560');
    await page.click('#move-CREDIT_RECEIVED button');
    await expect(page.locator('.status-badge').textContent()).resolves.toBe('Credit received');
    await page.screenshot({ path: shot('5-credit-received'), fullPage: true });

    const task = await t.db.task.findUniqueOrThrow({
      where: { id },
      select: { status: true, closedAt: true, vendorReturn: true },
    });
    expect(task.status).toBe('CREDIT_RECEIVED');
    expect(task.closedAt).not.toBeNull();
    expect(task.vendorReturn).toMatchObject({
      ndc: '00074055402',
      receivedCreditCents: 1356000,
      raNumber: 'ABC-RA-55012',
    });
    const moves = await t.db.taskEvent.findMany({
      where: { taskId: id, kind: 'STATUS' },
      orderBy: { id: 'asc' },
      select: { toValue: true },
    });
    expect(moves.map((m) => m.toValue)).toEqual([
      'AUTH_REQUESTED',
      'AUTHORISED',
      'PACKED',
      'SHIPPED',
      'CREDIT_RECEIVED',
    ]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('moves a billing issue by dragging it to the next column, and refuses a drop outside the flow', async () => {
    const context = await b.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const { email, password } = t.demoUser('LEAD');
    await signInPage(page, b.baseUrl, email, password);
    await page.goto(`${b.baseUrl}/boards/billing-issues`);
    const card = page.locator('.board-col[data-status="NEW"] .task-card').first();
    const id = Number(await card.getAttribute('data-task-id'));
    await card.dragTo(page.locator('.board-col[data-status="RESUBMITTED"]'), {
      targetPosition: { x: 20, y: 20 },
    });
    await expect(page.locator('.board-toast').textContent()).resolves.toContain(
      'it can move only to Investigating',
    );
    await page.screenshot({ path: shot('6-refused-drop') });
    await Promise.all([
      page.waitForEvent('load'),
      card.dragTo(page.locator('.board-col[data-status="INVESTIGATING"]'), {
        targetPosition: { x: 20, y: 20 },
      }),
    ]);
    await expect(
      page.locator(`.board-col[data-status="INVESTIGATING"] .task-card[data-task-id="${id}"]`).count(),
    ).resolves.toBe(1);
    expect((await t.db.task.findUniqueOrThrow({ where: { id } })).status).toBe('INVESTIGATING');

    // The form explains itself when something is wrong, and the summary ages the open amounts.
    await page.goto(`${b.baseUrl}/boards/billing-issues/new`);
    await page.fill('#f-title', 'Rx 6107777 — refill too soon');
    await page.fill('#f-bin', '61001');
    await page.selectOption('#f-rejectCode', '79');
    await page.click('text=Add to the board');
    await expect(page.locator('#f-bin-error').textContent()).resolves.toBe(
      'A BIN is exactly 6 digits, e.g. 610014.',
    );
    await page.screenshot({ path: shot('8-billing-form-errors'), fullPage: true });
    await page.goto(`${b.baseUrl}/boards/billing-issues/summary`);
    await page.screenshot({ path: shot('9-billing-summary'), fullPage: true });
    await context.close();
  });

  it('shows staff their own tasks on their home page and lets them move one', async () => {
    const staffId = await staffIdOf(t, 'STAFF');
    const task = await t.db.task.findFirstOrThrow({
      where: { board: 'DAILY', taskDate: TEST_TODAY, closedAt: null },
      select: { id: true, title: true },
    });
    await t.db.task.update({
      where: { id: task.id },
      data: { assigneeId: staffId, version: { increment: 1 } },
    });
    const context = await b.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const { email, password } = t.demoUser('STAFF');
    await signInPage(page, b.baseUrl, email, password);
    const item = page.locator('#my-tasks li', { hasText: task.title });
    await expect(item.count()).resolves.toBe(1);
    await page.screenshot({ path: shot('7-staff-home'), fullPage: true });
    await Promise.all([
      page.waitForURL(`${b.baseUrl}/`),
      item.locator('button', { hasText: 'In progress' }).click(),
    ]);
    await expect(page.locator('.flash-success').textContent()).resolves.toContain('In progress');
    expect((await t.db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('IN_PROGRESS');
    await context.close();
  });
});

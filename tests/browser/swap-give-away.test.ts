// A give-away in the browser (issue 13): a technician offers her shift to a colleague from My
// shifts, the colleague accepts, the manager approves, and both see the change in My shifts and in
// their notification list.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, SCREENSHOT_DIR, signInPage, startBrowser, type BrowserSession } from '../helpers/browser';
import { createSchedule, nextMonday, plusDays } from '../helpers/publish-fixtures';
import { createTestApp, type TestApp } from '../helpers/test-app';

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI)
  throw new Error(`${CHROMIUM} is missing: .ci/run should have installed it`);

const monday = nextMonday();
const tuesday = plusDays(monday, 1);

async function signedIn(browser: Browser, baseUrl: string, who: { email: string; password: string }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signInPage(page, baseUrl, who.email, who.password);
  return { context, page };
}

async function submit(page: Page, button: string, url: RegExp) {
  await Promise.all([page.waitForURL(url), page.click(button)]);
}

describe.skipIf(!haveChromium)('giving a shift away in a browser', () => {
  let t: TestApp;
  let b: BrowserSession;
  beforeAll(async () => {
    t = await createTestApp();
    b = await startBrowser(t);
    const day = (date: string, technicians: string[]) =>
      [
        ['Priya', date, 'Weekday day', 'PHARMACIST'],
        ['Marcus', date, 'Weekday day', 'PHARMACIST'],
        ...technicians.map((name) => [name, date, 'Weekday day', 'TECHNICIAN']),
      ] as [string, string, string, string][];
    await createSchedule(t.db, {
      periodStart: monday,
      status: 'PUBLISHED',
      assignments: [
        ...day(monday, ['Aisha', 'Kevin', 'Maria']),
        ...day(tuesday, ['Jordan', 'Kevin', 'Maria']),
      ],
    });
  });
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('offers, accepts, approves, and both see it in My shifts and their notifications', async () => {
    const errors: string[] = [];
    const aishaLogin = [0, 1].map((i) => t.demoUser('STAFF', i)).find((u) => u.email.startsWith('aisha.'))!;

    // Aisha offers her Monday shift to Jordan.
    const aisha = await signedIn(b.browser, b.baseUrl, aishaLogin);
    aisha.page.on('pageerror', (e) => errors.push(e.message));
    await aisha.page.goto(`${b.baseUrl}/my/shifts`);
    await submit(aisha.page, 'a:has-text("Swap or give away") >> nth=0', /\/my\/swaps\/new\?shift=\d+$/);
    await aisha.page.check('input[name=action][value=give]');
    await aisha.page.selectOption('#f-colleagueId', { label: 'Jordan Mitchell' });
    await aisha.page.screenshot({ path: path.join(SCREENSHOT_DIR, 'swap-offer.png'), fullPage: true });
    await submit(aisha.page, 'button:has-text("Send")', /\/my\/swaps$/);
    await expect(aisha.page.locator('.flash').first().textContent()).resolves.toContain(
      'Asked Jordan Mitchell',
    );

    // Jordan accepts.
    const jordan = await signedIn(b.browser, b.baseUrl, t.demoUser('LEAD'));
    await jordan.page.goto(`${b.baseUrl}/my/swaps`);
    await expect(jordan.page.locator('article h3').first().textContent()).resolves.toContain(
      'Aisha Thompson gives',
    );
    await submit(jordan.page, 'button:has-text("Accept")', /\/my\/swaps$/);
    await expect(jordan.page.locator('.flash').first().textContent()).resolves.toContain(
      'The manager approves it next.',
    );

    // The manager approves.
    const manager = await signedIn(b.browser, b.baseUrl, t.demoUser('MANAGER'));
    await manager.page.goto(`${b.baseUrl}/approvals/swaps`);
    await manager.page.screenshot({ path: path.join(SCREENSHOT_DIR, 'swap-approvals.png'), fullPage: true });
    await submit(manager.page, 'button:has-text("Approve")', /\/approvals\/swaps$/);
    await expect(manager.page.locator('.flash').first().textContent()).resolves.toContain(
      'Version 2 of the week is published.',
    );

    // Both see the change in My shifts and in their notification list.
    await aisha.page.goto(`${b.baseUrl}/my/shifts`);
    await expect(aisha.page.locator('.change-lines').first().textContent()).resolves.toContain(
      'You were removed from Weekday day 07:00–15:30',
    );
    await jordan.page.goto(`${b.baseUrl}/my/shifts`);
    await expect(jordan.page.locator('.change-lines').first().textContent()).resolves.toContain(
      'You were added to Weekday day 07:00–15:30',
    );
    await jordan.page.screenshot({ path: path.join(SCREENSHOT_DIR, 'swap-my-shifts.png'), fullPage: true });
    for (const who of [aisha, jordan]) {
      await who.page.goto(`${b.baseUrl}/notifications`);
      await expect(who.page.locator('main').textContent()).resolves.toContain('Swap request approved');
    }
    await aisha.page.screenshot({
      path: path.join(SCREENSHOT_DIR, 'swap-notifications.png'),
      fullPage: true,
    });
    expect(errors).toEqual([]);
    for (const who of [aisha, jordan, manager]) await who.context.close();
  }, 120_000);
});

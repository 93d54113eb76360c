import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayAt } from '../../server/sites/sites.service';
import { CHROMIUM, SCREENSHOT_DIR, signInPage, startBrowser, type BrowserSession } from '../helpers/browser';
import { createTestApp, type DemoRole, type TestApp } from '../helpers/test-app';

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI)
  throw new Error(`${CHROMIUM} is missing: .ci/run should have installed it`);

function plusDays(iso: string, n: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + n)).toISOString().slice(0, 10);
}

describe.skipIf(!haveChromium)('people in the browser', () => {
  let t: TestApp;
  let b: BrowserSession;
  let today: string;
  beforeAll(async () => {
    t = await createTestApp();
    b = await startBrowser(t);
    today = todayAt((await t.db.site.findFirstOrThrow({ orderBy: { id: 'asc' } })).timeZone);
  });
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  async function openAs(
    role: DemoRole,
    index = 0,
  ): Promise<{ page: Page; errors: string[]; done: () => Promise<void> }> {
    const context = await b.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${m.text()} ${m.location().url}`);
    });
    const { email, password } = t.demoUser(role, index);
    await signInPage(page, b.baseUrl, email, password);
    return { page, errors, done: () => context.close() };
  }

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SCREENSHOT_DIR, `people-${name}.png`), fullPage: true });

  it('a manager adds a credential and sees the expiry panel change', async () => {
    const { page, errors, done } = await openAs('MANAGER');
    const panel = page.getByTestId('expiry-panel');
    const before = Number(await page.getByTestId('within30').textContent());
    await shot(page, '01-dashboard-before');

    // Someone who holds no hazardous-drug credential yet, so the new one has no renewal on file.
    const tech = await t.db.staff.findFirstOrThrow({
      where: {
        active: true,
        user: { role: 'STAFF' },
        positions: { some: {} },
        credentials: { none: { credentialType: { code: 'HAZ_DRUG' } } },
      },
    });
    const name = `${tech.firstName} ${tech.lastName}`;
    await page.goto(`${b.baseUrl}/staff`);
    await page.fill('#f-q', tech.lastName);
    await page.click('button:has-text("Filter")');
    await page.click(`a:has-text("${tech.lastName}, ${tech.firstName}")`);
    await expect(page.locator('h1').textContent()).resolves.toBe(name);
    await page.click('text=Add credential');
    await page.selectOption('#f-credentialTypeId', {
      label: 'Hazardous drug management (USP <800>) (renews every 12 months)',
    });
    await page.fill('#f-number', 'HD-2026-0042');
    await page.fill('#f-issuedOn', plusDays(today, -355));
    await page.fill('#f-expiresOn', plusDays(today, 9));
    await shot(page, '02-add-credential');
    await page.click('button:has-text("Add credential")');
    await page.waitForURL(/\/staff\/\d+/);
    await expect(page.getByTestId('credentials').textContent()).resolves.toContain('HD-2026-0042');
    await shot(page, '03-profile-after');

    await page.click('a.brand');
    await expect(page.getByTestId('within30').textContent()).resolves.toBe(String(before + 1));
    const row = panel.locator('tr', { hasText: name }).filter({ hasText: 'Hazardous drug' });
    await expect(row.count()).resolves.toBe(1);
    await row.scrollIntoViewIfNeeded();
    await shot(page, '04-dashboard-after');
    expect(errors).toEqual([]);
    await done();
  });

  it('a staff member requests time off and the manager approves it', async () => {
    const staff = await openAs('STAFF');
    const first = plusDays(today, 45);
    const last = plusDays(today, 47);
    await staff.page.goto(`${b.baseUrl}/time-off`);
    await staff.page.fill('#f-startDate', first);
    await staff.page.fill('#f-endDate', last);
    await staff.page.fill('#f-reason', 'Sister’s wedding');
    await staff.page.click('button:has-text("Request")');
    await staff.page.waitForURL(/\/time-off$/);
    const mine = staff.page.getByTestId('my-requests');
    await expect(mine.locator('tr', { hasText: 'Sister’s wedding' }).textContent()).resolves.toContain(
      'Pending',
    );
    await shot(staff.page, '05-staff-requested');

    const manager = await openAs('MANAGER');
    // The menu groups this page under "People".
    await manager.page.click('summary:has-text("People")');
    await manager.page.click('nav >> text=Time-off requests');
    const request = await t.db.timeOffRequest.findFirstOrThrow({ where: { reason: 'Sister’s wedding' } });
    const card = manager.page.getByTestId(`request-${request.id}`);
    await expect(card.textContent()).resolves.toContain('Sister’s wedding');
    await card.locator('input[name=note]').fill('Approved, enjoy!');
    await shot(manager.page, '06-manager-review');
    await card.locator('button:has-text("Approve")').click();
    // The approval's confirmation: what it breaks in published weeks (nothing here), each with its repair.
    await manager.page.waitForURL(/\/approvals\/time-off\/\d+\/approved$/);
    await expect(manager.page.locator('.flash-success').textContent()).resolves.toContain(
      'Approved time off',
    );
    await expect(manager.page.locator('#approval-breaks').textContent()).resolves.toContain(
      'No published shift is affected',
    );
    await shot(manager.page, '07-manager-approved');

    await staff.page.reload();
    const row = staff.page.getByTestId('my-requests').locator('tr', { hasText: 'Sister’s wedding' });
    await expect(row.textContent()).resolves.toContain('Approved');
    await expect(row.textContent()).resolves.toContain('Approved, enjoy!');
    await shot(staff.page, '08-staff-approved');
    expect([...staff.errors, ...manager.errors]).toEqual([]);
    await staff.done();
    await manager.done();
  });

  it('renders the other people pages without script errors', async () => {
    const { page, errors, done } = await openAs('MANAGER');
    const someone = await t.db.staff.findFirstOrThrow({
      where: { positions: { some: { position: { code: 'IV_TECH' } } } },
    });
    for (const [name, url] of [
      ['09-staff-list', '/staff'],
      ['10-profile', `/staff/${someone.id}`],
      ['11-availability', `/staff/${someone.id}/availability`],
      ['12-expiring', '/credentials/expiring?within=90'],
      ['13-coverage', '/coverage'],
      ['14-templates', '/shift-templates'],
      ['15-import', '/staff/import'],
      ['16-positions', '/positions'],
      ['17-credential-types', '/credential-types'],
    ] as const) {
      await page.goto(b.baseUrl + url);
      await shot(page, name);
      // The file picker is an enhancement: hidden without JavaScript, shown by people.js.
      if (url === '/staff/import') await expect(page.locator('#csv-file').isVisible()).resolves.toBe(true);
    }
    expect(errors).toEqual([]);
    await done();
  });
});

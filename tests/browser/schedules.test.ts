import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeWorkers } from '../../solver';
import { settleSolveJobs } from '../../server/scheduling/solve-jobs.service';
import { CHROMIUM, SCREENSHOT_DIR, signInPage, startBrowser, type BrowserSession } from '../helpers/browser';
import { runClockFrom } from '../helpers/schedules';
import { createTestApp, type TestApp } from '../helpers/test-app';

// A safety net only: the demo pharmacy solves in a few seconds.
process.env.SOLVE_TIME_LIMIT_SECONDS = '20';

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI)
  throw new Error(`${CHROMIUM} is missing: .ci/run should have installed it`);

describe.skipIf(!haveChromium)('the manager generates and reviews a week', () => {
  let t: TestApp;
  let b: BrowserSession;
  beforeAll(async () => {
    // The week lies ahead: none of its shifts has started, so every edit and call-out is open.
    runClockFrom();
    t = await createTestApp();
    b = await startBrowser(t);
  });
  afterAll(async () => {
    vi.useRealTimers();
    await b?.close();
    await settleSolveJobs();
    await closeWorkers();
    await t?.close();
  });

  it('generates the demo week, follows the progress, and reads the grid and the gap explanations', async () => {
    const context = await b.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const { email, password } = t.demoUser('MANAGER');
    await signInPage(page, b.baseUrl, email, password);

    await page.click('nav summary:has-text("Schedules")');
    await Promise.all([page.waitForURL(/\/schedules$/), page.click('nav a[href="/schedules"]')]);
    await expect(page.locator('h1').first().textContent()).resolves.toBe('Schedules');
    await page.fill('#f-week', '2026-11-30');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'schedules-index.png'), fullPage: true });
    await Promise.all([
      page.waitForURL(/\/schedules\/jobs\/\d+$/),
      page.click('#generate-form button[type=submit]'),
    ]);
    await expect(page.locator('h1').textContent()).resolves.toContain('Solving the week of');
    await expect(page.locator('[data-field="result"]').isVisible()).resolves.toBe(false);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'schedules-progress.png'), fullPage: true });

    // The polling script opens the schedule when the solve is done.
    await page.waitForURL(/\/schedules\/\d+$/, { timeout: 120_000 });
    await expect(page.locator('h1').textContent()).resolves.toContain('Week of');
    await expect(page.locator('.schedule-grid tbody tr').count()).resolves.toBeGreaterThan(20);
    await expect(page.locator('.schedule-grid .chip').count()).resolves.toBeGreaterThan(50);
    await expect(page.locator('svg.coverage-chart rect').count()).resolves.toBe(14);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'schedules-week.png'), fullPage: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'schedules-week-top.png') });
    await page
      .locator('.schedule-grid')
      .screenshot({ path: path.join(SCREENSHOT_DIR, 'schedules-grid.png') });

    // Ana's time off leaves the IV room short (which of its shifts stays open is the solver's choice).
    const gaps = page.locator('#gaps .gap-item');
    await expect(gaps.count()).resolves.toBeGreaterThan(0);
    const gap = gaps.filter({ hasText: /approved time off|expired on/ }).first();
    await expect(gap.count()).resolves.toBe(1);
    // Either a fix the edit check accepts, or why there is none and who came nearest.
    await expect(gap.locator('.gap-fix').textContent()).resolves.toMatch(
      /^Suggested fix: |^No fix: No change fills it without breaking a rule: .+ the nearest: /,
    );
    await page.locator('#gaps').screenshot({ path: path.join(SCREENSHOT_DIR, 'schedules-gaps.png') });

    // A gap links to its shift, highlighted in the by-shift view.
    await gap.locator('a').first().click();
    await expect(page.locator('.shift-card:target').count()).resolves.toBe(1);
    await expect(page.locator('.shift-card:target').getAttribute('class')).resolves.toContain('has-gap');
    await page
      .locator('.shift-card:target')
      .screenshot({ path: path.join(SCREENSHOT_DIR, 'schedules-gap-shift.png') });

    // Publish with the gap confirmed, then repair a call-out in one click.
    const weekUrl = page.url();
    await page.check('.publish-form input[name=confirmGaps]');
    await Promise.all([page.waitForURL(weekUrl), page.click('.publish-form button[type=submit]')]);
    await expect(page.locator('.page-head .badge').first().textContent()).resolves.toBe('Published');
    await page.locator('a.small-link', { hasText: 'Call-out' }).first().click();
    await page.waitForURL(/\/callout\/\d+$/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'schedules-callout.png'), fullPage: true });
    await expect(page.locator('.repair-table tbody tr').count()).resolves.toBeGreaterThan(1);
    await page.fill('#f-reason', 'sick');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'schedules-callout.png'), fullPage: true });
    await Promise.all([
      page.waitForURL(/\/schedules\/\d+$/),
      page.click('#callout-form button[type=submit]'),
    ]);
    await expect(page.locator('.flash-success, .flash').first().textContent()).resolves.toMatch(
      /is off .* Version 2 is published/,
    );
    await expect(page.locator('.page-head .badge').first().textContent()).resolves.toBe('Published');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'schedules-after-callout.png') });

    // A manual edit that breaks a hard rule is refused with the rule named.
    await page.selectOption('#add-shift', { label: 'Tue 07:00–15:30 IV room day' });
    await page.selectOption('#add-staff', { label: 'Ben Carter' });
    await page.selectOption('#add-position', { label: 'IV technician (sterile compounding)' });
    await page.click('#add-form button[type=submit]');
    await page.waitForSelector('#edit-refused');
    await expect(page.locator('#edit-refused').textContent()).resolves.toMatch(/CSPT\) expired on/);
    await page
      .locator('#edit-refused')
      .screenshot({ path: path.join(SCREENSHOT_DIR, 'schedules-edit-refused.png') });

    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});

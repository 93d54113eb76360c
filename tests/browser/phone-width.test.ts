import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWorkers } from '../../solver';
import { publishDemoWeek } from '../../server/scheduling/demo-schedule.service';
import { settleSolveJobs } from '../../server/scheduling/solve-jobs.service';
import { createSchedule, nextMonday } from '../helpers/publish-fixtures';
import { CHROMIUM, SCREENSHOT_DIR, signInPage, startBrowser, type BrowserSession } from '../helpers/browser';
import { createTestApp, type DemoRole, type TestApp } from '../helpers/test-app';

// A safety net only: the demo pharmacy solves in a few seconds.
process.env.SOLVE_TIME_LIMIT_SECONDS = '20';

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI)
  throw new Error(`${CHROMIUM} is missing: .ci/run should have installed it`);

/** An iPhone 12–15 screen in CSS pixels. */
const PHONE = { width: 390, height: 844 };

describe.skipIf(!haveChromium)('every page fits a 390 px phone', () => {
  let t: TestApp;
  let b: BrowserSession;
  beforeAll(async () => {
    t = await createTestApp();
    // This week published as on a first start, so Today, My shifts and the grid are full.
    expect(await publishDemoWeek(t.db, 20_000)).not.toBeNull();
    b = await startBrowser(t);
  });
  afterAll(async () => {
    await b?.close();
    await settleSolveJobs();
    await closeWorkers();
    await t?.close();
  });

  /** Pages outside the menu that each role reaches in one click: a schedule, a profile, a task. */
  async function extraPages(role: DemoRole): Promise<string[]> {
    if (role === 'STAFF') return [];
    const task = await t.db.task.findFirstOrThrow({ select: { id: true }, orderBy: { id: 'asc' } });
    if (role === 'LEAD') return [`/tasks/${task.id}`];
    const schedule = await t.db.schedule.findFirstOrThrow({
      select: { id: true },
      where: { status: 'PUBLISHED' },
      orderBy: { id: 'asc' },
    });
    const staff = await t.db.staff.findFirstOrThrow({
      select: { id: true },
      where: { user: { is: { role: 'STAFF' } } },
      orderBy: { id: 'asc' },
    });
    // A draft with gaps, so the grid's "Not covered" row is measured too.
    const week = nextMonday();
    const draft = await createSchedule(t.db, {
      periodStart: week,
      assignments: [['Priya', week, 'Weekday day', 'PHARMACIST']],
    });
    return [
      `/schedules/${schedule.id}`,
      `/schedules/${draft}`,
      `/schedules/${schedule.id}/versions`,
      `/staff/${staff.id}`,
      `/staff/${staff.id}/availability`,
      `/tasks/${task.id}`,
      '/positions',
      '/credential-types',
      '/coverage',
      '/boards/daily/templates',
      '/boards/vendor-returns/summary',
      '/boards/billing-issues/summary',
    ];
  }

  for (const role of ['MANAGER', 'LEAD', 'STAFF'] as const) {
    it(`as ${role}: home, every menu page and the pages they link to are at most 390 px wide`, async () => {
      const context = await b.browser.newContext({ viewport: PHONE });
      const page = await context.newPage();
      const { email, password } = t.demoUser(role);
      await signInPage(page, b.baseUrl, email, password);
      const menu = await page
        .locator('header nav a[href^="/"]')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
      const urls = [...new Set([...menu, '/account/password', ...(await extraPages(role))])];
      expect(menu.length).toBeGreaterThan(3);
      const wide: string[] = [];
      for (const url of urls) {
        const res = await page.goto(`${b.baseUrl}${url}`);
        expect(res?.status(), url).toBe(200);
        await page.screenshot({
          path: path.join(SCREENSHOT_DIR, `phone-${role.toLowerCase()}${url.replace(/\W+/g, '-')}.png`),
          fullPage: true,
        });
        // Measured with every menu group open, so a drop-down cannot poke out of the screen either.
        await page
          .locator('header nav details')
          .evaluateAll((groups) => groups.forEach((g) => g.setAttribute('open', '')));
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > PHONE.width) wide.push(`${url} ${width}px`);
      }
      expect(wide.join('\n')).toBe('');
      await context.close();
    });
  }
});

import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, SCREENSHOT_DIR, signInPage, startBrowser, type BrowserSession } from '../helpers/browser';
import { createTestApp, type DemoRole, type TestApp } from '../helpers/test-app';

// CI installs Debian's Chromium (.ci/run); a developer without it is told, not silently passed.
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI)
  throw new Error(`${CHROMIUM} is missing: .ci/run should have installed it`);

describe.skipIf(!haveChromium)('browser smoke test', () => {
  let t: TestApp;
  let b: BrowserSession;
  beforeAll(async () => {
    t = await createTestApp();
    b = await startBrowser(t);
  });
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  const homes: [DemoRole, string][] = [
    ['MANAGER', 'Dashboard'],
    ['LEAD', 'Today'],
    ['STAFF', 'My shifts'],
  ];
  for (const [role, heading] of homes) {
    it(`signs in as ${role} and shows the ${heading} page`, async () => {
      const context = await b.browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const { email, password } = t.demoUser(role);
      await signInPage(page, b.baseUrl, email, password);
      await expect(page.locator('h1').first().textContent()).resolves.toBe(heading);
      await page.screenshot({
        path: path.join(SCREENSHOT_DIR, `home-${role.toLowerCase()}.png`),
        fullPage: true,
      });
      await page.click('text=Sign out');
      await page.waitForURL(/\/sign-in/);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});

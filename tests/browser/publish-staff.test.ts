import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftFromPublished } from '../../server/scheduling/publish.service';
import { CHROMIUM, SCREENSHOT_DIR, signInPage, startBrowser, type BrowserSession } from '../helpers/browser';
import { createSchedule, demoLookups, nextMonday, plusDays } from '../helpers/publish-fixtures';
import { createTestApp, type TestApp } from '../helpers/test-app';

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI)
  throw new Error(`${CHROMIUM} is missing: .ci/run should have installed it`);

const week = nextMonday();

/** A week with most positions covered, published, then edited as version 2, so pages have something to show. */
async function publishDemoWeek(t: TestApp, managerId: number): Promise<{ v1: number; v2: number }> {
  const pharmacists = ['Priya', 'Marcus', 'Elena', 'David', 'Grace'];
  const techs = ['Aisha', 'Kevin', 'Tyrone', 'Samantha', 'Kenji', 'Jamal', 'Olivia'];
  const assignments: Parameters<typeof createSchedule>[1]['assignments'] = [];
  for (let d = 0; d < 5; d++) {
    const date = plusDays(week, d);
    assignments.push([pharmacists[d % 5]!, date, 'Weekday day', 'PHARMACIST']);
    assignments.push([pharmacists[(d + 1) % 5]!, date, 'Weekday day', 'PHARMACIST']);
    assignments.push([pharmacists[(d + 2) % 5]!, date, 'Weekday evening', 'PHARMACIST']);
    for (let k = 0; k < 3; k++) assignments.push([techs[(d + k) % 7]!, date, 'Weekday day', 'TECHNICIAN']);
    for (let k = 3; k < 5; k++)
      assignments.push([techs[(d + k) % 7]!, date, 'Weekday evening', 'TECHNICIAN']);
    assignments.push(['Ben', date, 'IV room day', 'IV_TECH']);
    assignments.push([d % 2 ? 'Ana' : 'Dee', date, 'IV room day', 'IV_TECH']);
  }
  assignments.push(['Hannah', plusDays(week, 2), 'Overnight pharmacist', 'PHARMACIST']);
  assignments.push(['Rafael', plusDays(week, 3), 'Overnight pharmacist', 'PHARMACIST']);
  // Version 1 is written as published: these hand-made rows ignore the scheduling rules, which a
  // publish would refuse; version 2's own change (below) breaks none and is published for real.
  const v1 = await createSchedule(t.db, { periodStart: week, status: 'PUBLISHED', assignments });
  // Priya has looked at version 1, so version 2's changes are marked for her.
  await t.db.user.update({ where: { email: t.demoUser('STAFF').email }, data: { shiftsSeenAt: new Date() } });
  const draft = await draftFromPublished(t.db, v1, managerId);
  const ids = await demoLookups(t.db);
  await t.db.assignment.updateMany({
    where: { scheduleId: draft.id, staffId: ids.staffId('Priya'), shiftDate: week },
    data: { templateId: ids.templateId('Weekday evening') },
  });
  await t.db.assignment.create({
    data: {
      scheduleId: draft.id,
      staffId: ids.staffId('Priya'),
      shiftDate: plusDays(week, 1),
      templateId: ids.templateId('Weekday evening'),
      positionId: ids.positionId('PHARMACIST'),
    },
  });
  // Grace takes Priya's place on Monday's day shift, which keeps the technician ratio there.
  await t.db.assignment.create({
    data: {
      scheduleId: draft.id,
      staffId: ids.staffId('Grace'),
      shiftDate: week,
      templateId: ids.templateId('Weekday day'),
      positionId: ids.positionId('PHARMACIST'),
    },
  });
  return { v1, v2: draft.id };
}

describe.skipIf(!haveChromium)('publishing and the staff side in a browser', () => {
  let t: TestApp;
  let b: BrowserSession;
  let ids: { v1: number; v2: number };
  beforeAll(async () => {
    t = await createTestApp();
    b = await startBrowser(t);
    const managerId = (await t.db.user.findUniqueOrThrow({ where: { email: t.demoUser('MANAGER').email } }))
      .id;
    ids = await publishDemoWeek(t, managerId);
  });
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('publishes version 2 after confirming its gaps, then shows the history, print view and team grid', async () => {
    const context = await b.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const { email, password } = t.demoUser('MANAGER');
    await signInPage(page, b.baseUrl, email, password);

    await page.goto(`${b.baseUrl}/schedules/${ids.v2}/versions`);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'publish-versions-draft.png'), fullPage: true });
    // Publishing without the confirmation shows the gap list first.
    await page.click('button:has-text("Publish…")');
    await page.waitForSelector('h1:has-text("Publish with gaps?")');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'publish-confirm-gaps.png'), fullPage: true });
    await Promise.all([
      page.waitForURL(new RegExp(`/schedules/${ids.v2}$`)),
      page.click('button:has-text("Publish with")'),
    ]);

    await page.goto(`${b.baseUrl}/schedules/${ids.v2}/versions`);
    await expect(page.locator('#v1 .badge').textContent()).resolves.toBe('Archived');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'publish-versions.png'), fullPage: true });

    await page.goto(`${b.baseUrl}/schedules/${ids.v2}/print`);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'publish-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'publish-print-media.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    await page.goto(`${b.baseUrl}/team-schedule?week=${week}`);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'team-schedule.png'), fullPage: true });
    await page.goto(`${b.baseUrl}/calendar/feeds`);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'calendar-feeds.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows staff their shifts with the changes marked and a calendar link', async () => {
    const context = await b.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const { email, password } = t.demoUser('STAFF');
    await signInPage(page, b.baseUrl, email, password);
    await expect(page.locator('.badge-changed').first().isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'staff-home-changes.png'), fullPage: true });
    await page.goto(`${b.baseUrl}/my/shifts?week=${week}`);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'my-shifts-week.png'), fullPage: true });
    await page.goto(`${b.baseUrl}/my/calendar`);
    await Promise.all([
      page.waitForURL(/\/my\/calendar$/),
      page.click('button:has-text("Create my calendar link")'),
    ]);
    await expect(page.locator('#feed-url').inputValue()).resolves.toMatch(/\/calendar\/[\w-]{43}\.ics$/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'my-calendar.png'), fullPage: true });
    const phone = await b.browser.newContext({ viewport: { width: 390, height: 844 } });
    const mobile = await phone.newPage();
    await signInPage(mobile, b.baseUrl, email, password);
    await mobile.goto(`${b.baseUrl}/my/shifts?week=${week}`);
    await mobile.screenshot({ path: path.join(SCREENSHOT_DIR, 'my-shifts-phone.png'), fullPage: true });
    await phone.close();
    await context.close();
  });
});

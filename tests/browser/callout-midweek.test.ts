// Issue 11 in the browser: on Friday at 14:00 (site time) someone on the Friday evening shift calls
// out; the manager lets the optimiser repair the week and publishes the result. Monday to Thursday
// (and Friday's day shift, already under way) are exactly as they were published.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeWorkers } from '../../solver';
import { settleSolveJobs } from '../../server/scheduling/solve-jobs.service';
import { CHROMIUM, SCREENSHOT_DIR, signInPage, startBrowser, type BrowserSession } from '../helpers/browser';
import { PLANNING_NOW, runClockFrom, waitForJob } from '../helpers/schedules';
import { createTestApp, csrfOf, type TestApp } from '../helpers/test-app';

process.env.SOLVE_TIME_LIMIT_SECONDS = '20';

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI)
  throw new Error(`${CHROMIUM} is missing: .ci/run should have installed it`);

const WEEK = '2026-11-30';
const FRIDAY = '2026-12-04';
/** Friday 4 Dec 2026, 14:00 in New York. */
const FRIDAY_2PM = new Date('2026-12-04T19:00:00Z');

type Row = { staffId: number; templateId: number; shiftDate: string; positionId: number };
const key = (a: Row) => `${a.staffId}|${a.templateId}|${a.shiftDate}|${a.positionId}`;

describe.skipIf(!haveChromium)('a call-out on Friday afternoon', () => {
  let t: TestApp;
  let b: BrowserSession;
  let publishedId: number;
  beforeAll(async () => {
    runClockFrom(PLANNING_NOW);
    t = await createTestApp();
    b = await startBrowser(t);
    // The week was generated and published the Wednesday before.
    const manager = await t.signInAs('MANAGER');
    const site = await t.db.site.findFirstOrThrow({ select: { id: true } });
    const generated = await manager
      .post('/schedules/generate')
      .type('form')
      .send({ _csrf: await csrfOf(manager, '/schedules'), siteId: String(site.id), week: WEEK });
    const job = await waitForJob(manager, generated.headers.location as string);
    expect(job.status).toBe('DONE');
    publishedId = Number(job.scheduleUrl.split('/').pop());
    const published = await manager
      .post(`/schedules/${publishedId}/publish`)
      .type('form')
      .send({ _csrf: await csrfOf(manager, `/schedules/${publishedId}`), confirmGaps: 'on' });
    expect(published.status).toBe(303);
  }, 180_000);
  afterAll(async () => {
    vi.useRealTimers();
    await b?.close();
    await settleSolveJobs();
    await closeWorkers();
    await t?.close();
  });

  it('is repaired by a re-solve that leaves Monday to Thursday as they were', async () => {
    runClockFrom(FRIDAY_2PM);
    const before = await t.db.assignment.findMany({ where: { scheduleId: publishedId } });
    const templates = await t.db.shiftTemplate.findMany({
      select: { id: true, name: true, startMinute: true },
    });
    const evening = templates.find((x) => x.name === 'Weekday evening')!;
    const caller = before.find((r) => r.shiftDate === FRIDAY && r.templateId === evening.id)!;
    expect(caller).toBeDefined();

    const context = await b.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const { email, password } = t.demoUser('MANAGER');
    await signInPage(page, b.baseUrl, email, password);

    await page.goto(`${b.baseUrl}/schedules/${publishedId}`);
    await Promise.all([
      page.waitForURL(/\/callout\/\d+$/),
      page.click(`a[href="/schedules/${publishedId}/callout/${caller.id}"]`),
    ]);
    await expect(page.locator('h1').textContent()).resolves.toContain('Call-out');
    await page.fill('#f-resolve-reason', 'sick');
    await Promise.all([
      page.waitForURL(/\/schedules\/jobs\/\d+$/),
      page.click('#callout-resolve-form button[type=submit]'),
    ]);
    // The progress page opens the repaired draft when the solve is done.
    await page.waitForURL(/\/schedules\/\d+$/, { timeout: 120_000 });
    const draftId = Number(/\/schedules\/(\d+)$/.exec(page.url())?.[1]);
    expect(draftId).not.toBe(publishedId);
    await expect(page.locator('.page-head .badge').first().textContent()).resolves.toBe('Draft');
    const confirm = page.locator('.publish-form input[name=confirmGaps]');
    if ((await confirm.count()) > 0) await confirm.check();
    await Promise.all([
      page.waitForURL(`${b.baseUrl}/schedules/${draftId}`),
      page.click('.publish-form button[type=submit]'),
    ]);
    await expect(page.locator('.page-head .badge').first().textContent()).resolves.toBe('Published');
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, 'callout-friday-published.png'),
      fullPage: true,
    });

    const after = await t.db.assignment.findMany({ where: { scheduleId: draftId } });
    const mondayToThursday = (r: Row) => r.shiftDate < FRIDAY;
    expect(after.filter(mondayToThursday).map(key).sort()).toEqual(
      before.filter(mondayToThursday).map(key).sort(),
    );
    // Friday's day shift had started at 14:00 too.
    const startedFriday = (r: Row) => {
      const start = templates.find((x) => x.id === r.templateId)!.startMinute;
      return (
        r.shiftDate === FRIDAY &&
        DateTime.fromISO(FRIDAY, { zone: 'America/New_York' }).plus({ minutes: start }).toJSDate() <=
          FRIDAY_2PM
      );
    };
    expect(after.filter(startedFriday).map(key).sort()).toEqual(before.filter(startedFriday).map(key).sort());
    expect(after.map(key)).not.toContain(key(caller));
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});

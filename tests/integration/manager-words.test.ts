import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWorkers } from '../../solver';
import { publishDemoWeek } from '../../server/scheduling/demo-schedule.service';
import { settleSolveJobs } from '../../server/scheduling/solve-jobs.service';
import { crawl, decodeEntities } from '../helpers/crawl';
import { createSchedule, nextMonday, plusDays } from '../helpers/publish-fixtures';
import { waitForJob } from '../helpers/schedules';
import { createTestApp, csrfFrom, csrfOf, revisionFrom, type Agent, type TestApp } from '../helpers/test-app';

// A safety net only: the demo pharmacy solves in a few seconds.
process.env.SOLVE_TIME_LIMIT_SECONDS = '20';

let t: TestApp;
let manager: Agent;
beforeAll(async () => {
  t = await createTestApp();
  expect(await publishDemoWeek(t.db, 20_000)).not.toBeNull();
  manager = await t.signInAs('MANAGER');
});
afterAll(async () => {
  await settleSolveJobs();
  await closeWorkers();
  await t?.close();
});

/**
 * What a manager reads without opening anything: the page's text and tooltips, leaving out what
 * sits behind a "details" disclosure (engine details belong there) and the menu.
 */
function visibleWords(html: string): string {
  const body = html
    .replace(/<header class="topbar">[\s\S]*?<\/header>/, ' ')
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<details[\s\S]*?<\/details>/g, ' ');
  const titles = [...body.matchAll(/\btitle="([^"]*)"/g)].map((m) => m[1]);
  // Links written out in an email (an unsubscribe token) are addresses, not words.
  return decodeEntities([body.replace(/<[^>]+>/g, ' '), ...titles].join(' '))
    .replace(/\bhttps?:\/\/\S+/g, ' ')
    .replace(/\s+/g, ' ');
}

/** Words from the solver's or the code's vocabulary that mean nothing to a pharmacy manager. */
const JARGON: [string, RegExp][] = [
  ['objective', /\bobjective\b/i],
  ['model size', /\bcolumns × \d+ rows\b/],
  ['a term or field name', /\b[a-z]{2,}[A-Z][a-z]+/],
  ['a day index', /\(day \d+\)/],
  ['engine words', /\b(MIP|presolve|HiGHS|highs|jslp|LNS|sub-MIP)\b/],
  [
    'an audit action code',
    /\b(auth|schedule|staff|credential|ce|calendar|task|time_off|site|position)\.[a-z_]+\b/,
  ],
];

function jargonIn(html: string): string[] {
  const text = visibleWords(html);
  return JARGON.flatMap(([what, re]) => {
    const m = re.exec(text);
    return m ? [`${what}: “${text.slice(Math.max(0, m.index - 30), m.index + m[0].length + 30)}”`] : [];
  });
}

describe('words a manager uses', () => {
  it('no manager page shows solver or code words outside a details disclosure', async () => {
    const schedule = await t.db.schedule.findFirstOrThrow({
      select: { id: true },
      where: { status: 'PUBLISHED' },
    });
    const task = await t.db.task.findFirstOrThrow({
      select: { id: true },
      where: { board: 'VENDOR_RETURN' },
    });
    // A week two ahead with one shift filled: every gap there is explained on its page.
    const week = plusDays(nextMonday(), 7);
    const gappy = await createSchedule(t.db, {
      periodStart: week,
      assignments: [['Priya', week, 'Weekday day', 'PHARMACIST']],
    });
    const { pages } = await crawl(
      manager,
      ['/', `/schedules/${schedule.id}`, `/schedules/${gappy}`, '/audit', `/tasks/${task.id}`],
      150,
    );
    expect(pages.size).toBeGreaterThan(40);
    const found: string[] = [];
    for (const [url, page] of pages) {
      if (page.status !== 200 || !page.html.startsWith('<!doctype html>')) continue;
      for (const j of jargonIn(page.html)) found.push(`${url} ${j}`);
    }
    expect(found).toEqual([]);
  });

  it('keeps the engine details behind a disclosure on the schedule page', async () => {
    const schedule = await t.db.schedule.findFirstOrThrow({
      select: { id: true },
      where: { status: 'PUBLISHED' },
    });
    const html = (await manager.get(`/schedules/${schedule.id}`)).text;
    const details = /<details[^>]*class="solver-details"[^>]*>([\s\S]*?)<\/details>/.exec(html)?.[1] ?? '';
    expect(details).toContain('<summary>How the optimiser made it</summary>');
    expect(details).toMatch(/\d+ columns × \d+ rows/);
  });

  it('says the optimiser found the best schedule only until the schedule is edited by hand', async () => {
    const site = await t.db.site.findFirstOrThrow({ select: { id: true } });
    const started = await manager
      .post('/schedules/generate')
      .type('form')
      .send({ _csrf: await csrfOf(manager, '/schedules'), siteId: String(site.id), week: nextMonday() });
    expect(started.status).toBe(303);
    const job = await waitForJob(manager, started.headers.location!);
    expect(job.status).toBe('DONE');
    const url = job.scheduleUrl;
    const madeBy = (html: string) => /data-testid="made-by">([^<]*)</.exec(html)?.[1];
    const before = await manager.get(url);
    expect(madeBy(before.text)).toBe('Made by the optimiser: the best schedule these rules allow');

    const id = Number(url.split('/').pop());
    // A technician: taking one away leaves a gap (a soft rule, overridden) and breaks no hard rule.
    const one = await t.db.assignment.findFirstOrThrow({
      where: { scheduleId: id, locked: false, position: { code: 'TECHNICIAN' } },
      select: { id: true },
    });
    const removed = await manager
      .post(`/schedules/${id}/assignments/${one.id}/remove`)
      .type('form')
      .send({ _csrf: csrfFrom(before.text), revision: revisionFrom(before.text), override: 'on' });
    expect(removed.status, /id="edit-refused"[\s\S]*?<\/section>/.exec(removed.text)?.[0]).toBe(303);
    const after = (await manager.get(url)).text;
    expect(madeBy(after)).toBe('Made by the optimiser, then changed by hand');
    expect(visibleWords(after)).not.toMatch(/best schedule|optimal/i);
  });
});

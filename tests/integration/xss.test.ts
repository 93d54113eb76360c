import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl } from '../helpers/crawl';
import { createTestApp, type DemoRole, type TestApp } from '../helpers/test-app';

const SCRIPT = '<script>alert("xss")</script>';
const ATTRIBUTE = '"><img src=x onerror=alert(1)>';

/**
 * String columns that are free text a person types. Left out: keys, codes and statuses the app
 * looks things up by, dates and times (validated formats), secrets and JSON the app writes itself.
 */
const NOT_FREE_TEXT =
  /^(id|.*Id|status|email|passwordHash|icalToken|csrfToken|data|timeZone|usState|code|shiftType|weekdays|color|activeKey|progress|solverDetails|solverStatus|solverEngine|engine|ndc|bin|rejectCode|periodStart|periodEnd|shiftDate|taskDate|.*On|.*Date|date|action|entity|fromValue|toValue|field|kind)$/;

function freeTextColumns(): { model: string; column: string; unique: boolean }[] {
  const schema = readFileSync('prisma/schema.prisma', 'utf8');
  const out: { model: string; column: string; unique: boolean }[] = [];
  for (const m of schema.matchAll(/model (\w+) \{([\s\S]*?)\n\}/g)) {
    for (const line of m[2]!.split('\n')) {
      const f = /^\s+(\w+)\s+String\??(\s|$)(.*)/.exec(line);
      if (f && !NOT_FREE_TEXT.test(f[1]!))
        out.push({ model: m[1]!, column: f[1]!, unique: /@unique|@id/.test(f[3] ?? '') });
    }
  }
  return out;
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.db.$disconnect();
  const sqlite = new Database(t.databaseFile);
  try {
    for (const { model, column, unique } of freeTextColumns()) {
      // Half the rows get each payload; unique columns keep their uniqueness with the row id.
      const tail = unique ? ` || rowid` : '';
      sqlite
        .prepare(
          `UPDATE "${model}" SET "${column}" = ?${tail} WHERE rowid % 2 = 0 AND "${column}" IS NOT NULL`,
        )
        .run(SCRIPT);
      sqlite
        .prepare(
          `UPDATE "${model}" SET "${column}" = ?${tail} WHERE rowid % 2 = 1 AND "${column}" IS NOT NULL`,
        )
        .run(ATTRIBUTE);
    }
  } finally {
    sqlite.close();
  }
});
afterAll(async () => {
  await t.close();
});

describe('stored script payloads', () => {
  it('covers the free-text fields of the domain', () => {
    const columns = freeTextColumns().map((c) => `${c.model}.${c.column}`);
    expect(columns).toEqual(
      expect.arrayContaining(['Staff.firstName', 'Task.title', 'TaskComment.body', 'TimeOffRequest.reason']),
    );
  });

  for (const role of ['MANAGER', 'LEAD', 'STAFF'] as DemoRole[]) {
    it(`are shown as text on every page a ${role} can reach`, async () => {
      const agent = await t.signInAs(role);
      const { pages } = await crawl(agent, ['/'], 120);
      expect(pages.size).toBeGreaterThan(role === 'STAFF' ? 1 : 5);
      const leaks: string[] = [];
      let escapedSeen = 0;
      for (const [url, page] of pages) {
        if (page.html.includes('<script>alert(') || page.html.includes('<img src=x onerror')) leaks.push(url);
        if (page.html.includes('&lt;script&gt;alert(') || page.html.includes('&lt;img src=x onerror'))
          escapedSeen += 1;
      }
      expect(leaks).toEqual([]);
      // The payloads did reach the pages, escaped — otherwise this test would prove nothing.
      expect(escapedSeen).toBeGreaterThan(0);
    }, 300_000);
  }
});

import fc from 'fast-check';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl, type CrawlResult, type FoundForm } from '../helpers/crawl';
import { createTestApp, csrfOf, type Agent, type TestApp } from '../helpers/test-app';

// Forms that end the session or the manager's own access would stop the crawl part-way; they have
// their own tests.
const SKIP_ACTION = /^\/sign-out|\/deactivate|\/reset-password|\/calendar\/reset/;

const hostileValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '-1',
    '-99999999999',
    '0',
    '1e309',
    'NaN',
    'Infinity',
    '１２',
    '2026-02-30',
    '99:99',
    '<script>alert(1)</script>',
    "'; DROP TABLE Staff; --",
    '\u0000',
    '=cmd|calc',
  ),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constant('x'.repeat(20_000)),
);

type Mutation =
  { kind: 'keep' } | { kind: 'set'; value: string } | { kind: 'drop' } | { kind: 'duplicate'; value: string };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Mutation>({ kind: 'keep' }) },
  { weight: 5, arbitrary: hostileValue.map<Mutation>((value) => ({ kind: 'set', value })) },
  { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'drop' }) },
  { weight: 1, arbitrary: hostileValue.map<Mutation>((value) => ({ kind: 'duplicate', value })) },
);

function bodyFor(form: FoundForm, csrf: string, mutations: Mutation[]): string {
  const params = new URLSearchParams();
  params.append('_csrf', csrf);
  form.fields.forEach((field, i) => {
    if (field.name === '_csrf') return;
    const m = mutations[i] ?? { kind: 'keep' };
    if (m.kind === 'keep') params.append(field.name, field.value);
    else if (m.kind === 'set') params.append(field.name, m.value);
    else if (m.kind === 'duplicate') {
      params.append(field.name, field.value);
      params.append(field.name, m.value);
    }
  });
  return params.toString();
}

let t: TestApp;
let manager: Agent;
let site: CrawlResult;
beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  site = await crawl(manager, ['/']);
}, 300_000);
afterAll(async () => {
  await t.close();
});

describe('hostile and bad input', () => {
  it('finds the app’s pages and forms by following links', () => {
    expect(site.pages.size).toBeGreaterThan(20);
    expect(new Set(site.forms.map((f) => f.action.replace(/\d+/g, 'N'))).size).toBeGreaterThan(10);
    expect([...site.pages.values()].filter((p) => p.status >= 500)).toEqual([]);
  });

  it('answers random, huge, negative, non-numeric, unicode, missing and duplicated fields with a 4xx or success — never a 500', async () => {
    const seen = new Set<string>();
    const forms = site.forms.filter((f) => {
      const key = f.action.replace(/\d+/g, 'N');
      if (SKIP_ACTION.test(f.action) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const failures: string[] = [];
    for (const form of forms) {
      await fc
        .assert(
          fc.asyncProperty(
            fc.array(mutation, { minLength: form.fields.length, maxLength: form.fields.length }),
            async (mutations) => {
              const csrf = await csrfOf(manager, '/');
              const res = await manager
                .post(form.action)
                .type('form')
                .send(bodyFor(form, csrf, mutations));
              if (res.status >= 500)
                failures.push(
                  `${form.action} → ${res.status} with ${JSON.stringify(mutations).slice(0, 300)}`,
                );
              return res.status < 500;
            },
          ),
          { numRuns: 6, seed: 20261125, endOnFailure: true },
        )
        .catch(() => undefined);
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('answers wrong ids in every address with 4xx, never a 500', async () => {
    const shapes = new Set<string>();
    for (const url of [...site.pages.keys(), ...site.forms.map((f) => f.action)]) {
      if (/\/\d+/.test(url)) shapes.add(url.replace(/\?.*$/, ''));
    }
    const failures: string[] = [];
    for (const url of shapes) {
      for (const wrong of ['999999999', '-1', 'abc', '1.5', '%00', '1e3', String(2 ** 53 + 10)]) {
        const bad = url.replace(/\/\d+/, `/${wrong}`);
        const res = await manager.get(bad);
        if (res.status >= 500) failures.push(`GET ${bad} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('answers hostile query strings on every page with a page, never a 500', async () => {
    const failures: string[] = [];
    for (const url of site.pages.keys()) {
      const path = url.replace(/\?.*$/, '');
      for (const query of [
        'page=-1&week=abc&date=2026-13-45',
        'q=%3Cscript%3E&sort=__proto__&status[]=x',
        'from=9999-99-99&to=&id=1%27',
      ]) {
        const res = await manager.get(`${path}?${query}`);
        if (res.status >= 500) failures.push(`GET ${path}?${query} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('leaves the database consistent after all of it', () => {
    const sqlite = new Database(t.databaseFile, { readonly: true });
    try {
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(sqlite.pragma('foreign_key_check')).toEqual([]);
    } finally {
      sqlite.close();
    }
  });
});

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

/** Larger than any 32-bit id, larger even than a double holds exactly. */
const HUGE = '99999999999999999999';

const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** Any integer, date-shaped text (real or not) or string — with NUL, bidi controls and zero-width spaces. */
const anyValue = fc.oneof(
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.integer().map(String),
  fc
    .tuple(
      fc.integer({ min: 0, max: 99_999 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 99 }),
    )
    .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })).map(([a, b]) => `${a}\u0000${b}`),
  fc.constantFrom('\u0000', '\u202Eexe.txt', '\u200B\u200B', '\u2066x\u2069', ' ', HUGE, `-${HUGE}`),
);

/** One form of each shape (the same action with another id is the same form). */
function distinctForms(forms: FoundForm[]): FoundForm[] {
  const seen = new Set<string>();
  return forms.filter((f) => {
    const key = f.action.replace(/\d+/g, 'N');
    if (SKIP_ACTION.test(f.action) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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

// A second app, so the fuzzing above (which may change the manager's own record) cannot take away
// the access these properties need; the manager's own staff record is left alone for the same reason.
describe('any value in any parameter', () => {
  let u: TestApp;
  let fresh: Agent;
  let found: CrawlResult;
  let ownRecord: RegExp;
  beforeAll(async () => {
    u = await createTestApp();
    fresh = await u.signInAs('MANAGER');
    const me = await u.db.user.findUniqueOrThrow({
      where: { email: u.demoUser('MANAGER').email },
      select: { staffId: true },
    });
    ownRecord = new RegExp(`^/staff/${me.staffId}(/|$)`);
    // From a board first, so the crawl reaches a vendor-return card's forms (a daily task hides its
    // assignee field) before it has seen three task pages of another board.
    found = await crawl(fresh, ['/boards/vendor-returns', '/'], 300);
  }, 300_000);
  afterAll(async () => {
    await u.close();
  });

  it('answers any integer, date or string (NUL included) in any one field of any form with a 4xx or success — never a 500', async () => {
    const forms = distinctForms(found.forms).filter((f) => !ownRecord.test(f.action));
    const failures: string[] = [];
    for (const form of forms) {
      const names = [...form.fields.map((f) => f.name).filter((n) => n !== '_csrf'), ...form.unticked];
      if (names.length === 0) continue;
      await fc
        .assert(
          fc.asyncProperty(
            fc.constantFrom(...names),
            anyValue,
            fc.boolean(),
            async (name, value, renameWithHugeId) => {
              const params = new URLSearchParams();
              params.append('_csrf', await csrfOf(fresh, '/'));
              for (const field of form.fields)
                if (field.name !== name && field.name !== '_csrf') params.append(field.name, field.value);
              // A checkbox named after a record (position_12) also arrives with an id nobody has.
              const sentName = renameWithHugeId ? name.replace(/\d+/g, HUGE) : name;
              params.append(sentName, renameWithHugeId ? 'on' : value);
              const res = await fresh.post(form.action).type('form').send(params.toString());
              if (res.status >= 500)
                failures.push(`${form.action} ${sentName}=${JSON.stringify(value)} → ${res.status}`);
              return res.status < 500;
            },
          ),
          { numRuns: 12, seed: 20261204, endOnFailure: true },
        )
        .catch(() => undefined);
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('answers any integer, date or string in any query parameter of any page with a page, never a 500', async () => {
    const failures: string[] = [];
    const paths = [...new Set([...found.pages.keys()].map((url) => url.replace(/\?.*$/, '')))];
    const common = ['week', 'date', 'page', 'id', 'q', 'site', 'assignee', 'position', 'next'];
    for (const path of paths) {
      const names = [...new Set([...(found.queries.get(path) ?? []), ...common])];
      for (const name of names) {
        await fc
          .assert(
            fc.asyncProperty(anyValue, async (value) => {
              const res = await fresh.get(path).query({ [name]: value });
              if (res.status >= 500)
                failures.push(`GET ${path}?${name}=${JSON.stringify(value)} → ${res.status}`);
              return res.status < 500;
            }),
            { numRuns: 3, seed: 20261204, endOnFailure: true, examples: [[HUGE]] },
          )
          .catch(() => undefined);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('answers the huge ids and impossible dates the review found with a 4xx or the page, and stores nothing for them', async () => {
    const failures: string[] = [];
    const board = (path: string) => found.forms.find((f) => f.action === path);
    const gets = [
      `/staff?position=${HUGE}`,
      `/boards/vendor-returns?assignee=${HUGE}`,
      `/boards/billing-issues?assignee=${HUGE}`,
      `/boards/daily?assignee=${HUGE}`,
      `/my/shifts?week=2026-02-30`,
      `/schedules?week=9999-12-27`,
    ];
    for (const url of gets) {
      const res = await fresh.get(url);
      if (res.status >= 500) failures.push(`GET ${url} → ${res.status}`);
    }
    const posts: { action: string; set: Record<string, string> }[] = [];
    for (const form of found.forms) {
      for (const field of [...form.fields.map((f) => f.name), ...form.unticked]) {
        if (/^(assigneeId|credentialTypeId)$/.test(field))
          posts.push({ action: form.action, set: { [field]: HUGE } });
        if (/^(position|type)_\d+$/.test(field))
          posts.push({ action: form.action, set: { [field.replace(/\d+/, HUGE)]: 'on' } });
      }
    }
    expect(posts.map((p) => p.action.replace(/\d+/g, 'N'))).toEqual(
      expect.arrayContaining([
        '/boards/vendor-returns',
        '/tasks/N/assign',
        '/tasks/N/edit',
        '/staff',
        '/staff/N/credentials',
      ]),
    );
    expect(board('/boards/vendor-returns')).toBeDefined();
    for (const post of posts) {
      const form = found.forms.find((f) => f.action === post.action)!;
      const params = new URLSearchParams({ _csrf: await csrfOf(fresh, '/') });
      for (const field of form.fields) {
        if (!(field.name in post.set) && field.name !== '_csrf') params.append(field.name, field.value);
      }
      for (const [k, v] of Object.entries(post.set)) params.append(k, v);
      const res = await fresh.post(post.action).type('form').send(params.toString());
      if (res.status >= 500) failures.push(`POST ${post.action} ${JSON.stringify(post.set)} → ${res.status}`);
    }
    expect(failures).toEqual([]);

    const generate = found.forms.find((f) => f.action === '/schedules/generate')!;
    for (const week of ['2026-02-30', '9999-12-27', '2026-13-01']) {
      const params = new URLSearchParams({ _csrf: await csrfOf(fresh, '/schedules') });
      for (const field of generate.fields) {
        if (field.name !== 'week' && field.name !== '_csrf') params.append(field.name, field.value);
      }
      params.append('week', week);
      const res = await fresh.post('/schedules/generate').type('form').send(params.toString());
      expect(res.status, week).toBe(400);
      expect(res.text).toContain('Enter a date as YYYY-MM-DD between 1900 and 2199.');
    }
    expect(await u.db.schedule.count({ where: { periodStart: { gt: '2199-12-31' } } })).toBe(0);
    expect(await u.db.schedule.count({ where: { periodStart: { startsWith: '2026-02-3' } } })).toBe(0);
  }, 300_000);
});

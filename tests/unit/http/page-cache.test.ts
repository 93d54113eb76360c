import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PageCache } from '../../../server/http/page-cache';

// The rules of server/http/page-cache.ts on a bare Express app: a page is rendered again when the
// database stamp moves, when it is older than the age limit, for another user or address, and when
// the first render was not a plain 200 page; never otherwise.

const MAX_AGE_MS = 60_000;

function appWith(options: { maxBytes?: number } = {}) {
  let stamp = 1;
  let renders = 0;
  const cache = new PageCache({
    stamp: () => String(stamp),
    maxAgeMs: MAX_AGE_MS,
    maxBytes: options.maxBytes ?? 1_000_000,
  });
  const app = express();
  app.use((req, res, next) => {
    const user = String(req.headers['x-user'] ?? '1');
    req.user = {
      id: Number(user),
      email: `${user}@example.test`,
      role: 'STAFF',
      staffId: null,
      siteId: null,
      displayName: `User ${user}`,
      mustChangePassword: false,
    };
    req.csrfToken = String(req.headers['x-token'] ?? 'token-aaaaaaaaaaaaaaaaaaaa');
    res.locals.flash = req.headers['x-flash'] ? ['message'] : [];
    next();
  });
  app.get('/page', cache.middleware(), (req, res) => {
    renders += 1;
    if (req.query.fail) return res.status(400).send('bad');
    if (req.query.write) stamp += 1;
    res.send(
      `<p>render ${renders} for ${req.user!.displayName}</p><input name="_csrf" value="${req.csrfToken}">` +
        'x'.repeat(Number(req.query.pad ?? 0)),
    );
  });
  return {
    app,
    cache,
    get renders() {
      return renders;
    },
    write() {
      stamp += 1;
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('PageCache', () => {
  it('serves a page again until the database stamp moves', async () => {
    const s = appWith();
    expect((await request(s.app).get('/page')).text).toContain('render 1');
    expect((await request(s.app).get('/page')).text).toContain('render 1');
    s.write();
    expect((await request(s.app).get('/page')).text).toContain('render 2');
    expect(s.renders).toBe(2);
  });

  it('renders again after the age limit, so time-of-day text moves on', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-25T15:00:00Z') });
    const s = appWith();
    await request(s.app).get('/page');
    vi.setSystemTime(new Date(Date.now() + MAX_AGE_MS - 1_000));
    expect((await request(s.app).get('/page')).text).toContain('render 1');
    vi.setSystemTime(new Date(Date.now() + 2_000));
    expect((await request(s.app).get('/page')).text).toContain('render 2');
  });

  it('keeps pages per user and per address with its query', async () => {
    const s = appWith();
    await request(s.app).get('/page');
    const other = await request(s.app).get('/page').set('x-user', '2');
    expect(other.text).toContain('render 2 for User 2');
    expect((await request(s.app).get('/page?pad=1')).text).toContain('render 3');
    expect((await request(s.app).get('/page')).text).toContain('render 1 for User 1');
  });

  it("puts each request's own CSRF token into a kept page", async () => {
    const s = appWith();
    await request(s.app).get('/page').set('x-token', 'first-token-0123456789');
    const second = await request(s.app)
      .get('/page')
      .set('x-token', 'second-token-9876543210')
      .set('Accept-Encoding', 'identity');
    expect(second.text).toContain('render 1');
    expect(second.text).toContain('value="second-token-9876543210"');
    expect(second.text).not.toContain('first-token');
    expect(Number(second.headers['content-length'])).toBe(Buffer.byteLength(second.text));
    expect(second.headers['cache-control']).toBe('no-store');
  });

  it('sends a kept page compressed to clients that accept it (brotli first, as the compression middleware), with their own token in it', async () => {
    const s = appWith();
    await request(s.app).get('/page?pad=5000').set('x-token', 'first-token-0123456789');
    for (const [token, accept, encoding] of [
      ['first-token-0123456789', 'gzip, deflate, br', 'br'],
      ['second-token-9876543210', 'gzip, deflate, br', 'br'],
      ['first-token-0123456789', 'gzip, deflate', 'gzip'],
      ['first-token-0123456789', 'br;q=0.5, gzip', 'gzip'],
    ] as const) {
      const res = await request(s.app)
        .get('/page?pad=5000')
        .set('x-token', token)
        .set('Accept-Encoding', accept);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers.vary).toMatch(/Accept-Encoding/i);
      expect(Number(res.headers['content-length'])).toBeLessThan(1_000);
      expect(res.text).toContain(`value="${token}"`);
      expect(res.text).toContain('render 1');
    }
    const plain = await request(s.app).get('/page?pad=5000').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toContain('render 1');
  });

  it('does not keep failures, pages with a message, or a page whose render wrote', async () => {
    const s = appWith();
    await request(s.app).get('/page?fail=1');
    await request(s.app).get('/page?fail=1');
    expect(s.renders).toBe(2);
    await request(s.app).get('/page').set('x-flash', '1');
    await request(s.app).get('/page?write=1');
    await request(s.app).get('/page?write=1');
    expect(s.renders).toBe(5);
  });

  it('lets concurrent requests for a page being rendered share that render', async () => {
    const s = appWith();
    const pages = await Promise.all(Array.from({ length: 8 }, () => request(s.app).get('/page')));
    expect(pages.every((p) => p.text.includes('render 1'))).toBe(true);
    expect(s.renders).toBe(1);
  });

  it('stays within its memory limit, dropping the oldest pages first', async () => {
    const s = appWith({ maxBytes: 25_000 });
    for (const user of ['1', '2', '3']) await request(s.app).get('/page?pad=10000').set('x-user', user);
    expect(s.cache.size.bytes).toBeLessThanOrEqual(25_000);
    expect(s.cache.size.pages).toBe(2);
    expect((await request(s.app).get('/page?pad=10000').set('x-user', '3')).text).toContain('render 3');
    expect((await request(s.app).get('/page?pad=10000').set('x-user', '1')).text).toContain('render 4');
  });
});

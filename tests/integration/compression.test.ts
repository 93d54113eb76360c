import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../helpers/test-app';

// Every HTML page goes out compressed when the browser accepts it. Kept pages (server/http/page-cache.ts)
// are compressed once and reused; the rest are compressed per response by the `compression`
// middleware. Both must choose the same encoding and never compress twice.

let t: TestApp;
let manager: Agent;

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
});
afterAll(async () => {
  await t.close();
});

describe('compressed HTML', () => {
  it('compresses a page that is not kept (the staff list) when the client accepts gzip', async () => {
    const res = await manager.get('/staff').set('Accept-Encoding', 'gzip');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    // Decoded once, it is the page itself: not compressed twice.
    expect(res.text).toMatch(/^<!DOCTYPE html>/i);
    expect(res.text).toContain('<h1>Staff</h1>');
  });

  it('sends the page as it is to a client that accepts no encoding', async () => {
    const res = await manager.get('/staff').set('Accept-Encoding', 'identity');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.text).toContain('<h1>Staff</h1>');
  });

  it('answers a kept page with the same encoding when it is rendered and when it is reused', async () => {
    for (const accept of ['gzip', 'gzip, deflate, br, zstd']) {
      const first = await manager.get('/boards/vendor-returns').set('Accept-Encoding', accept);
      const again = await manager.get('/boards/vendor-returns').set('Accept-Encoding', accept);
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(again.headers['content-encoding']).toBe(first.headers['content-encoding']);
      expect(first.headers['content-encoding']).toBe(accept === 'gzip' ? 'gzip' : 'br');
      expect(again.text).toBe(first.text);
      expect(again.text).toMatch(/^<!DOCTYPE html>/i);
    }
  });
});

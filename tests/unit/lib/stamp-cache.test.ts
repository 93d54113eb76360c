import { afterEach, describe, expect, it, vi } from 'vitest';
import { StampCache } from '../../../server/lib/stamp-cache';

// The one cache under the four kept things (pages, sessions, schedule views, calendar feeds):
// a value is served again only at the stamp it was loaded under, within its budget and age.

interface Value {
  text: string;
  bytes: number;
}

function setUp(options: { maxBytes?: number; maxEntries?: number; maxAgeMs?: number } = {}) {
  let stamp = 1;
  let loads = 0;
  const cache = new StampCache<Value>({
    stamp: async () => String(stamp),
    ...options,
    ...(options.maxBytes === undefined ? {} : { bytesOf: (value: Value) => value.bytes }),
  });
  const load =
    (text: string, bytes = 10, during?: () => void) =>
    async (): Promise<Value> => {
      const number = (loads += 1);
      await new Promise((resolve) => setTimeout(resolve, 5));
      during?.();
      return { text: `${text} #${number}`, bytes };
    };
  return {
    cache,
    load,
    get loads() {
      return loads;
    },
    commit() {
      stamp += 1;
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('StampCache', () => {
  it('serves a kept value until the stamp moves, then loads it again', async () => {
    const s = setUp();
    const first = await s.cache.fetch('a', s.load('page'));
    expect(first).toEqual({ value: { text: 'page #1', bytes: 10 }, hit: false });
    expect(await s.cache.fetch('a', s.load('page'))).toEqual({ value: first.value, hit: true });
    s.commit();
    expect(await s.cache.fetch('a', s.load('page'))).toEqual({
      value: { text: 'page #2', bytes: 10 },
      hit: false,
    });
    expect(s.loads).toBe(2);
  });

  it('does not keep a value when the stamp moved while it was loaded', async () => {
    const s = setUp();
    const during = await s.cache.fetch(
      'a',
      s.load('page', 10, () => s.commit()),
    );
    expect(during.value?.text).toBe('page #1');
    expect((await s.cache.fetch('a', s.load('page'))).hit).toBe(false);
    expect((await s.cache.fetch('a', s.load('page'))).hit).toBe(true);
    expect(s.loads).toBe(2);
  });

  it('loads once for concurrent requests at the same stamp, and they all get that value', async () => {
    const s = setUp();
    const results = await Promise.all([1, 2, 3].map(() => s.cache.fetch('a', s.load('page'))));
    expect(s.loads).toBe(1);
    expect(results.map((r) => r.value?.text)).toEqual(['page #1', 'page #1', 'page #1']);
    expect(results.map((r) => r.hit)).toEqual([false, true, true]);
  });

  it('lets a request at a newer stamp load its own value instead of waiting for an older load', async () => {
    const s = setUp();
    const older = s.cache.fetch('a', s.load('page'));
    await Promise.resolve();
    s.commit();
    const newer = await s.cache.fetch('a', s.load('page'));
    expect(newer.hit).toBe(false);
    expect((await older).value?.text).toBe('page #1');
    expect(newer.value?.text).toBe('page #2');
    expect(s.loads).toBe(2);
  });

  it('makes each waiter load its own when the shared load keeps nothing', async () => {
    const s = setUp();
    let loads = 0;
    const nothing = async () => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return undefined;
    };
    const results = await Promise.all([s.cache.fetch('a', nothing), s.cache.fetch('a', nothing)]);
    expect(results).toEqual([
      { value: undefined, hit: false },
      { value: undefined, hit: false },
    ]);
    expect(loads).toBe(2);
  });

  it('keeps within the byte budget by dropping the least recently used, and never a value larger than all of it', async () => {
    const s = setUp({ maxBytes: 100 });
    await s.cache.fetch('a', s.load('a', 40));
    await s.cache.fetch('b', s.load('b', 40));
    expect((await s.cache.fetch('a', s.load('a', 40))).hit).toBe(true);
    await s.cache.fetch('c', s.load('c', 40));
    expect(s.cache.size).toEqual({ entries: 2, bytes: 80 });
    expect((await s.cache.fetch('a', s.load('a', 40))).hit).toBe(true);
    expect((await s.cache.fetch('b', s.load('b', 40))).hit).toBe(false);

    const huge = await s.cache.fetch('d', s.load('d', 101));
    expect(huge.value?.text).toMatch(/^d /);
    expect((await s.cache.fetch('d', s.load('d', 101))).hit).toBe(false);
  });

  it('counts a kept value again after it grew', async () => {
    const s = setUp({ maxBytes: 100 });
    const a = (await s.cache.fetch('a', s.load('a', 40))).value!;
    await s.cache.fetch('b', s.load('b', 40));
    a.bytes = 70;
    s.cache.resize('a', a);
    expect(s.cache.size).toEqual({ entries: 1, bytes: 70 });
    expect((await s.cache.fetch('a', s.load('a', 40))).hit).toBe(true);
  });

  it('keeps at most maxEntries values', async () => {
    const s = setUp({ maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) await s.cache.fetch(key, s.load(key));
    expect(s.cache.size.entries).toBe(2);
    expect((await s.cache.fetch('a', s.load('a'))).hit).toBe(false);
  });

  it('loads again a value older than maxAgeMs, or one its caller finds stale', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const s = setUp({ maxAgeMs: 60_000 });
    await s.cache.fetch('a', s.load('page'));
    vi.setSystemTime(Date.now() + 59_000);
    expect((await s.cache.fetch('a', s.load('page'))).hit).toBe(true);
    vi.setSystemTime(Date.now() + 2_000);
    expect((await s.cache.fetch('a', s.load('page'))).hit).toBe(false);
    expect((await s.cache.fetch('a', s.load('page'), () => false)).hit).toBe(false);
    expect(s.loads).toBe(3);
  });

  it('passes a failed load to its caller and keeps nothing', async () => {
    const s = setUp();
    await expect(
      s.cache.fetch('a', async () => {
        throw new Error('gone');
      }),
    ).rejects.toThrow('gone');
    expect((await s.cache.fetch('a', s.load('page'))).hit).toBe(false);
  });
});

import { LRUCache } from 'lru-cache';

/**
 * Values kept in memory under a stamp of the database (server/db/client.ts `dataStamp` or
 * `databaseStamp`): a kept value is served again only while the stamp read now is the one read
 * before it was loaded, so it is never older than the last commit the stamp watches, whichever
 * process or instance made it. The stamp is read again after a load: a commit during the load
 * leaves the value unkept. Concurrent requests for a key being loaded at the same stamp wait for that
 * one load and share its value (a load whose value is not kept makes each waiter load its own).
 * The least recently used entries go first when the cache holds `maxEntries`, or `maxBytes` as
 * `bytesOf` counts them; an entry older than `maxAgeMs` is loaded again.
 */
export class StampCache<V extends object> {
  private readonly kept: LRUCache<string, Entry<V>>;
  private readonly loading = new Map<string, Loading<V>>();

  constructor(private readonly options: StampCacheOptions<V>) {
    const { maxEntries, maxBytes, bytesOf } = options;
    this.kept = new LRUCache<string, Entry<V>>(
      maxBytes !== undefined && bytesOf
        ? { maxSize: maxBytes, sizeCalculation: (entry) => Math.max(1, bytesOf(entry.value)) }
        : { max: maxEntries ?? 1000 },
    );
  }

  /**
   * The value kept for `key` at the current stamp (`hit`), or the one being loaded at it, or what
   * `load` gives now (`undefined`: nothing to keep). `fresh` can refuse a kept value for other
   * reasons than the data (the clock, an expiry). `readStamp` replaces the cache's stamp for a key
   * whose value depends on less than all the data (server/db/client.ts `scopedDataStamp`); a key
   * must be fetched with the same kind of stamp every time.
   */
  async fetch(
    key: string,
    load: () => Promise<V | undefined>,
    fresh?: (value: V) => boolean,
    readStamp: (() => string | Promise<string>) | undefined = this.options.stamp,
  ): Promise<Fetched<V>> {
    if (!readStamp) throw new Error(`No stamp to keep ${key} under`);
    const stamp = await readStamp();
    const usable = (value: V | undefined) => value !== undefined && (!fresh || fresh(value));
    const entry = this.kept.get(key);
    if (entry && entry.stamp === stamp && this.young(entry) && usable(entry.value)) {
      return { value: entry.value, hit: true };
    }
    const inFlight = this.loading.get(key);
    if (inFlight && inFlight.stamp === stamp) {
      const shared = await inFlight.done;
      if (usable(shared)) return { value: shared, hit: true };
    }
    return { value: await this.load(key, stamp, load, readStamp), hit: false };
  }

  /** Counts a kept value's size again after it grew or shrank (a page's compressed copies). */
  resize(key: string, value: V): void {
    const entry = this.kept.peek(key);
    // A new entry object: lru-cache recounts the size only when the stored object changes.
    if (entry?.value === value) this.kept.set(key, { ...entry });
  }

  /** Number of kept values and their size as `bytesOf` counts them (for tests and diagnostics). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.kept.size, bytes: this.kept.calculatedSize };
  }

  private young(entry: Entry<V>): boolean {
    return this.options.maxAgeMs === undefined || Date.now() - entry.at < this.options.maxAgeMs;
  }

  private async load(
    key: string,
    stamp: string,
    load: () => Promise<V | undefined>,
    readStamp: () => string | Promise<string>,
  ): Promise<V | undefined> {
    let settle!: (value: V | undefined) => void;
    const loading: Loading<V> = { stamp, done: new Promise((resolve) => (settle = resolve)) };
    this.loading.set(key, loading);
    let kept: V | undefined;
    try {
      const value = await load();
      // A stamp that cannot be read keeps nothing; the next request's read reports the error.
      if (value !== undefined && (await stampOrNull(readStamp)) === stamp) {
        this.kept.set(key, { stamp, at: Date.now(), value });
        kept = value;
      }
      return value;
    } finally {
      if (this.loading.get(key) === loading) this.loading.delete(key);
      settle(kept);
    }
  }
}

async function stampOrNull(readStamp: () => string | Promise<string>): Promise<string | null> {
  try {
    return await readStamp();
  } catch {
    return null;
  }
}

export interface StampCacheOptions<V> {
  /**
   * Reads the stamp: it must change with every commit that can change a kept value. Without it,
   * every fetch gives its own.
   */
  stamp?: () => string | Promise<string>;
  /** Entries kept at most (when there is no byte budget); 1000 unless given. */
  maxEntries?: number;
  /** Memory for kept values, counted by `bytesOf`; a value larger than all of it is not kept. */
  maxBytes?: number;
  bytesOf?: (value: V) => number;
  /** A kept value is served for at most this long. */
  maxAgeMs?: number;
}

export interface Fetched<V> {
  value: V | undefined;
  /** Served from memory (kept, or loaded by a concurrent request), not loaded by this call. */
  hit: boolean;
}

interface Entry<V> {
  stamp: string;
  at: number;
  value: V;
}

interface Loading<V> {
  stamp: string;
  /** The loaded value if it was kept, otherwise undefined. */
  done: Promise<V | undefined>;
}

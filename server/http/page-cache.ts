import { createHash, randomBytes } from 'node:crypto';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { StampCache } from '../lib/stamp-cache';

/**
 * Rendered pages kept per user and address until data they can show is committed to the database.
 *
 * The busiest pages (the schedule grid, the boards, a staff member's shifts) are read far more often
 * than anything they show changes, and rendering them is most of a request's cost. A route marked
 * `cache: true` has its 200 HTML response kept here together with the data stamp of its user read
 * before its handler ran (server/db/client.ts `scopedDataStamp`: it changes with every commit of
 * data by anyone, except another site's schedules outside the user's scope; a session's idle
 * refresh is not data). It is served again only while the stamp is unchanged, so it can never be
 * older than the last write it could show; a handler that writes while rendering changes the stamp
 * itself and is never kept.
 *
 * What else a page may depend on is part of the rule: the user (the key), the address with its query
 * (the key), the session's CSRF token (the only per-session text in a page: it is cut out when kept
 * and put back for each request), messages shown once (a page with any is not kept) and the clock
 * (an entry lives at most `maxAgeMs`, so "today" and "on shift now" move on within a minute).
 * Concurrent requests for a page being rendered at the same stamp wait for that one render
 * (server/lib/stamp-cache.ts keeps the pages; the least recently used go first beyond `maxBytes`).
 */
export class PageCache {
  private readonly pages: StampCache<CachedPage>;
  private readonly stamp: (req: Request, res: Response) => string | Promise<string>;
  private sequence = 0;

  /** ETags must never repeat for different content, also across restarts. */
  private readonly boot = randomBytes(6).toString('base64url');

  constructor(options: PageCacheOptions) {
    this.stamp = options.stamp;
    this.pages = new StampCache<CachedPage>({
      maxAgeMs: options.maxAgeMs,
      maxBytes: options.maxBytes,
      bytesOf: (page) => page.bytes,
    });
  }

  /** Route middleware: serves a kept page, or lets the handler render and keeps its response. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      this.handle(req, res, next).catch(next);
    };
  }

  /** Number of kept pages and their size (for tests and diagnostics). */
  get size(): { pages: number; bytes: number } {
    return { pages: this.pages.size.entries, bytes: this.pages.size.bytes };
  }

  private async handle(req: Request, res: Response, next: NextFunction): Promise<void> {
    if (req.method !== 'GET' || !req.user) return next();
    // A message waiting to be shown once lives in the session, which the data stamp does not watch:
    // render the page with it (such a page is never kept).
    const flash = res.locals.flash as unknown[] | undefined;
    if (flash && flash.length > 0) return next();
    const key = `${req.user.id}\u0000${req.originalUrl}`;
    const { value: page, hit } = await this.pages.fetch(
      key,
      () => this.render(req, res, next, key),
      undefined,
      () => this.stamp(req, res),
    );
    if (hit && page) {
      res.setHeader(CACHE_HEADER, 'hit');
      this.serve(req, res, page);
    }
  }

  /** Lets the route render; what it sends is kept if nothing was committed meanwhile. */
  private render(
    req: Request,
    res: Response,
    next: NextFunction,
    key: string,
  ): Promise<CachedPage | undefined> {
    res.setHeader(CACHE_HEADER, 'miss');
    return new Promise((resolve) => {
      res.once('close', () => resolve(undefined));
      const headersBefore = new Set(res.getHeaderNames());
      const send = res.send.bind(res);
      res.send = (body?: unknown) => {
        const page = this.keepable(key, req, res, body, headersBefore);
        if (page) {
          for (const [name, value] of page.headers) res.setHeader(name, value);
          // The same tag as later answers from the cache, so a browser's revalidation matches.
          res.setHeader('ETag', this.etag(page, req));
          res.vary('Accept-Encoding');
        }
        resolve(page ?? undefined);
        return send(body);
      };
      next();
    });
  }

  private keepable(
    key: string,
    req: Request,
    res: Response,
    body: unknown,
    headersBefore: Set<string>,
  ): CachedPage | null {
    if (typeof body !== 'string' || res.statusCode !== 200) return null;
    if (res.getHeader('set-cookie') !== undefined) return null;
    const flash = res.locals.flash as unknown[] | undefined;
    if (flash && flash.length > 0) return null;
    const headers: [string, string][] = [];
    for (const name of res.getHeaderNames()) {
      if (headersBefore.has(name) || name === 'content-length' || name === 'etag') continue;
      headers.push([name, String(res.getHeader(name))]);
    }
    if (!headers.some(([name]) => name === 'content-type')) {
      headers.push(['content-type', 'text/html; charset=utf-8']);
    }
    // A signed-in page: nothing may store it, neither the browser of a shared workstation nor a
    // proxy. The ETag still answers a client that revalidates anyway with 304.
    if (!headers.some(([name]) => name === 'cache-control')) {
      headers.push(['cache-control', 'no-store']);
    }
    const token = req.csrfToken;
    const parts = (token ? body.split(token) : [body]).map((part) => Buffer.from(part));
    this.sequence += 1;
    return {
      key,
      tag: `${this.boot}.${this.sequence}`,
      headers,
      parts,
      compressed: new Map(),
      bytes: parts.reduce((sum, part) => sum + part.length, 0),
    };
  }

  /** The same kept page differs per session only by the token: the tag names both. */
  private etag(page: CachedPage, req: Request): string {
    const session = createHash('sha256')
      .update(req.csrfToken ?? '')
      .digest('base64url')
      .slice(0, 10);
    return `W/"${page.tag}.${session}"`;
  }

  private serve(req: Request, res: Response, page: CachedPage): void {
    const token = req.csrfToken ?? '';
    for (const [name, value] of page.headers) res.setHeader(name, value);
    res.setHeader('ETag', this.etag(page, req));
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.vary('Accept-Encoding');
    const encoding = encodingFor(req);
    let body: Buffer;
    if (encoding) {
      body = this.compressed(page, token, encoding);
      res.setHeader('Content-Encoding', encoding);
    } else {
      body = assemble(page, token);
    }
    res.setHeader('Content-Length', body.length);
    res.status(200).end(body);
  }

  /**
   * Browsers ask for compression; a kept page compresses about 15–20× (its forms repeat), and is
   * compressed once per session and encoding that reads it rather than on every request.
   */
  private compressed(page: CachedPage, token: string, encoding: Encoding): Buffer {
    const key = `${encoding}\u0000${token}`;
    let zipped = page.compressed.get(key);
    if (!zipped) {
      zipped = COMPRESS[encoding](assemble(page, token));
      if (page.compressed.size >= COMPRESSED_PER_PAGE) {
        const [oldest, buffer] = page.compressed.entries().next().value!;
        page.compressed.delete(oldest);
        this.resize(page, -buffer.length);
      }
      page.compressed.set(key, zipped);
      this.resize(page, zipped.length);
    }
    return zipped;
  }

  /** Accounts for memory added to (or taken from) a page that may or may not still be kept. */
  private resize(page: CachedPage, delta: number): void {
    page.bytes += delta;
    this.pages.resize(page.key, page);
  }
}

export interface PageCacheOptions {
  /**
   * Changes with every commit of data the signed-in user's pages can show (server/db/client.ts
   * `scopedDataStamp`; `dataStamp` for a user who reads every site).
   */
  stamp: (req: Request, res: Response) => string | Promise<string>;
  /** An entry is served for at most this long, so time-of-day text moves on. */
  maxAgeMs: number;
  /** Memory for kept pages; the oldest go first. */
  maxBytes: number;
}

interface CachedPage {
  key: string;
  /** Unique per kept render, for the ETag. */
  tag: string;
  /** Headers the route set (content type, cache control), without length and ETag. */
  headers: [string, string][];
  /** The page cut at each occurrence of the CSRF token it was rendered with. */
  parts: Buffer[];
  /** The whole page compressed, by encoding and the CSRF token put into it (a few sessions at most). */
  compressed: Map<string, Buffer>;
  bytes: number;
}

const COMPRESSED_PER_PAGE = 4;

/** Says whether a cacheable page came from the cache (`hit`) or was rendered (`miss`): the load bench counts them. */
const CACHE_HEADER = 'X-Page-Cache';

type Encoding = 'br' | 'gzip';

/**
 * The encoding the `compression` middleware chooses for this request, so a page reads the same
 * whether it was rendered or kept: the highest quality the client gives br or gzip, brotli on a tie
 * (Express's own negotiation would follow the client's order instead).
 */
function encodingFor(req: Request): Encoding | null {
  const quality = new Map<string, number>();
  for (const part of (req.get('accept-encoding') ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    quality.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const of = (encoding: string) => quality.get(encoding) ?? quality.get('*') ?? 0;
  if (of('br') > 0 && of('br') >= of('gzip')) return 'br';
  return of('gzip') > 0 ? 'gzip' : null;
}

const COMPRESS: Record<Encoding, (data: Buffer) => Buffer> = {
  br: (data) => brotliCompressSync(data, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } }),
  gzip: (data) => gzipSync(data),
};

/** The page with this session's token put back. */
function assemble(page: CachedPage, token: string): Buffer {
  if (page.parts.length === 1) return page.parts[0]!;
  const filling = Buffer.from(token);
  return Buffer.concat(page.parts.flatMap((part, i) => (i === 0 ? [part] : [filling, part])));
}

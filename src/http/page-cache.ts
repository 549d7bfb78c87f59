import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import Negotiator from 'negotiator';
import { EVERY_PAGE } from '../domain/page-keys.ts';
import { readChangesSince, readLatestChangeId } from '../services/changes.ts';
import type { ChangeSignal, Database } from '../storage/db.ts';
import type { Logger } from '../logger.ts';
import type { AppEnv } from './app-env.ts';
import { COMMENTER_COOKIE } from './commenter-cookie.ts';

/**
 * Brotli quality for cached pages: 5 compresses an article to within a few percent of 11 in
 * a fraction of the time, and it is paid once per cached page, not per request.
 */
const BROTLI_QUALITY = 5;

type Encoding = 'br' | 'gzip' | 'identity';

/**
 * Headers a route sets that are part of what it answers, kept with the page: the REST API's
 * address on HTML pages (Link), a REST collection's totals and its next and previous pages.
 */
const KEPT_HEADERS = ['Link', 'X-WP-Total', 'X-WP-TotalPages'];

/**
 * The REST API's answers differ by query string (?page=2, ?slug=x) and carry nothing of the
 * reader, so they are kept under the path and query together; every other path with a query
 * string goes uncached (see the middleware).
 */
const QUERY_KEYED = '/wp-json/';

function pathAndQueryOf(url: string): string {
  const { pathname, search } = new URL(url);
  return pathname + search;
}

/** Where a request's page is kept: its raw path, and its query too under QUERY_KEYED; undefined when it is not cached. */
function cacheKeyOf(pathAndQuery: string): string | undefined {
  if (!pathAndQuery.includes('?')) return pathAndQuery;
  return pathAndQuery.startsWith(QUERY_KEYED) ? pathAndQuery : undefined;
}

/** One encoding of a cached page, made on first request and reused, headers included. */
interface Variant {
  body: Buffer;
  etag: string;
  /** Response headers as node:http takes them fastest: [name, value, name, value, …]. */
  headers: readonly string[];
  /** The headers of a 304: the validators and caching headers, not the body's encoding or length. */
  notModifiedHeaders: readonly string[];
  /**
   * The headers of a hit (200, then 304), ending in the request id's value, which each hit writes
   * in before node:http copies them out in writeHead: no array is built per request.
   */
  hit: [string[], string[]];
}

interface CachedPage {
  path: string;
  keys: readonly string[];
  contentType: string;
  identity: Buffer;
  /** Quoted strong validator of the identity bytes; encoded forms add a suffix. */
  etag: string;
  /** The route's Last-Modified header (feeds set one), kept and answered for If-Modified-Since. */
  lastModified: string | undefined;
  /** The route's own headers among KEPT_HEADERS, as [name, value, …], sent with every hit. */
  routeHeaders: readonly string[];
  variants: Partial<Record<Encoding, Variant>>;
  bytes: number;
}

/**
 * Distinct Accept-Encoding headers whose choice is remembered: browsers send a handful between
 * them, and a client sending a new one each time only pushes the oldest out.
 */
const ENCODING_CHOICES_KEPT = 64;
const encodingChoices = new Map<string, Encoding>();
const COMPRESSED_FIRST: Encoding[] = ['br', 'gzip', 'identity'];
const GZIP_FIRST: Encoding[] = ['gzip', 'identity'];

/**
 * The encoding the client ranks highest (RFC 9110 §12.5.3, q-values included), brotli before gzip
 * when it ranks them equal. Brotli only when named: `*` is sent by old or unusual clients, and gzip
 * is what every one of them decodes. Identity when nothing offered is acceptable, as browsers expect.
 */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  const known = encodingChoices.get(acceptEncoding);
  if (known) return known;
  const negotiator = new Negotiator({ headers: { 'accept-encoding': acceptEncoding } });
  const namesBrotli = negotiator.encodings().some((name) => name.toLowerCase() === 'br');
  const offered = namesBrotli ? COMPRESSED_FIRST : GZIP_FIRST;
  const chosen = (negotiator.encoding(offered, { preferred: offered }) as Encoding | undefined) ?? 'identity';
  if (encodingChoices.size >= ENCODING_CHOICES_KEPT) encodingChoices.delete(encodingChoices.keys().next().value!);
  encodingChoices.set(acceptEncoding, chosen);
  return chosen;
}

function etagMatches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** The request's conditions for a 304 on a GET or HEAD. */
export interface Conditions {
  ifNoneMatch: string | undefined;
  ifModifiedSince: string | undefined;
}

/**
 * Whether the client's copy is current (RFC 9110 §13.2.2): If-None-Match decides when sent,
 * and If-Modified-Since is read only without it. HTTP dates have whole seconds, as does a
 * Last-Modified header, so comparing the two parsed dates is exact; an unparsable date is ignored.
 */
export function isNotModified(conditions: Conditions, etag: string, lastModified: string | undefined): boolean {
  if (conditions.ifNoneMatch !== undefined) return etagMatches(conditions.ifNoneMatch, etag);
  if (conditions.ifModifiedSince === undefined || lastModified === undefined) return false;
  const since = Date.parse(conditions.ifModifiedSince);
  const modified = Date.parse(lastModified);
  return Number.isFinite(since) && Number.isFinite(modified) && modified <= since;
}

export interface PageCacheOptions {
  database: Database;
  signal: ChangeSignal;
  /** Most bytes of pages (all encodings) kept; the least recently served go first. */
  maxBytes: number;
  logger: Logger;
  /** Sent with every cached page, as the app sends them with the rest (http/security-headers.ts). */
  headers?: ReadonlyArray<readonly [string, string]>;
}

export interface PageCache {
  /** Hono middleware: serves hits, and keeps the pages routes mark with their keys. */
  middleware: MiddlewareHandler<AppEnv>;
  /**
   * The same hits straight from node:http, before any request object is built: true when it
   * answered. It answers only when it can do so without waiting (the change signal has not
   * moved); otherwise the request goes through the app, whose middleware catches up first.
   */
  serveFromMemory(req: IncomingMessage, res: ServerResponse): boolean;
}

/**
 * The whole-page cache. Anonymous GET pages without a query string are kept whole (with their
 * gzip and brotli forms) once a route has named the keys of what the page shows. Before every
 * lookup the cache checks the database's change signal and, when it moved, reads the change
 * log and drops exactly the pages whose keys a change names, whichever process or node made
 * it. A page rendered while a drop happened is not kept, so no page older than a change it
 * shows is ever stored.
 */
export function createPageCache(options: PageCacheOptions): PageCache {
  const { database, signal, maxBytes, logger } = options;
  const extraHeaders = (options.headers ?? []).flat();
  const pages = new Map<string, CachedPage>();
  const pathsByKey = new Map<string, Set<string>>();
  let totalBytes = 0;
  let generation = 0;
  let seenVersion: number | undefined;
  let lastChangeId = 0;
  let catchingUp: Promise<void> | undefined;
  /** Pages being rendered, by path: what each render kept, if anything, once it is done. */
  const rendering = new Map<string, Promise<CachedPage | undefined>>();

  const remove = (path: string) => {
    const page = pages.get(path);
    if (!page) return;
    pages.delete(path);
    totalBytes -= page.bytes;
    for (const key of page.keys) pathsByKey.get(key)?.delete(path);
  };

  const drop = (keys: readonly string[]) => {
    generation += 1;
    if (keys.includes(EVERY_PAGE)) {
      pages.clear();
      pathsByKey.clear();
      totalBytes = 0;
      return;
    }
    for (const key of keys) for (const path of [...(pathsByKey.get(key) ?? [])]) remove(path);
  };

  const keep = (page: CachedPage) => {
    if (page.bytes > maxBytes) return;
    remove(page.path);
    pages.set(page.path, page);
    totalBytes += page.bytes;
    for (const key of page.keys) {
      let paths = pathsByKey.get(key);
      if (!paths) pathsByKey.set(key, (paths = new Set()));
      paths.add(page.path);
    }
    for (const oldest of pages.keys()) {
      if (totalBytes <= maxBytes) break;
      remove(oldest);
    }
  };

  const catchUp = (): Promise<void> | undefined => {
    const version = signal.version();
    if (version === seenVersion) return catchingUp;
    if (!catchingUp) {
      const first = seenVersion === undefined;
      // Recorded before reading: a change committed during the read moves the version again.
      seenVersion = version;
      catchingUp = (async () => {
        if (first) {
          lastChangeId = await readLatestChangeId(database.db);
          return;
        }
        const changes = await readChangesSince(database.db, lastChangeId);
        for (const change of changes) drop(change.keys);
        if (changes.length > 0) lastChangeId = changes[changes.length - 1]!.id;
      })().finally(() => {
        catchingUp = undefined;
      });
    }
    return catchingUp;
  };

  const variantOf = (page: CachedPage, encoding: Encoding): Variant => {
    const made = page.variants[encoding];
    if (made) return made;
    const body =
      encoding === 'br'
        ? brotliCompressSync(page.identity, { params: { [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } })
        : encoding === 'gzip'
          ? gzipSync(page.identity)
          : page.identity;
    const etag = encoding === 'identity' ? page.etag : `${page.etag.slice(0, -1)}-${encoding === 'br' ? 'br' : 'gz'}"`;
    const headers = [
      'Content-Type',
      page.contentType,
      // Shared caches may store pages but must ask again each time; the ETag makes that a 304.
      'Cache-Control',
      'no-cache',
      'Vary',
      'Accept-Encoding',
      'ETag',
      etag,
      'Surrogate-Key',
      page.keys.join(' '),
    ];
    if (page.lastModified !== undefined) headers.push('Last-Modified', page.lastModified);
    headers.push(...page.routeHeaders);
    headers.push(...extraHeaders);
    const notModifiedHeaders = headers.slice();
    if (encoding !== 'identity') headers.push('Content-Encoding', encoding);
    headers.push('Content-Length', String(body.length));
    const hitOf = (list: readonly string[]) => list.concat('X-Cache', 'HIT', 'X-Request-Id', '');
    const variant = { body, etag, headers, notModifiedHeaders, hit: [hitOf(headers), hitOf(notModifiedHeaders)] as [string[], string[]] };
    page.variants[encoding] = variant;
    return variant;
  };

  /** The status, headers and bytes of a cached page for one request's validators and encodings. */
  const answer = (page: CachedPage, state: 'HIT' | 'MISS', requestId: string, acceptEncoding: string | undefined, conditions: Conditions) => {
    const variant = variantOf(page, chooseEncoding(acceptEncoding));
    if (isNotModified(conditions, variant.etag, page.lastModified)) {
      const headers = variant.notModifiedHeaders.concat('X-Cache', state, 'X-Request-Id', requestId);
      return { status: 304, headers, body: undefined };
    }
    return { status: 200, headers: variant.headers.concat('X-Cache', state, 'X-Request-Id', requestId), body: variant.body };
  };

  const respond = (c: Context<AppEnv>, page: CachedPage, state: 'HIT' | 'MISS'): Response => {
    const a = answer(page, state, c.get('requestId'), c.req.header('accept-encoding'), {
      ifNoneMatch: c.req.header('if-none-match'),
      ifModifiedSince: c.req.header('if-modified-since'),
    });
    const body = a.body && c.req.method !== 'HEAD' ? (a.body as Uint8Array<ArrayBuffer>) : null;
    const headers = new Headers();
    for (let i = 0; i < a.headers.length; i += 2) headers.set(a.headers[i]!, a.headers[i + 1]!);
    return new Response(body, { status: a.status, headers });
  };

  const serveFromMemory = (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = cacheKeyOf(req.url ?? '');
    if ((req.method !== 'GET' && req.method !== 'HEAD') || url === undefined || !signal.reliable()) return false;
    if (req.headers.cookie?.includes(`${COMMENTER_COOKIE}=`)) return false;
    // Credentials (a REST client's application password) are checked, and answered for, by the app.
    if (req.headers.authorization !== undefined) return false;
    if (catchingUp || seenVersion === undefined || signal.version() !== seenVersion) return false;
    const page = pages.get(url);
    if (!page) return false;
    const started = performance.now();
    pages.delete(url);
    pages.set(url, page);
    const requestId = randomUUID();
    const variant = variantOf(page, chooseEncoding(req.headers['accept-encoding']));
    const conditions = { ifNoneMatch: req.headers['if-none-match'], ifModifiedSince: req.headers['if-modified-since'] };
    const status = isNotModified(conditions, variant.etag, page.lastModified) ? 304 : 200;
    const headers = variant.hit[status === 200 ? 0 : 1];
    headers[headers.length - 1] = requestId;
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' || status === 304 ? undefined : variant.body);
    if (logger.enabled('info')) {
      logger.request({
        requestId,
        method: req.method ?? 'GET',
        path: url,
        status,
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      });
    }
    return true;
  };

  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const method = c.req.method;
    // Query strings carry per-reader state (?comment=held, ?replytocom=) or are unknown: never
    // shared, but for the REST API's (cacheKeyOf).
    const key = c.req.url.includes('?') ? cacheKeyOf(pathAndQueryOf(c.req.url)) : c.req.path;
    if ((method !== 'GET' && method !== 'HEAD') || key === undefined) return next();
    // A remembered commenter's pages carry their name and email: rendered for them alone.
    if (c.req.header('cookie')?.includes(`${COMMENTER_COOKIE}=`)) return next();
    // What a REST client signed in with an application password reads is its own, and its credentials are checked every time.
    if (c.req.header('authorization') !== undefined) return next();
    if (!signal.reliable()) {
      await next();
      c.header('X-Cache', 'BYPASS');
      return;
    }
    await catchUp();
    const path = key;
    const hit = pages.get(path);
    if (hit) {
      pages.delete(path);
      pages.set(path, hit);
      c.res = respond(c, hit, 'HIT');
      return;
    }
    // A reader who asks for a page while it is being rendered waits for that render instead of
    // starting another: when an edit drops a busy article, its readers cost one render, not one
    // each. If that render was not kept (another change came, an error, a page for one reader)
    // or has been dropped since, the reader's own render follows.
    const inFlight = rendering.get(path);
    if (inFlight) {
      const rendered = await inFlight;
      if (rendered && pages.get(path) === rendered) {
        c.res = respond(c, rendered, 'HIT');
        return;
      }
      await next();
      return;
    }
    let kept: CachedPage | undefined;
    let settle: (page: CachedPage | undefined) => void = () => {};
    rendering.set(path, new Promise((resolve) => (settle = resolve)));
    try {
      kept = await renderAndKeep(c, next, path);
    } finally {
      rendering.delete(path);
      settle(kept);
    }
  };

  /** Renders a page through the app and keeps it when it may be shared; the page if kept. */
  const renderAndKeep = async (c: Context<AppEnv>, next: () => Promise<void>, path: string): Promise<CachedPage | undefined> => {
    const renderedIn = generation;
    await next();
    const keys = c.get('pageKeys');
    if (!keys || c.res.status !== 200 || c.res.headers.has('Cache-Control')) return undefined;
    const identity = Buffer.from(await c.res.arrayBuffer());
    const page: CachedPage = {
      path,
      keys,
      contentType: c.res.headers.get('Content-Type') ?? 'text/html; charset=UTF-8',
      identity,
      etag: `"${createHash('sha1').update(identity).digest('base64url')}"`,
      lastModified: c.res.headers.get('Last-Modified') ?? undefined,
      routeHeaders: KEPT_HEADERS.flatMap((name) => {
        const value = c.res.headers.get(name);
        return value === null ? [] : [name, value];
      }),
      variants: {},
      // The identity bytes plus, at most, a gzip and a brotli form that are each smaller.
      bytes: identity.length * 2,
    };
    const shared = generation === renderedIn && !c.get('pageUnshared');
    if (shared) keep(page);
    c.res = respond(c, page, 'MISS');
    return shared && pages.get(path) === page ? page : undefined;
  };

  return { middleware, serveFromMemory };
}

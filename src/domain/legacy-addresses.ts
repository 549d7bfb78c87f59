/**
 * Addresses of a WordPress site that moved to Wirepress: how an old request is turned into the
 * key it is stored under (one exact lookup), the feed addresses WordPress had, and the
 * permalink structures an operator may name. Redirects only ever lead to a path of this site.
 */

export type LegacyTargetKind = 'post' | 'category' | 'tag' | 'author' | 'page' | 'media';

/** The query parameters that named a post, a term or an author on a WordPress site, in the order they are tried. */
export const LEGACY_QUERY_PARAMETERS = ['p', 'page_id', 'attachment_id', 'cat', 'tag', 'author'] as const;

export type FeedKind = 'rss' | 'atom' | 'comments';

/** What an old request asks for: a stored address to look up (perhaps its feed), or a fixed new address. */
export type LegacyRequest = { kind: 'lookup'; address: string; feed: FeedKind | null } | { kind: 'fixed'; location: string } | { kind: 'none' };

/** Longest address looked up: anything longer was never a WordPress address worth a query. */
const MAX_ADDRESS_LENGTH = 2_000;

function feedKindOf(name: string | undefined | null): FeedKind | null {
  if (name === undefined || name === null) return null;
  const n = name.toLowerCase();
  if (n === '' || n === 'rss2' || n === 'rss' || n === 'rdf' || n === 'rss092' || n === 'feed') return 'rss';
  if (n === 'atom') return 'atom';
  if (n === 'comments-rss2' || n === 'comments-atom') return 'comments';
  return null;
}

const SITE_FEEDS: Record<FeedKind, string> = { rss: '/feed/', atom: '/feed/atom/', comments: '/comments/feed/' };

/** Old files that served feeds before pretty permalinks. */
const FEED_FILES: Record<string, string> = {
  '/wp-rss2.php': '/feed/',
  '/wp-rss.php': '/feed/',
  '/wp-rdf.php': '/feed/',
  '/wp-atom.php': '/feed/atom/',
  '/wp-commentsrss2.php': '/comments/feed/',
};

/**
 * A path as addresses are kept: percent-escapes decoded, composed (NFC), without the trailing
 * slash ("/archives/123", "/2019/03/привет"); the root is "/". Undefined when it cannot be one.
 */
export function normalizeLegacyPath(path: string): string | undefined {
  if (path.length > MAX_ADDRESS_LENGTH || !path.startsWith('/')) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: an address with control characters is never looked up
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return undefined;
  const trimmed = decoded.normalize('NFC').replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** The key of a query address: "?p=123". */
export function legacyQueryAddress(name: (typeof LEGACY_QUERY_PARAMETERS)[number], value: string): string {
  return `?${name}=${value.trim().normalize('NFC')}`;
}

/** The path of an old link ("https://old.example/2019/03/hello/" → "/2019/03/hello"), or its query key ("…/?p=12" → "?p=12"). */
export function legacyAddressOfLink(link: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  for (const name of LEGACY_QUERY_PARAMETERS) {
    const value = url.searchParams.get(name);
    if (value !== null && value !== '') return legacyQueryAddress(name, value);
  }
  if (url.search !== '') return undefined;
  const path = normalizeLegacyPath(url.pathname);
  return path === '/' ? undefined : path;
}

/** Splits "/category/news/feed/rss2/" into the address it is a feed of and the feed's kind. */
function splitFeed(path: string): { rest: string; feed: FeedKind } | undefined {
  const m = /^(.*?)\/(?:feed(?:\/(rss2|rss|rdf|atom))?|(rss2|rss|rdf|atom))$/.exec(path);
  if (!m) return undefined;
  const feed = feedKindOf(m[2] ?? m[3] ?? '');
  return feed ? { rest: m[1] === '' ? '/' : m[1]!, feed } : undefined;
}

/** What an old request asks for, from its path and query. */
export function legacyRequestOf(path: string, query: URLSearchParams): LegacyRequest {
  const feedParam = query.get('feed');
  const feed = feedKindOf(feedParam);
  for (const name of LEGACY_QUERY_PARAMETERS) {
    const value = query.get(name);
    if (value !== null && value.trim() !== '' && value.length <= MAX_ADDRESS_LENGTH) return { kind: 'lookup', address: legacyQueryAddress(name, value), feed };
  }
  const normalized = normalizeLegacyPath(path);
  if (normalized === undefined) return { kind: 'none' };
  if (normalized === '/' && feed) return { kind: 'fixed', location: SITE_FEEDS[feed] };
  const file = FEED_FILES[normalized];
  if (file) return { kind: 'fixed', location: file };
  const split = splitFeed(normalized);
  if (split) {
    if (split.rest === '/') return { kind: 'fixed', location: SITE_FEEDS[split.feed] };
    if (split.rest === '/comments') return { kind: 'fixed', location: SITE_FEEDS.comments };
    return { kind: 'lookup', address: split.rest, feed: split.feed };
  }
  if (normalized === '/') return { kind: 'none' };
  return { kind: 'lookup', address: normalized, feed: null };
}

/** Where a found address leads, with its feed when the old request asked for one; always a path of this site. */
export function legacyLocation(targetPath: string, feed: FeedKind | null): string {
  if (!targetPath.startsWith('/') || targetPath.startsWith('//')) throw new Error(`Not a path of this site: ${targetPath}`);
  if (feed === null) return targetPath;
  return `${targetPath.endsWith('/') ? targetPath : `${targetPath}/`}feed/`;
}

/** WordPress's permalink settings by the names its settings page gives them. */
export const PERMALINK_STRUCTURES: Record<string, string> = {
  plain: '',
  'day-and-name': '/%year%/%monthnum%/%day%/%postname%/',
  'month-and-name': '/%year%/%monthnum%/%postname%/',
  numeric: '/archives/%post_id%',
  'post-name': '/%postname%/',
};

const STRUCTURE_TAGS = ['year', 'monthnum', 'day', 'hour', 'minute', 'second', 'post_id', 'postname', 'category', 'author'] as const;
type StructureTag = (typeof STRUCTURE_TAGS)[number];

/** A structure as given on the command line: a name from PERMALINK_STRUCTURES or WordPress's own tags; undefined when neither. */
export function parsePermalinkStructure(given: string): string | undefined {
  const named = PERMALINK_STRUCTURES[given.trim().toLowerCase()];
  if (named !== undefined) return named;
  const structure = given.trim();
  if (!structure.startsWith('/')) return undefined;
  const tags = [...structure.matchAll(/%([a-z_]+)%/g)].map((m) => m[1]!);
  if (tags.length === 0 || !tags.every((t) => (STRUCTURE_TAGS as readonly string[]).includes(t))) return undefined;
  if (!tags.includes('postname') && !tags.includes('post_id')) return undefined;
  return structure;
}

export interface StructureValues {
  postId: string;
  slug: string;
  /** The post's local date and time as WordPress wrote it: "2019-03-04 10:20:30". */
  localDate: string;
  category: string;
  author: string;
}

/** A post's path under a structure; undefined for the plain structure (its ?p= address is kept anyway) or a date it cannot read. */
export function pathOfStructure(structure: string, v: StructureValues): string | undefined {
  if (structure === '') return undefined;
  const d = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(v.localDate);
  const needsDate = /%(year|monthnum|day|hour|minute|second)%/.test(structure);
  if (needsDate && !d) return undefined;
  const values: Record<StructureTag, string> = {
    year: d?.[1] ?? '',
    monthnum: d?.[2] ?? '',
    day: d?.[3] ?? '',
    hour: d?.[4] ?? '',
    minute: d?.[5] ?? '',
    second: d?.[6] ?? '',
    post_id: v.postId,
    postname: v.slug,
    category: v.category || 'uncategorized',
    author: v.author,
  };
  return normalizeLegacyPath(structure.replace(/%([a-z_]+)%/g, (_, tag: StructureTag) => values[tag] ?? ''));
}

/** The structure an export's post links follow, among the named ones; undefined when none fits them all. */
export function detectPermalinkStructure(samples: ReadonlyArray<{ link: string } & StructureValues>): string | undefined {
  if (samples.length === 0) return undefined;
  for (const [name, structure] of Object.entries(PERMALINK_STRUCTURES)) {
    const fits = samples.every((s) => {
      const address = legacyAddressOfLink(s.link);
      if (structure === '') return address === legacyQueryAddress('p', s.postId);
      return address !== undefined && address === pathOfStructure(structure, s);
    });
    if (fits) return name;
  }
  return undefined;
}

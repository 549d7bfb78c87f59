import { Hono, type Context } from 'hono';
import { lastUpdated, type Feed } from '../../feeds/feed.ts';
import { commentItem, postItem } from '../../feeds/items.ts';
import { toAtom } from '../../feeds/atom.ts';
import { toJsonFeed } from '../../feeds/json-feed.ts';
import { toRss } from '../../feeds/rss.ts';
import { ALL_COMMENTS, commentsOf, POST_EDITS, POST_PAGES, postKey } from '../../domain/page-keys.ts';
import { permalinkOf } from '../../domain/posts.ts';
import { isValidSlug } from '../../domain/slugs.ts';
import { getArticleCommentFeed, getPostFeed, getSiteCommentFeed, type ArchiveKind, type PostFeedData } from '../../services/feeds.ts';
import { messagesFor, type Messages } from '../../i18n/messages.ts';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { parsePermalink } from '../forms/route-params.ts';
import { originForLinks } from '../site-origin.ts';
import { redirectLegacy } from './legacy.ts';
import { notFound } from './not-found.tsx';

type Format = 'rss' | 'atom' | 'json';

const FORMATS: Record<Format, { contentType: string; serialize: (feed: Feed) => string }> = {
  rss: { contentType: 'application/rss+xml; charset=utf-8', serialize: toRss },
  atom: { contentType: 'application/atom+xml; charset=utf-8', serialize: toAtom },
  json: { contentType: 'application/feed+json; charset=utf-8', serialize: toJsonFeed },
};

const PERMALINK = '/:year{[0-9]{4}}/:month{[0-9]{2}}/:day{[0-9]{2}}/:slug';

/** A feed through the page cache under these keys, with Last-Modified for clients that send If-Modified-Since. */
function sendFeed(c: Context<AppEnv>, format: Format, feed: Feed, keys: readonly string[]): Response {
  c.set('pageKeys', keys);
  c.header('Last-Modified', feed.updated.toUTCString());
  c.header('Content-Type', FORMATS[format].contentType);
  return c.body(FORMATS[format].serialize(feed));
}

function archiveTitle(archive: NonNullable<PostFeedData['archive']>, { t }: Messages): string {
  if (archive.kind === 'author') return t('archive.author.title', { name: archive.name });
  if (archive.kind === 'source') return t('archive.source.title', { name: archive.name });
  return archive.name;
}

function postFeed(origin: string, path: string, data: PostFeedData): Feed {
  const messages = messagesFor(data.site.language);
  const items = data.posts.map((post) => postItem(origin, post, data.site.timezone, messages));
  const archive = data.archive;
  return {
    title: archive ? `${data.site.title} – ${archiveTitle(archive, messages)}` : data.site.title,
    description: data.site.tagline,
    homeUrl: archive ? `${origin}/${archive.kind}/${encodeURIComponent(archive.slug)}/` : `${origin}/`,
    feedUrl: `${origin}${path}`,
    language: messages.language,
    timeZone: data.site.timezone,
    updated: lastUpdated(items),
    items,
  };
}

/** The site's feeds in RSS, Atom and JSON Feed, each archive's RSS feed, and the comment feeds. */
export function feedRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const db = deps.database.db;
  const now = deps.now ?? (() => new Date());

  const siteFeed = (format: Format) => async (c: Context<AppEnv>) => {
    const data = await getPostFeed(db, null, now());
    return sendFeed(c, format, postFeed(originForLinks(c, deps), c.req.path, data), [POST_PAGES, ...data.posts.map((p) => postKey(p.id))]);
  };
  app.get('/feed/', siteFeed('rss'));
  app.get('/feed/atom/', siteFeed('atom'));
  app.get('/feed/json/', siteFeed('json'));

  const archiveFeed = (kind: ArchiveKind) => async (c: Context<AppEnv>) => {
    const slug = c.req.param('slug') ?? '';
    if (!isValidSlug(slug)) return notFound(c, deps);
    const data = await getPostFeed(db, { kind, slug }, now());
    return sendFeed(c, 'rss', postFeed(originForLinks(c, deps), c.req.path, data), [POST_PAGES, ...data.posts.map((p) => postKey(p.id))]);
  };
  app.get('/category/:slug/feed/', archiveFeed('category'));
  app.get('/tag/:slug/feed/', archiveFeed('tag'));
  app.get('/author/:slug/feed/', archiveFeed('author'));
  app.get('/source/:slug/feed/', archiveFeed('source'));

  app.get('/comments/feed/', async (c) => {
    const data = await getSiteCommentFeed(db, now());
    const origin = originForLinks(c, deps);
    const messages = messagesFor(data.site.language);
    const items = data.comments.map((comment) => commentItem(origin, comment, 'site', data.site.timezone, messages));
    const feed: Feed = {
      title: messages.t('feed.comments', { site: data.site.title }),
      description: data.site.tagline,
      homeUrl: `${origin}/`,
      feedUrl: `${origin}${c.req.path}`,
      language: messages.language,
      timeZone: data.site.timezone,
      updated: lastUpdated(items),
      items,
    };
    // The items name their articles' titles, which an edit of a post changes.
    return sendFeed(c, 'rss', feed, [ALL_COMMENTS, POST_PAGES, POST_EDITS]);
  });

  app.get(`${PERMALINK}/feed/`, async (c) => {
    const permalink = parsePermalink(c.req.param());
    if (!permalink) return notFound(c, deps);
    const data = await getArticleCommentFeed(db, permalink, now());
    // An old WordPress address may name another post than the one that has this slug now.
    if (data.kind === 'moved') return (await redirectLegacy(c, deps)) ?? c.redirect(data.location, 301);
    const origin = originForLinks(c, deps);
    const post = data.post;
    const messages = messagesFor(data.site.language);
    const items = data.comments.map((comment) => commentItem(origin, comment, 'article', data.site.timezone, messages));
    const feed: Feed = {
      title: messages.t('feed.commentsOn', { title: post.title }),
      description: data.site.tagline,
      homeUrl: `${origin}${permalinkOf(post, data.site.timezone)}`,
      feedUrl: `${origin}${c.req.path}`,
      language: messages.language,
      timeZone: data.site.timezone,
      updated: lastUpdated([...items, { updated: post.updatedAt }]),
      items,
    };
    return sendFeed(c, 'rss', feed, [commentsOf(data.postId), postKey(data.postId)]);
  });
  return app;
}

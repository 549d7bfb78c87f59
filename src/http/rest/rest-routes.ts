import { type Context, type Handler, Hono } from 'hono';
import { ALL_COMMENTS, commentsOf, EVERY_PAGE, PINNED_POSTS, POST_PAGES, postKey } from '../../domain/page-keys.ts';
import { DomainError } from '../../domain/errors.ts';
import type { TermKind } from '../../domain/terms.ts';
import { pageKey, PAGE_LISTS } from '../../domain/pages.ts';
import { listMediaForRest } from '../../services/media.ts';
import { findPageForRest, listPagesForRest } from '../../services/pages.ts';
import { findPageForRestEdit, listPostsByStatusForRest, loadPostForRestEdit, restStatusesOf } from '../../services/rest-writes.ts';
import { can } from '../../domain/users.ts';
import {
  findPostForRest,
  getSiteForRest,
  listAuthorsForRest,
  listCommentsForRest,
  listPostsForRest,
  listSourcesForRest,
  listTermsForRest,
  loadRestMe,
} from '../../services/rest.ts';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { originForLinks } from '../site-origin.ts';
import { NAMESPACES, presentIndex, presentNamespace, presentSource } from './present-index.ts';
import { presentMedia } from './present-media.ts';
import { presentEditablePage, presentPage } from './present-page.ts';
import { presentEditablePost, presentPost, REST_ROOT } from './present-post.ts';
import { restAuthentication } from './rest-auth.ts';
import { restWriteRoutes } from './rest-writes.ts';
import { restMediaWriteRoutes } from './rest-media-writes.ts';
import { restPageWriteRoutes } from './rest-page-writes.ts';
import { presentAuthor, presentComment, presentMe, presentTerm } from './present-reading.ts';
import { presentSearchResult, presentStatuses, presentTaxonomies, presentTypes } from './present-meta.ts';
import { embedPosts, embedWanted } from './rest-embed.ts';
import {
  CommentsParams,
  ItemParams,
  MediaParams,
  MetaParams,
  PagesParams,
  PostsParams,
  SearchParams,
  SourcesParams,
  TermsParams,
  UsersParams,
  instantOfRestTime,
  rowId,
} from './rest-params.ts';
import { noRoute, parseQuery, pickFields, restError, sendCollection } from './rest-response.ts';

/** Whether a `status` filter reaches beyond live posts (which anyone may list). */
function beyondLive(status: readonly string[] | undefined): boolean {
  return (status ?? []).some((s) => s !== 'publish');
}

/** Page statuses for a `status` filter: pending is a draft here, and there are no private pages. */
function pageStatusesOf(status: readonly string[]): Array<'published' | 'draft'> {
  const out = new Set<'published' | 'draft'>();
  for (const s of status) {
    if (s === 'publish' || s === 'any') out.add('published');
    if (s === 'draft' || s === 'pending' || s === 'any') out.add('draft');
  }
  return [...out];
}

/**
 * WordPress's answers to an anonymous client asking for more than readers see: the edit view is
 * rest_forbidden_context (401), a status other than publish rest_invalid_param (400).
 */
function refuseStatusOrContext(c: Context<AppEnv>, status: readonly string[] | undefined, context: string | undefined, type: string): Response | undefined {
  if (c.get('restUser')) return undefined;
  if (context === 'edit') return restError(c, 401, 'rest_forbidden_context', `Sorry, you are not allowed to edit ${type} in this post type.`);
  if (beyondLive(status)) return restError(c, 400, 'rest_invalid_param', 'Invalid parameter(s): status', { params: { status: 'Status is forbidden.' } });
  return undefined;
}

/** The view context of an item presented for editing: the same fields without the raw text. */
function withoutRaw<A extends unknown[], T extends Record<string, unknown>>(present: (...args: A) => T): (...args: A) => T {
  return (...args) => {
    const item = present(...args);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(item)) {
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'raw' in value) {
        const { raw: _, ...rest } = value as Record<string, unknown>;
        out[key] = rest;
      } else out[key] = value;
    }
    return out as T;
  };
}

/**
 * WordPress's REST API (wp/v2), read-only and for anonymous readers: what a WordPress client
 * reads from a WordPress site, it reads from this one. Only what a reader of the site can see
 * is here: published posts whose time has come, never drafts.
 */
export function restRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  /** Each route with and without a trailing slash, as WordPress answers both (a mounted app's own `strict` setting does not carry over). */
  const get = (path: string, handler: Handler<AppEnv>) => app.get(path, handler).get(`${path}/`, handler);
  const db = deps.database.db;
  const now = deps.now ?? (() => new Date());
  const v2 = `${REST_ROOT}/wp/v2`;
  const authenticate = restAuthentication(deps);
  app.use(REST_ROOT, authenticate);
  app.use(`${REST_ROOT}/*`, authenticate);

  get(`${v2}/posts`, async (c) => {
    const params = parseQuery(c, PostsParams);
    if (params instanceof Response) return params;
    const { timezone } = await getSiteForRest(db);
    const query = {
      now: now(),
      limit: params.per_page,
      offset: (params.page - 1) * params.per_page,
      search: params.search,
      slugs: params.slug,
      categories: params.categories,
      tags: params.tags,
      authors: params.author,
      include: params.include,
      exclude: params.exclude,
      after: instantOfRestTime(params.after, timezone),
      before: instantOfRestTime(params.before, timezone),
      orderBy: params.orderby,
      order: params.order ?? 'desc',
      sticky: params.sticky,
    } as const;
    const user = c.get('restUser');
    const refused = refuseStatusOrContext(c, params.status, params.context, 'posts');
    if (refused) return refused;
    if (user && (beyondLive(params.status) || params.context === 'edit')) {
      const edit = params.context === 'edit';
      const { posts, total } = await listPostsByStatusForRest(db, user, query, restStatusesOf(params.status ?? ['publish']), edit);
      const origin = originForLinks(c, deps);
      return sendCollection(
        c,
        origin,
        posts.map((listed) =>
          'editable' in listed
            ? (edit ? presentEditablePost : withoutRaw(presentEditablePost))(origin, listed.editable, timezone)
            : presentPost(origin, listed.live, timezone),
        ),
        { total, page: params.page, perPage: params.per_page, fields: params._fields },
      );
    }
    const { posts, total } = await listPostsForRest(db, query);
    // Cached as pages are (http/page-cache.ts): dropped when a post comes, goes or is edited, or its comments close (or, filtered by sticky, a pin changes).
    const pinned = params.sticky === undefined ? [] : [PINNED_POSTS];
    c.set('pageKeys', [POST_PAGES, ...pinned, ...posts.flatMap((post) => [postKey(post.id), commentsOf(post.id)])]);
    const origin = originForLinks(c, deps);
    const wanted = embedWanted(params._embed);
    const embedded = wanted && (await embedPosts(db, origin, posts, wanted, now(), timezone));
    return sendCollection(
      c,
      origin,
      posts.map((post) => presentPost(origin, post, timezone)),
      { total, page: params.page, perPage: params.per_page, fields: params._fields },
      embedded && ((item) => embedded.get(item.id as number)),
    );
  });

  get(`${v2}/posts/:id{[0-9]+}`, async (c) => {
    const params = parseQuery(c, ItemParams);
    if (params instanceof Response) return params;
    const id = rowId(c);
    const user = c.get('restUser');
    if (params.context === 'edit' && !user) return restError(c, 401, 'rest_forbidden_context', 'Sorry, you are not allowed to edit this post.');
    const post = id === undefined || params.context === 'edit' ? undefined : await findPostForRest(db, id, now());
    if (!post && user && id !== undefined) {
      // Someone signed in sees what they may edit, drafts and scheduled posts too, with the raw text beside the rendered.
      try {
        return c.json(
          pickFields(
            presentEditablePost(originForLinks(c, deps), await loadPostForRestEdit(db, user, id, now()), (await getSiteForRest(db)).timezone),
            params._fields,
          ),
        );
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        if (error.code === 'forbidden' && params.context === 'edit')
          return restError(c, 403, 'rest_forbidden_context', 'Sorry, you are not allowed to edit this post.');
      }
    }
    if (!post) return restError(c, 404, 'rest_post_invalid_id', 'Invalid post ID.');
    c.set('pageKeys', [postKey(post.id), commentsOf(post.id)]);
    const { timezone } = await getSiteForRest(db);
    const origin = originForLinks(c, deps);
    const wanted = embedWanted(params._embed);
    const item = pickFields(presentPost(origin, post, timezone), params._fields);
    if (wanted) item._embedded = (await embedPosts(db, origin, [post], wanted, now(), timezone)).get(post.id);
    return c.json(item);
  });

  get(`${v2}/pages`, async (c) => {
    const params = parseQuery(c, PagesParams);
    if (params instanceof Response) return params;
    const { timezone } = await getSiteForRest(db);
    const refused = refuseStatusOrContext(c, params.status, params.context, 'pages');
    if (refused) return refused;
    const user = c.get('restUser');
    const signedIn = user !== undefined && (beyondLive(params.status) || params.context === 'edit');
    if (signedIn && !can(user, 'manage_pages')) {
      if (params.context === 'edit') return restError(c, 403, 'rest_forbidden_context', 'Sorry, you are not allowed to edit posts in this post type.');
      return restError(c, 400, 'rest_invalid_param', 'Invalid parameter(s): status', { params: { status: 'Status is forbidden.' } });
    }
    const { pages, total } = await listPagesForRest(db, {
      statuses: signedIn ? pageStatusesOf(params.status ?? ['publish']) : undefined,
      limit: params.per_page,
      offset: (params.page - 1) * params.per_page,
      search: params.search,
      slugs: params.slug,
      include: params.include,
      exclude: params.exclude,
      parents: params.parent,
      menuOrder: params.menu_order,
      orderBy: params.orderby,
      order: params.order ?? 'desc',
    });
    // Dropped when a page is edited (its own key), or comes, goes or moves (every page).
    c.set('pageKeys', [PAGE_LISTS, ...pages.map((page) => pageKey(page.id))]);
    const origin = originForLinks(c, deps);
    const present = !signedIn ? presentPage : params.context === 'edit' ? presentEditablePage : withoutRaw(presentEditablePage);
    return sendCollection(
      c,
      origin,
      pages.map((page) => present(origin, page, timezone)),
      { total, page: params.page, perPage: params.per_page, fields: params._fields },
    );
  });
  get(`${v2}/pages/:id{[0-9]+}`, async (c) => {
    const params = parseQuery(c, ItemParams);
    if (params instanceof Response) return params;
    const id = rowId(c);
    const user = c.get('restUser');
    if (params.context === 'edit' && !user) return restError(c, 401, 'rest_forbidden_context', 'Sorry, you are not allowed to edit this post.');
    if (user && id !== undefined && (params.context === 'edit' || !(await findPageForRest(db, id)))) {
      // Someone who writes pages sees drafts too, with the raw text beside the rendered.
      const editable = await findPageForRestEdit(db, user, id);
      if (editable) return c.json(pickFields(presentEditablePage(originForLinks(c, deps), editable, (await getSiteForRest(db)).timezone), params._fields));
      if (params.context === 'edit') return restError(c, 403, 'rest_forbidden_context', 'Sorry, you are not allowed to edit this post.');
    }
    const found = id === undefined ? undefined : await findPageForRest(db, id);
    if (!found) return restError(c, 404, 'rest_post_invalid_id', 'Invalid post ID.');
    c.set('pageKeys', [pageKey(found.id)]);
    const { timezone } = await getSiteForRest(db);
    return c.json(pickFields(presentPage(originForLinks(c, deps), found, timezone), params._fields));
  });

  get(`${v2}/media`, async (c) => {
    const params = parseQuery(c, MediaParams);
    if (params instanceof Response) return params;
    const { timezone } = await getSiteForRest(db);
    const { media, total } = await listMediaForRest(db, c.get('restUser'), {
      now: now(),
      limit: params.per_page,
      offset: (params.page - 1) * params.per_page,
      search: params.search,
      include: params.include,
      exclude: params.exclude,
      parents: params.parent,
      order: params.order ?? 'desc',
    });
    // A reader sees featured images of live posts: dropped when posts come and go, or one of them (or its image) changes.
    c.set('pageKeys', [POST_PAGES, ...media.flatMap((item) => (item.postId === null ? [] : [postKey(item.postId)]))]);
    const origin = originForLinks(c, deps);
    return sendCollection(
      c,
      origin,
      media.map((item) => presentMedia(origin, item, timezone)),
      { total, page: params.page, perPage: params.per_page, fields: params._fields },
    );
  });
  get(`${v2}/media/:id{[0-9]+}`, async (c) => {
    const params = parseQuery(c, ItemParams);
    if (params instanceof Response) return params;
    const id = rowId(c);
    const found =
      id === undefined
        ? undefined
        : (await listMediaForRest(db, c.get('restUser'), { now: now(), limit: 1, offset: 0, include: [id], order: 'desc' })).media[0];
    if (!found) return restError(c, 404, 'rest_post_invalid_id', 'Invalid post ID.');
    c.set('pageKeys', [POST_PAGES, ...(found.postId === null ? [] : [postKey(found.postId)])]);
    const { timezone } = await getSiteForRest(db);
    return c.json(pickFields(presentMedia(originForLinks(c, deps), found, timezone), params._fields));
  });

  const termCollection = (kind: TermKind) => async (c: Context<AppEnv>) => {
    const params = parseQuery(c, TermsParams);
    if (params instanceof Response) return params;
    const { terms, total } = await listTermsForRest(db, {
      kind,
      now: now(),
      limit: params.per_page,
      offset: (params.page - 1) * params.per_page,
      search: params.search,
      slugs: params.slug,
      include: params.include,
      exclude: params.exclude,
      postId: params.post?.[0],
      hideEmpty: params.hide_empty ?? false,
      orderBy: params.orderby,
      order: params.order ?? 'asc',
    });
    // Counts and who is listed change only as posts come and go.
    c.set('pageKeys', [POST_PAGES]);
    const origin = originForLinks(c, deps);
    return sendCollection(
      c,
      origin,
      terms.map((term) => presentTerm(origin, term)),
      { total, page: params.page, perPage: params.per_page, fields: params._fields },
    );
  };
  const termItem = (kind: TermKind) => async (c: Context<AppEnv>) => {
    const params = parseQuery(c, ItemParams);
    if (params instanceof Response) return params;
    const id = rowId(c);
    const found =
      id === undefined
        ? undefined
        : (await listTermsForRest(db, { kind, now: now(), limit: 1, offset: 0, include: [id], hideEmpty: false, orderBy: 'id', order: 'asc' })).terms[0];
    c.set('pageKeys', [POST_PAGES]);
    if (!found) return restError(c, 404, 'rest_term_invalid', 'Term does not exist.');
    return c.json(pickFields(presentTerm(originForLinks(c, deps), found), params._fields));
  };
  get(`${v2}/categories`, termCollection('category'));
  get(`${v2}/categories/:id{[0-9]+}`, termItem('category'));
  get(`${v2}/tags`, termCollection('tag'));
  get(`${v2}/tags/:id{[0-9]+}`, termItem('tag'));

  get(`${v2}/users`, async (c) => {
    const params = parseQuery(c, UsersParams);
    if (params instanceof Response) return params;
    const { authors, total } = await listAuthorsForRest(db, {
      now: now(),
      limit: params.per_page,
      offset: (params.page - 1) * params.per_page,
      search: params.search,
      slugs: params.slug,
      include: params.include,
      exclude: params.exclude,
      orderBy: params.orderby,
      order: params.order ?? 'asc',
    });
    // Counts and who is listed change only as posts come and go.
    c.set('pageKeys', [POST_PAGES]);
    const origin = originForLinks(c, deps);
    return sendCollection(
      c,
      origin,
      authors.map((author) => presentAuthor(origin, author)),
      { total, page: params.page, perPage: params.per_page, fields: params._fields },
    );
  });
  get(`${v2}/users/me`, async (c) => {
    const params = parseQuery(c, ItemParams);
    if (params instanceof Response) return params;
    const user = c.get('restUser');
    if (!user) return restError(c, 401, 'rest_not_logged_in', 'You are not currently logged in.');
    const { author, siteLanguage } = await loadRestMe(db, user);
    return c.json(pickFields(presentMe(originForLinks(c, deps), { author, user, siteLanguage }, params.context === 'edit'), params._fields));
  });
  get(`${v2}/users/:id{[0-9]+}`, async (c) => {
    const params = parseQuery(c, ItemParams);
    if (params instanceof Response) return params;
    const id = rowId(c);
    const found =
      id === undefined ? undefined : (await listAuthorsForRest(db, { now: now(), limit: 1, offset: 0, include: [id], orderBy: 'id', order: 'asc' })).authors[0];
    c.set('pageKeys', [POST_PAGES]);
    if (!found) return restError(c, 404, 'rest_user_invalid_id', 'Invalid user ID.');
    return c.json(pickFields(presentAuthor(originForLinks(c, deps), found), params._fields));
  });

  get(`${v2}/comments`, async (c) => {
    const params = parseQuery(c, CommentsParams);
    if (params instanceof Response) return params;
    const { timezone } = await getSiteForRest(db);
    const { comments, total } = await listCommentsForRest(db, {
      now: now(),
      limit: params.per_page,
      offset: (params.page - 1) * params.per_page,
      search: params.search,
      include: params.include,
      exclude: params.exclude,
      posts: params.post,
      parents: params.parent,
      after: instantOfRestTime(params.after, timezone),
      before: instantOfRestTime(params.before, timezone),
      orderBy: params.orderby === 'id' ? 'id' : 'date',
      order: params.order ?? 'desc',
    });
    c.set('pageKeys', [ALL_COMMENTS, POST_PAGES]);
    const origin = originForLinks(c, deps);
    return sendCollection(
      c,
      origin,
      comments.map((comment) => presentComment(origin, comment, timezone)),
      { total, page: params.page, perPage: params.per_page, fields: params._fields },
    );
  });
  get(`${v2}/comments/:id{[0-9]+}`, async (c) => {
    const params = parseQuery(c, ItemParams);
    if (params instanceof Response) return params;
    const id = rowId(c);
    const found =
      id === undefined
        ? undefined
        : (await listCommentsForRest(db, { now: now(), limit: 1, offset: 0, include: [id], orderBy: 'id', order: 'asc' })).comments[0];
    c.set('pageKeys', [ALL_COMMENTS, POST_PAGES]);
    if (!found) return restError(c, 404, 'rest_comment_invalid_id', 'Invalid comment ID.');
    const { timezone } = await getSiteForRest(db);
    return c.json(pickFields(presentComment(originForLinks(c, deps), found, timezone), params._fields));
  });

  get(`${REST_ROOT}/wirepress/v1/sources`, async (c) => {
    const params = parseQuery(c, SourcesParams);
    if (params instanceof Response) return params;
    const { sources, total } = await listSourcesForRest(db, {
      now: now(),
      limit: params.per_page,
      offset: (params.page - 1) * params.per_page,
      slugs: params.slug,
      include: params.include,
    });
    // Counts and who is listed change only as posts come and go.
    c.set('pageKeys', [POST_PAGES]);
    const origin = originForLinks(c, deps);
    return sendCollection(
      c,
      origin,
      sources.map((source) => presentSource(origin, source)),
      { total, page: params.page, perPage: params.per_page, fields: params._fields },
    );
  });

  get(`${v2}/search`, async (c) => {
    const params = parseQuery(c, SearchParams);
    if (params instanceof Response) return params;
    const { posts, total } = await listPostsForRest(db, {
      now: now(),
      limit: params.per_page,
      offset: (params.page - 1) * params.per_page,
      search: params.search,
      orderBy: 'date',
      order: 'desc',
    });
    c.set('pageKeys', [POST_PAGES, ...posts.map((post) => postKey(post.id))]);
    const origin = originForLinks(c, deps);
    return sendCollection(
      c,
      origin,
      posts.map((post) => presentSearchResult(origin, post)),
      { total, page: params.page, perPage: params.per_page, fields: params._fields },
    );
  });

  /** Descriptions of what the API serves: fixed, so cached like any page until anything changes. */
  const described = (
    path: string,
    describe: (origin: string, c: Context<AppEnv>, type: string | undefined) => Record<string, Record<string, unknown>>,
    missing: [string, string],
  ) => {
    get(path, (c) => {
      const params = parseQuery(c, MetaParams);
      if (params instanceof Response) return params;
      c.set('pageKeys', [EVERY_PAGE]);
      return c.json(describe(originForLinks(c, deps), c, params.type));
    });
    get(`${path}/:name{[a-z_]+}`, (c) => {
      const params = parseQuery(c, MetaParams);
      if (params instanceof Response) return params;
      c.set('pageKeys', [EVERY_PAGE]);
      const found = describe(originForLinks(c, deps), c, undefined)[c.req.param('name') ?? ''];
      if (!found) return restError(c, 404, ...missing);
      return c.json(found);
    });
  };
  described(`${v2}/types`, (origin) => presentTypes(origin), ['rest_type_invalid', 'Invalid post type.']);
  described(`${v2}/taxonomies`, (origin, _c, type) => (type === undefined || type === 'post' ? presentTaxonomies(origin) : {}), [
    'rest_taxonomy_invalid',
    'Invalid taxonomy.',
  ]);
  described(`${v2}/statuses`, (origin, c) => presentStatuses(origin, c.get('restUser') !== undefined), ['rest_status_invalid', 'Invalid status.']);

  get(REST_ROOT, async (c) => {
    c.set('pageKeys', [EVERY_PAGE]);
    const origin = originForLinks(c, deps);
    return c.json(presentIndex(origin, await getSiteForRest(db), now()));
  });
  for (const namespace of NAMESPACES) {
    get(`${REST_ROOT}/${namespace}`, (c) => {
      c.set('pageKeys', [EVERY_PAGE]);
      return c.json(presentNamespace(originForLinks(c, deps), namespace));
    });
  }

  /**
   * ?rest_route=/wp/v2/posts: the form WordPress offers on sites without pretty permalinks, and
   * the one some clients use whatever the site. Answered as the same route under /wp-json.
   */
  restWriteRoutes(app, deps);
  restMediaWriteRoutes(app, deps);
  restPageWriteRoutes(app, deps);

  app.on(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'], '/', (c, next) => {
    const route = c.req.query('rest_route');
    if (route === undefined) return next();
    const url = new URL(c.req.url);
    url.searchParams.delete('rest_route');
    url.pathname = `${REST_ROOT}${route.startsWith('/') ? route : `/${route}`}`;
    return app.fetch(new Request(url, c.req.raw), c.env);
  });

  app.all(`${REST_ROOT}/*`, noRoute);
  return app;
}

import { Hono } from 'hono';
import { findPostForRest, listPostsForRest } from '../../services/rest.ts';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { originForLinks } from '../site-origin.ts';
import { presentPost, REST_ROOT } from './present-post.ts';
import { ItemParams, MAX_ROW_ID, PostsParams } from './rest-params.ts';
import { noRoute, parseQuery, pickFields, restError, sendCollection } from './rest-response.ts';

/**
 * WordPress's REST API (wp/v2), read-only and for anonymous readers: what a WordPress client
 * reads from a WordPress site, it reads from this one. Only what a reader of the site can see
 * is here: published posts whose time has come, never drafts.
 */
export function restRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: false });
  const db = deps.database.db;
  const now = deps.now ?? (() => new Date());
  const v2 = `${REST_ROOT}/wp/v2`;

  app.get(`${v2}/posts`, async (c) => {
    const params = parseQuery(c, PostsParams);
    if (params instanceof Response) return params;
    const { posts, total } = await listPostsForRest(db, {
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
      after: params.after,
      before: params.before,
      orderBy: params.orderby,
      order: params.order ?? 'desc',
    });
    const origin = originForLinks(c, deps);
    return sendCollection(
      c,
      origin,
      posts.map((post) => presentPost(origin, post)),
      { total, page: params.page, perPage: params.per_page, fields: params._fields },
    );
  });

  app.get(`${v2}/posts/:id{[0-9]+}`, async (c) => {
    const params = parseQuery(c, ItemParams);
    if (params instanceof Response) return params;
    const id = Number(c.req.param('id'));
    const post = id >= 1 && id <= MAX_ROW_ID ? await findPostForRest(db, id, now()) : undefined;
    if (!post) return restError(c, 404, 'rest_post_invalid_id', 'Invalid post ID.');
    return c.json(pickFields(presentPost(originForLinks(c, deps), post), params._fields));
  });

  app.all(`${REST_ROOT}/*`, noRoute);
  return app;
}

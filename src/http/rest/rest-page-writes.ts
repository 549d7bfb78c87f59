import type { Context, Hono } from 'hono';
import { DomainError } from '../../domain/errors.ts';
import { createPageFromRest, findPageForRestEdit, RestWriteRefused, takeDownPageFromRest, updatePageFromRest } from '../../services/rest-writes.ts';
import type { RestPageInput } from '../../services/rest-writes.ts';
import { loadSiteSettings } from '../../services/settings.ts';
import type { User } from '../../domain/users.ts';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { originForLinks } from '../site-origin.ts';
import { presentEditablePage } from './present-page.ts';
import { REST_ROOT } from './present-post.ts';
import { PageBody, parseBody, readRestBody } from './rest-body.ts';
import { forceRequested, rowId } from './rest-params.ts';
import { restError } from './rest-response.ts';

/** WordPress's error for each refusal of a page write. */
const PAGE_REFUSALS = {
  create: ['rest_cannot_create', 'Sorry, you are not allowed to create pages as this user.'],
  edit: ['rest_cannot_edit', 'Sorry, you are not allowed to edit this page.'],
  publish: ['rest_cannot_publish', 'Sorry, you are not allowed to publish pages as this user.'],
  delete: ['rest_cannot_delete', 'Sorry, you are not allowed to delete this page.'],
} as const;

function pageInputOf(body: ReturnType<typeof PageBody.parse>): RestPageInput {
  return {
    title: body.title,
    content: body.content,
    slug: body.slug,
    status: body.status,
    parentId: body.parent === undefined ? undefined : Number(body.parent) || null,
    menuOrder: body.menu_order,
    commentsOpen: body.comment_status === undefined ? undefined : body.comment_status === 'open',
  };
}

/**
 * Pages written by REST clients signed in with an application password: editors and above, as
 * in the admin, through its savePage (the slug from the title, reserved addresses refused,
 * numbered slugs, old addresses kept). DELETE takes a page down to a draft, as for posts.
 */
export function restPageWriteRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const db = deps.database.db;
  const now = deps.now ?? (() => new Date());
  const v2 = `${REST_ROOT}/wp/v2`;
  const both = (path: string) => [path, `${path}/`];

  const sendPage = async (c: Context<AppEnv>, user: User, id: number, status: 200 | 201) => {
    const page = await findPageForRestEdit(db, user, id);
    if (!page) return restError(c, 404, 'rest_post_invalid_id', 'Invalid post ID.');
    const body = presentEditablePage(originForLinks(c, deps), page, (await loadSiteSettings(db)).timezone);
    if (status === 201) c.header('Location', body._links.self[0]!.href);
    return c.json(body, status);
  };

  const pageFailure = (c: Context<AppEnv>, error: unknown, refusal: keyof typeof PAGE_REFUSALS): Response => {
    const [code, message] = PAGE_REFUSALS[refusal];
    if (error instanceof RestWriteRefused) return restError(c, 403, code, message);
    if (!(error instanceof DomainError)) throw error;
    if (error.code === 'not_found') return restError(c, 404, 'rest_post_invalid_id', 'Invalid post ID.');
    if (error.code === 'invalid') {
      const params = { ...error.fields };
      return restError(c, 400, 'rest_invalid_param', error.message, Object.keys(params).length ? { params } : {});
    }
    return restError(c, 403, code, message);
  };

  app.on('POST', both(`${v2}/pages`), async (c) => {
    const user = c.get('restUser');
    if (!user) return restError(c, 401, ...PAGE_REFUSALS.create);
    const body = await readRestBody(c);
    if (body instanceof Response) return body;
    if (body.id !== undefined) return restError(c, 400, 'rest_post_exists', 'Cannot create existing post.');
    const parsed = parseBody(c, PageBody, body);
    if (parsed instanceof Response) return parsed;
    try {
      const saved = await createPageFromRest(db, user, pageInputOf(parsed), now());
      return await sendPage(c, user, saved.id, 201);
    } catch (error) {
      return pageFailure(c, error, 'create');
    }
  });

  app.on(['POST', 'PUT', 'PATCH'], both(`${v2}/pages/:id{[0-9]+}`), async (c) => {
    const user = c.get('restUser');
    if (!user) return restError(c, 401, ...PAGE_REFUSALS.edit);
    const id = rowId(c);
    if (id === undefined) return restError(c, 404, 'rest_post_invalid_id', 'Invalid post ID.');
    const body = await readRestBody(c);
    if (body instanceof Response) return body;
    const parsed = parseBody(c, PageBody, body);
    if (parsed instanceof Response) return parsed;
    try {
      await updatePageFromRest(db, user, id, pageInputOf(parsed), now());
      return await sendPage(c, user, id, 200);
    } catch (error) {
      return pageFailure(c, error, 'edit');
    }
  });

  app.on('DELETE', both(`${v2}/pages/:id{[0-9]+}`), async (c) => {
    const user = c.get('restUser');
    if (!user) return restError(c, 401, ...PAGE_REFUSALS.delete);
    const id = rowId(c);
    if (id === undefined) return restError(c, 404, 'rest_post_invalid_id', 'Invalid post ID.');
    const body = await readRestBody(c);
    if (body instanceof Response) return body;
    if (forceRequested(body)) {
      return restError(c, 501, 'rest_trash_not_supported', 'Pages are not deleted for good here: send the request without force to take the page down.');
    }
    try {
      await takeDownPageFromRest(db, user, id, now());
      return await sendPage(c, user, id, 200);
    } catch (error) {
      return pageFailure(c, error, 'delete');
    }
  });
}

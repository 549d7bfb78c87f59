import type { Context, Hono } from 'hono';
import { DomainError } from '../../domain/errors.ts';
import { can, type User } from '../../domain/users.ts';
import { DEFAULT_COMMENT_PACE } from '../../domain/comment-pace.ts';
import { RateLimitedError } from '../../domain/errors.ts';
import { editComment, getCommentForModeration, moderateComment, submitComment } from '../../services/comments.ts';
import { findPostForRest } from '../../services/rest.ts';
import { loadSiteSettings } from '../../services/settings.ts';
import { clientAddress } from '../client-address.ts';
import { parseCommentForm } from '../forms/comment-form.ts';
import {
  createPostFromRest,
  loadPostForRestEdit,
  type RestPostInput,
  RestWriteRefused,
  takeDownPostFromRest,
  updatePostFromRest,
} from '../../services/rest-writes.ts';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { originForLinks } from '../site-origin.ts';
import { presentEditablePost, REST_ROOT } from './present-post.ts';
import { presentModeratedComment } from './present-reading.ts';
import { refusalStatus } from './rest-auth.ts';
import { COMMENT_STATUS_ACTIONS, CommentBody, CommentModerationBody, parseBody, PostBody, readRestBody } from './rest-body.ts';

/** The reply form's field names, as WordPress's REST API names them. */
const COMMENT_FORM_NAMES: Record<string, string> = {
  comment: 'content',
  author: 'author_name',
  email: 'author_email',
  url: 'author_url',
  comment_parent: 'parent',
};
import { forceRequested, instantOfRestTime, rowId } from './rest-params.ts';
import { localDateOf } from '../../domain/time-zone.ts';
import { restError } from './rest-response.ts';

/** The reply form's complaints as WordPress's rest_invalid_param, each under WordPress's name for the field. */
function invalidComment(c: Context<AppEnv>, errors: Record<string, string>): Response {
  const params: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) params[COMMENT_FORM_NAMES[field] ?? field] = message;
  return restError(c, 400, 'rest_invalid_param', `Invalid parameter(s): ${Object.keys(params).join(', ')}`, { params });
}

/** WordPress's error for each refusal of a post write. */
const POST_REFUSALS = {
  create: ['rest_cannot_create', 'Sorry, you are not allowed to create posts as this user.'],
  edit: ['rest_cannot_edit', 'Sorry, you are not allowed to edit this post.'],
  publish: ['rest_cannot_publish', 'Sorry, you are not allowed to publish posts as this user.'],
} as const;

/** A post write's parameters in the services' terms. */
function postInputOf(body: ReturnType<typeof PostBody.parse>, timeZone: string): RestPostInput {
  return {
    title: body.title,
    content: body.content,
    excerpt: body.excerpt,
    slug: body.slug,
    status: body.status,
    // date_gmt is UTC whether or not it says so; date is the site's local time unless it carries an offset.
    date: instantOfRestTime(body.date_gmt ?? undefined, 'UTC') ?? instantOfRestTime(body.date ?? undefined, timeZone),
    categories: body.categories,
    tags: body.tags,
    commentsOpen: body.comment_status === undefined ? undefined : body.comment_status === 'open',
    featuredMediaId: body.featured_media === undefined ? undefined : Number(body.featured_media) || null,
    pinned: body.sticky,
  };
}

/**
 * What REST clients signed in with an application password may change: posts (create, update,
 * schedule, take down) and comments' statuses, each through the admin's own services; and
 * anonymous comments. Every refusal in WordPress's words and codes.
 */
export function restWriteRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const db = deps.database.db;
  const now = deps.now ?? (() => new Date());
  const v2 = `${REST_ROOT}/wp/v2`;
  const both = (path: string) => [path, `${path}/`];

  /** A failure of a post write as WordPress reports it. */
  const postFailure = (c: Context<AppEnv>, error: unknown): Response => {
    if (error instanceof RestWriteRefused) {
      const [code, message] = POST_REFUSALS[error.refusal];
      return restError(c, 403, code, message);
    }
    if (!(error instanceof DomainError)) throw error;
    if (error.code === 'not_found') return restError(c, 404, 'rest_post_invalid_id', 'Invalid post ID.');
    if (error.code === 'conflict') return restError(c, 409, 'rest_conflict', error.message);
    if (error.code === 'invalid' && error.fields.featured_media) {
      return restError(c, 400, 'rest_invalid_featured_media', 'Invalid featured media ID.', { params: { featured_media: error.fields.featured_media } });
    }
    if (error.code === 'invalid') {
      const params: Record<string, string> = {};
      for (const [field, message] of Object.entries(error.fields))
        params[field === 'publish_at' ? 'date' : field === 'featured_alt' ? 'featured_media' : field] = message;
      return restError(c, 400, 'rest_invalid_param', error.message, Object.keys(params).length ? { params } : {});
    }
    return restError(c, 403, 'rest_forbidden', error.message);
  };

  const sendPost = async (c: Context<AppEnv>, user: User, id: number, status: 200 | 201) => {
    const editable = await loadPostForRestEdit(db, user, id, now());
    const body = presentEditablePost(originForLinks(c, deps), editable, (await loadSiteSettings(db)).timezone);
    if (status === 201) c.header('Location', body._links.self[0]!.href);
    return c.json(body, status);
  };

  app.on('POST', both(`${v2}/posts`), async (c) => {
    const user = c.get('restUser');
    if (!user) return restError(c, 401, ...POST_REFUSALS.create);
    const body = await readRestBody(c);
    if (body instanceof Response) return body;
    if (body.id !== undefined) return restError(c, 400, 'rest_post_exists', 'Cannot create existing post.');
    const parsed = parseBody(c, PostBody, body);
    if (parsed instanceof Response) return parsed;
    try {
      const saved = await createPostFromRest(db, user, postInputOf(parsed, (await loadSiteSettings(db)).timezone), now());
      return await sendPost(c, user, saved.id, 201);
    } catch (error) {
      return postFailure(c, error);
    }
  });

  const updatePost = async (c: Context<AppEnv>) => {
    const user = c.get('restUser');
    if (!user) return restError(c, 401, ...POST_REFUSALS.edit);
    const id = rowId(c);
    if (id === undefined) return restError(c, 404, 'rest_post_invalid_id', 'Invalid post ID.');
    const body = await readRestBody(c);
    if (body instanceof Response) return body;
    const parsed = parseBody(c, PostBody, body);
    if (parsed instanceof Response) return parsed;
    try {
      await updatePostFromRest(db, user, id, postInputOf(parsed, (await loadSiteSettings(db)).timezone), now());
      return await sendPost(c, user, id, 200);
    } catch (error) {
      return postFailure(c, error);
    }
  };
  app.on(['POST', 'PUT', 'PATCH'], both(`${v2}/posts/:id{[0-9]+}`), updatePost);

  app.on('DELETE', both(`${v2}/posts/:id{[0-9]+}`), async (c) => {
    const user = c.get('restUser');
    if (!user) return restError(c, 401, 'rest_cannot_delete', 'Sorry, you are not allowed to delete this post.');
    const id = rowId(c);
    if (id === undefined) return restError(c, 404, 'rest_post_invalid_id', 'Invalid post ID.');
    const body = await readRestBody(c);
    if (body instanceof Response) return body;
    if (forceRequested(body)) {
      return restError(c, 501, 'rest_trash_not_supported', 'Posts are not deleted for good here: send the request without force to take the post down.');
    }
    try {
      await takeDownPostFromRest(db, user, id, now());
      return await sendPost(c, user, id, 200);
    } catch (error) {
      if (error instanceof RestWriteRefused) return restError(c, 403, 'rest_cannot_delete', 'Sorry, you are not allowed to delete this post.');
      return postFailure(c, error);
    }
  });

  /** A moderator's change of a comment's status: the admin's moderation, logged the same way. */
  const moderate = (fromMethod: 'update' | 'delete') => async (c: Context<AppEnv>) => {
    const user = c.get('restUser');
    if (!user || !can(user, 'moderate_comments')) {
      return restError(
        c,
        refusalStatus(c),
        fromMethod === 'delete' ? 'rest_cannot_delete' : 'rest_cannot_edit',
        'Sorry, you are not allowed to edit this comment.',
      );
    }
    const id = rowId(c);
    if (id === undefined) return restError(c, 404, 'rest_comment_invalid_id', 'Invalid comment ID.');
    const body = await readRestBody(c);
    if (body instanceof Response) return body;
    const parsed = parseBody(c, CommentModerationBody, body);
    if (parsed instanceof Response) return parsed;
    const action = fromMethod === 'delete' ? 'trash' : parsed.status === undefined ? undefined : COMMENT_STATUS_ACTIONS[parsed.status];
    const edits = fromMethod === 'update' && [parsed.content, parsed.author_name, parsed.author_email, parsed.author_url].some((v) => v !== undefined);
    try {
      if (edits) {
        // A moderator's correction, checked field by field as the reply form and the admin's edit form check it.
        const { comment } = await getCommentForModeration(db, id);
        const form = parseCommentForm({
          comment: parsed.content ?? comment.body,
          author: parsed.author_name ?? comment.authorName,
          email: parsed.author_email ?? comment.authorEmail,
          url: parsed.author_url ?? comment.authorUrl ?? '',
        });
        if (!form.ok) return invalidComment(c, form.errors);
        const { body: text, authorName, authorEmail, authorUrl } = form.submission;
        await editComment(db, id, { body: text, authorName, authorEmail, authorUrl }, `user:${user.id}`, now());
      }
      if (action) await moderateComment(db, id, action, `user:${user.id}`, now());
      const found = await getCommentForModeration(db, id);
      return c.json(presentModeratedComment(originForLinks(c, deps), found.comment, found.postPermalink, (await loadSiteSettings(db)).timezone));
    } catch (error) {
      if (error instanceof DomainError && error.code === 'not_found') return restError(c, 404, 'rest_comment_invalid_id', 'Invalid comment ID.');
      throw error;
    }
  };
  app.on(['POST', 'PUT', 'PATCH'], both(`${v2}/comments/:id{[0-9]+}`), moderate('update'));

  /**
   * A reader's comment, as the reply form sends one: the same checks of each field, then the
   * same submitComment, so moderation, flood, duplicate and spam rules are the form's. There is
   * no form here, so no time stamp: the spam score counts it missing, as for a script posting
   * the form directly.
   */
  app.on('POST', both(`${v2}/comments`), async (c) => {
    const body = await readRestBody(c);
    if (body instanceof Response) return body;
    const parsed = parseBody(c, CommentBody, body);
    if (parsed instanceof Response) return parsed;
    if (parsed.post === undefined)
      return restError(c, 400, 'rest_comment_invalid_post_id', 'Sorry, you are not allowed to create this comment without a post.');
    const post = await findPostForRest(db, parsed.post, now());
    if (!post) return restError(c, 404, 'rest_post_invalid_id', 'Invalid post ID.');
    // Someone signed in with an application password comments as their account, as the site's own form would name them.
    const user = c.get('restUser');
    const form = parseCommentForm({
      comment: parsed.content ?? '',
      author: user ? user.displayName : (parsed.author_name ?? ''),
      email: user ? user.email : (parsed.author_email ?? ''),
      url: parsed.author_url ?? '',
      comment_parent: String(parsed.parent ?? 0),
    });
    if (!form.ok) return invalidComment(c, form.errors);
    const settings = await loadSiteSettings(db);
    const permalink = { ...localDateOf(post.publishedAt, settings.timezone), slug: post.slug };
    try {
      const result = await submitComment(db, permalink, form.submission, {
        ip: clientAddress(c, deps.trustedProxies),
        userAgent: c.req.header('user-agent')?.slice(0, 500) ?? null,
        now: now(),
        timeZone: settings.timezone,
        rules: settings.discussion,
        pace: deps.commentPace ?? DEFAULT_COMMENT_PACE,
        honeypot: '',
        formToken: { state: 'missing' },
        postedFormToken: undefined,
      });
      deps.logger.info('comment submitted', {
        requestId: c.get('requestId'),
        commentId: result.id,
        status: result.status,
        reasons: result.reasons,
        via: 'rest',
      });
      const found = await getCommentForModeration(db, result.id);
      const {
        author_email: _,
        author_ip: __,
        author_user_agent: ___,
        ...shown
      } = presentModeratedComment(originForLinks(c, deps), found.comment, found.postPermalink, settings.timezone);
      // Held or not, the commenter sees what they sent; only moderators see emails and addresses.
      return c.json(shown, 201);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error instanceof RateLimitedError) {
        c.header('Retry-After', String(Math.ceil(error.retryAfterMs / 1000)));
        return restError(c, 429, 'comment_flood', error.message);
      }
      if (error.code === 'not_found') return restError(c, 404, 'rest_post_invalid_id', 'Invalid post ID.');
      if (error.code === 'conflict') return restError(c, 409, 'comment_duplicate', error.message);
      if (error.code === 'forbidden') return restError(c, 403, 'rest_comment_closed', 'Sorry, comments are closed for this item.');
      return restError(c, 400, 'rest_invalid_param', error.message, {
        params: Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [COMMENT_FORM_NAMES[k] ?? k, v])),
      });
    }
  });
  app.on('DELETE', both(`${v2}/comments/:id{[0-9]+}`), moderate('delete'));
}

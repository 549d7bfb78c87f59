import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { commentPagePath, commentsAreOpen, findInThread } from '../../domain/comments.ts';
import { DEFAULT_COMMENT_PACE } from '../../domain/comment-pace.ts';
import { DomainError, RateLimitedError } from '../../domain/errors.ts';
import { commentsOf, POST_PAGES, postKey } from '../../domain/page-keys.ts';
import type { Permalink } from '../../domain/posts.ts';
import { submitComment } from '../../services/comments.ts';
import { checkFormToken, issueFormToken } from '../../services/form-tokens.ts';
import { findCommentPage, getArticle, type CommentPageWanted } from '../../services/posts.ts';
import { EMPTY_COMMENT_FORM, type CommentFormValues } from '../../views/components/comment-form.tsx';
import { PostPage } from '../../views/pages/post-page.tsx';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { clientAddress } from '../client-address.ts';
import { RETRY_AFTER_SECONDS, STATUS_OF_DOMAIN_ERROR } from '../errors.tsx';
import { limitBody, readFormFields } from '../forms/form-body.ts';
import { parseCommentForm, type CommentFormResult } from '../forms/comment-form.ts';
import { parsePageNumber, parsePermalink, parseId } from '../forms/route-params.ts';
import { pageChrome, renderPage } from '../render.ts';
import { readerMessages } from '../reader-messages.ts';
import { originForLinks } from '../site-origin.ts';
import { readCommenterCookie, rememberCommenter } from '../commenter-cookie.ts';
import { redirectLegacy } from './legacy.ts';
import { notFound } from './not-found.tsx';

/** Largest reply form accepted: WordPress's 64 KiB comment plus the other fields. */
export const MAX_COMMENT_BODY_BYTES = 64 * 1024;

const PERMALINK = '/:year{[0-9]{4}}/:month{[0-9]{2}}/:day{[0-9]{2}}/:slug';

interface FormState {
  values: CommentFormValues;
  errors: Record<string, string>;
  replyToId: number | undefined;
  notice: 'held' | 'published' | null;
}

/**
 * The article with a page of its comments: the one asked for, else the one holding the comment
 * the form replies to (so that a reply form, or a form sent back with mistakes, is beside it),
 * else the first.
 */
async function renderArticle(
  c: Context<AppEnv>,
  deps: AppDeps,
  permalink: Permalink,
  form: FormState,
  status: ContentfulStatusCode = 200,
  commentPage?: number,
): Promise<Response> {
  const at = (deps.now ?? (() => new Date()))();
  const wanted: CommentPageWanted = commentPage !== undefined ? { page: commentPage } : form.replyToId !== undefined ? { pageOf: form.replyToId } : { page: 1 };
  // The settings first: the permalink's date is a day in the site's time zone.
  const chrome = await pageChrome(deps);
  const [article, formToken] = await Promise.all([
    getArticle(deps.database.db, permalink, at, chrome.settings.timezone, wanted),
    issueFormToken(deps.database.db, at),
  ]);
  if (article.kind === 'moved') {
    // An address the site had before it moved from WordPress names its own post, which may not be this slug's.
    const legacy = commentPage === undefined ? await redirectLegacy(c, deps) : undefined;
    return legacy ?? c.redirect(commentPagePath(article.location, commentPage ?? 1), 301);
  }
  // Its own post and comments, and every post its Latest Posts and related posts name.
  const shown = [article.post, ...article.latest, ...article.related].map((p) => postKey(p.id));
  c.set('pageKeys', [POST_PAGES, commentsOf(article.post.id), ...new Set(shown)]);
  const { discussion } = chrome.settings;
  const replyNode = form.replyToId === undefined ? undefined : findInThread(article.comments.threads, form.replyToId);
  const replyTo = replyNode && replyNode.depth < discussion.threadDepth ? { id: replyNode.comment.id, authorName: replyNode.comment.authorName } : null;
  return renderPage(
    c,
    <PostPage
      {...chrome}
      post={article.post}
      latest={article.latest}
      related={article.related}
      origin={originForLinks(c, deps)}
      comments={article.comments}
      commentsOpen={commentsAreOpen(article.post, discussion, chrome.now)}
      threadDepth={discussion.threadDepth}
      form={{ values: form.values, errors: readerMessages(form.errors, chrome.i18n), replyTo, notice: form.notice, formToken }}
    />,
    status,
  );
}

/**
 * The reply could not be written (another process held the database's write lock past the busy
 * timeout, or the database is out of reach): the reader gets the article back with their text in
 * the form, to send again. If even the article cannot be read, the error page says to try again.
 */
async function commentNotSaved(
  c: Context<AppEnv>,
  deps: AppDeps,
  permalink: Permalink,
  form: Extract<CommentFormResult, { ok: true }>,
  cause: unknown,
): Promise<Response> {
  deps.logger.warn('comment not saved: database unavailable', { requestId: c.get('requestId'), error: cause instanceof Error ? cause.message : String(cause) });
  const errors = {
    form: 'Your comment could not be saved just now because the site is busy. Your text is still in the form below: please send it again in a few seconds.',
  };
  c.header('Retry-After', String(RETRY_AFTER_SECONDS));
  try {
    return await renderArticle(c, deps, permalink, { values: form.values, errors, replyToId: form.submission.parentId ?? undefined, notice: null }, 503);
  } catch {
    throw cause;
  }
}

export function postRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const now = deps.now ?? (() => new Date());

  const showArticle = (c: Context<AppEnv>, commentPage: number | undefined) => {
    const permalink = parsePermalink(c.req.param());
    if (!permalink) return notFound(c, deps);
    const notice = c.req.query('comment');
    // A reader who asked to be remembered gets the form filled in: a page of their own, never shared.
    const remembered = readCommenterCookie(c);
    if (remembered) c.set('pageUnshared', true);
    return renderArticle(
      c,
      deps,
      permalink,
      {
        values: remembered ? { ...EMPTY_COMMENT_FORM, ...remembered, remember: true } : EMPTY_COMMENT_FORM,
        errors: {},
        replyToId: parseId(c.req.query('replytocom')),
        notice: notice === 'held' || notice === 'published' ? notice : null,
      },
      200,
      commentPage,
    );
  };

  app.get(`${PERMALINK}/`, (c) => showArticle(c, undefined));

  // WordPress's address for later pages of a busy article's comments; the first is the article.
  app.get(`${PERMALINK}/:commentPage{comment-page-[0-9]+}/`, (c) => {
    const page = parsePageNumber(c.req.param('commentPage').slice('comment-page-'.length));
    if (page === undefined) return notFound(c, deps);
    if (page === 1) return c.redirect(new URL('../', new URL(c.req.url)).pathname, 301);
    return showArticle(c, page);
  });

  app.post(
    `${PERMALINK}/comments`,
    limitBody(
      MAX_COMMENT_BODY_BYTES,
      () =>
        new HTTPException(413, {
          message: `Your comment is too long to send: a reply can be at most ${MAX_COMMENT_BODY_BYTES / 1024} KB. Go back to shorten it; your text is still in the form.`,
        }),
    ),
    async (c) => {
      const permalink = parsePermalink(c.req.param());
      if (!permalink) return notFound(c, deps);
      const fields = await readFormFields(c);
      const chrome = await pageChrome(deps);
      const form = parseCommentForm(fields, chrome.i18n);
      if (!form.ok) {
        return renderArticle(c, deps, permalink, { values: form.values, errors: form.errors, replyToId: form.parentId ?? undefined, notice: null }, 422);
      }
      const { settings } = chrome;
      let stored = false;
      try {
        const result = await submitComment(deps.database.db, permalink, form.submission, {
          ip: clientAddress(c, deps.trustedProxies),
          userAgent: c.req.header('user-agent')?.slice(0, 500) ?? null,
          now: now(),
          rules: settings.discussion,
          timeZone: settings.timezone,
          pace: deps.commentPace ?? DEFAULT_COMMENT_PACE,
          honeypot: fields.homepage ?? '',
          formToken: await checkFormToken(deps.database.db, fields.form_token, now()),
          postedFormToken: fields.form_token,
          mail: { origin: originForLinks(c, deps) },
        });
        stored = true;
        deps.mail?.wake();
        const { authorName, authorEmail, authorUrl } = form.submission;
        rememberCommenter(
          c,
          form.values.remember,
          { author: authorName, email: authorEmail, url: authorUrl ?? '' },
          originForLinks(c, deps).startsWith('https:'),
        );
        deps.logger.info(result.repeat ? 'comment sent again' : 'comment submitted', {
          requestId: c.get('requestId'),
          commentId: result.id,
          status: result.status,
          reasons: result.reasons,
        });
        if (result.status !== 'approved') return c.redirect(`${result.postPermalink}?comment=held#respond`, 303);
        const page = await findCommentPage(deps.database.db, result.postId, result.id);
        return c.redirect(`${commentPagePath(result.postPermalink, page)}?comment=published#comment-${result.id}`, 303);
      } catch (error) {
        if (!stored && deps.database.isUnavailable(error)) return commentNotSaved(c, deps, permalink, form, error);
        if (!(error instanceof DomainError) || error.code === 'not_found') throw error;
        if (error instanceof RateLimitedError) c.header('Retry-After', String(Math.ceil(error.retryAfterMs / 1000)));
        const errors = Object.keys(error.fields).length > 0 ? { ...error.fields } : { form: error.message };
        return renderArticle(
          c,
          deps,
          permalink,
          { values: form.values, errors, replyToId: form.submission.parentId ?? undefined, notice: null },
          STATUS_OF_DOMAIN_ERROR[error.code],
        );
      }
    },
  );
  return app;
}

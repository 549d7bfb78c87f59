import { Hono, type Context } from 'hono';
import { COMMENT_STATUSES, isModerationAction, type CommentStatus, type ModerationAction } from '../../domain/comments.ts';
import { DomainError, NotFoundError } from '../../domain/errors.ts';
import { editComment, getCommentForModeration, loadModerationQueue, moderateComment, moderateComments, replyAsSite } from '../../services/comments.ts';
import { loadSiteSettings } from '../../services/settings.ts';
import { CommentPage, type CommentPageProps } from '../../views/admin/comment-page.tsx';
import { CommentsPage, queuePath } from '../../views/admin/comments-page.tsx';
import type { AppDeps } from '../app-env.ts';
import { STATUS_OF_DOMAIN_ERROR } from '../errors.tsx';
import { CommentFormSchema, parseCommentForm } from '../forms/comment-form.ts';
import { parsePageNumber, parseId } from '../forms/route-params.ts';
import { renderPage } from '../render.ts';
import { originForLinks } from '../site-origin.ts';
import type { AdminEnv } from './admin-env.ts';
import { adminMessages, moderationReason } from './admin-messages.ts';
import { adminChrome, requireAction } from './guard.tsx';
import type { MessageKey, Messages } from '../../i18n/messages.ts';

/** What the notice after an action says, by the action's name in the redirect; each takes the number of comments. */
const DONE: Readonly<Record<ModerationAction | 'reply' | 'edit', MessageKey>> = {
  approve: 'admin.comments.done.approve',
  unapprove: 'admin.comments.done.unapprove',
  spam: 'admin.comments.done.spam',
  not_spam: 'admin.comments.done.not_spam',
  trash: 'admin.comments.done.trash',
  restore: 'admin.comments.done.restore',
  reply: 'admin.comments.done.reply',
  edit: 'admin.comments.done.edit',
};

function parseStatus(value: string | undefined): CommentStatus {
  return COMMENT_STATUSES.find((s) => s === value) ?? 'pending';
}

function noticeFrom(i18n: Messages, done: string | undefined, count: string | undefined): string | null {
  if (done === undefined || !Object.hasOwn(DONE, done)) return null;
  const n = Number(count ?? '1');
  return i18n.t(DONE[done as keyof typeof DONE], { count: Number.isSafeInteger(n) && n >= 0 ? n : 1 });
}

/** The queue tab to return to, with the notice of what was done: Post/Redirect/Get. */
function backToQueue(c: Context<AdminEnv>, status: CommentStatus, done: keyof typeof DONE, count = 1) {
  return c.redirect(`${queuePath(status)}&done=${done}&count=${count}`, 303);
}

function commentId(c: Context<AdminEnv>): number {
  const id = parseId(c.req.param('id'));
  if (id === undefined) throw new NotFoundError('Comment');
  return id;
}

/** The moderation queue at /admin/comments/, for editors and above. */
export function commentRoutes(deps: AppDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const db = deps.database.db;
  const now = deps.now ?? (() => new Date());
  const actorOf = (c: Context<AdminEnv>) => `user:${requireAction(c, 'moderate_comments').user.id}`;

  app.get('/admin/comments/', async (c) => {
    requireAction(c, 'moderate_comments');
    const page = parsePageNumber(c.req.query('page'));
    if (page === undefined) throw new NotFoundError('Page');
    const queue = await loadModerationQueue(db, parseStatus(c.req.query('status')), page);
    const chrome = await adminChrome(deps, c);
    const comments = queue.comments.map((item) => ({ ...item, heldBecause: item.heldBecause && moderationReason(item.heldBecause, chrome.i18n) }));
    return renderPage(
      c,
      <CommentsPage {...chrome} {...queue} comments={comments} notice={noticeFrom(chrome.i18n, c.req.query('done'), c.req.query('count'))} />,
    );
  });

  app.post('/admin/comments/bulk/', async (c) => {
    const actor = actorOf(c);
    const form = c.get('form');
    const status = parseStatus(form.status);
    const ids = Object.keys(form)
      .map((name) => /^comment-(\d{1,15})$/.exec(name)?.[1])
      .filter((id): id is string => id !== undefined)
      .map(Number);
    if (!isModerationAction(form.action) || ids.length === 0) {
      throw new DomainError('invalid', 'Choose a bulk action and at least one comment, then press Apply. Go back to try again.');
    }
    const changed = await moderateComments(db, ids, form.action, actor, now(), { origin: originForLinks(c, deps) });
    deps.mail?.wake();
    return backToQueue(c, status, form.action, changed);
  });

  const commentPage = async (c: Context<AdminEnv>, id: number, extra: Partial<CommentPageProps> = {}, status: 200 | 403 | 404 | 409 | 422 = 200) => {
    const item = await getCommentForModeration(db, id);
    const chrome = await adminChrome(deps, c);
    const { comment } = item;
    return renderPage(
      c,
      <CommentPage
        {...chrome}
        item={{ ...item, heldBecause: item.heldBecause && moderationReason(item.heldBecause, chrome.i18n) }}
        returnTo={parseStatus(c.req.method === 'POST' ? c.get('form').status : c.req.query('status'))}
        {...extra}
        reply={{ text: extra.reply?.text ?? '', errors: adminMessages(extra.reply?.errors ?? {}, chrome.i18n) }}
        edit={
          extra.edit
            ? { values: extra.edit.values, errors: adminMessages(extra.edit.errors, chrome.i18n) }
            : { values: { comment: comment.body, author: comment.authorName, email: comment.authorEmail, url: comment.authorUrl ?? '' }, errors: {} }
        }
      />,
      status,
    );
  };

  app.get('/admin/comments/:id/', (c) => {
    requireAction(c, 'moderate_comments');
    return commentPage(c, commentId(c));
  });

  app.post('/admin/comments/:id/reply/', async (c) => {
    const session = requireAction(c, 'moderate_comments');
    const id = commentId(c);
    const form = c.get('form');
    const text = form.reply ?? '';
    const parsed = CommentFormSchema.shape.comment.safeParse(text);
    if (!parsed.success) {
      return commentPage(c, id, { reply: { text, errors: { 'reply-text': parsed.error.issues[0]?.message ?? 'Please type your comment.' } } }, 422);
    }
    const settings = await loadSiteSettings(db);
    try {
      await replyAsSite(
        db,
        id,
        parsed.data,
        { displayName: session.user.displayName, email: session.user.email, actor: `user:${session.user.id}` },
        settings.discussion,
        now(),
        { origin: originForLinks(c, deps) },
      );
      deps.mail?.wake();
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === 'not_found') throw error;
      return commentPage(c, id, { reply: { text, errors: { 'reply-text': error.message } } }, STATUS_OF_DOMAIN_ERROR[error.code] as 403 | 409 | 422);
    }
    return backToQueue(c, parseStatus(form.status), 'reply');
  });

  app.post('/admin/comments/:id/edit/', async (c) => {
    const actor = actorOf(c);
    const id = commentId(c);
    const form = c.get('form');
    const { i18n } = await adminChrome(deps, c);
    const parsed = parseCommentForm({ comment: form.comment ?? '', author: form.author ?? '', email: form.email ?? '', url: form.url ?? '' }, i18n);
    if (!parsed.ok) return commentPage(c, id, { edit: { values: parsed.values, errors: parsed.errors } }, 422);
    const { body, authorName, authorEmail, authorUrl } = parsed.submission;
    await editComment(db, id, { body, authorName, authorEmail, authorUrl }, actor, now());
    return backToQueue(c, parseStatus(form.status), 'edit');
  });

  app.post('/admin/comments/:id/:action/', async (c) => {
    const actor = actorOf(c);
    const id = commentId(c);
    const action = c.req.param('action');
    if (!isModerationAction(action)) throw new NotFoundError('Action');
    await moderateComment(db, id, action, actor, now(), { origin: originForLinks(c, deps) });
    deps.mail?.wake();
    return backToQueue(c, parseStatus(c.get('form').status), action);
  });

  return app;
}

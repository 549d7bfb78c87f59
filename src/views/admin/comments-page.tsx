import { renderCommentText } from '../../content/comment-text.ts';
import { COMMENT_STATUSES, type Comment, type CommentStatus, type ModerationAction } from '../../domain/comments.ts';
import { SafeHtmlBlock } from '../components/safe-html.tsx';
import type { Messages } from '../../i18n/messages.ts';
import type { PageLocale } from '../format.ts';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';

/** A comment as a moderator sees it in the queue. */
export interface QueueItem {
  comment: Comment;
  post: { title: string };
  /** The article's address; null when the post is no longer published. */
  postPermalink: string | null;
  /** Why it was held or sent to spam when it was submitted. */
  heldBecause: string | null;
}

export interface CommentsPageProps extends AdminChrome {
  status: CommentStatus;
  counts: Readonly<Record<CommentStatus, number>>;
  comments: readonly QueueItem[];
  page: number;
  hasMore: boolean;
  notice: string | null;
}

/** A tab's name, "Pending", and a comment's state as a moderator reads it. */
export function statusName(i18n: Messages, status: CommentStatus): string {
  return i18n.t(`admin.comments.status.${status}`);
}

export function actionName(i18n: Messages, action: ModerationAction): string {
  return i18n.t(`admin.comments.action.${action}`);
}

/** The actions WordPress offers on a comment in each state. */
export const ACTIONS_FOR: Record<CommentStatus, readonly ModerationAction[]> = {
  pending: ['approve', 'spam', 'trash'],
  approved: ['unapprove', 'spam', 'trash'],
  spam: ['not_spam', 'trash'],
  trash: ['restore', 'spam'],
};

/** The post a comment is on: a link while it is published. */
export function PostLink({ item }: { item: QueueItem }) {
  return item.postPermalink ? (
    <a href={`${item.postPermalink}#comments-heading`} dir="auto">
      {item.post.title}
    </a>
  ) : (
    <bdi>{item.post.title}</bdi>
  );
}

export function queuePath(status: CommentStatus, page = 1): string {
  return `/admin/comments/?status=${status}${page > 1 ? `&page=${page}` : ''}`;
}

/** Who wrote a comment and from where: everything a moderator needs to judge it. */
export function CommentAuthorDetails({ comment, i18n }: { comment: Comment; i18n: Messages }) {
  return (
    <div class="moderation-author">
      <strong>
        <bdi>{comment.authorName}</bdi>
      </strong>
      <span>
        <a href={`mailto:${comment.authorEmail}`}>{comment.authorEmail}</a>
      </span>
      {comment.authorUrl ? (
        <span>
          <a href={comment.authorUrl} rel="nofollow ugc noopener noreferrer">
            {comment.authorUrl}
          </a>
        </span>
      ) : (
        ''
      )}
      {comment.authorIp ? <span>{i18n.t('admin.comments.ip', { address: comment.authorIp })}</span> : ''}
    </div>
  );
}

function QueueRow({ item, status, i18n }: { item: QueueItem; status: CommentStatus; i18n: PageLocale }) {
  const c = item.comment;
  const { t } = i18n;
  const who = { id: c.id, name: c.authorName };
  const canReply = c.status === 'pending' || c.status === 'approved';
  return (
    <tr id={`comment-${c.id}`}>
      <td class="moderation-select">
        <input type="checkbox" id={`select-${c.id}`} name={`comment-${c.id}`} value={String(c.id)} />
        <label for={`select-${c.id}`} class="visually-hidden">
          {t('admin.comments.select', who)}
        </label>
      </td>
      <td>
        <CommentAuthorDetails comment={c} i18n={i18n} />
      </td>
      <td class="moderation-comment">
        <p class="moderation-meta">
          {i18n.rich('admin.comments.meta', {
            date: <time datetime={c.createdAt.toISOString()}>{i18n.dateTime(c.createdAt)}</time>,
            post: <PostLink item={item} />,
          })}
          {c.parentId !== null ? <> · {t('admin.comments.inReplyTo', { id: c.parentId })}</> : ''}
        </p>
        {item.heldBecause ? <p class="moderation-reason">{t('admin.comments.heldBecause', { reason: item.heldBecause })}</p> : ''}
        <SafeHtmlBlock class="moderation-text" html={renderCommentText(c.body)} />
        <div class="moderation-actions">
          {ACTIONS_FOR[status].map((action) => (
            <button type="submit" formaction={`/admin/comments/${c.id}/${action}/`} class={`action-${action}`}>
              {actionName(i18n, action)}
              <span class="visually-hidden"> {t('admin.comments.whichComment', who)}</span>
            </button>
          ))}
          {canReply ? (
            <a href={`/admin/comments/${c.id}/?status=${status}#reply`}>
              {t('admin.comments.reply')}
              <span class="visually-hidden"> {t('admin.comments.whichComment', who)}</span>
            </a>
          ) : (
            ''
          )}
          <a href={`/admin/comments/${c.id}/?status=${status}#edit`}>
            {t('admin.comments.edit')}
            <span class="visually-hidden"> {t('admin.comments.whichComment', who)}</span>
          </a>
        </div>
      </td>
    </tr>
  );
}

/** The moderation queue: one tab per status, each comment with its actions, and bulk actions that work without JavaScript. */
export function CommentsPage(props: CommentsPageProps) {
  const { status, i18n } = props;
  const { t } = i18n;
  return (
    <AdminLayout {...props} title={t('admin.comments.title')} section="comments">
      <nav class="moderation-tabs" aria-label={t('admin.comments.tabs')}>
        <ul>
          {COMMENT_STATUSES.map((s) => (
            <li>
              <a href={queuePath(s)} aria-current={s === status ? 'page' : undefined}>
                {statusName(i18n, s)} <span class="count">({props.counts[s]})</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {props.comments.length === 0 ? (
        <p>{t(`admin.comments.empty.${status}`)}</p>
      ) : (
        <form method="post" action="/admin/comments/bulk/" class="moderation-form">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="status" value={status} />
          <p class="bulk-actions">
            <label for="bulk-action">{t('admin.comments.bulkAction')}</label>
            <select id="bulk-action" name="action">
              <option value="">{t('admin.comments.chooseAction')}</option>
              {ACTIONS_FOR[status].map((a) => (
                <option value={a}>{actionName(i18n, a)}</option>
              ))}
            </select>
            <button type="submit">{t('admin.comments.apply')}</button>
          </p>
          <table class="admin-table moderation-table">
            <caption class="visually-hidden">{t('admin.comments.caption', { status: statusName(i18n, status) })}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span class="visually-hidden">{t('admin.comments.selectColumn')}</span>
                </th>
                <th scope="col">{t('admin.comments.author')}</th>
                <th scope="col">{t('admin.comments.comment')}</th>
              </tr>
            </thead>
            <tbody>
              {props.comments.map((item) => (
                <QueueRow item={item} status={status} i18n={i18n} />
              ))}
            </tbody>
          </table>
        </form>
      )}
      {props.page > 1 || props.hasMore ? (
        <nav class="moderation-pages" aria-label={t('admin.comments.more')}>
          {props.page > 1 ? <a href={queuePath(status, props.page - 1)}>{t('admin.comments.newer')}</a> : ''}
          {props.hasMore ? <a href={queuePath(status, props.page + 1)}>{t('admin.comments.older')}</a> : ''}
        </nav>
      ) : (
        ''
      )}
    </AdminLayout>
  );
}

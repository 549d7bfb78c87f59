import { renderCommentText } from '../../content/comment-text.ts';
import { COMMENT_STATUSES, type Comment, type CommentStatus, type ModerationAction } from '../../domain/comments.ts';
import { SafeHtmlBlock } from '../components/safe-html.tsx';
import { formatDateTime } from '../format.ts';
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

export const STATUS_TABS: Record<CommentStatus, string> = { pending: 'Pending', approved: 'Approved', spam: 'Spam', trash: 'Trash' };

export const ACTION_NAMES: Record<ModerationAction, string> = {
  approve: 'Approve',
  unapprove: 'Unapprove',
  spam: 'Spam',
  not_spam: 'Not spam',
  trash: 'Trash',
  restore: 'Restore',
};

/** The actions WordPress offers on a comment in each state. */
export const ACTIONS_FOR: Record<CommentStatus, readonly ModerationAction[]> = {
  pending: ['approve', 'spam', 'trash'],
  approved: ['unapprove', 'spam', 'trash'],
  spam: ['not_spam', 'trash'],
  trash: ['restore', 'spam'],
};

export function queuePath(status: CommentStatus, page = 1): string {
  return `/admin/comments/?status=${status}${page > 1 ? `&page=${page}` : ''}`;
}

/** Who wrote a comment and from where: everything a moderator needs to judge it. */
export function CommentAuthorDetails({ comment }: { comment: Comment }) {
  return (
    <div class="moderation-author">
      <strong>{comment.authorName}</strong>
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
      {comment.authorIp ? <span>IP {comment.authorIp}</span> : ''}
    </div>
  );
}

function QueueRow({ item, status }: { item: QueueItem; status: CommentStatus }) {
  const c = item.comment;
  const who = `comment ${c.id} by ${c.authorName}`;
  const canReply = c.status === 'pending' || c.status === 'approved';
  return (
    <tr id={`comment-${c.id}`}>
      <td class="moderation-select">
        <input type="checkbox" id={`select-${c.id}`} name={`comment-${c.id}`} value={String(c.id)} />
        <label for={`select-${c.id}`} class="visually-hidden">
          Select {who}
        </label>
      </td>
      <td>
        <CommentAuthorDetails comment={c} />
      </td>
      <td class="moderation-comment">
        <p class="moderation-meta">
          <time datetime={c.createdAt.toISOString()}>{formatDateTime(c.createdAt)}</time>
          {' · on '}
          {item.postPermalink ? <a href={`${item.postPermalink}#comments-heading`}>{item.post.title}</a> : item.post.title}
          {c.parentId !== null ? <> · in reply to comment {c.parentId}</> : ''}
        </p>
        {item.heldBecause ? <p class="moderation-reason">Why it was held: {item.heldBecause}</p> : ''}
        <SafeHtmlBlock class="moderation-text" html={renderCommentText(c.body)} />
        <div class="moderation-actions">
          {ACTIONS_FOR[status].map((action) => (
            <button type="submit" formaction={`/admin/comments/${c.id}/${action}/`} class={`action-${action}`}>
              {ACTION_NAMES[action]}
              <span class="visually-hidden"> {who}</span>
            </button>
          ))}
          {canReply ? (
            <a href={`/admin/comments/${c.id}/?status=${status}#reply`}>
              Reply<span class="visually-hidden"> to {who}</span>
            </a>
          ) : (
            ''
          )}
          <a href={`/admin/comments/${c.id}/?status=${status}#edit`}>
            Edit<span class="visually-hidden"> {who}</span>
          </a>
        </div>
      </td>
    </tr>
  );
}

/** The moderation queue: one tab per status, each comment with its actions, and bulk actions that work without JavaScript. */
export function CommentsPage(props: CommentsPageProps) {
  const { status } = props;
  return (
    <AdminLayout {...props} title="Comments" section="comments">
      <nav class="moderation-tabs" aria-label="Comments by status">
        <ul>
          {COMMENT_STATUSES.map((s) => (
            <li>
              <a href={queuePath(s)} aria-current={s === status ? 'page' : undefined}>
                {STATUS_TABS[s]} <span class="count">({props.counts[s]})</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {props.comments.length === 0 ? (
        <p>{status === 'pending' ? 'No comments are awaiting moderation.' : `No comments in ${STATUS_TABS[status].toLowerCase()}.`}</p>
      ) : (
        <form method="post" action="/admin/comments/bulk/" class="moderation-form">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="status" value={status} />
          <p class="bulk-actions">
            <label for="bulk-action">Bulk action</label>
            <select id="bulk-action" name="action">
              <option value="">Choose an action</option>
              {ACTIONS_FOR[status].map((a) => (
                <option value={a}>{ACTION_NAMES[a]}</option>
              ))}
            </select>
            <button type="submit">Apply</button>
          </p>
          <table class="admin-table moderation-table">
            <caption class="visually-hidden">{STATUS_TABS[status]} comments, newest first</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span class="visually-hidden">Select</span>
                </th>
                <th scope="col">Author</th>
                <th scope="col">Comment</th>
              </tr>
            </thead>
            <tbody>
              {props.comments.map((item) => (
                <QueueRow item={item} status={status} />
              ))}
            </tbody>
          </table>
        </form>
      )}
      {props.page > 1 || props.hasMore ? (
        <nav class="moderation-pages" aria-label="More comments">
          {props.page > 1 ? <a href={queuePath(status, props.page - 1)}>Newer comments</a> : ''}
          {props.hasMore ? <a href={queuePath(status, props.page + 1)}>Older comments</a> : ''}
        </nav>
      ) : (
        ''
      )}
    </AdminLayout>
  );
}

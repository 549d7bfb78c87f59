import { renderCommentText } from '../../content/comment-text.ts';
import type { CommentStatus } from '../../domain/comments.ts';
import { SafeHtmlBlock } from '../components/safe-html.tsx';
import { formatDateTime } from '../format.ts';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';
import { ACTION_NAMES, ACTIONS_FOR, CommentAuthorDetails, queuePath, STATUS_TABS, type QueueItem } from './comments-page.tsx';
import { ErrorSummary, Field, FieldError, type FieldErrors } from './fields.tsx';

export interface CommentEditValues {
  comment: string;
  author: string;
  email: string;
  url: string;
}

export interface CommentPageProps extends AdminChrome {
  item: QueueItem;
  /** The queue tab to return to. */
  returnTo: CommentStatus;
  reply: { text: string; errors: FieldErrors };
  edit: { values: CommentEditValues; errors: FieldErrors };
}

/** One comment: its actions, a reply as the site, and its text and author fields to correct. */
export function CommentPage(props: CommentPageProps) {
  const c = props.item.comment;
  const { reply, edit } = props;
  // A refused reply comes back with its text, whatever the comment's status, so nothing typed is lost.
  const canReply = c.status === 'pending' || c.status === 'approved' || reply.text !== '';
  return (
    <AdminLayout {...props} title={`Comment by ${c.authorName}`} section="comments">
      <p>
        <a href={queuePath(props.returnTo)}>Back to {STATUS_TABS[props.returnTo].toLowerCase()} comments</a>
      </p>
      <div class="moderation-single">
        <CommentAuthorDetails comment={c} />
        <p class="moderation-meta">
          {STATUS_TABS[c.status]} · <time datetime={c.createdAt.toISOString()}>{formatDateTime(c.createdAt)}</time>
          {' · on '}
          {props.item.postPermalink ? <a href={`${props.item.postPermalink}#comments-heading`}>{props.item.post.title}</a> : props.item.post.title}
        </p>
        {props.item.heldBecause ? <p class="moderation-reason">Why it was held: {props.item.heldBecause}</p> : ''}
        <SafeHtmlBlock class="moderation-text" html={renderCommentText(c.body)} />
        <form method="post" class="moderation-actions">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="status" value={props.returnTo} />
          {ACTIONS_FOR[c.status].map((action) => (
            <button type="submit" formaction={`/admin/comments/${c.id}/${action}/`}>
              {ACTION_NAMES[action]}
            </button>
          ))}
        </form>
      </div>
      {canReply ? (
        <section id="reply" aria-labelledby="reply-heading">
          <h2 id="reply-heading">Reply</h2>
          {c.status === 'pending' ? (
            <p class="field-hint">Replying approves this comment first, so that your reply does not answer something readers cannot see.</p>
          ) : (
            ''
          )}
          <ErrorSummary errors={reply.errors} />
          <form method="post" action={`/admin/comments/${c.id}/reply/`} class="admin-form">
            <CsrfField token={props.csrfToken} />
            <input type="hidden" name="status" value={props.returnTo} />
            <div class="field">
              <label for="reply-text">Your reply, published under your name</label>
              <textarea
                id="reply-text"
                name="reply"
                rows={6}
                required
                aria-invalid={reply.errors['reply-text'] ? 'true' : undefined}
                aria-describedby={reply.errors['reply-text'] ? 'reply-text-error' : undefined}
              >
                {reply.text}
              </textarea>
              <FieldError id="reply-text" message={reply.errors['reply-text']} />
            </div>
            <p>
              <button type="submit">{c.status === 'pending' ? 'Approve and reply' : 'Reply'}</button>
            </p>
          </form>
        </section>
      ) : (
        ''
      )}
      <section id="edit" aria-labelledby="edit-heading">
        <h2 id="edit-heading">Edit comment</h2>
        <ErrorSummary errors={edit.errors} />
        <form method="post" action={`/admin/comments/${c.id}/edit/`} class="admin-form">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="status" value={props.returnTo} />
          <div class="field">
            <label for="comment">Comment</label>
            <textarea
              id="comment"
              name="comment"
              rows={8}
              required
              aria-invalid={edit.errors.comment ? 'true' : undefined}
              aria-describedby={edit.errors.comment ? 'comment-error' : undefined}
            >
              {edit.values.comment}
            </textarea>
            <FieldError id="comment" message={edit.errors.comment} />
          </div>
          <Field name="author" label="Name" value={edit.values.author} errors={edit.errors} required maxlength={245} />
          <Field name="email" label="Email" type="email" value={edit.values.email} errors={edit.errors} required maxlength={100} />
          <Field name="url" label="Website" type="url" value={edit.values.url} errors={edit.errors} maxlength={200} />
          <p>
            <button type="submit">Save comment</button>
          </p>
        </form>
      </section>
    </AdminLayout>
  );
}

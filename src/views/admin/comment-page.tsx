import { renderCommentText } from '../../content/comment-text.ts';
import type { CommentStatus } from '../../domain/comments.ts';
import { SafeHtmlBlock } from '../components/safe-html.tsx';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';
import { actionName, ACTIONS_FOR, CommentAuthorDetails, PostLink, queuePath, statusName, type QueueItem } from './comments-page.tsx';
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
  const { i18n } = props;
  const { t } = i18n;
  return (
    <AdminLayout {...props} title={t('admin.comments.single.title', { name: c.authorName })} section="comments">
      <p>
        <a href={queuePath(props.returnTo)}>{t(`admin.comments.single.back.${props.returnTo}`)}</a>
      </p>
      <div class="moderation-single">
        <CommentAuthorDetails comment={c} i18n={i18n} />
        <p class="moderation-meta">
          {statusName(i18n, c.status)} ·{' '}
          {i18n.rich('admin.comments.meta', {
            date: <time datetime={c.createdAt.toISOString()}>{i18n.dateTime(c.createdAt)}</time>,
            post: <PostLink item={props.item} />,
          })}
        </p>
        {props.item.heldBecause ? <p class="moderation-reason">{t('admin.comments.heldBecause', { reason: props.item.heldBecause })}</p> : ''}
        <SafeHtmlBlock class="moderation-text" html={renderCommentText(c.body)} />
        <form method="post" class="moderation-actions">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="status" value={props.returnTo} />
          {ACTIONS_FOR[c.status].map((action) => (
            <button type="submit" formaction={`/admin/comments/${c.id}/${action}/`}>
              {actionName(i18n, action)}
            </button>
          ))}
        </form>
      </div>
      {canReply ? (
        <section id="reply" aria-labelledby="reply-heading">
          <h2 id="reply-heading">{t('admin.comments.reply')}</h2>
          {c.status === 'pending' ? <p class="field-hint">{t('admin.comments.single.replyApproves')}</p> : ''}
          <ErrorSummary errors={reply.errors} i18n={props.i18n} />
          <form method="post" action={`/admin/comments/${c.id}/reply/`} class="admin-form">
            <CsrfField token={props.csrfToken} />
            <input type="hidden" name="status" value={props.returnTo} />
            <div class="field">
              <label for="reply-text">{t('admin.comments.single.replyLabel')}</label>
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
              <button type="submit">{c.status === 'pending' ? t('admin.comments.single.approveAndReply') : t('admin.comments.reply')}</button>
            </p>
          </form>
        </section>
      ) : (
        ''
      )}
      <section id="edit" aria-labelledby="edit-heading">
        <h2 id="edit-heading">{t('admin.comments.single.editHeading')}</h2>
        <ErrorSummary errors={edit.errors} i18n={props.i18n} />
        <form method="post" action={`/admin/comments/${c.id}/edit/`} class="admin-form">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="status" value={props.returnTo} />
          <div class="field">
            <label for="comment">{t('admin.comments.comment')}</label>
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
          <Field name="author" label={t('admin.comments.single.name')} value={edit.values.author} errors={edit.errors} required maxlength={245} />
          <Field name="email" label={t('admin.comments.single.email')} type="email" value={edit.values.email} errors={edit.errors} required maxlength={100} />
          <Field name="url" label={t('admin.comments.single.website')} type="url" value={edit.values.url} errors={edit.errors} maxlength={200} />
          <p>
            <button type="submit">{t('admin.comments.single.save')}</button>
          </p>
        </form>
      </section>
    </AdminLayout>
  );
}

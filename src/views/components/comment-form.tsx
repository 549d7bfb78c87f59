export interface CommentFormValues {
  comment: string;
  author: string;
  email: string;
  url: string;
  /** Ticked WordPress's box to be remembered in this browser. */
  remember: boolean;
  /** Ticked "Notify me of follow-up comments by email". */
  subscribeComments: boolean;
  /** Ticked "Notify me of new posts by email". */
  subscribePosts: boolean;
}

export const EMPTY_COMMENT_FORM: CommentFormValues = {
  comment: '',
  author: '',
  email: '',
  url: '',
  remember: false,
  subscribeComments: false,
  subscribePosts: false,
};

/** Words of the subscription boxes, kept together for the message catalogue. */
const SUBSCRIBE_MESSAGES = {
  comments: 'Notify me of follow-up comments by email.',
  posts: 'Notify me of new posts by email.',
  note: 'We first send a message to confirm; nothing else is sent until you open its link, and every message has a link to stop them.',
} as const;

export interface CommentFormProps {
  action: string;
  permalink: string;
  values: CommentFormValues;
  /** Messages keyed by field name; "form" for one that concerns the whole submission. */
  errors: Readonly<Record<string, string>>;
  replyTo: { id: number; authorName: string } | null;
  /** What became of the reader's last comment, after the redirect that follows a submission. */
  notice: 'held' | 'published' | null;
  open: boolean;
  /** The signed time the form was made (services/form-tokens.ts), for the spam score. */
  formToken: string;
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p class="field-error" id={id}>
      {message}
    </p>
  ) : (
    ''
  );
}

const NOTICES = {
  held: 'Thank you. Your comment is awaiting moderation: it will appear here once a moderator approves it.',
  published: 'Thank you. Your comment has been published.',
} as const;

/** WordPress's reply form: the same fields, the same promises, and it works without JavaScript. */
export function CommentForm(props: CommentFormProps) {
  const { values, errors } = props;
  const fieldProps = (name: string) => (errors[name] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${name}-error` } : {});
  const errorCount = Object.keys(errors).length;
  return (
    <section id="respond" class="comment-respond" aria-labelledby="reply-title">
      {props.notice ? (
        <p class={`notice notice-${props.notice}`} role="status">
          {NOTICES[props.notice]}
        </p>
      ) : (
        ''
      )}
      <h2 id="reply-title">
        {props.replyTo ? <>Reply to {props.replyTo.authorName}</> : 'Leave a Reply'}
        {props.replyTo ? (
          <>
            {' '}
            <small>
              <a href={`${props.permalink}#respond`} rel="nofollow">
                Cancel reply
              </a>
            </small>
          </>
        ) : (
          ''
        )}
      </h2>
      {!props.open ? (
        <>
          <p>Comments are closed.</p>
          {values.comment ? (
            <p class="field">
              <label for="comment">Your comment was not posted; here is its text to keep</label>
              <textarea id="comment" rows={8} readonly>
                {values.comment}
              </textarea>
            </p>
          ) : (
            ''
          )}
        </>
      ) : (
        <form action={props.action} method="post" class="comment-form" novalidate>
          {errorCount > 0 ? (
            <div class="form-errors" role="alert" tabindex={-1} id="form-errors">
              <p>
                {errors.form ??
                  (errorCount === 1
                    ? 'Your comment was not posted: one field needs your attention.'
                    : `Your comment was not posted: ${errorCount} fields need your attention.`)}
              </p>
            </div>
          ) : (
            ''
          )}
          <p class="comment-notes">
            <span id="email-notes">Your email address will not be published.</span> Required fields are marked{' '}
            <span class="required" aria-hidden="true">
              *
            </span>
          </p>
          <div class="field field-comment">
            <label for="comment">
              Comment{' '}
              <span class="required" aria-hidden="true">
                *
              </span>
            </label>
            <textarea id="comment" name="comment" rows={8} maxlength={65525} required {...fieldProps('comment')}>
              {values.comment}
            </textarea>
            <FieldError id="comment-error" message={errors.comment} />
          </div>
          <div class="field">
            <label for="author">
              Name{' '}
              <span class="required" aria-hidden="true">
                *
              </span>
            </label>
            <input id="author" name="author" type="text" value={values.author} maxlength={245} autocomplete="name" required {...fieldProps('author')} />
            <FieldError id="author-error" message={errors.author} />
          </div>
          <div class="field">
            <label for="email">
              Email{' '}
              <span class="required" aria-hidden="true">
                *
              </span>
            </label>
            <input
              id="email"
              name="email"
              type="email"
              value={values.email}
              maxlength={100}
              autocomplete="email"
              required
              aria-describedby={errors.email ? 'email-error email-notes' : 'email-notes'}
              {...(errors.email ? { 'aria-invalid': 'true' } : {})}
            />
            <FieldError id="email-error" message={errors.email} />
          </div>
          <div class="field">
            <label for="url">Website</label>
            <input id="url" name="url" type="url" value={values.url} maxlength={200} autocomplete="url" {...fieldProps('url')} />
            <FieldError id="url-error" message={errors.url} />
          </div>
          <p class="comment-form-cookies-consent">
            <input id="wp-comment-cookies-consent" name="wp-comment-cookies-consent" type="checkbox" value="yes" checked={values.remember} />{' '}
            <label for="wp-comment-cookies-consent">Save my name, email, and website in this browser for the next time I comment.</label>
          </p>
          <div class="comment-subscriptions">
            <p class="comment-form-subscribe">
              <input
                id="subscribe_comments"
                name="subscribe_comments"
                type="checkbox"
                value="yes"
                checked={values.subscribeComments}
                aria-describedby="subscribe-notes"
              />{' '}
              <label for="subscribe_comments">{SUBSCRIBE_MESSAGES.comments}</label>
            </p>
            <p class="comment-form-subscribe">
              <input
                id="subscribe_posts"
                name="subscribe_posts"
                type="checkbox"
                value="yes"
                checked={values.subscribePosts}
                aria-describedby="subscribe-notes"
              />{' '}
              <label for="subscribe_posts">{SUBSCRIBE_MESSAGES.posts}</label>
            </p>
            <p class="comment-notes" id="subscribe-notes">
              {SUBSCRIBE_MESSAGES.note}
            </p>
          </div>
          <FieldError id="comment_parent-error" message={errors.comment_parent} />
          <input type="hidden" name="comment_parent" value={props.replyTo ? String(props.replyTo.id) : '0'} />
          <input type="hidden" name="form_token" value={props.formToken} />
          {/* A field people never see or reach (off screen, hidden from screen readers, out of the tab order); form-filling bots fill it. */}
          <div class="comment-form-trap" aria-hidden="true">
            <label for="homepage">Leave this field empty</label>
            <input id="homepage" name="homepage" type="text" value="" tabindex={-1} autocomplete="off" />
          </div>
          <p class="form-submit">
            <button type="submit">Post Comment</button>
          </p>
        </form>
      )}
    </section>
  );
}

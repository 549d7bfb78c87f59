import type { PageLocale } from '../format.ts';

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

export interface CommentFormProps {
  action: string;
  permalink: string;
  values: CommentFormValues;
  /** Messages keyed by field name, in the site's language; "form" for one that concerns the whole submission. */
  errors: Readonly<Record<string, string>>;
  replyTo: { id: number; authorName: string } | null;
  /** What became of the reader's last comment, after the redirect that follows a submission. */
  notice: 'held' | 'published' | null;
  open: boolean;
  /** The signed time the form was made (services/form-tokens.ts), for the spam score. */
  formToken: string;
  i18n: PageLocale;
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

/** WordPress's reply form: the same fields, the same promises, and it works without JavaScript. */
export function CommentForm(props: CommentFormProps) {
  const { values, errors } = props;
  const { t } = props.i18n;
  const fieldProps = (name: string) => (errors[name] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${name}-error` } : {});
  const errorCount = Object.keys(errors).length;
  return (
    <section id="respond" class="comment-respond" aria-labelledby="reply-title">
      {props.notice ? (
        <p class={`notice notice-${props.notice}`} role="status">
          {t(props.notice === 'held' ? 'commentForm.held' : 'commentForm.published')}
        </p>
      ) : (
        ''
      )}
      <h2 id="reply-title">
        {props.replyTo ? props.i18n.rich('commentForm.replyTo', { name: <bdi>{props.replyTo.authorName}</bdi> }) : t('commentForm.title')}
        {props.replyTo ? (
          <>
            {' '}
            <small>
              <a href={`${props.permalink}#respond`} rel="nofollow">
                {t('commentForm.cancelReply')}
              </a>
            </small>
          </>
        ) : (
          ''
        )}
      </h2>
      {!props.open ? (
        <>
          <p>{t('commentForm.closed')}</p>
          {values.comment ? (
            <p class="field">
              <label for="comment">{t('commentForm.keepText')}</label>
              <textarea id="comment" rows={8} readonly dir="auto">
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
              <p>{errors.form ?? t('commentForm.fieldsNeedAttention', { count: errorCount })}</p>
            </div>
          ) : (
            ''
          )}
          <p class="comment-notes">
            <span id="email-notes">{t('commentForm.emailNotes')}</span> {t('commentForm.requiredNote')}{' '}
            <span class="required" aria-hidden="true">
              *
            </span>
          </p>
          <div class="field field-comment">
            <label for="comment">
              {t('commentForm.comment')}{' '}
              <span class="required" aria-hidden="true">
                *
              </span>
            </label>
            <textarea id="comment" name="comment" rows={8} maxlength={65525} required dir="auto" {...fieldProps('comment')}>
              {values.comment}
            </textarea>
            <FieldError id="comment-error" message={errors.comment} />
          </div>
          <div class="field">
            <label for="author">
              {t('commentForm.name')}{' '}
              <span class="required" aria-hidden="true">
                *
              </span>
            </label>
            <input
              id="author"
              name="author"
              type="text"
              value={values.author}
              maxlength={245}
              autocomplete="name"
              required
              dir="auto"
              {...fieldProps('author')}
            />
            <FieldError id="author-error" message={errors.author} />
          </div>
          <div class="field">
            <label for="email">
              {t('commentForm.email')}{' '}
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
            <label for="url">{t('commentForm.website')}</label>
            <input id="url" name="url" type="url" value={values.url} maxlength={200} autocomplete="url" {...fieldProps('url')} />
            <FieldError id="url-error" message={errors.url} />
          </div>
          <p class="comment-form-cookies-consent">
            <input id="wp-comment-cookies-consent" name="wp-comment-cookies-consent" type="checkbox" value="yes" checked={values.remember} />{' '}
            <label for="wp-comment-cookies-consent">{t('commentForm.remember')}</label>
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
              <label for="subscribe_comments">{t('commentForm.notifyComments')}</label>
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
              <label for="subscribe_posts">{t('commentForm.notifyPosts')}</label>
            </p>
            <p class="comment-notes" id="subscribe-notes">
              {t('commentForm.notifyNote')}
            </p>
          </div>
          <FieldError id="comment_parent-error" message={errors.comment_parent} />
          <input type="hidden" name="comment_parent" value={props.replyTo ? String(props.replyTo.id) : '0'} />
          <input type="hidden" name="form_token" value={props.formToken} />
          {/* A field people never see or reach (off screen, hidden from screen readers, out of the tab order); form-filling bots fill it. */}
          <div class="comment-form-trap" aria-hidden="true">
            <label for="homepage">{t('commentForm.trap')}</label>
            <input id="homepage" name="homepage" type="text" value="" tabindex={-1} autocomplete="off" />
          </div>
          <p class="form-submit">
            <button type="submit">{t('commentForm.submit')}</button>
          </p>
        </form>
      )}
    </section>
  );
}

import { COMMENT_STATUSES, type CommentStatus } from '../../domain/comments.ts';
import type { StoredCommentSummary } from '../../domain/privacy.ts';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';
import { ErrorSummary, Field, type FieldErrors } from './fields.tsx';

export interface PrivacyPageProps extends AdminChrome {
  email: string;
  /** The comments held for that email; null before anyone is looked up. */
  comments: StoredCommentSummary[] | null;
  errors: FieldErrors;
  notice: string | null;
}

/** Find what is held about a commenter by email, export it as JSON, or erase it. */
export function PrivacyPage(props: PrivacyPageProps) {
  const { comments, i18n } = props;
  const { t } = i18n;
  return (
    <AdminLayout {...props} title={t('admin.privacy.title')} section="privacy" notice={props.notice}>
      <p>{t('admin.privacy.intro')}</p>
      <ErrorSummary errors={props.errors} i18n={props.i18n} />
      <form method="get" action="/admin/privacy/" class="admin-form narrow">
        <Field name="email" label={t('admin.privacy.email')} type="email" value={props.email} errors={props.errors} required />
        <p>
          <button type="submit">{t('admin.privacy.lookUp')}</button>
        </p>
      </form>
      {comments === null ? (
        ''
      ) : comments.length === 0 ? (
        <p>{i18n.rich('admin.privacy.none', { email: <bdi>{props.email}</bdi> })}</p>
      ) : (
        <section aria-labelledby="held-heading">
          <h2 id="held-heading">{i18n.rich('admin.privacy.held', { count: comments.length, email: <bdi>{props.email}</bdi> })}</h2>
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.privacy.written')}</th>
                <th scope="col">{t('admin.privacy.on')}</th>
                <th scope="col">{t('admin.privacy.status')}</th>
                <th scope="col">{t('admin.privacy.nameAddress')}</th>
                <th scope="col">{t('admin.privacy.text')}</th>
              </tr>
            </thead>
            <tbody>
              {comments.map((c) => (
                <tr>
                  <td>{i18n.dateTime(c.createdAt)}</td>
                  <td>
                    <bdi>{c.postTitle}</bdi>
                  </td>
                  <td>{COMMENT_STATUSES.includes(c.status as CommentStatus) ? t(`admin.comments.status.${c.status as CommentStatus}`) : c.status}</td>
                  <td>
                    <bdi>{c.authorName}</bdi>
                    {c.authorIp ? ` · ${c.authorIp}` : ''}
                  </td>
                  <td class="moderation-text">{c.body}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <form method="post" action="/admin/privacy/export/" class="inline-form">
            <CsrfField token={props.csrfToken} />
            <input type="hidden" name="email" value={props.email} />
            <button type="submit" class="secondary">
              {t('admin.privacy.download')}
            </button>
          </form>
          <form method="post" action="/admin/privacy/erase/" class="admin-form narrow">
            <CsrfField token={props.csrfToken} />
            <input type="hidden" name="email" value={props.email} />
            <div class="field field-checkbox">
              <input type="checkbox" id="confirm" name="confirm" value="yes" />
              <label for="confirm">{t('admin.privacy.confirm')}</label>
            </div>
            <p>
              <button type="submit">{t('admin.privacy.erase')}</button>
            </p>
          </form>
        </section>
      )}
    </AdminLayout>
  );
}

import type { StoredCommentSummary } from '../../domain/privacy.ts';
import { formatDateTime } from '../format.ts';
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
  const { comments } = props;
  return (
    <AdminLayout {...props} title="Commenters’ data" section="privacy" notice={props.notice}>
      <p>Look up a commenter by the email address they comment with, to send them what the site holds about them or to erase it at their request.</p>
      <ErrorSummary errors={props.errors} />
      <form method="get" action="/admin/privacy/" class="admin-form narrow">
        <Field name="email" label="Email address" type="email" value={props.email} errors={props.errors} required />
        <p>
          <button type="submit">Look up</button>
        </p>
      </form>
      {comments === null ? (
        ''
      ) : comments.length === 0 ? (
        <p>No comments are held for {props.email}.</p>
      ) : (
        <section aria-labelledby="held-heading">
          <h2 id="held-heading">
            {comments.length === 1 ? '1 comment' : `${comments.length} comments`} by {props.email}
          </h2>
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">Written</th>
                <th scope="col">On</th>
                <th scope="col">Status</th>
                <th scope="col">Name, address</th>
                <th scope="col">Text</th>
              </tr>
            </thead>
            <tbody>
              {comments.map((c) => (
                <tr>
                  <td>{formatDateTime(c.createdAt)}</td>
                  <td>{c.postTitle}</td>
                  <td>{c.status}</td>
                  <td>
                    {c.authorName}
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
              Download as JSON
            </button>
          </form>
          <form method="post" action="/admin/privacy/erase/" class="admin-form narrow">
            <CsrfField token={props.csrfToken} />
            <input type="hidden" name="email" value={props.email} />
            <div class="field field-checkbox">
              <input type="checkbox" id="confirm" name="confirm" value="yes" />
              <label for="confirm">
                Erase these comments’ name, email, website, address and text for good; they stay in their threads as “Deleted comment”.
              </label>
            </div>
            <p>
              <button type="submit">Erase</button>
            </p>
          </form>
        </section>
      )}
    </AdminLayout>
  );
}

import type { DiffLine } from '../../content/revision-diff.ts';
import { revisionFields, type FieldChange, type Revision } from '../../domain/revisions.ts';
import { formatDateTime } from '../format.ts';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';

interface PostRef {
  id: number;
  title: string;
}

function savedLine(r: Revision): string {
  return `${formatDateTime(r.createdAt)}${r.savedBy ? ` by ${r.savedBy}` : ''}`;
}

/** A field's name as shown; the featured image's from the message catalogue. */
function fieldLabel(f: { field: string; label: string }, i18n: AdminChrome['i18n']): string {
  return f.field === 'featured_image' ? i18n.t('media.revisionFeaturedImage') : f.label;
}

function RestoreForm(props: { post: PostRef; revision: Revision; csrfToken: string | null; version: Date; label: string }) {
  return (
    <form method="post" action={`/admin/posts/${props.post.id}/revisions/${props.revision.id}/restore/`} class="inline-form">
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="version" value={props.version.toISOString()} />
      <button type="submit">{props.label}</button>
    </form>
  );
}

export interface RevisionsPageProps extends AdminChrome {
  post: PostRef;
  revisions: Revision[];
}

/** A post's saves, newest first, with two picked to compare (the newest two by default). */
export function RevisionsPage(props: RevisionsPageProps) {
  const { post, revisions } = props;
  return (
    <AdminLayout {...props} title={`Revisions of “${post.title}”`} section="posts">
      <p>
        <a href={`/admin/posts/${post.id}/`}>Back to the post</a>
      </p>
      {revisions.length === 0 ? (
        <p>This post has no saved revisions yet: it was written before the editor kept them.</p>
      ) : (
        <form method="get" action={`/admin/posts/${post.id}/revisions/compare/`}>
          <table class="admin-table revisions-table">
            <caption class="visually-hidden">Saved revisions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Saved</th>
                <th scope="col">Title</th>
                <th scope="col">Status</th>
                <th scope="col">Compare from</th>
                <th scope="col">to</th>
              </tr>
            </thead>
            <tbody>
              {revisions.map((r, i) => (
                <tr>
                  <td>
                    <a href={`/admin/posts/${post.id}/revisions/${r.id}/`}>{savedLine(r)}</a>
                  </td>
                  <td>{r.draft.title}</td>
                  <td>{r.status === 'published' ? 'Published' : 'Draft'}</td>
                  <td>
                    <input
                      type="radio"
                      name="from"
                      value={String(r.id)}
                      checked={i === Math.min(1, revisions.length - 1)}
                      aria-label={`Compare from the revision saved ${savedLine(r)}`}
                    />
                  </td>
                  <td>
                    <input type="radio" name="to" value={String(r.id)} checked={i === 0} aria-label={`Compare to the revision saved ${savedLine(r)}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <button type="submit">Compare the two selected</button>
          </p>
        </form>
      )}
    </AdminLayout>
  );
}

export interface RevisionPageProps extends AdminChrome {
  post: PostRef;
  revision: Revision;
  version: Date;
  mayRestore: boolean;
  /** The site's time zone, in which the publication date is shown. */
  timeZone: string;
}

export function RevisionPage(props: RevisionPageProps) {
  const { post, revision } = props;
  return (
    <AdminLayout {...props} title={`Revision saved ${savedLine(revision)}`} section="posts">
      <p>
        <a href={`/admin/posts/${post.id}/revisions/`}>All revisions of “{post.title}”</a>
      </p>
      <dl class="revision-fields">
        {revisionFields(revision, props.timeZone).map((f) => (
          <>
            <dt>{fieldLabel(f, props.i18n)}</dt>
            <dd>{f.text || '—'}</dd>
          </>
        ))}
      </dl>
      <h2>Body</h2>
      <pre class="revision-body">{revision.draft.bodyMarkdown}</pre>
      {props.mayRestore ? (
        <RestoreForm post={post} revision={revision} csrfToken={props.csrfToken} version={props.version} label="Restore this revision" />
      ) : (
        ''
      )}
    </AdminLayout>
  );
}

export interface CompareRevisionsPageProps extends AdminChrome {
  post: PostRef;
  older: Revision;
  newer: Revision;
  fields: FieldChange[];
  body: DiffLine[];
  version: Date;
  mayRestore: boolean;
}

function DiffText({ line }: { line: DiffLine }) {
  if (line.kind === 'added')
    return (
      <ins>
        <span class="visually-hidden">Added: </span>
        {line.text}
      </ins>
    );
  if (line.kind === 'removed')
    return (
      <del>
        <span class="visually-hidden">Removed: </span>
        {line.text}
      </del>
    );
  return <span>{line.text}</span>;
}

export function CompareRevisionsPage(props: CompareRevisionsPageProps) {
  const { post, older, newer } = props;
  const bodyChanged = props.body.some((l) => l.kind !== 'same');
  return (
    <AdminLayout {...props} title={`Changes to “${post.title}”`} section="posts">
      <p>
        From the revision saved {savedLine(older)} to the one saved {savedLine(newer)}. <a href={`/admin/posts/${post.id}/revisions/`}>All revisions</a>
      </p>
      <h2>Fields</h2>
      {props.fields.length === 0 ? (
        <p>No field other than the body changed.</p>
      ) : (
        <table class="admin-table revision-changes">
          <caption class="visually-hidden">Fields that changed</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {props.fields.map((f) => (
              <tr>
                <th scope="row">{fieldLabel(f, props.i18n)}</th>
                <td>
                  <del>
                    <span class="visually-hidden">Removed: </span>
                    {f.before || '—'}
                  </del>
                </td>
                <td>
                  <ins>
                    <span class="visually-hidden">Added: </span>
                    {f.after || '—'}
                  </ins>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Body</h2>
      {bodyChanged ? (
        <section class="revision-diff" aria-label="Line by line changes to the body" tabindex={0}>
          {props.body.map((line) => (
            <div class={`diff-line diff-${line.kind}`}>
              <DiffText line={line} />
            </div>
          ))}
        </section>
      ) : (
        <p>The body did not change.</p>
      )}
      {props.mayRestore ? (
        <div class="revision-restore">
          <RestoreForm post={post} revision={older} csrfToken={props.csrfToken} version={props.version} label="Restore the older revision" />
          <RestoreForm post={post} revision={newer} csrfToken={props.csrfToken} version={props.version} label="Restore the newer revision" />
        </div>
      ) : (
        ''
      )}
    </AdminLayout>
  );
}

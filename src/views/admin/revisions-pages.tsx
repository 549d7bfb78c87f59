import type { DiffLine } from '../../content/revision-diff.ts';
import { revisionFields, type FieldChange, type Revision, type RevisionWords } from '../../domain/revisions.ts';
import type { PageLocale } from '../format.ts';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';

interface PostRef {
  id: number;
  title: string;
}

/** A revision's field values in the admin's language, its dates in the site's time zone. */
export function revisionWords(i18n: PageLocale): RevisionWords {
  const { t } = i18n;
  return {
    none: t('admin.revisions.none'),
    open: t('admin.revisions.open'),
    closed: t('admin.revisions.closed'),
    published: t('admin.posts.state.published'),
    draft: t('admin.posts.state.draft'),
    label: (label) => t(`post.label.${label}`),
    role: (role) => t(`admin.editor.role.${role}`),
    dateTime: (date) => i18n.dateTime(date),
  };
}

/** "15 February 2022, 09:30 MSK by Anna": when a revision was saved, and by whom. */
function savedLine(i18n: PageLocale, r: Revision): string {
  const date = i18n.dateTime(r.createdAt);
  return r.savedBy ? i18n.t('admin.revisions.savedBy', { date, name: r.savedBy }) : date;
}

function fieldLabel(i18n: PageLocale, field: string): string {
  switch (field) {
    case 'title':
    case 'slug':
    case 'excerpt':
    case 'label':
    case 'categories':
    case 'tags':
    case 'sources':
    case 'comments':
    case 'status':
    case 'published_at':
      return i18n.t(`admin.revisions.field.${field}`);
    default:
      return field;
  }
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
  /** Why a restore just asked for was refused. */
  problem?: string | null;
}

/** A post's saves, newest first, with two picked to compare (the newest two by default). */
export function RevisionsPage(props: RevisionsPageProps) {
  const { post, revisions, i18n } = props;
  const { t } = i18n;
  return (
    <AdminLayout {...props} title={t('admin.revisions.title', { title: post.title })} section="posts">
      {props.problem ? (
        <div class="admin-warning" role="alert">
          <p>{props.problem}</p>
        </div>
      ) : (
        ''
      )}
      <p>
        <a href={`/admin/posts/${post.id}/`}>{t('admin.revisions.backToPost')}</a>
      </p>
      {revisions.length === 0 ? (
        <p>{t('admin.revisions.empty')}</p>
      ) : (
        <form method="get" action={`/admin/posts/${post.id}/revisions/compare/`}>
          <table class="admin-table revisions-table">
            <caption class="visually-hidden">{t('admin.revisions.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.revisions.column.saved')}</th>
                <th scope="col">{t('admin.revisions.column.title')}</th>
                <th scope="col">{t('admin.revisions.column.status')}</th>
                <th scope="col">{t('admin.revisions.column.from')}</th>
                <th scope="col">{t('admin.revisions.column.to')}</th>
              </tr>
            </thead>
            <tbody>
              {revisions.map((r, i) => (
                <tr>
                  <td>
                    <a href={`/admin/posts/${post.id}/revisions/${r.id}/`}>{savedLine(i18n, r)}</a>
                  </td>
                  <td dir="auto">{r.draft.title}</td>
                  <td>{r.status === 'published' ? t('admin.posts.state.published') : t('admin.posts.state.draft')}</td>
                  <td>
                    <input
                      type="radio"
                      name="from"
                      value={String(r.id)}
                      checked={i === Math.min(1, revisions.length - 1)}
                      aria-label={t('admin.revisions.compareFrom', { saved: savedLine(i18n, r) })}
                    />
                  </td>
                  <td>
                    <input
                      type="radio"
                      name="to"
                      value={String(r.id)}
                      checked={i === 0}
                      aria-label={t('admin.revisions.compareTo', { saved: savedLine(i18n, r) })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <button type="submit">{t('admin.revisions.compare')}</button>
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
  const { post, revision, i18n } = props;
  const { t } = i18n;
  return (
    <AdminLayout {...props} title={t('admin.revisions.savedTitle', { saved: savedLine(i18n, revision) })} section="posts">
      <p>
        <a href={`/admin/posts/${post.id}/revisions/`}>{t('admin.revisions.all', { title: post.title })}</a>
      </p>
      <dl class="revision-fields">
        {revisionFields(revision, props.timeZone, revisionWords(i18n)).map((f) => (
          <>
            <dt>{fieldLabel(i18n, f.field)}</dt>
            <dd dir="auto">{f.text || '—'}</dd>
          </>
        ))}
      </dl>
      <h2>{t('admin.revisions.body')}</h2>
      <pre class="revision-body" dir="auto">
        {revision.draft.bodyMarkdown}
      </pre>
      {props.mayRestore ? (
        <RestoreForm post={post} revision={revision} csrfToken={props.csrfToken} version={props.version} label={t('admin.revisions.restore')} />
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

function DiffText({ line, i18n }: { line: DiffLine; i18n: PageLocale }) {
  if (line.kind === 'added')
    return (
      <ins>
        <span class="visually-hidden">{i18n.t('admin.revisions.added')} </span>
        {line.text}
      </ins>
    );
  if (line.kind === 'removed')
    return (
      <del>
        <span class="visually-hidden">{i18n.t('admin.revisions.removed')} </span>
        {line.text}
      </del>
    );
  return <span>{line.text}</span>;
}

export function CompareRevisionsPage(props: CompareRevisionsPageProps) {
  const { post, older, newer, i18n } = props;
  const { t } = i18n;
  const bodyChanged = props.body.some((l) => l.kind !== 'same');
  return (
    <AdminLayout {...props} title={t('admin.revisions.changesTitle', { title: post.title })} section="posts">
      <p>
        {t('admin.revisions.fromTo', { older: savedLine(i18n, older), newer: savedLine(i18n, newer) })}{' '}
        <a href={`/admin/posts/${post.id}/revisions/`}>{t('admin.revisions.allShort')}</a>
      </p>
      <h2>{t('admin.revisions.fields')}</h2>
      {props.fields.length === 0 ? (
        <p>{t('admin.revisions.noFieldChanged')}</p>
      ) : (
        <table class="admin-table revision-changes">
          <caption class="visually-hidden">{t('admin.revisions.fieldsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.revisions.column.field')}</th>
              <th scope="col">{t('admin.revisions.column.before')}</th>
              <th scope="col">{t('admin.revisions.column.after')}</th>
            </tr>
          </thead>
          <tbody>
            {props.fields.map((f) => (
              <tr>
                <th scope="row">{fieldLabel(i18n, f.field)}</th>
                <td dir="auto">
                  <del>
                    <span class="visually-hidden">{t('admin.revisions.removed')} </span>
                    {f.before || '—'}
                  </del>
                </td>
                <td dir="auto">
                  <ins>
                    <span class="visually-hidden">{t('admin.revisions.added')} </span>
                    {f.after || '—'}
                  </ins>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('admin.revisions.body')}</h2>
      {bodyChanged ? (
        <section class="revision-diff" aria-label={t('admin.revisions.diffLabel')} tabindex={0}>
          {props.body.map((line) => (
            <div class={`diff-line diff-${line.kind}`} dir="auto">
              <DiffText line={line} i18n={i18n} />
            </div>
          ))}
        </section>
      ) : (
        <p>{t('admin.revisions.bodySame')}</p>
      )}
      {props.mayRestore ? (
        <div class="revision-restore">
          <RestoreForm post={post} revision={older} csrfToken={props.csrfToken} version={props.version} label={t('admin.revisions.restoreOlder')} />
          <RestoreForm post={post} revision={newer} csrfToken={props.csrfToken} version={props.version} label={t('admin.revisions.restoreNewer')} />
        </div>
      ) : (
        ''
      )}
    </AdminLayout>
  );
}

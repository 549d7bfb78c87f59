import { pageHref } from '../../domain/pages.ts';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';
import { ErrorSummary } from './fields.tsx';
import { SelectField, TextAreaField, TextField } from './post-fields.tsx';

/** What the page editor shows in its fields, as typed. */
export interface PageEditorValues {
  title: string;
  slug: string;
  body: string;
  parent: string;
  menuOrder: string;
  status: string;
  /** The page's version the form was loaded from ('' for a new page). */
  version: string;
}

/** What another editor saved while this one had the page open. */
export interface PageConflict {
  title: string;
  body: string;
  savedAt: Date;
}

export interface PageEditorPageProps extends AdminChrome {
  /** The page being edited; null for a new one. */
  page: { id: number; path: string; status: 'draft' | 'published' } | null;
  values: PageEditorValues;
  errors: Record<string, string>;
  /** Pages it may be put under: every page but itself and those below it. */
  parents: ReadonlyArray<{ id: number; title: string; path: string }>;
  notice?: string | null;
  /** Someone saved the page after this form was loaded: their text, shown beside this editor's. */
  conflict?: PageConflict | null;
}

function ConflictNotice({ conflict, i18n }: { conflict: PageConflict; i18n: AdminChrome['i18n'] }) {
  const { t } = i18n;
  return (
    <section class="admin-warning page-conflict" role="alert" aria-labelledby="conflict-heading">
      <h2 id="conflict-heading">{t('admin.pages.conflictHeading')}</h2>
      <p>{t('admin.pages.conflictText', { date: i18n.dateTime(conflict.savedAt) })}</p>
      <div class="field">
        <label for="their-title">{t('admin.pages.theirTitle')}</label>
        <input id="their-title" type="text" value={conflict.title} readonly dir="auto" />
      </div>
      <div class="field field-body">
        <label for="their-body">{t('admin.pages.theirBody')}</label>
        <textarea id="their-body" rows={10} readonly dir="auto">
          {conflict.body}
        </textarea>
      </div>
    </section>
  );
}

export function PageEditorPage(props: PageEditorPageProps) {
  const { page, values, errors } = props;
  const { t } = props.i18n;
  const action = page ? `/admin/pages/${page.id}/` : '/admin/pages/new/';
  const formErrors = Object.fromEntries(Object.entries(errors).filter(([k]) => k !== 'form'));
  return (
    <AdminLayout {...props} title={page ? t('admin.pages.editTitle') : t('admin.pages.newTitle')} section="pages" notice={props.notice}>
      <p>
        <a href="/admin/pages/">{t('admin.pages.all')}</a>
      </p>
      {props.conflict ? <ConflictNotice conflict={props.conflict} i18n={props.i18n} /> : ''}
      <ErrorSummary errors={formErrors} message={errors.form ?? null} i18n={props.i18n} />
      {page ? (
        <p class="post-state">
          {page.status === 'published' ? (
            <>
              {t('admin.pages.publishedAt')} <a href={pageHref(page.path)}>{`/${page.path}/`}</a>
            </>
          ) : (
            t('admin.pages.draftState')
          )}
        </p>
      ) : (
        ''
      )}
      <form method="post" action={action} class="post-editor" novalidate>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="version" value={values.version} />
        <TextField name="title" label={t('admin.pages.titleLabel')} value={values.title} errors={errors} />
        <TextField name="slug" label={t('admin.pages.slug')} value={values.slug} errors={errors} hint={t('admin.pages.slugHint')} />
        <TextAreaField
          name="body"
          label={t('admin.pages.body')}
          value={values.body}
          errors={errors}
          rows={18}
          class="field-body"
          hint={t('admin.pages.bodyHint')}
        />
        <div class="editor-columns">
          <SelectField
            name="parent"
            label={t('admin.pages.parent')}
            value={values.parent}
            options={[['', t('admin.pages.noParent')], ...props.parents.map((p) => [String(p.id), `${p.title} (/${p.path}/)`] as const)]}
            errors={errors}
            hint={t('admin.pages.parentHint')}
          />
          <TextField name="menu_order" label={t('admin.pages.menuOrder')} value={values.menuOrder} errors={errors} hint={t('admin.pages.menuOrderHint')} />
          <SelectField
            name="status"
            label={t('admin.pages.statusLabel')}
            value={values.status}
            options={[
              ['draft', t('admin.pages.draft')],
              ['published', t('admin.pages.published')],
            ]}
            errors={errors}
          />
        </div>
        <div class="editor-buttons">
          <button type="submit">{t('admin.pages.save')}</button>
          {page ? (
            <a href={`/admin/pages/${page.id}/delete/`} class="danger-link">
              {t('admin.pages.delete')}
            </a>
          ) : (
            ''
          )}
        </div>
      </form>
    </AdminLayout>
  );
}

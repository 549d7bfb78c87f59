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
}

export interface PageEditorPageProps extends AdminChrome {
  /** The page being edited; null for a new one. */
  page: { id: number; path: string; status: 'draft' | 'published' } | null;
  values: PageEditorValues;
  errors: Record<string, string>;
  /** Pages it may be put under: every page but itself and those below it. */
  parents: ReadonlyArray<{ id: number; title: string; path: string }>;
  notice?: string | null;
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
        </div>
      </form>
    </AdminLayout>
  );
}
